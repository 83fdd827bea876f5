"""The analysis contract's data types (see DESIGN.md, "The analysis contract").

Every offset is a Python ``str`` index into the text exactly as submitted. ``to_dict()``
gives the JSON of the contract; the Celery task stores it and the API returns it.
"""

from __future__ import annotations

import hashlib
from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date
from typing import Any

SEVERITIES = ("info", "warning", "error")
CATEGORIES = (
    "spelling",
    "grammar",
    "date",
    "resolution",
    "number",
    "attribution",
    "entity",
    "encoding",
)
VALUE_TYPES = ("un_resolution", "date", "year", "money", "quantity", "percentage")


@dataclass(slots=True)
class Token:
    start: int
    end: int
    text: str  # as in the source
    norm: str  # folded for matching (see normalize.fold)


@dataclass(slots=True)
class Sentence:
    start: int
    end: int
    text: str
    is_title: bool = False


@dataclass(slots=True)
class Value:
    type: str
    start: int
    end: int
    text: str
    fields: dict[str, Any] = field(default_factory=dict)  # number, year, date, amount, …
    # Sub-spans (original offsets) of the parts a check may point at: "year", "weekday", …
    parts: dict[str, tuple[int, int]] = field(default_factory=dict, repr=False, compare=False)

    def __getattr__(self, name: str) -> Any:
        # value.number, value.year, value.date … read the normalised fields.
        try:
            return self.fields[name]
        except KeyError:
            raise AttributeError(name) from None

    def to_dict(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            **self.fields,
        }


@dataclass(slots=True)
class EntityMention:
    start: int
    end: int
    text: str
    slug: str  # the gazetteer entry
    kind: str  # person, organisation, place, country
    exact: bool = True  # False when found by fuzzy matching (a spelling variant)

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "slug": self.slug,
            "kind": self.kind,
            "exact": self.exact,
        }


@dataclass(slots=True)
class Attribution:
    speaker: str
    start: int
    end: int
    verb: str = ""
    vague: bool = False
    entity: str | None = None  # gazetteer slug of the speaker, when known

    def to_dict(self) -> dict[str, Any]:
        return {
            "speaker": self.speaker,
            "verb": self.verb,
            "vague": self.vague,
            "start": self.start,
            "end": self.end,
            "entity": self.entity,
        }


@dataclass(slots=True)
class ClaimSpan:
    start: int
    end: int
    text: str
    checkworthiness: float
    values: list[Value] = field(default_factory=list)
    attribution: Attribution | None = None
    entities: list[EntityMention] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "checkworthiness": round(self.checkworthiness, 3),
            "values": [v.to_dict() for v in self.values],
            "attribution": self.attribution.to_dict() if self.attribution else None,
            "entities": [e.to_dict() for e in self.entities],
        }


@dataclass(slots=True)
class Finding:
    code: str  # "<category>.<what>", e.g. "date.weekday"
    category: str
    severity: str
    start: int
    end: int
    text: str
    message: str
    suggestion: str | None = None
    details: dict[str, Any] = field(default_factory=dict)
    fingerprint: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "category": self.category,
            "severity": self.severity,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "suggestion": self.suggestion,
            "message": self.message,
            "details": self.details,
            "fingerprint": self.fingerprint,
        }


def finding_fingerprint(code: str, span_norm: str, context_norm: str) -> str:
    """Stable across re-analysis of the same text: code + folded span + folded context."""
    raw = "\x1f".join((code, span_norm, context_norm)).encode("utf-8")
    return hashlib.sha256(raw).hexdigest()[:40]


@dataclass(slots=True)
class AnalyzedText:
    """What the checks see: the text and everything the analysis found in it."""

    text: str
    language: str
    published: date | None
    tokens: list[Token] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    values: list[Value] = field(default_factory=list)
    entities: list[EntityMention] = field(default_factory=list)
    claims: list[ClaimSpan] = field(default_factory=list)

    def values_of(self, type_: str) -> list[Value]:
        return [v for v in self.values if v.type == type_]

    def sentence_at(self, offset: int) -> Sentence | None:
        i = bisect_right(self.sentences, offset, key=lambda s: s.start) - 1
        if i >= 0 and self.sentences[i].start <= offset < self.sentences[i].end:
            return self.sentences[i]
        return None


@dataclass(slots=True)
class AnalysisResult:
    language: str
    claims: list[ClaimSpan]
    flags: list[Finding]
    doc: AnalyzedText | None = None
    version: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "language": self.language,
            "version": self.version,
            "claims": [c.to_dict() for c in self.claims],
            "flags": [f.to_dict() for f in self.flags],
        }
