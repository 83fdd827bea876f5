"""Which words of a document look misspelt, and why: shared by the spelling checks.

``review_words`` walks the tokens once and sorts the unknown ones into non-words and
orthographic slips, after setting aside everything that is not a typo: numbers, words in
the other script, acronyms, URLs and handles, gazetteer names, and names the article
itself uses as names (repeated, capitalised mid-sentence, next to a title word).
"""

from __future__ import annotations

import logging
import re
import threading
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from claims.analysis import dictionary as lexicon
from claims.analysis.nisba import definite_forms
from claims.analysis.normalize import fold
from claims.analysis.refs import References
from claims.analysis.tokenize import is_arabic
from claims.analysis.types import AnalyzedText, Token

logger = logging.getLogger(__name__)

# Words that introduce a name: the next word is a name, not a typo.
_AR_NAME_CUES_TEXT = (
    "الرئيس رئيس وزير الوزير السيد السيدة المتحدث الناطق الشيخ الأمير الملك الملكة "
    "الدكتور د اللواء العميد المشير العقيد الرائد النقيب النائب السفير المدير "
    "القائد زعيم الزعيم الكاتب الكاتبة الشاعر اللاعب المدرب الفنان الفنانة الممثل "
    "الممثلة المطرب المطربة الإعلامي الإعلامية الأستاذ المهندس الحاج الإمام القاضي "
    "المحامي الباحث الصحفي المراسل المستشار الأمين المبعوث المفوض الجنرال البابا "
    "الكابتن المخرج الروائي المؤرخ الداعية مدينة بلدة قرية حي شارع ميدان نادي "
    "بن ابن بنت أبو أبي أم آل عبد ولد بني بنو "
    # Common given names: the unknown word after one is most often a family name.
    "محمد أحمد محمود علي حسن حسين عمر عثمان خالد سعد سعيد سعود فهد فيصل عبدالله "
    "عبدالعزيز عبدالرحمن عبدالله إبراهيم يوسف يونس موسى عيسى مصطفى طارق ماجد ناصر "
    "سلمان سلطان تركي بندر نايف مشعل منصور صالح سالم سليمان حمد حمود راشد زايد "
    "جاسم كريم مراد وليد هشام عادل عماد رشيد جمال كمال نبيل سمير هاني رامي زياد "
    "فاطمة عائشة مريم نورة سارة هند ليلى"
)
# Matched as written (no folding): folded, the name علي would also be the preposition على.
AR_NAME_CUES = frozenset(_AR_NAME_CUES_TEXT.split())
AR_PROCLITICS = ("وال", "فال", "بال", "كال", "لل", "ال", "و", "ف", "ب", "ل", "ك")
AR_NAME_SUFFIXES = ("ي", "ية", "يون", "يين", "يا", "ه", "ها", "هم")
_FOLDED_NAME_SUFFIXES = tuple(fold(s) for s in AR_NAME_SUFFIXES)

# Orthographic slips are far commoner than typos: a variant wins over a typo reading
# unless the typo's word is much more frequent.
ORTHOGRAPHIC_BONUS = 2.5


@lru_cache(maxsize=100_000)
def count_key(word: str) -> str:
    """The word without diacritics and proclitics, letters unfolded.

    Unfolded, so that a hamza-seat typo is not counted as a repeat of the word it misspells.
    """
    word = lexicon.strip_diacritics(word)
    for p in AR_PROCLITICS:
        if word.startswith(p) and len(word) - len(p) >= 3:
            return word[len(p) :]
    return word


@lru_cache(maxsize=100_000)
def name_key(word: str) -> str:
    """The folded word without Arabic proclitics: the form names are compared in."""
    key = fold(word)
    for p in AR_PROCLITICS:
        if key.startswith(p) and len(key) - len(p) >= 3:
            return key[len(p) :]
    return key


_GAZ_LOCK = threading.Lock()
_GAZ_CACHE: dict[int, tuple[References, Gazetteer]] = {}


