"""Who a sentence is attributed to: speaker span, reporting verb, vagueness."""

from __future__ import annotations

import re

from claims.analysis.lexicon import alt
from claims.analysis.normalize import fold
from claims.analysis.text import MatchText
from claims.analysis.types import Attribution, EntityMention

_VERBS_AR = [
    "قال",
    "قالت",
    "قالوا",
    "يقول",
    "تقول",
    "يقولون",
    "أعلن",
    "أعلنت",
    "أعلنوا",
    "يعلن",
    "تعلن",
    "أكد",
    "أكدت",
    "أكدوا",
    "يؤكد",
    "تؤكد",
    "يؤكدون",
    "أشار",
    "أشارت",
    "أشاروا",
    "يشير",
    "تشير",
    "يشيرون",
    "دعا",
    "دعت",
    "دعوا",
    "يدعو",
    "تدعو",
    "أضاف",
    "أضافت",
    "أضافوا",
    "يضيف",
    "تضيف",
    "صرح",
    "صرحت",
    "يصرح",
    "تصرح",
    "أوضح",
    "أوضحت",
    "يوضح",
    "توضح",
    "ذكر",
    "ذكرت",
    "ذكروا",
    "يذكر",
    "تذكر",
    "أفاد",
    "أفادت",
    "يفيد",
    "تفيد",
    "كشف",
    "كشفت",
    "يكشف",
    "تكشف",
    "نفى",
    "نفت",
    "ينفي",
    "تنفي",
    "شدد",
    "شددت",
    "يشدد",
    "تشدد",
    "اعتبر",
    "اعتبرت",
    "يعتبر",
    "تعتبر",
    "رأى",
    "رأت",
    "يرى",
    "ترى",
    "يرون",
    "حذر",
    "حذرت",
    "يحذر",
    "تحذر",
    "أعرب",
    "أعربت",
    "زعم",
    "زعمت",
    "يزعم",
    "أبلغ",
    "أبلغت",
    "لفت",
    "لفتت",
    "طالب",
    "طالبت",
    "يطالب",
    "تطالب",
    "نقل",
    "نقلت",
]
_SOURCE_AR = [
    "بحسب",
    "حسب",
    "وفق",
    "وفقا ل",
    "وفقاً ل",
    "طبقا ل",
    "طبقاً ل",
    "نقلا عن",
    "نقلاً عن",
    "على لسان",
    "استنادا إلى",
    "استنادا الى",
]
VERB_AR_RE = re.compile(r"(?<!\w)(?:[وف](?:قد\s+)?)?(?P<verb>" + alt(_VERBS_AR) + r")(?!\w)")
SOURCE_AR_RE = re.compile(r"(?<!\w)[وف]?(?P<verb>" + alt(_SOURCE_AR) + r")(?:ـ)?\s*")
_STOP_AR = frozenset(
    fold(w)
    for w in (
        "أن",
        "إن",
        "أنه",
        "إنه",
        "أنها",
        "إنها",
        "بأن",
        "بأنه",
        "على",
        "عن",
        "في",
        "إلى",
        "الى",
        "من",
        "عبر",
        "خلال",
        "أمس",
        "اليوم",
        "يوم",
        "بقيادة",
        "الذي",
        "التي",
        "الذين",
        "لوكالة",
        "لوسائل",
        "لقناة",
        "لصحيفة",
        "لـ",
        "مع",
        "ضرورة",
        "بيانا",
        "بيان",
        "رفضه",
        "إنّ",
        "أنّ",
        "له",
        "لها",
        "عزمه",
        "عزمها",
        "كما",
        "حيث",
        "قبل",
        "بعد",
        "مساء",
        "صباح",
        "قد",
        "ما",
        "لا",
        "لم",
        "لن",
        "كل",
        "هذا",
        "هذه",
        "ذلك",
        "تلك",
    )
)
_VAGUE_AR = frozenset(
    fold(w)
    for w in (
        "مصادر",
        "مصدر",
        "خبراء",
        "خبير",
        "محللون",
        "محللين",
        "محلل",
        "مسؤولون",
        "مسؤولين",
        "مسؤول",
        "دبلوماسيون",
        "دبلوماسيين",
        "دبلوماسي",
        "مراقبون",
        "مراقبين",
        "مراقب",
        "شهود",
        "ناشطون",
        "ناشطين",
        "سكان",
        "تقارير",
        "أوساط",
        "جهات",
        "مقربون",
        "مقربين",
        "متابعون",
        "متابعين",
        "بعض",
        "مطلعون",
        "مطلعين",
        "مختصون",
        "مختصين",
        "آخرون",
        "آخرين",
        "البعض",
        "مصادر",
        "معلومات",
        "أنباء",
        "شهود",
        "مواطنون",
        "مواطنين",
        "نشطاء",
        "عدد",
        "مراقبو",
    )
)

