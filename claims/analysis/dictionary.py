"""Word knowledge for the spelling checks: hunspell, light Arabic morphology, word frequency.

Debian's Arabic hunspell dictionary misses many valid inflected and cliticised forms, and
the English one misses British spellings, so a word counts as known when hunspell accepts
it, or it without a one-letter proclitic, or it is frequent in wordfreq's lists (which
ship inside the package). Dictionaries load lazily, once per process; every per-word
answer is cached. ``HUNSPELL_DIR`` in the environment points at other dictionaries.
"""

from __future__ import annotations

import math
import os
import re
import threading
from dataclasses import dataclass
from functools import lru_cache

HUNSPELL_DIR = os.environ.get("HUNSPELL_DIR", "/usr/share/hunspell")
DICTIONARIES = {"ar": "ar", "en": "en_US"}

# A form this frequent (Zipf scale) is a word of the language even when hunspell disagrees:
# typos are almost always absent from wordfreq's lists, while dialect, names, inflections
# hunspell-ar lacks and British spellings are in them. Frequent misspellings ("goverment")
# are caught by ``common_misspelling``, so the bar can stay low; recall on the dev sets
# does not move between 1.0 and 2.5, and noise falls as it drops.
KNOWN_ZIPF = {"ar": 1.5, "en": 2.0}

_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
ARABIC_LETTERS = "ءآأؤإئابةتثجحخدذرزسشصضطظعغفقكلمنهوىي"
LATIN_LETTERS = "abcdefghijklmnopqrstuvwxyz"

# Proclitic chains, longest first.
# fmt: off
AR_PREFIXES = (
    "وبال", "وكال", "فبال", "ولل", "فلل", "وال", "فال", "بال", "كال", "لل", "ال",
    "وب", "ول", "وك", "وس", "فب", "فل", "فس", "و", "ف", "ب", "ل", "ك", "س",
)
# fmt: on


def strip_diacritics(word: str) -> str:
    return _DIACRITICS.sub("", word)


class DictionaryMissing(RuntimeError):
    """The hunspell dictionary files are not installed (Debian: hunspell-ar, hunspell-en-us)."""


class _Hunspell:
    """One hunspell handle per language, opened on first use; calls are serialised."""

    def __init__(self, language: str) -> None:
        self.language = language
        self._lock = threading.Lock()
        self._handle = None

    def _open(self):
        if self._handle is None:
            import hunspell

            name = DICTIONARIES[self.language]
            dic, aff = f"{HUNSPELL_DIR}/{name}.dic", f"{HUNSPELL_DIR}/{name}.aff"
            if not (os.path.exists(dic) and os.path.exists(aff)):
                raise DictionaryMissing(f"hunspell dictionary {dic} not found")
            self._handle = hunspell.HunSpell(dic, aff)
        return self._handle

    def spell(self, word: str) -> bool:
        with self._lock:
            try:
                return bool(self._open().spell(word))
            except UnicodeError:
                return False

    def suggest(self, word: str) -> list[str]:
        with self._lock:
            try:
                return list(self._open().suggest(word))
            except UnicodeError:
                return []


_HUNSPELL = {lang: _Hunspell(lang) for lang in DICTIONARIES}
_FREQ_LOCK = threading.Lock()
_FREQ: dict[str, dict[str, float]] = {}


def _freq_dict(language: str) -> dict[str, float]:
    table = _FREQ.get(language)
    if table is None:
        with _FREQ_LOCK:
            table = _FREQ.get(language)
            if table is None:
                import wordfreq

                table = _FREQ[language] = wordfreq.get_frequency_dict(language)
    return table


def zipf(word: str, language: str) -> float:
    """wordfreq's Zipf frequency of the word as written (diacritics dropped), 0 if unseen."""
    key = strip_diacritics(word)
    if language == "en":
        key = key.lower().replace("’", "'")
    f = _freq_dict(language).get(key, 0.0)
    return round(math.log10(f * 1e9), 2) if f > 0 else 0.0


@lru_cache(maxsize=200_000)
def hunspell_ok(word: str, language: str) -> bool:
    return _HUNSPELL[language].spell(word)