@dataclass(frozen=True, slots=True)
class Gazetteer:
    keys: frozenset[str]  # every word of every name, as name keys
    # The words of people's names no dictionary knows (حفتر, not خليفة): next to one of
    # them, an unknown word is likely the rest of the name.
    proper: frozenset[str]


def gazetteer_keys(refs: References) -> Gazetteer:
    """Every word of every entity and country name and alias, as name keys."""
    hit = _GAZ_CACHE.get(id(refs))
    if hit is not None and hit[0] is refs:
        return hit[1]
    keys: set[str] = set()
    proper: set[str] = set()
    names: list[str] = []
    people: list[str] = []
    for e in refs.entities:
        names += [e.name_en, e.name_ar, *e.aliases_en, *e.aliases_ar]
        if e.kind == "person":
            people += [e.name_ar, *e.aliases_ar]
    for c in refs.countries:
        names += [c.name_en, c.name_ar, *c.aliases_en, *c.aliases_ar, c.demonym_en]
    for name in names:
        for word in re.findall(r"\w+", name or ""):
            if len(word) >= 2:
                keys.add(name_key(word))
                keys.add(fold(word))
    # Only Arabic text looks names up by neighbourhood, and hunspell alone decides what is
    # a name word here (loading a frequency list for it would slow every cold start).
    for name in people:
        for word in re.findall(r"\w+", name or ""):
            if len(word) >= 2 and is_arabic(word) and not lexicon.hunspell_ok(word, "ar"):
                proper.add(name_key(word))
    frozen = Gazetteer(frozenset(keys), frozenset(proper))
    with _GAZ_LOCK:
        if len(_GAZ_CACHE) > 8:
            _GAZ_CACHE.clear()
        _GAZ_CACHE[id(refs)] = (refs, frozen)  # holding refs keeps its id from being reused
    return frozen


def in_gazetteer(word: str, keys: frozenset[str]) -> bool:
    """The word, without clitics and name suffixes (تركيا، الليبيون), is a gazetteer word."""
    key = name_key(word)
    if key in keys or fold(word) in keys:
        return True
    return any(key.endswith(s) and key[: -len(s)] in keys for s in _FOLDED_NAME_SUFFIXES)


@dataclass(slots=True)
class WordIssue:
    token: Token
    kind: str  # "nonword" or "orthographic"
    suggestion: str | None
    severity: str
    alternatives: list[str] = field(default_factory=list)
    part: tuple[int, int] | None = None  # the misspelt part of a compound, as offsets

    @property
    def start(self) -> int:
        return self.part[0] if self.part else self.token.start

    @property
    def end(self) -> int:
        return self.part[1] if self.part else self.token.end


_HAS_DIGIT = re.compile(r"\d")
# Addresses, handles and hashtags: whatever their words look like, they are not prose.
_ADDRESS = re.compile(
    r"(?:https?://|www\.)\S+|\S+@\S+|[@#][\w.]+|\b[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|gov|int|edu|info|io)\b\S*",
    re.I,
)


@lru_cache(maxsize=100_000)
def _out_of_scope(word: str, arabic_doc: bool) -> bool:
    """Tokens no dictionary should judge, whatever their context."""
    if len(word) < 2 or _HAS_DIGIT.search(word):
        return True
    if is_arabic(word) != arabic_doc:
        return True  # the other script: a quoted name or term, not this dictionary's job
    if not arabic_doc and word.isupper():
        return True  # acronyms
    # Vowelled words are quoted verse or scripture; the plain-text dictionaries say nothing.
    core = word.rstrip("\u064b\u064c\u064d\u0651")
    return bool(re.search("[\u064b-\u0652]", core))


_HARAKAT = re.compile("[\u064b-\u0652]")


