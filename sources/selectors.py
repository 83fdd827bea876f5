"""Reads of the reference registry, sources, evidence and track records."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from claims.analysis.refs import (
    CountryRef,
    EntityRef,
    EventRef,
    References,
    ResolutionRef,
    seed_references,
)
from sources.models import (
    Country,
    Entity,
    Evidence,
    Publisher,
    ReferenceEvent,
    Source,
    UNResolution,
)

_CACHE_SECONDS = 300
_lock = threading.Lock()
_cached: tuple[float, References] | None = None


def references_load(*, fresh: bool = False) -> References:
    """The registry as plain data for the analysis; the seed files when the registry is empty.

    Cached per process for a few minutes (it is read on every analysis); edits in the
    admin call ``references_invalidate``.
    """
    global _cached
    with _lock:
        if not fresh and _cached and time.monotonic() - _cached[0] < _CACHE_SECONDS:
            return _cached[1]
        refs = _references_from_db()
        if not refs.resolutions:
            refs = seed_references()
        _cached = (time.monotonic(), refs)
        return refs


def references_invalidate() -> None:
    global _cached
    with _lock:
        _cached = None


def _references_from_db() -> References:
    return References(
        resolutions={
            r.number: ResolutionRef(
                number=r.number,
                year=r.year,
                adopted_on=r.adopted_on,
                symbol=r.symbol,
                agenda=r.agenda,
                countries=tuple(r.countries),
                url=r.url,
            )
            for r in UNResolution.objects.all()
        },
        countries=[
            CountryRef(
                iso2=c.iso2,
                iso3=c.iso3,
                name_en=c.name_en,
                name_ar=c.name_ar,
                aliases_en=tuple(c.aliases_en),
                aliases_ar=tuple(c.aliases_ar),
                demonym_en=c.demonym_en,
            )
            for c in Country.objects.all()
        ],
        entities=[
            EntityRef(
                slug=e.slug,
                kind=e.kind,
                name_en=e.name_en,
                name_ar=e.name_ar,
                aliases_en=tuple(e.aliases_en),
                aliases_ar=tuple(e.aliases_ar),
                country=e.country,
            )
            for e in Entity.objects.all()
        ],
        events=[
            EventRef(
                slug=e.slug,
                title_en=e.title_en,
                title_ar=e.title_ar,
                occurred_on=e.occurred_on,
                keywords_en=tuple(e.keywords_en),
                keywords_ar=tuple(e.keywords_ar),
                source_url=e.source_url,
            )
            for e in ReferenceEvent.objects.all()
        ],
    )


# --- Sources, evidence and track records ----------------------------------------------


@dataclass(frozen=True)
class ReferenceSuggestion:
    """Registry evidence a claim could cite, attachable in one click."""

    kind: str  # "resolution" or "event"
    key: str  # the resolution number or the event slug
    label: str
    detail: str
    url: str
    attached: bool


def claim_reference_suggestions(claim) -> list[ReferenceSuggestion]:
    """The UN documents of the resolutions a claim cites, and the reference events it names."""
    from claims.analysis.normalize import fold
    from claims.models import ClaimValue

    numbers = []
    for value in claim.values.filter(type=ClaimValue.Type.UN_RESOLUTION):
        number = (value.value or {}).get("number")
        if isinstance(number, int) and number not in numbers:
            numbers.append(number)
    attached_urls = set(
        Evidence.objects.filter(claim=claim, origin=Evidence.Origin.REFERENCE).values_list(
            "source__url", flat=True
        )
    )
    suggestions = []
    for r in sorted(UNResolution.objects.filter(number__in=numbers), key=lambda r: r.number):
        adopted = f"adopted {r.adopted_on:%Y-%m-%d}" if r.adopted_on else f"{r.year}"
        suggestions.append(
            ReferenceSuggestion(
                kind="resolution",
                key=str(r.number),
                label=r.symbol,
                detail=f"{adopted} — {r.agenda}" if r.agenda else adopted,
                url=r.url,
                attached=r.url in attached_urls,
            )
        )
    text = fold(claim.text)
    for event in ReferenceEvent.objects.exclude(source_url=""):
        keywords = [*event.keywords_ar, *event.keywords_en]
        if any(k and fold(k) in text for k in keywords):
            suggestions.append(
                ReferenceSuggestion(
                    kind="event",
                    key=event.slug,
                    label=f"{event.title_en} / {event.title_ar}",
                    detail=f"{event.occurred_on:%Y-%m-%d}",
                    url=event.source_url,
                    attached=event.source_url in attached_urls,
                )
            )
    return suggestions


def evidence_list_for_claim(claim) -> QuerySet[Evidence]:
    return (
        Evidence.objects.filter(claim=claim)
        .select_related("source__publisher_org", "snapshot", "missing_from", "added_by")
        .order_by("-created_at")
    )


def _verdicts_resting_on(evidence_filter: Q) -> QuerySet:
    from claims.models import Verdict

    claim_ids = Evidence.objects.filter(evidence_filter).values("claim_id")
    return (
        Verdict.objects.filter(claim_id__in=claim_ids)
        .exclude(state=Verdict.State.DRAFT)
        .select_related("claim__article", "rating", "author")
        .order_by("-published_at", "-updated_at")
    )


def source_track_record(source: Source) -> QuerySet:
    """The verdicts (beyond drafts) on claims that cite this source as evidence."""
    return _verdicts_resting_on(Q(source=source))


def publisher_track_record(publisher: Publisher) -> QuerySet:
    return _verdicts_resting_on(Q(source__publisher_org=publisher))
