from __future__ import annotations

from claims.analysis.refs import References
from claims.analysis.types import AnalyzedText, Finding
from claims.checks._util import human_date, part
from claims.checks.base import Check


class ResolutionUnknown(Check):
    """A Security Council resolution number the registry does not have (often not adopted yet)."""

    code = "resolution.unknown"
    category = "resolution"
    severity = "error"

    def run(self, doc: AnalyzedText, refs: References) -> list[Finding]:
        last = refs.last_resolution
        if last is None:
            return []
        findings = []
        for value in doc.values_of("un_resolution"):
            number = value.fields["number"]
            if refs.resolution(number) is not None:
                continue
            when = human_date(last.adopted_on) if last.adopted_on else str(last.year)
            if number > last.number:
                message = (
                    f"There is no Security Council resolution {number}: the last one "
                    f"adopted is {last.number}, on {when}."
                )
                severity = "error"
            else:
                message = (
                    f"Resolution {number} is not in the registry (last known: "
                    f"{last.number}, {when})."
                )
                severity = "warning"
            start, end = part(value, "number")
            findings.append(
                self.finding(
                    doc,
                    start,
                    end,
                    message=message,
                    severity=severity,
                    details={"number": number, "last": last.number},
                )
            )
        return findings