def _vowelled_spans(text: str) -> list[tuple[int, int]]:
    """Lines written with short vowels (verse, scripture, quoted poetry).

    Their words are often run together where line breaks were lost, and the plain-text
    dictionaries have nothing to say about them.
    """
    spans = []
    for m in re.finditer(r"[^\n]+", text):
        line = m.group()
        marks = len(_HARAKAT.findall(line))
        if marks >= 4 and marks > 0.12 * len(line.replace(" ", "")):
            spans.append((m.start(), m.end()))
    return spans


def _sentence_starts(doc: AnalyzedText) -> set[int]:
    starts = set()
    for s in doc.sentences:
        m = re.search(r"\w", s.text)
        if m:
            starts.add(s.start + m.start())
    return starts


def _is_name_cue(word: str) -> bool:
    word = lexicon.strip_diacritics(word)
    if word in AR_NAME_CUES:
        return True
    # «والرئيس», «وللشيخ»: a conjunction or preposition glued on.
    for p in ("و", "ف", "ل", "ب", "ول", "وب", "فل"):
        if word.startswith(p):
            rest = word[len(p) :]
            if rest in AR_NAME_CUES or (rest.startswith("ل") and "ا" + rest in AR_NAME_CUES):
                return True
    return False


def _beside_a_name(doc: AnalyzedText, i: int, gaz: Gazetteer) -> bool:
    """Right after a title or given name, or next to a known person's name (same phrase)."""
    tok = doc.tokens[i]
    for j in (i - 1, i + 1):
        if 0 <= j < len(doc.tokens):
            other = doc.tokens[j]
            gap = doc.text[min(other.end, tok.end) : max(other.start, tok.start)]
            if gap.strip(" \u00a0-") or "\n" in gap:
                continue
            if j == i - 1 and _is_name_cue(other.text):
                return True
            if in_gazetteer(other.text, gaz.proper):
                return True
    return False


def _looks_like_name(
    doc: AnalyzedText,
    i: int,
    arabic_doc: bool,
    counts: Counter,
    gaz: Gazetteer,
    sentence_starts: set[int],
) -> bool:
    tok = doc.tokens[i]
    if arabic_doc:
        return counts[count_key(tok.text)] >= 2 or _beside_a_name(doc, i, gaz)
    word = tok.text
    if word[:1].isupper():
        # Capitalised mid-sentence is a name; at a sentence start, only when repeated.
        return not _starts_sentence(doc, tok, sentence_starts) or counts[word] >= 2
    # A lower-case unknown word used again and again is the article's term of art.
    return counts[word.lower()] >= 3


_OPENERS = frozenset(".!?:;\n\"“”‘’'(«»[—–-•*|")


def _starts_sentence(doc: AnalyzedText, tok: Token, sentence_starts: set[int]) -> bool:
    if tok.start in sentence_starts:
        return True
    before = doc.text[max(0, tok.start - 8) : tok.start].rstrip(" \t\u00a0")
    return not before or before[-1] in _OPENERS


_REVIEW_LOCK = threading.Lock()
_REVIEWED: list[tuple[AnalyzedText, References, str, list[WordIssue]]] = []
_ADDRESS_HINT = re.compile(r"[@#]|://|www\.|\.(?:com|org|net|gov|int|edu|info|io)\b", re.I)


def review_words(doc: AnalyzedText, refs: References) -> list[WordIssue]:
    """The document's suspicious words; both spelling checks share one review per document."""
    with _REVIEW_LOCK:
        for seen_doc, seen_refs, seen_text, issues in _REVIEWED:
            if seen_doc is doc and seen_refs is refs and seen_text == doc.text:
                return list(issues)
    try:
        issues = _review(doc, refs)
    except lexicon.DictionaryMissing as exc:
        # The other checks still run; the spelling ones say why they found nothing.
        logger.warning("spelling checks skipped: %s", exc)
        issues = []
    with _REVIEW_LOCK:
        _REVIEWED.insert(0, (doc, refs, doc.text, issues))
        del _REVIEWED[4:]
    return list(issues)


