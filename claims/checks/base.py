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
        if sentence and sentence.end - sentence.start <= 600:
            context = sentence.text
        else:  # an endless "sentence": a window keeps fingerprints cheap and still local
            lo = max(sentence.start if sentence else 0, start - 120)
            hi = min(sentence.end if sentence else len(doc.text), end + 120)
            context = doc.text[lo:hi]
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
