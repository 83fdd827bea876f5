from __future__ import annotations

import re

from claims.analysis.refs import References
from claims.analysis.types import AnalyzedText, Finding
from claims.checks.base import Check

# Embeddings, overrides and isolates: they reorder what the reader sees.
_CONTROLS_RE = re.compile("[\u202a-\u202e\u2066-\u2069]+")
# Marks are normal between scripts; suspicious inside a word or a number.
_MARKS_RE = re.compile("(?<=[\\w.,٫٬])[\u200e\u200f\u061c]+(?=\\w)")
_NAMES = {
    "\u202a": "LRE",
    "\u202b": "RLE",
    "\u202c": "PDF",
    "\u202d": "LRO",
    "\u202e": "RLO",
    "\u2066": "LRI",
    "\u2067": "RLI",
    "\u2068": "FSI",
    "\u2069": "PDI",
    "\u200e": "LRM",
    "\u200f": "RLM",
    "\u061c": "ALM",
}


# A text full of control characters needs one look, not a flag per character.
MAX_FINDINGS = 100


class EncodingBidi(Check):
    """Bidirectional control characters that can make the text read differently."""

    code = "encoding.bidi"
    category = "encoding"
    severity = "warning"

    def run(self, doc: AnalyzedText, refs: References) -> list[Finding]:
        findings = []
        for rx, severity in ((_CONTROLS_RE, "warning"), (_MARKS_RE, "info")):
            for m in rx.finditer(doc.text):
                if len(findings) >= MAX_FINDINGS:
                    break
                names = "+".join(_NAMES.get(c, f"U+{ord(c):04X}") for c in m.group())
                findings.append(
                    self.finding(
                        doc,
                        m.start(),
                        m.end(),
                        suggestion="",
                        severity=severity,
                        message=f"Invisible bidirectional control ({names}); remove it.",
                        details={"codepoints": [f"U+{ord(c):04X}" for c in m.group()]},
                    )
                )
        return findings
