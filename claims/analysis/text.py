"""A folded, lower-cased view of a text for matching, with a map back to the original offsets.

The view drops what never matters for matching (Arabic diacritics, tatweel, combining
marks, zero-width and bidi controls) and folds letters one for one, so a match in the view
maps back to exact ``str`` indices in the text as given.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left

from claims.analysis.normalize import _LETTERS

_DROPPED = (
    "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed\u0640"
    "\u0300-\u036f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff"
)
DROPPED_RE = re.compile(f"[{_DROPPED}]")
_KEPT_RUN_RE = re.compile(f"[^{_DROPPED}]+")
# One for one, so lengths never change: digits, decimal/thousands marks, Arabic letter folds.
_TABLE = {**_LETTERS}
_TABLE.update({ord(c): str(i % 10) for i, c in enumerate("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹")})
_TABLE.update({ord("٫"): ".", ord("٬"): ",", ord("\u00a0"): " ", ord("\u202f"): " "})
_TABLE.update({ord("ک"): "ك", ord("ی"): "ي", ord("ە"): "ه"})


def _one_for_one_table() -> dict[int, str]:
    """Accented Latin letters to their base letter (so "Salamé" typed either way matches),
    Arabic presentation forms to the letters they show; only where that is one character."""
    table = {}
    for cp in range(0xC0, 0x250):
        base = unicodedata.normalize("NFD", chr(cp))[0]
        if base.isascii() and base.isalpha() and base != chr(cp):
            table[cp] = base
    for cp in list(range(0xFB50, 0xFE00)) + list(range(0xFE70, 0xFEFD)):
        mapped = unicodedata.normalize("NFKC", chr(cp))
        if len(mapped) == 1 and mapped != chr(cp):
            table[cp] = _LETTERS.get(ord(mapped), mapped)
    return table


_TABLE.update(_one_for_one_table())


class MatchText:
    """``s`` is the folded view; ``span(i, j)`` maps a view span to the original text."""

    __slots__ = ("original", "s", "_map")

    def __init__(self, text: str):
        self.original = text
        if DROPPED_RE.search(text):
            parts, index = [], []
            for m in _KEPT_RUN_RE.finditer(text):
                parts.append(m.group())
                index.extend(range(m.start(), m.end()))
            index.append(len(text))
            self._map: list[int] | None = index
            view = "".join(parts)
        else:
            self._map = None
            view = text
        view = view.translate(_TABLE)
        lowered = view.lower()
        if len(lowered) != len(view):  # a few letters lower to two code points (İ)
            lowered = "".join(c.lower()[:1] or c for c in view)
        self.s = lowered

    @property
    def identity(self) -> bool:
        """True when view offsets are original offsets (nothing was dropped)."""
        return self._map is None

    def pos(self, i: int) -> int:
        return i if self._map is None else self._map[i]

    def span(self, i: int, j: int) -> tuple[int, int]:
        if self._map is None:
            return i, j
        if j <= i:
            return self._map[i], self._map[i]
        return self._map[i], self._map[j - 1] + 1

    def view(self, offset: int) -> int:
        """The view index of an original offset (the next kept character at or after it)."""
        if self._map is None:
            return offset
        return bisect_left(self._map, offset)
