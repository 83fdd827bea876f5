from __future__ import annotations

import calendar

from claims.analysis.lexicon import MONTH_NAMES_EN
from claims.analysis.refs import References
from claims.analysis.types import AnalyzedText, Finding
from claims.checks.base import Check


class DateInvalid(Check):
    """A day the month does not have: 31 April, 30 February."""

    code = "date.invalid"
    category = "date"
    severity = "error"

    def run(self, doc: AnalyzedText, refs: References) -> list[Finding]:
        findings = []
        for value in doc.values_of("date"):
            if value.fields.get("valid", True):
                continue
            year, month, day = (value.fields.get(k) for k in ("year", "month", "day"))
            if not month or not day:
                continue
            days = calendar.monthrange(year or 2000, month)[1]
            name = MONTH_NAMES_EN[month]
            where = f" in {year}" if year and month == 2 else ""
            findings.append(
                self.finding(
                    doc,
                    value.start,
                    value.end,
                    message=f"{name} has {days} days{where}: day {day} does not exist.",
                    details={"year": year, "month": month, "day": day, "days_in_month": days},
                )
            )
        return findings
