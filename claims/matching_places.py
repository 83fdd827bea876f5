"""Places named in a claim, as country concepts: «أنقرة», «تركيا» and «التركية» all name TR.

Built from the reference gazetteer (countries, their capitals and places with a country), not
written out: a country's Arabic and English names and aliases, its nisba adjective in both
genders and plurals (تركيا → تركي, تركيه, تركيين), its English demonym, a people's broken
plural (أتراك), and the places the entity registry ties to it. A word is looked up without its
proclitics (و ف ب ل ك, and لل, which is ل + ال) and its article.
"""

from __future__ import annotations

from functools import cache

from claims.analysis.normalize import fold
from claims.analysis.refs import References, seed_references

_PROCLITICS = ("و", "ف", "ب", "ل", "ك", "وب", "ول", "فب", "فل", "وك")
_MAX_WORDS = 4


def _nisbas(name: str) -> list[str]:
    """Masculine nisba candidates of a folded Arabic country name (no article)."""
    if name.endswith(("يا", "يه")):  # تركيا → تركي, السعودية → سعودي
        return [name[:-1]]
    if name.endswith("ا") and len(name) > 3:
        return [name[:-1] + "ي"]
    if name.endswith("ستان"):
        return [name + "ي", name[:-4] + "ي"]
    if name.endswith("ه"):
        return [name[:-1] + "ي"]
    return [name + "ي"]


def _bare(word: str) -> str:
    return word[2:] if word.startswith("ال") and len(word) > 4 else word


class PlaceGazetteer:
    """Folded word sequences → ISO alpha-2 country code."""

    def __init__(self, refs: References) -> None:
        self.forms: dict[tuple[str, ...], str] = {}
        for c in refs.countries:
            code = c.iso2
            for name in (c.name_en, *c.aliases_en, c.demonym_en, *c.capitals_en):
                self._add(name, code)
            for name in (c.name_ar, *c.aliases_ar):
                self._add_country_ar(name, code)
        for p in refs.places:
            if p.kind in ("capital", "people"):
                self._add(p.name_ar, p.iso2)
            else:
                self._add_country_ar(p.name_ar, p.iso2)
        for e in refs.entities:
            if e.kind == "place" and e.country:
                for name in (e.name_en, *e.aliases_en, e.name_ar, *e.aliases_ar):
                    self._add(name, e.country)

    def _add_country_ar(self, name: str, code: str) -> None:
        self._add(name, code)
        words = fold(name).split()
        if len(words) == 1 and len(words[0]) >= 3:
            for nisba in _nisbas(_bare(words[0])):
                for form in (nisba, nisba + "ه", nisba + "ين", nisba + "ون"):
                    self._add(form, code)

    def _add(self, name: str, code: str) -> None:
        words = tuple(_bare(w) for w in fold(name).split())
        if not words or len(words) > _MAX_WORDS or len("".join(words)) < 3:
            return
        self.forms.setdefault(words, code)

    def _candidates(self, word: str) -> list[str]:
        raw = [word]
        for p in _PROCLITICS:
            if word.startswith(p) and len(word) - len(p) >= 3:
                raw.append(word[len(p) :])
        # ل before the article drops its alef: للسعودية is ل + السعودية.
        for p in ("لل", "ولل", "فلل"):
            if word.startswith(p) and len(word) - len(p) >= 3:
                raw.append("ال" + word[len(p) :])
        # A name that itself starts like the article (ألمانيا, folded المانيا) is stored
        # bare of it, so its form with the article loses both: الألمانية → مانيه.
        out = []
        for w in raw:
            once = _bare(w)
            out.append(once)
            if once != w:
                out.append(_bare(once))
        return out

    def codes(self, words: list[str]) -> list[str]:
        """Country codes named in ``words`` (folded, in order), one per mention."""
        found: list[str] = []
        i, n = 0, len(words)
        forms = self.forms
        while i < n:
            hit = 0
            for size in range(min(_MAX_WORDS, n - i), 0, -1):
                tail = tuple(_bare(w) for w in words[i + 1 : i + size])
                for head in self._candidates(words[i]):
                    code = forms.get((head, *tail))
                    if code:
                        found.append(code)
                        hit = size
                        break
                if hit:
                    break
            i += hit or 1
        return found


@cache
def seed_gazetteer() -> PlaceGazetteer:
    return PlaceGazetteer(seed_references())