def _review(doc: AnalyzedText, refs: References) -> list[WordIssue]:
    language = doc.language if doc.language in lexicon.DICTIONARIES else "ar"
    arabic = language == "ar"
    text_counts = Counter(t.text for t in doc.tokens)
    cache = _SUSPICIOUS[language]
    suspicious = set()
    for w in text_counts:
        verdict = cache.get(w)
        if verdict is None:
            if len(cache) > 500_000:
                cache.clear()
            verdict = cache[w] = _suspicious(w, language)
        if verdict:
            suspicious.add(w)
    unknown = [i for i, tok in enumerate(doc.tokens) if tok.text in suspicious]
    if not unknown:
        return []
    gaz = gazetteer_keys(refs)
    if doc.entities:
        found = frozenset(name_key(w) for e in doc.entities for w in re.findall(r"\w+", e.text))
        # Only people's names no dictionary knows make their neighbours look like names too:
        # «مجلس الأمن» found in the text must not shelter a typo written next to it.
        proper = frozenset(
            name_key(w)
            for e in doc.entities
            if e.kind == "person"
            for w in re.findall(r"\w+", e.text)
            if not lexicon.hunspell_ok(w, language)
        )
        gaz = Gazetteer(gaz.keys | found, gaz.proper | proper)
    if arabic:
        counts = Counter()
        for w, n in text_counts.items():
            counts[count_key(w)] += n
    else:
        counts = Counter(t.text for t in doc.tokens)
        counts.update(t.text.lower() for t in doc.tokens if not t.text[:1].isupper())
    sentence_starts = _sentence_starts(doc) if not arabic else set()
    skip_spans = _vowelled_spans(doc.text) if arabic else []
    if _ADDRESS_HINT.search(doc.text):
        skip_spans += [m.span() for m in _ADDRESS.finditer(doc.text)]
    countries = definite_forms(refs) if arabic else {}
    issues: list[WordIssue] = []
    for i in unknown:
        tok = doc.tokens[i]
        if skip_spans and any(a <= tok.start < b for a, b in skip_spans):
            continue
        if arabic and tok.norm in countries:
            continue  # «التركيا»: grammar.confusion reports the nisba it stands for
        issue = _review_token(doc, i, language, counts, gaz, sentence_starts)
        if issue is not None:
            issues.append(issue)
    if arabic:
        issues = _drop_house_style(doc, issues)
    return issues


# Per-language verdicts by surface form; plain dicts are the cheapest cache for the
# thousands of lookups an article needs (the words themselves are bounded by the language).
_SUSPICIOUS: dict[str, dict[str, bool]] = {lang: {} for lang in lexicon.DICTIONARIES}


def _suspicious(word: str, language: str) -> bool:
    """In this dictionary's scope and not a known word: worth a look in context."""
    return not _out_of_scope(word, language == "ar") and not _known(word, language)


def _known(word: str, language: str) -> bool:
    if language == "ar":
        return lexicon.is_known(lexicon.strip_diacritics(word), "ar")
    if lexicon.is_known(word.replace("’", "'"), "en"):
        return True  # contractions (hasn't, they've) are dictionary words whole
    return all(lexicon.is_known(p, "en") for p in _english_parts(word))


def slip_class(word: str, variant: str) -> str:
    """Which orthographic habit a slip belongs to: alef, ta (marbuta), ya, or hamza."""
    word, variant = lexicon.strip_diacritics(word), lexicon.strip_diacritics(variant)
    if len(word) != len(variant):
        return "hamza"
    diff = [k for k, (a, b) in enumerate(zip(word, variant, strict=True)) if a != b]
    last = len(word) - 1
    if diff and diff[-1] == last and variant[last] == "ة":
        return "ta"
    if diff and diff[-1] == last and variant[last] in "يى":
        return "ya"
    if diff and variant[diff[0]] in "أإآ" and _after_proclitics(word, diff[0]):
        return "alef"
    return "hamza"


