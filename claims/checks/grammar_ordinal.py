from __future__ import annotations

from claims.analysis.refs import References
from claims.analysis.types import AnalyzedText, Finding
from claims.checks._util import part
from claims.checks.base import Check


class GrammarOrdinal(Check):
    """A misspelt ordinal day word in a date: «الرباع من نيسان» for «الرابع من نيسان»."""

    code = "grammar.ordinal"
    category = "grammar"
    severity = "warning"

    def run(self, doc: AnalyzedText, refs: References) -> list[Finding]:
        findings = []
        for value in doc.values_of("date"):
            expected = value.fields.get("ordinal_expected")
            if not expected or "ordinal" not in value.parts:
                continue
            start, end = part(value, "ordinal")
            written = doc.text[start:end]
            findings.append(
                self.finding(
                    doc,
                    start,
                    end,
                    suggestion=expected,
                    message=f"«{written}» is not an ordinal; the date reads as «{expected}».",
                    details={"date": value.fields.get("date")},
                )
            )
        return findings
