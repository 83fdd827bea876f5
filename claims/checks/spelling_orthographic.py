"""``spelling.orthographic``: hamza, ta-marbuta and alef-maqsura slips (انتاج → إنتاج).

Low severity, and a code a desk can switch off (``enabled_checks(disabled=...)``): many
outlets drop the hamza on purpose.
"""

from __future__ import annotations

from claims.analysis.refs import References
from claims.analysis.spelling import review_words
from claims.analysis.types import AnalyzedText, Finding
from claims.checks.base import Check


class SpellingOrthographic(Check):
    code = "spelling.orthographic"
    category = "spelling"
    severity = "info"

    def run(self, doc: AnalyzedText, refs: References) -> list[Finding]:
        findings = []
        for issue in review_words(doc, refs):
            if issue.kind != "orthographic":
                continue
            findings.append(
                self.finding(
                    doc,
                    issue.start,
                    issue.end,
                    message=f"Hamza, ta marbuta or alef maqsura: «{issue.suggestion}».",
                    suggestion=issue.suggestion,
                    details={"alternatives": issue.alternatives},
                )
            )
        return findings
