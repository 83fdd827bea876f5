"""Folding for matching. The stored text is never rewritten; offsets stay in the original."""

from __future__ import annotations

import re
import unicodedata

# Arabic diacritics (harakat, shadda, sukun, superscript alef) and tatweel.
_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_LETTERS = str.maketrans(
    {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي"}
)


def fold(text: str) -> str:
    """NFC, Western digits, no diacritics or tatweel, alef/ya/ta-marbuta/hamza folded, lower."""
    text = unicodedata.normalize("NFC", text).translate(_DIGITS)
    text = _DIACRITICS.sub("", text)
    return text.translate(_LETTERS).casefold()
