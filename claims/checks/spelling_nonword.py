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
            tok = issue.token
            if issue.suggestion:
                message = (
                    f"«{tok.text}» is not in the dictionary; did you mean «{issue.suggestion}»?"
                )
            else:
                message = f"«{tok.text}» is not in the dictionary (perhaps a name)."
            findings.append(
                self.finding(
                    doc,
                    tok.start,
                    tok.end,
                    message=message,
                    suggestion=issue.suggestion,
                    severity=issue.severity,
                    details={"alternatives": issue.alternatives, "likely_name": issue.likely_name},
                )
            )
        return findings