def _after_proclitics(word: str, k: int) -> bool:
    return k == 0 or any(word.startswith(p) and len(p) == k for p in lexicon.AR_PREFIXES)


def _drop_house_style(doc: AnalyzedText, issues: list[WordIssue]) -> list[WordIssue]:
    """Keep the orthographic slips that are exceptions in the article, not its habit.

    Writers who drop the hamza or dot the ta marbuta as ha do it throughout; flagging
    every instance buries the desk. A slip is reported when it is the only one of its
    kind (initial hamza, ta marbuta, final ya, other hamza) in an article that otherwise
    writes the mark.
    """
    slips = [x for x in issues if x.kind == "orthographic"]
    habits = Counter(slip_class(x.token.text, x.suggestion or "") for x in slips)
    keep_ids = {id(x) for x in slips if habits[slip_class(x.token.text, x.suggestion or "")] == 1}
    return [x for x in issues if x.kind != "orthographic" or id(x) in keep_ids]


def _english_parts(word: str) -> list[str]:
    word = word.replace("’", "'")
    for tail in ("'s", "'"):
        if word.endswith(tail) and len(word) > len(tail) + 1:
            word = word[: -len(tail)]
            break
    return [p for p in re.split(r"[-']", word) if p]


def _doubled_letter_typo(word: str, best: lexicon.Candidate | None) -> bool:
    """A letter typed twice, undoing it gives a common word: a typo even in a name.

    Arabic writes a doubled consonant with a shadda, not twice, so a written double that
    no corpus has seen is a slip of the keyboard whatever the word around it is.
    """
    return (
        best is not None
        and best.edit == "dedup"
        and lexicon.zipf(word, "ar") == 0.0
        and lexicon.zipf(best.word, "ar") >= 3.5
    )


def _review_token(
    doc: AnalyzedText,
    i: int,
    language: str,
    counts: Counter,
    gaz: Gazetteer,
    sentence_starts: set[int],
) -> WordIssue | None:
    tok = doc.tokens[i]
    arabic = language == "ar"
    if arabic:
        word = lexicon.strip_diacritics(tok.text).rstrip("ً")
        if lexicon.is_known(word, "ar"):
            return None
        variants = lexicon.orthographic_slip(word)
        if variants and _beside_a_name(doc, i, gaz):
            return None  # a name's spelling is its bearer's (خالد مساوى)
        if variants:
            typo = lexicon.best_candidate(word, "ar")
            # A swapped or doubled letter can leave a word that also has a rare hamza
            # variant; the likelier reading, slip or typo, wins.
            if typo is None or typo.score <= lexicon.zipf(variants[0], "ar") + ORTHOGRAPHIC_BONUS:
                return WordIssue(tok, "orthographic", variants[0], "info", list(variants[1:4]))
    else:
        parts = _english_parts(tok.text)
        bad = [p for p in parts if not lexicon.is_known(p, "en")]
        if not bad:
            return None
        # Compounds and possessives: judge and report the misspelt part alone.
        word = bad[0] if len(bad) == 1 else tok.text
    if in_gazetteer(tok.text, gaz.keys) or (not arabic and in_gazetteer(word, gaz.keys)):
        return None
    best = lexicon.best_candidate(word, language)
    if _looks_like_name(doc, i, arabic, counts, gaz, sentence_starts) and not (
        arabic and _doubled_letter_typo(word, best)
    ):
        return None
    if best is None:
        # Nothing one common slip away: a name, a loanword or dialect, not a typo.
        return None
    cands = [c for c in lexicon.candidates(word, language) if c.word != best.word]
    part = None
    if word != tok.text and not arabic and word in tok.text:
        offset = tok.start + tok.text.index(word)
        part = (offset, offset + len(word))
    frequent = lexicon.zipf(best.word, language) >= 3.0
    severity = "error" if frequent else "warning"
    return WordIssue(tok, "nonword", best.word, severity, [c.word for c in cands[:3]], part=part)
