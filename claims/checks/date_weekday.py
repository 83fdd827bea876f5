from __future__ import annotations

from datetime import date

from claims.analysis.lexicon import WEEKDAY_NAMES_EN
from claims.analysis.refs import References
from claims.analysis.types import AnalyzedText, Finding
from claims.checks._util import human_date, part, weekday_word
from claims.checks.base import Check


class DateWeekday(Check):
    """The weekday stated with a date is not that date's weekday."""

    code = "date.weekday"
    category = "date"
    severity = "error"

    def run(self, doc: AnalyzedText, refs: References) -> list[Finding]:
        findings = []
        for value in doc.values_of("date"):
            stated = value.fields.get("weekday")
            iso = value.fields.get("date")
            if not stated or not iso or value.fields.get("relative") or len(iso) != 10:
                continue
            if value.fields.get("year_inferred"):
                continue  # the year is our guess; a mismatch may be ours
            d = date.fromisoformat(iso)
            real = d.weekday()
            if WEEKDAY_NAMES_EN[real] == stated:
                continue
            start, end = part(value, "weekday")
            findings.append(
                self.finding(
                    doc,
                    start,
                    end,
                    suggestion=weekday_word(real, doc.language),
                    message=f"{human_date(d)} was a {WEEKDAY_NAMES_EN[real].title()}, "
                    f"not a {stated.title()}.",
                    details={"date": iso, "stated": stated, "weekday": WEEKDAY_NAMES_EN[real]},
                )
            )
        return findings
