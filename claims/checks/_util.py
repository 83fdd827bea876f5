"""Helpers the checks share."""

from __future__ import annotations

from datetime import date

from claims.analysis.lexicon import MONTH_NAMES_EN, WEEKDAY_NAMES_AR, WEEKDAY_NAMES_EN
from claims.analysis.types import AnalyzedText, Value


def part(value: Value, name: str) -> tuple[int, int]:
    """A value's sub-span (original offsets), or the whole value."""
    return value.parts.get(name) or (value.start, value.end)


def human_date(d: date) -> str:
    return f"{d.day} {MONTH_NAMES_EN[d.month]} {d.year}"


def weekday_word(index: int, language: str) -> str:
    return WEEKDAY_NAMES_AR[index] if language == "ar" else WEEKDAY_NAMES_EN[index].title()


def same_sentence_values(doc: AnalyzedText, value: Value, type_: str) -> list[Value]:
    sent = doc.sentence_at(value.start)
    if sent is None:
        return []
    return [
        v
        for v in doc.values
        if v is not value and v.type == type_ and sent.start <= v.start < sent.end
    ]