_VERBS_EN = (
    "said|says|say|told|tells|announced|announces|stated|states|added|adds|claimed|"
    "claims|confirmed|confirms|insisted|warned|explained|noted|argued|wrote|tweeted|"
    "reported|reports|declared|believe|believes|suggested|suggest|estimated|estimate"
)
VERB_EN_RE = re.compile(r"(?<![\w-])(?P<verb>" + _VERBS_EN + r")(?!\w)", re.IGNORECASE)
SOURCE_EN_RE = re.compile(r"(?<!\w)(?P<verb>according to|citing|as reported by)\s+", re.IGNORECASE)
INVERTED_EN_RE = re.compile(
    r"[,\"”]\s*(?P<verb>said|says|added|told|wrote)\s+"
    r"(?P<np>(?:the\s+)?[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,4})"
)
_STOP_EN = frozenset(
    [
        "that",
        "and",
        "but",
        "which",
        "who",
        "whom",
        "when",
        "as",
        "while",
        "because",
        "if",
        "on",
        "in",
        "at",
        "for",
        "to",
        "of",
        "with",
        "from",
        "by",
        "after",
        "before",
        "during",
        "this",
        "it",
        "there",
        "not",
        "could",
        "would",
        "should",
        "will",
        "can",
        "may",
        "might",
        "has",
        "have",
        "had",
        "also",
        "today",
        "yesterday",
        "tonight",
        "earlier",
        "later",
        "now",
        "then",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "week",
        "month",
        "year",
        "last",
    ]
)
_VAGUE_EN = frozenset(
    [
        "officers",
        "authorities",
        "officials",
        "official",
        "sources",
        "source",
        "experts",
        "expert",
        "analysts",
        "analyst",
        "diplomats",
        "diplomat",
        "observers",
        "witnesses",
        "insiders",
        "residents",
        "activists",
        "people",
        "critics",
        "reports",
        "some",
        "many",
        "several",
        "others",
        "person",
        "insider",
        "spokesperson",
        "aides",
    ]
)
_PRONOUNS_EN = frozenset(["he", "she", "they", "we", "i", "it", "you"])
_NP_WORD_EN = re.compile(r"[\w.'’-]+")


def _speaker_after_ar(s: str, pos: int, limit: int) -> tuple[int, int] | None:
    """The noun phrase after an Arabic reporting verb (VSO): up to a stop word, ≤ 7 words."""
    words = []
    skip = re.match(r"\s*كل\s+من\s+", s[pos : pos + 40])  # "دعا كل من الرئيس …"
    if skip:
        pos += skip.end()
    limit = min(limit, pos + 200)  # a speaker is a few words; never scan a whole long line
    for m in re.finditer(r"\S+", s[pos:limit]):
        raw = m.group()
        w = raw.strip('،,.:؛«»"()')
        if not w or w in _STOP_AR or (not words and w in ("كل", "من")):
            break
        if w != raw:
            end_strip = raw.rstrip('،,.:؛«»"()')
            if not end_strip:
                break
            words.append((pos + m.start(), pos + m.start() + len(end_strip)))
            break
        if (
            w.startswith(("ب", "ل"))
            and words
            and w[1:3] != "ال"
            and len(w) > 4
            and w[1:] in _STOP_AR
        ):
            break
        words.append((pos + m.start(), pos + m.end()))
        if len(words) >= 7:
            break
    if not words:
        return None
    return words[0][0], words[-1][1]


