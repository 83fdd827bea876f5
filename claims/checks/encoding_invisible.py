from __future__ import annotations

import re

import regex

from claims.analysis.refs import References
from claims.analysis.types import AnalyzedText, Finding
from claims.checks.base import Check

_LATIN = "A-Za-z\u00c0-\u024f0-9"
# Zero-width space inside any word; ZWNJ/ZWJ only where no script needs them (Latin, digits);
# a byte-order mark anywhere but the very start; word joiners and invisible operators.
_INVISIBLE_RE = re.compile(
    "(?<=\\w)\u200b+(?=\\w)"
    f"|(?<=[{_LATIN}])[\u200c\u200d]+(?=[{_LATIN}])"
    "|(?<!^)\ufeff+"
    "|[\u2060-\u2064\u180e\ufff9-\ufffb]+"
)
_BIDI = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
_ALLOWED_CF = _BIDI | set(
    "\u200b\u200c\u200d\ufeff\u00ad\u0600\u0601\u0602\u0603\u0604\u0605"
    "\u06dd\u070f\u2060\u2061\u2062\u2063\u2064\u180e\ufff9\ufffa\ufffb"
)

_FORMAT_RE = regex.compile(r"\p{Cf}")


# A text full of control characters needs one look, not a flag per character.
MAX_FINDINGS = 100


class EncodingInvisible(Check):
    """Invisible characters inside words (zero-width space, stray BOM, tag characters)."""

    code = "encoding.invisible"
    category = "encoding"
    severity = "warning"

    def run(self, doc: AnalyzedText, refs: References) -> list[Finding]:
        text = doc.text
        spans = []
        for m in _INVISIBLE_RE.finditer(text):
            spans.append((m.start(), m.end()))
            if len(spans) > 4 * MAX_FINDINGS:
                break
        # Other format characters (tags, interlinear annotation…) have no place in an article.
        for m in _FORMAT_RE.finditer(text):
            if m.group() not in _ALLOWED_CF:
                spans.append((m.start(), m.end()))
                if len(spans) > 8 * MAX_FINDINGS:
                    break
        findings = []
        merged: list[tuple[int, int]] = []
        for start, end in sorted(set(spans)):
            if merged and start <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
            else:
                merged.append((start, end))
        for start, end in merged[:MAX_FINDINGS]:
            cps = [f"U+{ord(c):04X}" for c in text[start:end]]
            findings.append(
                self.finding(
                    doc,
                    start,
                    end,
                    suggestion="",
                    message=f"Invisible character {' '.join(cps)} inside the text; remove it.",
                    details={"codepoints": cps},
                )
            )
        return findings
