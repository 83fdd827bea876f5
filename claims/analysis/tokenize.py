"""Word tokens with offsets into the original text."""

from __future__ import annotations

import re
from functools import lru_cache

from claims.analysis.normalize import fold
from claims.analysis.types import Token

# Arabic letters (with diacritics and tatweel inside a word), Latin letters with inner
# apostrophes or hyphens, and digits (Western, Arabic-Indic, Persian) with decimal marks.
WORD_RE = re.compile(
    r"[\u0621-\u063a\u0641-\u064a\u0671-\u06d3\u06fa-\u06ff]"
    r"[\u0621-\u063a\u0640-\u065f\u0670-\u06d3\u06fa-\u06ff]*"
    r"|[A-Za-zÀ-ɏ]+(?:['’\-][A-Za-zÀ-ɏ]+)*"
    r"|[0-9٠-٩۰-۹]+(?:[.,٫٬][0-9٠-٩۰-۹]+)*"
)
ARABIC_RE = re.compile(r"[\u0600-\u06ff]")


# Words repeat a lot within and across articles; folding each once is most of the cost.
_fold = lru_cache(maxsize=1 << 16)(fold)


def tokenize(text: str, view=None) -> list[Token]:
    """Tokens of ``text``; given its ``MatchText`` the folded forms are sliced from it."""
    if view is None:
        return [
            Token(m.start(), m.end(), m.group(), _fold(m.group())) for m in WORD_RE.finditer(text)
        ]
    s = view.s
    if view.identity:
        return [
            Token(m.start(), m.end(), m.group(), s[m.start() : m.end()])
            for m in WORD_RE.finditer(text)
        ]
    pos = view.view
    return [
        Token(m.start(), m.end(), m.group(), s[pos(m.start()) : pos(m.end())])
        for m in WORD_RE.finditer(text)
    ]


def is_arabic(word: str) -> bool:
    return bool(ARABIC_RE.search(word))
