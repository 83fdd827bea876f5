"""Reads of the reference registry."""

from __future__ import annotations

import threading
import time

from claims.analysis.refs import (
    CountryRef,
    EntityRef,
    EventRef,
    References,
    ResolutionRef,
    seed_references,
)
from sources.models import Country, Entity, ReferenceEvent, UNResolution

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
