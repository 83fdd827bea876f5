from __future__ import annotations

from claims.analysis.refs import References
from claims.analysis.types import AnalyzedText, Finding
from claims.checks.base import Check


class AttributionVague(Check):
    """A claim attributed to unnamed sources («بعض الدبلوماسيين», "officials said")."""

    code = "attribution.vague"
    category = "attribution"
    severity = "info"

    def run(self, doc: AnalyzedText, refs: References) -> list[Finding]:
        findings = []
        for claim in doc.claims:
            a = claim.attribution
            if a is None or not a.vague:
                continue
            findings.append(
                self.finding(
                    doc,
                    a.start,
                    a.end,
                    message=f"The claim is attributed to unnamed sources ({a.speaker}); "
                    "find who said it.",
                    details={"verb": a.verb},
                )
            )
        return findings
