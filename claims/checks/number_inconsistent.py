from __future__ import annotations

import re

from claims.analysis.normalize import fold
from claims.analysis.refs import References
from claims.analysis.types import AnalyzedText, Finding, Value
from claims.checks.base import Check

_WORD_RE = re.compile(r"\w+")
_STOP = frozenset(
    fold(w)
    for w in (
        "في",
        "من",
        "إلى",
        "على",
        "عن",
        "إن",
        "أن",
        "نحو",
        "حوالي",
        "قرابة",
        "أكثر",
        "أقل",
        "تصل",
        "بلغ",
        "بلغت",
        "يبلغ",
        "تبلغ",
        "مع",
        "و",
        "the",
        "of",
        "to",
        "a",
        "an",
        "about",
        "some",
        "nearly",
        "almost",
        "around",
        "than",
        "more",
        "less",
        "over",
        "under",
        "up",
        "at",
        "and",
        "by",
        "with",
        "for",
        "in",
        "reach",
        "reached",
        "was",
        "were",
        "is",
        "are",
        "total",
    )
)


# Sentences that compare or update figures state different numbers on purpose.
_CHANGE_RE = re.compile(
    r"(?<!\w)(?:ارتفع\w*|انخفض\w*|انخفاض\w*|ارتفاع\w*|زاد\w*|زياد\w*|تراجع\w*|"
    r"مقابل|بين|بعد|قبل|اصل|مقارنه|نحو|حوالي|قرابه|rose|rise|risen|fell|fall|fallen|from|"
    r"between|compared|up|down|increase\w*|decrease\w*|after|before|about|nearly|some)(?!\w)"
)


def _subject(doc: AnalyzedText, value: Value) -> tuple[str, ...] | None:
    """The two content words just before the number (the thing counted or paid for)."""
    sent = doc.sentence_at(value.start)
    lo = sent.start if sent else max(0, value.start - 60)
    lo = max(lo, value.start - 80)
    words = [fold(w) for w in _WORD_RE.findall(doc.text[lo : value.start])][-4:]
    words = [w for w in words if w not in _STOP and not w.isdigit() and len(w) > 2]
    return tuple(words[-2:]) if len(words) >= 2 else None


class NumberInconsistent(Check):
    """The same quantity (same unit and subject) given two different values in one article."""

    code = "number.inconsistent"
    category = "number"
    severity = "warning"

    def run(self, doc: AnalyzedText, refs: References) -> list[Finding]:
        seen: dict[tuple, Value] = {}
        changes: dict[int, bool] = {}  # sentence start -> it compares figures
        findings = []
        for value in doc.values:
            if value.type not in ("money", "quantity") or value.fields.get("approximate"):
                continue
            unit = value.fields.get("currency") or value.fields.get("unit")
            subject = _subject(doc, value)
            sent = doc.sentence_at(value.start)
            if not unit or not subject or sent is None:
                continue
            if sent.start not in changes:
                changes[sent.start] = bool(_CHANGE_RE.search(fold(sent.text[:2000])))
            if changes[sent.start]:
                continue
            key = (value.type, unit, value.fields.get("period"), subject)
            first = seen.get(key)
            if first is None:
                seen[key] = value
                continue
            if first.fields.get("amount") != value.fields.get("amount"):
                findings.append(
                    self.finding(
                        doc,
                        value.start,
                        value.end,
                        suggestion=first.text,
                        message=f"«{value.text}» here, but «{first.text}» earlier for the same "
                        "thing.",
                        details={
                            "first": {
                                "start": first.start,
                                "end": first.end,
                                "amount": first.fields.get("amount"),
                            }
                        },
                    )
                )
        return findings
