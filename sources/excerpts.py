"""Find an evidence excerpt in a snapshot's text despite spelling and spacing differences.

A fact-checker copies «إن المفاوضات ستستأنف» from a PDF or retypes it; the page says
«إنّ المفاوضات ستُستأنف». Both sides are folded (diacritics and tatweel dropped, hamza
forms of alef, alef maqsura, ta marbuta and Arabic-Indic digits folded, whitespace
collapsed, case folded), searched, and the hit is mapped back to offsets in the original
text, so the admin can show the excerpt exactly as the page has it.
"""

from __future__ import annotations

import re
import unicodedata

from claims.analysis.normalize import fold

# Marks that change nothing a reader would call a different word.
_IGNORED = re.compile(
    "[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640"  # harakat, Quranic marks, tatweel
    "\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]"  # soft hyphen, zero-width, bidi
)
_QUOTES = str.maketrans(
    {
        "“": '"',
        "”": '"',
        "«": '"',
        "»": '"',
        "„": '"',
        "‘": "'",
        "’": "'",
        "‚": "'",
        "–": "-",
        "—": "-",
        "،": ",",
        "؛": ";",
        "؟": "?",
    }
)


def _fold_char(ch: str) -> str:
    if _IGNORED.match(ch):
        return ""
    if ch.isspace():
        return " "
    return fold(ch.translate(_QUOTES))


def _folded_with_map(text: str, *, drop_punctuation: bool) -> tuple[str, list[int]]:
    """The folded text and, for each of its characters, the index it came from."""
    out: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        folded = _fold_char(ch)
        if drop_punctuation and folded and unicodedata.category(folded[0])[0] in "PS":
            folded = " "
        for piece in folded:
            if piece == " " and (not out or out[-1] == " "):
                continue
            out.append(piece)
            origin.append(i)
    if out and out[-1] == " ":
        out.pop()
        origin.pop()
    return "".join(out), origin


def _folded(text: str, *, drop_punctuation: bool) -> str:
    return _folded_with_map(text, drop_punctuation=drop_punctuation)[0].strip()


def excerpt_locate(excerpt: str, text: str) -> tuple[int, int] | None:
    """(start, end) of the excerpt in text, as str offsets into text; None if absent.

    Tries an orthographic match first, then one that also ignores punctuation.
    """
    if not excerpt or not excerpt.strip() or not text:
        return None
    for drop_punctuation in (False, True):
        needle = _folded(unicodedata.normalize("NFC", excerpt), drop_punctuation=drop_punctuation)
        if not needle:
            continue
        haystack, origin = _folded_with_map(text, drop_punctuation=drop_punctuation)
        at = haystack.find(needle)
        if at >= 0:
            return origin[at], origin[at + len(needle) - 1] + 1
    return None