@lru_cache(maxsize=4096)
def hunspell_suggest(word: str, language: str) -> tuple[str, ...]:
    return tuple(_HUNSPELL[language].suggest(word))


@lru_cache(maxsize=200_000)
def is_known(word: str, language: str) -> bool:
    """A valid word form: hunspell accepts it, or it with one proclitic less, or it is frequent.

    An Arabic word with a dictionary spelling one hamza/ta-marbuta/ya away is not known:
    it is an orthographic slip however frequent the slip is on the web.
    """
    word = strip_diacritics(word)
    if not word:
        return True
    if hunspell_ok(word, language):
        return not (language == "ar" and ha_for_ta_marbuta(word))
    if language == "ar":
        if orthographic_slip(word):
            return False
        if zipf(word, "ar") >= KNOWN_ZIPF["ar"]:
            return not common_misspelling(word, "ar")
        # Adverbial accusatives of nisba adjectives (غرائزيًا) are regular and open-ended.
        if word.endswith("يا") and len(word) >= 5 and hunspell_ok(word[:-1], "ar"):
            return True
        # hunspell-ar misses some proclitic + inflected-form combinations; stripping
        # suffixes as well accepts too many typos (they contain a real stem by chance).
        return any(
            word.startswith(p) and len(word) > 3 and hunspell_ok(word[1:], "ar") for p in "وفبلك"
        )
    if zipf(word, "en") >= KNOWN_ZIPF["en"]:
        return not common_misspelling(word, "en")
    lower = word.lower()
    if lower != word and hunspell_ok(lower, "en"):
        return True
    # Plurals the dictionary lacks (fiascos beside fiascoes).
    return (
        lower.endswith("s")
        and not lower.endswith("ss")
        and len(lower) > 4
        and hunspell_ok(lower[:-1], "en")
    )


# A frequent form is still a typo when one slip away sits a word this much more frequent
# (100×): the web is full of "goverment" and "teh".
MISSPELLING_MARGIN = 2.0


@lru_cache(maxsize=50_000)
def common_misspelling(word: str, language: str) -> bool:
    # Frequency alone decides here (no hunspell calls): only very frequent words matter.
    # Arabic two- and three-letter forms are too dense (مي، ام are names and slips, not
    # typos of من، ما); English ones are not (teh).
    if language == "ar" and len(word) < 4:
        return False
    floor = zipf(word, language) + MISSPELLING_MARGIN
    base = word.lower() if language == "en" else word
    alphabet = LATIN_LETTERS if language == "en" else ARABIC_LETTERS
    return any(
        kind in CONFIDENT_EDITS and zipf(cand, language) >= floor
        for cand, kind in _edits1(base, alphabet)
    )


# --- orthographic slips (hamza, ta marbuta, alef maqsura) ---------------------------------

_ALEFS = "اأإآ"


def _ar_split_prefix(word: str) -> list[tuple[str, str]]:
    out = [("", word)]
    for p in AR_PREFIXES:
        if word.startswith(p) and len(word) - len(p) >= 2:
            out.append((p, word[len(p) :]))
    return out


def _orthographic_forms(word: str) -> set[str]:
    forms: set[str] = set()
    for prefix, rest in _ar_split_prefix(word):
        # The alef of the article never takes a hamza (الى and الا are not articles).
        if rest[0] in _ALEFS and not (rest.startswith("ال") and len(rest) > 3):
            for a in _ALEFS:
                if a != rest[0]:
                    forms.add(prefix + a + rest[1:])
    # Only ه → ة: hunspell accepts almost any word + the pronoun ه, so ة → ه would turn
    # typos into "slips".
    ends = {"ه": "ة", "ي": "ى", "ى": "ي"}
    if word[-1] in ends and len(word) >= 3:
        forms.add(word[:-1] + ends[word[-1]])
    for i, ch in enumerate(word[1:], start=1):
        if ch == "و":
            forms.add(word[:i] + "ؤ" + word[i + 1 :])
        elif ch == "ي" and i < len(word) - 1:
            forms.add(word[:i] + "ئ" + word[i + 1 :])
        elif ch == "ا" and 0 < i < len(word) - 1:
            forms.add(word[:i] + "أ" + word[i + 1 :])
    # Two slips in one word are common (اجراءه ← إجراءة is not, but الاسرائيلى ← …ي is).
    return forms


