"""Language detection by script share, and sentence segmentation with offsets."""

from __future__ import annotations

import re

from claims.analysis.types import Sentence

_ARABIC_LETTER_RE = re.compile(
    r"[\u0621-\u064a\u0671-\u06d3\u06fa-\u06ff\ufb50-\ufdff\ufe70-\ufefc]"
)
_LATIN_LETTER_RE = re.compile(r"[A-Za-z\u00c0-\u024f]")


def detect_language(text: str, default: str = "ar") -> str:
    """ "ar" or "en" by which script has more letters; ``default`` when there are none."""
    sample = text if len(text) <= 20000 else text[:20000]
    ar = len(_ARABIC_LETTER_RE.findall(sample))
    en = len(_LATIN_LETTER_RE.findall(sample))
    if ar == en == 0:
        return default
    return "ar" if ar >= en else "en"


# Words whose trailing period is not a sentence end.
_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "st",
        "jr",
        "sr",
        "gen",
        "col",
        "lt",
        "sgt",
        "capt",
        "cpl",
        "maj",
        "adm",
        "gov",
        "sen",
        "rep",
        "prof",
        "rev",
        "hon",
        "pres",
        "no",
        "nos",
        "vs",
        "etc",
        "inc",
        "ltd",
        "co",
        "corp",
        "dept",
        "est",
        "fig",
        "approx",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "mon",
        "tue",
        "tues",
        "wed",
        "thu",
        "thur",
        "thurs",
        "fri",
        "sat",
        "sun",
        "u.s",
        "u.n",
        "u.k",
        "e.g",
        "i.e",
        "a.m",
        "p.m",
        "al",
        "ft",
        "mt",
        "op",
        "cf",
        "ed",
        "eds",
        "vol",
        "pp",
    ]
)
_TERMINATOR_RE = re.compile(r"[.!?؟…]+[»\"'”’)\]]*(?=\s|$)|\n")
_WORD_BEFORE_RE = re.compile(r"([A-Za-z][A-Za-z.]*)\.$")
_LINE_RE = re.compile(r"[^\n]+")


def _is_abbreviation(text: str, dot: int, line_end: int) -> bool:
    m = _WORD_BEFORE_RE.search(text, max(0, dot - 12), dot + 1)
    if not m:
        return False
    word = m.group(1).lower()
    if word in _ABBREVIATIONS or (len(word) == 1 and m.group(1).isupper()):
        return True
    if "." in word:  # U.N., a.m. and other dotted initials
        nxt = text[dot + 1 : line_end].lstrip()
        return bool(nxt) and not nxt[0].isupper()
    return False


def split_sentences(text: str) -> list[Sentence]:
    sentences: list[Sentence] = []
    first_line = True
    for line in _LINE_RE.finditer(text):
        if not line.group().strip():
            continue
        start, end = line.start(), line.end()
        pieces = []
        cursor = start
        quote_depth = 0
        pos = start
        for m in _TERMINATOR_RE.finditer(text, start, end):
            # Track «» so a full stop inside a quotation does not cut it.
            seg = text[pos : m.start()]
            quote_depth = max(0, quote_depth + seg.count("«") - seg.count("»"))
            pos = m.start()
            if quote_depth and "»" not in m.group():
                continue
            single_dot = m.group()[0] == "." and len(m.group().rstrip("»\"'”’)]")) == 1
            if single_dot and _is_abbreviation(text, m.start(), end):
                continue
            quote_depth = 0
            pieces.append((cursor, m.end()))
            cursor = m.end()
        if cursor < end:
            pieces.append((cursor, end))
        for a, b in pieces:
            while a < b and text[a].isspace():
                a += 1
            while b > a and text[b - 1].isspace():
                b -= 1
            if b > a:
                sentences.append(Sentence(a, b, text[a:b]))
        if first_line and sentences:
            # A short first line with more text below is the headline.
            body_follows = text[end:].strip() != ""
            words = len(line.group().split())
            if body_follows and words <= 30 and len(pieces) == 1:
                sentences[-1].is_title = True
            first_line = False
    return sentences
