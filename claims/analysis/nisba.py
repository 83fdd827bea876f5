"""Country names and their nisba adjectives (تركيا → تركي), derived from the references.

«التدخل التركيا» puts the article on a country name that takes none; the writer meant
the adjective «التركي». The mapping is built from the country list, not written out.
"""

from __future__ import annotations

import threading

from claims.analysis import dictionary as lexicon
from claims.analysis.normalize import fold
from claims.analysis.refs import References

_LOCK = threading.Lock()
_CACHE: dict[int, tuple[References, dict[str, str]]] = {}
_FORMS: dict[int, tuple[References, dict[str, tuple[str, str, str]]]] = {}
PROCLITICS = ("و", "ف", "ب", "ك", "")


def _nisba_forms(name: str) -> list[str]:
    """Candidate masculine nisbas of a country name, likeliest first."""
    if name.endswith("يا") or (name.endswith("ا") and len(name) > 3):
        return [name[:-1] + ("" if name.endswith("يا") else "ي")]
    if name.endswith("ستان"):
        return [name + "ي", name[:-4] + "ي"]
    return [name + "ي"]


def _known_adjective(word: str) -> bool:
    return lexicon.hunspell_ok(word, "ar") or lexicon.zipf(word, "ar") >= 3.0


def country_nisbas(refs: References) -> dict[str, str]:
    """Country names that take no article → their nisba (تركيا → تركي, مصر → مصري)."""
    hit = _CACHE.get(id(refs))
    if hit is not None and hit[0] is refs:
        return hit[1]
    out: dict[str, str] = {}
    for country in refs.countries:
        for name in (country.name_ar, *country.aliases_ar):
            name = lexicon.strip_diacritics(name or "").strip()
            if " " in name or len(name) < 3 or name.startswith("ال"):
                continue
            for nisba in _nisba_forms(name):
                if _known_adjective("ال" + nisba):
                    out[name] = nisba
                    break
    with _LOCK:
        if len(_CACHE) > 8:
            _CACHE.clear()
        _CACHE[id(refs)] = (refs, out)  # holding refs keeps its id from being reused
    return out


def definite_forms(refs: References) -> dict[str, tuple[str, str, str]]:
    """Folded «والتركيا» → ("و", "تركيا", "تركي"); folding also catches hamza variants."""
    hit = _FORMS.get(id(refs))
    if hit is not None and hit[0] is refs:
        return hit[1]
    forms = {}
    for name, nisba in country_nisbas(refs).items():
        for p in PROCLITICS:
            forms.setdefault(fold(p + "ال" + name), (p, name, nisba))
    with _LOCK:
        if len(_FORMS) > 8:
            _FORMS.clear()
        _FORMS[id(refs)] = (refs, forms)
    return forms


def definite_country(
    word: str, refs: References, *, folded: bool = False
) -> tuple[str, str, str] | None:
    """For «والتركيا»: (proclitic, country name, nisba) = ("و", "تركيا", "تركي"); else None.

    ``folded`` says the word is already ``fold``ed (a token's ``norm``), which is cheaper.
    """
    return definite_forms(refs).get(word if folded else fold(word))