def _is_vague(words: list[str], entities: list[EntityMention], en: bool) -> bool:
    if any(e.kind == "person" for e in entities):
        return False
    # "British officials" are as unnamed as "officials"; an organisation is a name.
    entities = [e for e in entities if e.kind != "nationality"]
    if en:
        lowered = [w.lower().strip(".,") for w in words]
        named = [w for w in words[1:] if w[:1].isupper() and w.lower() not in _VAGUE_EN]
        return (
            bool(lowered)
            and any(w in _VAGUE_EN for w in lowered[:3])
            and not named
            and not entities
        )
    folded = [fold(w) for w in words]
    heads = [w.removeprefix("و").removeprefix("ال") for w in folded[:2]]
    # "مصادر في الجيش الوطني" is still unnamed; a person's name makes it specific (above).
    return any(h in _VAGUE_AR or f in _VAGUE_AR for h, f in zip(heads, folded[:2], strict=False))


def find_attribution(
    mt: MatchText, vs: int, ve: int, language: str, entities: list[EntityMention]
) -> Attribution | None:
    """The attribution in the sentence view span [vs, ve), if any."""
    s = mt.s
    text = mt.original

    def candidates():  # lazily: the first usable one wins
        if language == "ar":
            for m in SOURCE_AR_RE.finditer(s, vs, ve):
                sp = _speaker_after_ar(s, m.end(), ve)
                if sp:
                    yield (*sp, m.group("verb"))
            for m in VERB_AR_RE.finditer(s, vs, ve):
                sp = _speaker_after_ar(s, m.end(), ve)
                if sp:
                    yield (*sp, m.group("verb"))
        else:
            for m in SOURCE_EN_RE.finditer(s, vs, ve):
                sp = _np_after_en(mt, m.end(), ve)
                if sp:
                    yield (*sp, m.group("verb"))
            a0, _ = mt.span(vs, ve)
            for m in INVERTED_EN_RE.finditer(text, a0, mt.pos(ve) if ve < len(s) else len(text)):
                yield (-1 - m.start("np"), -1 - m.end("np"), m.group("verb"))
            for m in VERB_EN_RE.finditer(s, vs, ve):
                sp = _np_before_en(mt, vs, m.start())
                if sp:
                    yield (*sp, m.group("verb").lower())

    for a, b, verb in candidates():
        if a < 0:  # already original offsets
            oa, ob = -1 - a, -1 - b
        else:
            oa, ob = mt.span(a, b)
        speaker = text[oa:ob]
        words = speaker.split()
        if not words:
            continue
        if language != "ar" and words[0].lower() in _PRONOUNS_EN and len(words) == 1:
            continue
        inside = [e for e in entities if oa <= e.start and e.end <= ob]
        ent = next((e.slug for e in inside if e.kind not in ("nationality",)), None)
        vague = _is_vague(words, inside, language != "ar")
        return Attribution(
            speaker=speaker,
            start=oa,
            end=ob,
            verb=fold(verb) if language == "ar" else verb,
            vague=vague,
            entity=ent,
        )
    return None


def _np_after_en(mt: MatchText, pos: int, limit: int) -> tuple[int, int] | None:
    s = mt.s
    words = []
    for m in _NP_WORD_EN.finditer(s, pos, limit):
        if s[words[-1][1] if words else pos : m.start()].strip():
            break  # punctuation between words ends the phrase
        w = m.group().rstrip(".")
        if not w or (w in _STOP_EN and words):
            break
        words.append((m.start(), m.start() + len(w)))
        if len(words) >= 6:
            break
    return (words[0][0], words[-1][1]) if words else None


def _np_before_en(mt: MatchText, vs: int, pos: int) -> tuple[int, int] | None:
    s = mt.s
    words = list(_NP_WORD_EN.finditer(s, max(vs, pos - 80), pos))
    picked = []
    end = pos
    for m in reversed(words):
        if s[m.end() : end].strip():
            break  # punctuation
        w = m.group().lower()
        if w in _STOP_EN or (w.endswith("ly") and w not in ("italy",)):
            break  # adverbs ("reportedly said") are not part of the speaker
        picked.append(m)
        end = m.start()
        if len(picked) >= 5:
            break
    if not picked:
        return None
    picked.reverse()
    # A speaker is named (a capital), a kind of source ("officials") or a definite phrase.
    first = mt.original[mt.pos(picked[0].start()) :][:1]
    words = [m.group().lower() for m in picked]
    if not (
        first.isupper()
        or words[0] in ("the", "a", "an", "some", "many", "several")
        or any(w in _VAGUE_EN for w in words)
    ):
        return None
    return picked[0].start(), picked[-1].end()
