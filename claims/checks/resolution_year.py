from __future__ import annotations

from claims.analysis.refs import References
from claims.analysis.types import AnalyzedText, Finding
from claims.checks._util import human_date, part
from claims.checks.base import Check


class ResolutionYear(Check):
    """The year stated with a resolution differs from the year it was adopted."""

    code = "resolution.year"
    category = "resolution"
    severity = "error"

    def run(self, doc: AnalyzedText, refs: References) -> list[Finding]:
        findings = []
        for value in doc.values_of("un_resolution"):
            stated = value.fields.get("year")
            known = refs.resolution(value.fields["number"])
            if not stated or known is None or stated == known.year:
                continue
            when = f"on {human_date(known.adopted_on)}" if known.adopted_on else f"in {known.year}"
            start, end = part(value, "year")
            findings.append(
                self.finding(
                    doc,
                    start,
                    end,
                    suggestion=str(known.year),
                    message=f"Resolution {known.number} was adopted {when}, not in {stated}.",
                    details={
                        "number": known.number,
                        "stated": stated,
                        "year": known.year,
                        "url": known.url,
                    },
                )
            )
        return findings
