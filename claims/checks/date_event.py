from __future__ import annotations

import re
from datetime import date

from claims.analysis.entities import match_key
from claims.analysis.normalize import fold
from claims.analysis.refs import EventRef, References
from claims.analysis.text import MatchText
from claims.analysis.types import AnalyzedText, Finding
from claims.checks._util import human_date
from claims.checks.base import Check

_WINDOW_DAYS = 45  # a date this close to a known event, in a sentence about it, restates it
_STOP = frozenset(
    fold(w)
    for w in (
        "على",
        "إلى",
        "في",
        "من",
        "بدء",
        "the",
        "and",
        "with",
        "begins",
        "call",
        "for",
        "joint",
    )
)
_CACHE: dict[int, tuple[References, list]] = {}


def _event_terms(refs: References) -> list[tuple[EventRef, list[str], list[str]]]:
    hit = _CACHE.get(id(refs))
    if hit and hit[0] is refs:
        return hit[1]
    out = []
    for ev in refs.events:
        keywords = sorted({match_key(k) for k in (*ev.keywords_ar, *ev.keywords_en) if k.strip()})
        title = {
            w
            for w in re.findall(r"\w+", match_key(ev.title_ar + " " + ev.title_en))
            if len(w) >= 4 and w not in _STOP
        }
        out.append((ev, keywords, sorted(title)))
    _CACHE.clear()
    _CACHE[id(refs)] = (refs, out)
    return out


def _has(text: str, term: str) -> bool:
    i = text.find(term)
    while i >= 0:
        before = text[i - 1] if i else " "
        if not before.isalnum() or text[max(0, i - 2) : i] in ("وت", "ال") or before in "وبلف":
            return True
        i = text.find(term, i + 1)
    return False


class DateEvent(Check):
    """A date given for a known event (registry) that is not the event's date."""

    code = "date.event"
    category = "date"
    severity = "warning"

    def run(self, doc: AnalyzedText, refs: References) -> list[Finding]:
        if not refs.events:
            return []
        events = _event_terms(refs)
        findings = []
        folded: dict[int, str] = {}
        for value in doc.values_of("date"):
            iso = value.fields.get("date")
            if not iso or len(iso) != 10 or value.fields.get("precision") == "week":
                continue
            d = date.fromisoformat(iso)
            sent = doc.sentence_at(value.start)
            if sent is None:
                continue
            s = folded.get(sent.start)
            if s is None:
                s = folded[sent.start] = MatchText(sent.text[:2000]).s
            for ev, keywords, title in events:
                delta = abs((d - ev.occurred_on).days)
                if delta == 0 or delta > _WINDOW_DAYS:
                    continue
                kw_hits = [k for k in keywords if _has(s, k)]
                if not kw_hits:
                    continue
                title_hits = [w for w in title if _has(s, w) and not any(w in k for k in kw_hits)]
                if len(kw_hits) + len(title_hits) < 2 and not any(" " in k for k in kw_hits):
                    continue
                findings.append(
                    self.finding(
                        doc,
                        value.start,
                        value.end,
                        suggestion=ev.occurred_on.isoformat(),
                        message=f"{ev.title_en}: that was on {human_date(ev.occurred_on)}, "
                        f"not {human_date(d)}.",
                        details={
                            "event": ev.slug,
                            "event_date": ev.occurred_on.isoformat(),
                            "stated": iso,
                            "source_url": ev.source_url,
                        },
                    )
                )
                break
        return findings
