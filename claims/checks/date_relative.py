from __future__ import annotations

import re
from datetime import date

from claims.analysis.lexicon import alt, fa
from claims.analysis.refs import References
from claims.analysis.text import MatchText
from claims.analysis.types import AnalyzedText, Finding
from claims.checks._util import human_date
from claims.checks.base import Check

_PAST_AFTER = re.compile(
    fa(r"\s*(?:" + alt(["الماضي", "المنصرم", "الفائت", "الماضية"]) + r")(?!\w)")
)
_NEXT_AFTER = re.compile(fa(r"\s*(?:" + alt(["المقبل", "القادم", "المقبلة"]) + r")(?!\w)"))
_ADJACENT = 30  # characters between a relative date and the explicit date it restates


class DateRelative(Check):
    """A relative date that disagrees with the publication date or the date beside it."""

    code = "date.relative"
    category = "date"
    severity = "warning"

    def run(self, doc: AnalyzedText, refs: References) -> list[Finding]:
        if doc.published is None:
            return []
        findings = []
        dates = doc.values_of("date")
        explicit = [
            v
            for v in dates
            if not v.fields.get("relative") and v.fields.get("date") and len(v.fields["date"]) == 10
        ]
        for rel in dates:
            if not rel.fields.get("relative") or not rel.fields.get("date"):
                continue
            if rel.fields.get("precision") == "week":
                continue
            resolved = date.fromisoformat(rel.fields["date"])
            for v in explicit:
                gap = v.start - rel.end if v.start >= rel.end else rel.start - v.end
                if (
                    gap > _ADJACENT
                    or doc.text[min(rel.end, v.end) : max(rel.start, v.start)].count(".") > 0
                ):
                    continue
                stated = date.fromisoformat(v.fields["date"])
                if stated != resolved:
                    findings.append(
                        self.finding(
                            doc,
                            rel.start,
                            rel.end,
                            suggestion=None,
                            message=f"Published on {human_date(doc.published)}, "
                            f"«{rel.text}» is {human_date(resolved)}, but the text gives "
                            f"{human_date(stated)}.",
                            details={"resolved": resolved.isoformat(), "stated": v.fields["date"]},
                        )
                    )
        for v in explicit:
            if v.fields.get("year_inferred"):
                continue
            stated = date.fromisoformat(v.fields["date"])
            after = MatchText(doc.text[v.end : v.end + 20]).s
            if stated > doc.published and _PAST_AFTER.match(after):
                findings.append(
                    self.finding(
                        doc,
                        v.start,
                        v.end,
                        message=f"{human_date(stated)} is after the publication date "
                        f"({human_date(doc.published)}) but is described as past.",
                    )
                )
            elif stated < doc.published and _NEXT_AFTER.match(after):
                findings.append(
                    self.finding(
                        doc,
                        v.start,
                        v.end,
                        message=f"{human_date(stated)} is before the publication date "
                        f"({human_date(doc.published)}) but is described as coming.",
                    )
                )
        return findings
