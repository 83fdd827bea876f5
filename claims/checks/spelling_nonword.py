"""``spelling.nonword``: words no dictionary knows, with the likely intended word."""

from __future__ import annotations

from claims.analysis.refs import References
from claims.analysis.spelling import review_words
from claims.analysis.types import AnalyzedText, Finding
from claims.checks.base import Check


class SpellingNonword(Check):
    code = "spelling.nonword"
    category = "spelling"
    severity = "warning"

    def run(self, doc: AnalyzedText, refs: References) -> list[Finding]:
        findings = []
        for issue in review_words(doc, refs):
            if issue.kind != "nonword":
                continue
            text = doc.text[issue.start : issue.end]
            findings.append(
                self.finding(
                    doc,
                    issue.start,
                    issue.end,
                    message=f"«{text}» is not in the dictionary; did you mean «{issue.suggestion}»?",
                    suggestion=issue.suggestion,
                    severity=issue.severity,
                    details={"alternatives": issue.alternatives},
                )
            )
        return findings
