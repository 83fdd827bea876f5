"""Showing article text safely: escaped, with invisible and bidi control characters made visible.

An article may carry `<script>`, `onerror=` or a U+202E override that would flip the text
around it; every place the admin shows article text goes through these helpers.
"""

from __future__ import annotations

import unicodedata

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Bidi embeddings, overrides and isolates, marks, zero-width and other invisible characters.
CONTROL_CHARS = frozenset(
    "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
    "\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069\u206a\u206b\u206c\u206d\u206e\u206f"
    "\ufeff\u061c\u00ad"
)
# ZWNJ/ZWJ are legitimate inside Persian/Arabic words; they are shown as they are.
_KEEP = frozenset("\u200c\u200d")


def _is_control(ch: str) -> bool:
    if ch in _KEEP:
        return False
    if ch in CONTROL_CHARS:
        return True
    return unicodedata.category(ch) == "Cc" and ch not in "\t\n\r"


def plain(text: str) -> str:
    """Text with control characters replaced by a visible code (for __str__ and titles)."""
    if not any(_is_control(ch) for ch in text):
        return text
    return "".join(f"[U+{ord(ch):04X}]" if _is_control(ch) else ch for ch in text)


def inert_html(text: str) -> SafeString:
    """Escaped HTML of the text; control characters shown as marked visible codes."""
    out = []
    run_start = 0
    for i, ch in enumerate(text):
        if _is_control(ch):
            out.append(escape(text[run_start:i]))
            name = unicodedata.name(ch, "CONTROL")
            out.append(f'<span class="ctl" title="{escape(name)}">[U+{ord(ch):04X}]</span>')
            run_start = i + 1
    out.append(escape(text[run_start:]))
    return mark_safe("".join(out))  # noqa: S308 — every piece above is escaped