@lru_cache(maxsize=50_000)
def orthographic_variants(word: str) -> tuple[str, ...]:
    """Dictionary forms one or two hamza/ta-marbuta/ya slips away, most frequent first."""
    word = strip_diacritics(word)
    if len(word) < 2 or hunspell_ok(word, "ar"):
        return ()
    first = _orthographic_forms(word)
    found = {f for f in first if hunspell_ok(f, "ar")}
    if not found:
        for f in first:
            found |= {g for g in _orthographic_forms(f) if g != word and hunspell_ok(g, "ar")}
    return tuple(sorted(found, key=lambda w: (-zipf(w, "ar"), w)))


# A variant must be clearly more common than the form written (Zipf difference, ≈2×);
# otherwise both are in use (اسطنبول/إسطنبول, ستالين/ستألين) and the written one is no slip.
MIN_VARIANT_GAIN = 0.3


# hunspell-ar reads مسؤوليه as مسؤولي + the pronoun ه; when the ta-marbuta form is this
# much more frequent (Zipf), the writer meant it. Genuine possessives (كتابه/كتابة,
# زوجه/زوجة) stay well under it: their ة forms are no more than ~12× commoner.
HA_FOR_TA_GAIN = 1.3


@lru_cache(maxsize=50_000)
def ha_for_ta_marbuta(word: str) -> str | None:
    """For a dictionary word ending in ه that is almost surely a dotless ة: the ة form."""
    if len(word) < 4 or not word.endswith("ه"):
        return None
    variant = word[:-1] + "ة"
    if hunspell_ok(variant, "ar") and zipf(variant, "ar") - zipf(word, "ar") >= HA_FOR_TA_GAIN:
        return variant
    return None


def orthographic_slip(word: str) -> tuple[str, ...]:
    """The orthographic variants that make the word a slip, most frequent first (or ())."""
    ta = ha_for_ta_marbuta(strip_diacritics(word))
    if ta:
        return (ta,)
    variants = orthographic_variants(word)
    if (
        variants
        and zipf(variants[0], "ar") - zipf(strip_diacritics(word), "ar") >= MIN_VARIANT_GAIN
    ):
        return variants
    return ()


# --- suggestions for non-words ------------------------------------------------------------

# Letters a hurried or unsure writer mixes up (shape or sound); substitutions among them
# rank above arbitrary ones.
# fmt: off
_AR_SIMILAR = [
    "اأإآ", "ىي", "هة", "وؤ", "يئ", "بتثني", "حجخ", "دذ", "رز", "سش", "صض", "طظ", "عغ", "فق",
    "ضظ", "ذز", "سص", "تط", "دض", "كق", "ثس", "هح", "ةت",
]
# fmt: on
# Hamza seats, ta marbuta and alef maqsura: slips of spelling rules, not of the fingers;
# spelling.orthographic reports them.
_ORTHOGRAPHIC_PAIRS = frozenset(
    a + b
    for group in ("اأإآ", "هة", "يى", "وؤ", "يئ", "ءأ")
    for a in group
    for b in group
    if a != b
)
_EN_ROWS = ["qwertyuiop", "asdfghjkl", "zxcvbnm"]


def _neighbours() -> dict[str, set[str]]:
    near: dict[str, set[str]] = {}
    for group in _AR_SIMILAR:
        for a in group:
            near.setdefault(a, set()).update(c for c in group if c != a)
    for r, row in enumerate(_EN_ROWS):
        for i, ch in enumerate(row):
            keys = {row[j] for j in (i - 1, i + 1) if 0 <= j < len(row)}
            for rr in (r - 1, r + 1):
                if 0 <= rr < len(_EN_ROWS):
                    other = _EN_ROWS[rr]
                    keys |= {other[j] for j in (i - 1, i, i + 1) if 0 <= j < len(other)}
            near.setdefault(ch, set()).update(keys)
    return near


_NEAR = _neighbours()


