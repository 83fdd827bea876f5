"""The shape every consistency check has: a stable code, a category, ``run(doc, refs)``."""

from __future__ import annotations

from typing import ClassVar

from claims.analysis.refs import References
from claims.analysis.types import AnalyzedText, Finding, finding_fingerprint


class Check:
    code: ClassVar[str]  # "<category>.<what>"; the prefix before the dot is the category
    category: ClassVar[str]
    severity: ClassVar[str] = "warning"

    def run(self, doc: AnalyzedText, refs: References) -> list[Finding]:
        raise NotImplementedError

    def finding(
        self,
        doc: AnalyzedText,
        start: int,
        end: int,
        *,
        message: str,
        suggestion: str | None = None,
        severity: str | None = None,
        code: str | None = None,
        details: dict | None = None,
    ) -> Finding:
        from claims.analysis.normalize import fold

        code = code or self.code
        sentence = doc.sentence_at(start)
        context = sentence.text if sentence else doc.text[max(0, start - 40) : end + 40]
        return Finding(
            code=code,
            category=code.split(".", 1)[0],
            severity=severity or self.severity,
            start=start,
            end=end,
            text=doc.text[start:end],
            message=message,
            suggestion=suggestion,
            details=details or {},
            fingerprint=finding_fingerprint(code, fold(doc.text[start:end]), fold(context)),
        )
