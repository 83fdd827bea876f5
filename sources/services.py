"""Writes to the sources app: the reference registry and, later, sources and evidence."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.db import models, transaction

from claims.analysis.refs import (
    SEED_REFERENCE_DIR,
    read_countries,
    read_entities,
    read_events,
    read_resolutions,
)
from sources.models import Country, Entity, ReferenceEvent, UNResolution


@dataclass
class SyncCount:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def __str__(self) -> str:
        return f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged"


def _sync(model: type[models.Model], key: str, rows: list[dict]) -> SyncCount:
    """Insert missing rows and update changed ones; twice in a row changes nothing."""
    count = SyncCount()
    existing = {getattr(obj, key): obj for obj in model.objects.all()}
    to_create, to_update, fields = [], [], set()
    for row in rows:
        obj = existing.get(row[key])
        if obj is None:
            to_create.append(model(**row))
            continue
        changed = [f for f, v in row.items() if getattr(obj, f) != v]
        if changed:
            for f in changed:
                setattr(obj, f, row[f])
            fields.update(changed)
            to_update.append(obj)
        else:
            count.unchanged += 1
    model.objects.bulk_create(to_create, batch_size=500)
    if to_update:
        model.objects.bulk_update(to_update, sorted(fields), batch_size=500)
    count.created, count.updated = len(to_create), len(to_update)
    return count


@transaction.atomic
def registry_load_seeds(folder: Path = SEED_REFERENCE_DIR) -> dict[str, SyncCount]:
    from sources.selectors import references_invalidate

    result = {
        "UN resolutions": _sync(
            UNResolution,
            "number",
            [
                {
                    "number": r.number,
                    "symbol": r.symbol,
                    "adopted_on": r.adopted_on,
                    "year": r.year,
                    "agenda": r.agenda,
                    "countries": list(r.countries),
                    "url": r.url,
                }
                for r in read_resolutions(folder / "unsc_resolutions.csv")
            ],
        ),
        "countries": _sync(
            Country,
            "iso2",
            [
                {
                    "iso2": c.iso2,
                    "iso3": c.iso3,
                    "name_en": c.name_en,
                    "name_ar": c.name_ar,
                    "aliases_en": list(c.aliases_en),
                    "aliases_ar": list(c.aliases_ar),
                    "demonym_en": c.demonym_en,
                }
                for c in read_countries(folder / "countries.tsv")
            ],
        ),
        "entities": _sync(
            Entity,
            "slug",
            [
                {
                    "slug": e.slug,
                    "kind": e.kind,
                    "name_en": e.name_en,
                    "name_ar": e.name_ar,
                    "aliases_en": list(e.aliases_en),
                    "aliases_ar": list(e.aliases_ar),
                    "country": e.country,
                }
                for e in read_entities(folder / "entities.json")
            ],
        ),
        "reference events": _sync(
            ReferenceEvent,
            "slug",
            [
                {
                    "slug": e.slug,
                    "title_en": e.title_en,
                    "title_ar": e.title_ar,
                    "occurred_on": e.occurred_on,
                    "keywords_en": list(e.keywords_en),
                    "keywords_ar": list(e.keywords_ar),
                    "source_url": e.source_url,
                }
                for e in read_events(folder / "events.json")
            ],
        ),
    }
    transaction.on_commit(references_invalidate)
    return result


def ratings_load_seeds(folder: Path = SEED_REFERENCE_DIR) -> SyncCount:
    import json

    from claims.models import Rating

    rows = json.loads((folder / "ratings.json").read_text(encoding="utf-8"))
    return _sync(Rating, "slug", rows)