@dataclass(frozen=True, slots=True)
class Candidate:
    word: str
    edit: str  # swap, dedup, insert, near, delete, replace, hunspell
    score: float


# How likely each kind of slip is, as a bonus on the Zipf frequency of the candidate.
# fmt: off
_EDIT_BONUS = {
    "swap": 2.0, "dedup": 2.0, "insert": 1.2, "near": 1.2, "delete": 0.8, "replace": 0.0,
    "hunspell": 0.3, "orthographic": 0.5,
}
# fmt: on


def _edits1(word: str, alphabet: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    n = len(word)
    for i in range(n - 1):
        if word[i] != word[i + 1]:
            out.append((word[:i] + word[i + 1] + word[i] + word[i + 2 :], "swap"))
    for i in range(n):
        doubled = (i > 0 and word[i - 1] == word[i]) or (i + 1 < n and word[i + 1] == word[i])
        kind = "dedup" if doubled else "delete"
        out.append((word[:i] + word[i + 1 :], kind))
    for i in range(n):
        near = _NEAR.get(word[i], set())
        for c in alphabet:
            if c == word[i]:
                continue
            if word[i] + c in _ORTHOGRAPHIC_PAIRS:
                kind = "orthographic"
            else:
                kind = "near" if c in near else "replace"
            out.append((word[:i] + c + word[i + 1 :], kind))
    for i in range(n + 1):
        for c in alphabet:
            out.append((word[:i] + c + word[i:], "insert"))
    return out


def _candidate_ok(cand: str, language: str) -> bool:
    # The word a typo was meant to be is in the frequency lists; checking that first
    # spares hunspell hundreds of calls per word.
    if len(cand) < 2 or zipf(cand, language) == 0.0:
        return False
    if hunspell_ok(cand, language):
        return True
    return zipf(cand, language) >= KNOWN_ZIPF[language] + 1.0


@lru_cache(maxsize=50_000)
def _slip_spelt(word: str) -> bool:
    """A web-frequent misspelling (الذى for الذي): never the word to suggest."""
    floor = zipf(word, "ar") + 1.0
    return any(zipf(f, "ar") >= floor and hunspell_ok(f, "ar") for f in _orthographic_forms(word))


@lru_cache(maxsize=8192)
def candidates(word: str, language: str) -> tuple[Candidate, ...]:
    """Likely intended words for a non-word, best first."""
    word = strip_diacritics(word)
    lower = language == "en" and word[:1].isupper() and not word.isupper()
    base = word.lower() if language == "en" else word
    alphabet = LATIN_LETTERS if language == "en" else ARABIC_LETTERS
    best: dict[str, Candidate] = {}
    for cand, kind in _edits1(base, alphabet):
        if cand in best and best[cand].score >= zipf(cand, language) + _EDIT_BONUS[kind]:
            continue
        if not _candidate_ok(cand, language) or (language == "ar" and _slip_spelt(cand)):
            continue
        score = zipf(cand, language) + _EDIT_BONUS[kind]
        if cand not in best or best[cand].score < score:
            best[cand] = Candidate(cand, kind, score)
    if not best:
        for cand in hunspell_suggest(word, language)[:8]:
            if " " in cand or "-" in cand:
                continue
            c = cand.lower() if language == "en" and lower else cand
            best[c] = Candidate(c, "hunspell", zipf(c, language) + _EDIT_BONUS["hunspell"])
    ranked = sorted(best.values(), key=lambda c: (-c.score, c.word))
    if lower:
        ranked = [Candidate(c.word[:1].upper() + c.word[1:], c.edit, c.score) for c in ranked]
    return tuple(ranked)


# Slips that make typos: letters swapped, doubled, dropped, or a look-alike/neighbour key.
# An unknown word whose nearest word needs any other edit is rarely a typo of it.
CONFIDENT_EDITS = frozenset({"swap", "dedup", "insert", "near"})


def best_candidate(word: str, language: str) -> Candidate | None:
    """The likeliest intended word when it is one common slip away, else None."""
    for cand in candidates(word, language):
        if cand.edit in CONFIDENT_EDITS:
            return cand
    return None
