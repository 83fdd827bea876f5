"""Named entities from the gazetteer (entities and countries, both languages).

One Aho-Corasick automaton per References object over folded names; matches are checked
for word boundaries, with Arabic proclitics (و ف ب ل ك, and ال before nisba adjectives)
allowed in front. Folding already equates hamza, ya and ta-marbuta variants; a skeleton
lookup catches other one-letter spelling variants (exact=False).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import ahocorasick
from rapidfuzz.distance import Levenshtein

from claims.analysis.normalize import fold
from claims.analysis.refs import References
from claims.analysis.text import MatchText
from claims.analysis.types import EntityMention

_AR_LETTER = re.compile(r"[\u0621-\u064a]")
# Proclitics that may sit in front of a name inside the same written word.
_PREFIXES = frozenset({"", "و", "ف", "ب", "ل", "ك", "وب", "ول", "وك", "فب", "فل", "فك"})
_ARTICLE_PREFIXES = frozenset({"ال", "وال", "فال", "بال", "كال", "لل", "ولل", "فلل", "وبال"})
# Country names that are also everyday words; found only where a check asks for them.
AMBIGUOUS = frozenset(
    fold(w)
    for w in (
        "مالي",
        "عمان",
        "الجزائر",
        "تشاد",
        "النيجر",
        "جامايكا",
        "chad",
        "jordan",
        "georgia",
        "turkey",
        "guinea",
        "china",
        "niger",
        "mali",
        "oman",
        "peru",
        "mann",
        "viti",
        "بنين",
    )
)
AMBIGUOUS = AMBIGUOUS - {fold("الجزائر"), "jordan", "georgia", "turkey", "china"}
# Nisba adjectives the rule below cannot derive from the country's name.
_EXTRA_NISBA = {
    "US": ("أمريكي", "أميركي"),
    "GB": ("بريطاني",),
    "AE": ("إماراتي",),
    "SA": ("سعودي",),
    "KP": ("كوري شمالي",),
    "KR": ("كوري جنوبي",),
}
_NISBA_SUFFIXES = ("", "ة", "ون", "ين", "تان", "تين", "ان")


@dataclass(slots=True)
class Entry:
    slug: str
    kind: str
    key: str  # folded
    arabic: bool
    nisba: bool = False
    country: str = ""  # iso3 for countries and nationalities


@dataclass(slots=True)
class GazetteerIndex:
    automaton: ahocorasick.Automaton | None
    raw_names: set[str] = field(default_factory=set)
    # word of a two-word name -> (that word, the other word, entry, whether it comes first)
    pairs: dict[str, tuple] = field(default_factory=dict)
    by_slug: dict[str, Entry] = field(default_factory=dict)
    country_iso3: dict[str, str] = field(default_factory=dict)  # slug -> iso3


def match_key(name: str) -> str:
    """A name folded exactly as the text it is looked for in (``MatchText.s``)."""
    return " ".join(MatchText(name).s.split())


def nisba_forms(name_ar: str) -> list[str]:
    """Arabic adjectives of nationality: ليبيا → ليبي, اليمن → يمني, السعودية → سعودي."""
    if " " in name_ar:
        return []
    stem = name_ar.removeprefix("ال")
    if stem.endswith("ية"):
        base = stem[:-1]
    elif stem.endswith("يا"):
        base = stem[:-2] + "ي"
    elif stem.endswith("ا"):
        base = stem[:-1] + "ي"
    else:
        base = stem + "ي"
    return [base + s for s in _NISBA_SUFFIXES] if len(base) >= 3 else []


def build_index(refs: References) -> GazetteerIndex:
    auto = ahocorasick.Automaton()
    index = GazetteerIndex(automaton=None)
    entries: dict[str, list[Entry]] = {}

    def add(name: str, entry_kw: dict) -> None:
        name = (name or "").strip()
        if len(name) < 2:
            return
        key = match_key(name)
        if len(key) < 3 or key.isdigit():
            return
        e = Entry(key=key, arabic=bool(_AR_LETTER.search(key)), **entry_kw)
        entries.setdefault(key, []).append(e)
        index.raw_names.add(name)
        index.by_slug.setdefault(e.slug, e)
        words = key.split()
        if len(words) == 2 and e.kind == "person":
            w1, w2 = words
            index.pairs[w1] = index.pairs.get(w1, ()) + ((w1, w2, e, True),)
            index.pairs[w2] = index.pairs.get(w2, ()) + ((w2, w1, e, False),)

    for c in refs.countries:
        slug = "country-" + c.iso2.lower()
        index.country_iso3[slug] = c.iso3
        kw = {"slug": slug, "kind": "country", "country": c.iso3}
        for n in (c.name_ar, *c.aliases_ar, c.name_en, *c.aliases_en):
            add(n, kw)
        nkw = {"slug": slug, "kind": "nationality", "country": c.iso3, "nisba": True}
        if fold(c.name_ar) not in AMBIGUOUS:
            for form in nisba_forms(c.name_ar):
                add(form, nkw)
        for extra in _EXTRA_NISBA.get(c.iso2, ()):
            for s in _NISBA_SUFFIXES:
                add(extra + s, nkw)
        if c.demonym_en:
            for dem in (c.demonym_en, c.demonym_en + "s"):
                add(dem, nkw)
    for ent in refs.entities:
        kw = {"slug": ent.slug, "kind": ent.kind, "country": ""}
        for n in (ent.name_ar, *ent.aliases_ar, ent.name_en, *ent.aliases_en):
            add(n, kw)
    for key, es in entries.items():
        # Gazetteer entities win over countries of the same spelling (they are more specific).
        es.sort(key=lambda e: e.kind in ("country", "nationality"))
        auto.add_word(key, (key, es, False))
        if key.startswith("ال") and len(key) > 4:
            lil = "لل" + key[2:]
            if lil not in entries:
                auto.add_word(lil, (lil, es, True))
    if entries:
        auto.make_automaton()
        index.automaton = auto
    return index


_CACHE: dict[int, tuple[References, GazetteerIndex]] = {}


def gazetteer_index(refs: References) -> GazetteerIndex:
    """Built once per References object (the key is its id, kept alive by the cache)."""
    hit = _CACHE.get(id(refs))
    if hit is not None and hit[0] is refs:
        return hit[1]
    if len(_CACHE) > 16:
        _CACHE.clear()
    index = build_index(refs)
    _CACHE[id(refs)] = (refs, index)
    return index


def _is_word_char(c: str) -> bool:
    return c.isalnum() or c == "_"


def find_entities(
    mt: MatchText, refs: References, *, include_ambiguous: bool = False
) -> list[EntityMention]:
    index = gazetteer_index(refs)
    if index.automaton is None:
        return []
    s = mt.s
    n = len(s)
    found: list[tuple[int, int, Entry]] = []
    for end_incl, (key, es, lil) in index.automaton.iter(s):
        end = end_incl + 1
        if end < n and _is_word_char(s[end]):
            continue
        start = end - len(key)
        e = es[0]
        if e.key in AMBIGUOUS and not include_ambiguous:
            continue
        ws = start
        while ws > 0 and _is_word_char(s[ws - 1]):
            ws -= 1
        prefix = s[ws:start]
        if lil:  # "للأمم": the article's alef drops after the preposition ل
            if prefix not in ("", "و", "ف"):
                continue
        elif e.arabic:
            if prefix not in _PREFIXES and not (e.nisba and prefix in _ARTICLE_PREFIXES):
                continue
        elif prefix:
            continue
        found.append((start, end, e))
    covered = bytearray(n + 1)
    for a, b, _ in found:
        covered[a:b] = b"\x01" * (b - a)
    found.extend(_fuzzy_matches(s, index, covered))
    # Longest first, then leftmost; no overlaps.
    found.sort(key=lambda t: (-(t[1] - t[0]), t[0]))
    taken = bytearray(n + 1)
    out: list[EntityMention] = []
    for start, end, e in found:
        if any(taken[start:end]):
            continue
        taken[start:end] = b"\x01" * (end - start)
        a, b = mt.span(start, end)
        text = mt.original[a:b]
        plain = " ".join(text.split())
        exact = e.nisba or plain in index.raw_names or plain.lstrip("وفبلك") in index.raw_names
        if not exact and plain.startswith(("وال", "بال", "فال", "لل")):
            exact = ("ال" + plain[3 if not plain.startswith("لل") else 2 :]) in index.raw_names
        out.append(EntityMention(a, b, text, e.slug, e.kind, exact))
    out.sort(key=lambda m: m.start)
    return out


_NEIGHBOUR_AFTER = re.compile(r"\s+(\w+)")
_NEIGHBOUR_BEFORE = re.compile(r"(\w+)\s+$")


def _fuzzy_matches(s: str, index: GazetteerIndex, covered: bytearray) -> list:
    """Two-word names with one word misspelt by a letter: "خليفة حفطر", "فايذ السراج"."""
    out = []
    n = len(s)
    for word, entries in index.pairs.items():
        i = s.find(word)
        while i >= 0:
            end = i + len(word)
            if (i == 0 or not s[i - 1].isalnum()) and (end == n or not s[end].isalnum()):
                for _known, other, entry, known_first in entries:
                    if known_first:
                        m = _NEIGHBOUR_AFTER.match(s, end)
                        span = (i, m.end(1)) if m else None
                    else:
                        m = _NEIGHBOUR_BEFORE.search(s, max(0, i - 30), i)
                        span = (m.start(1), end) if m else None
                    if span is None or (covered[span[0]] and covered[span[1] - 1]):
                        continue
                    probe = m.group(1)
                    if len(other) >= 4 and Levenshtein.distance(probe, other) == 1:
                        out.append((span[0], span[1], entry))
                        break
            i = s.find(word, end)
    return out
