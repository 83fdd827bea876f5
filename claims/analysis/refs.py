"""Reference facts the analysis checks against: plain data, no ORM.

Built from the database registry (``sources.selectors.references_load``) in the workbench
and from the seed files (``References.from_seed_dir``) where no database is wanted.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path

SEED_REFERENCE_DIR = Path(__file__).resolve().parent.parent.parent / "seeds" / "reference"


@dataclass(frozen=True, slots=True)
class ResolutionRef:
    number: int
    year: int
    adopted_on: date | None
    symbol: str
    agenda: str
    countries: tuple[str, ...]  # ISO 3166 alpha-3 codes
    url: str


@dataclass(frozen=True, slots=True)
class CountryRef:
    iso2: str
    iso3: str
    name_en: str
    name_ar: str
    aliases_en: tuple[str, ...] = ()
    aliases_ar: tuple[str, ...] = ()
    demonym_en: str = ""
    capitals_en: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PlaceRef:
    """A name Arabic news uses for a country: a short name (أميركا) or its capital (بكين)."""

    iso2: str
    kind: str  # name, capital, people (a broken plural: أتراك)
    name_ar: str


@dataclass(frozen=True, slots=True)
class EntityRef:
    slug: str
    kind: str  # person, organisation, place, group
    name_en: str
    name_ar: str
    aliases_en: tuple[str, ...] = ()
    aliases_ar: tuple[str, ...] = ()
    country: str = ""  # ISO alpha-2


@dataclass(frozen=True, slots=True)
class EventRef:
    slug: str
    title_en: str
    title_ar: str
    occurred_on: date
    keywords_en: tuple[str, ...] = ()
    keywords_ar: tuple[str, ...] = ()
    source_url: str = ""


@dataclass(slots=True)
class References:
    resolutions: dict[int, ResolutionRef] = field(default_factory=dict)
    countries: list[CountryRef] = field(default_factory=list)
    entities: list[EntityRef] = field(default_factory=list)
    events: list[EventRef] = field(default_factory=list)
    places: list[PlaceRef] = field(default_factory=list)

    def resolution(self, number: int) -> ResolutionRef | None:
        return self.resolutions.get(number)

    @property
    def last_resolution(self) -> ResolutionRef | None:
        return self.resolutions[max(self.resolutions)] if self.resolutions else None

    @classmethod
    def empty(cls) -> References:
        return cls()

    @classmethod
    def from_seed_dir(cls, folder: Path = SEED_REFERENCE_DIR) -> References:
        return cls(
            resolutions={r.number: r for r in read_resolutions(folder / "unsc_resolutions.csv")},
            countries=list(read_countries(folder / "countries.tsv")),
            entities=list(read_entities(folder / "entities.json")),
            events=list(read_events(folder / "events.json")),
            places=list(read_places(folder / "places_ar.tsv")),
        )


@cache
def seed_references() -> References:
    """The seed files' references, read once per process."""
    return References.from_seed_dir()


def _split(value: str, sep: str = "|") -> tuple[str, ...]:
    return tuple(p.strip() for p in (value or "").split(sep) if p.strip())


def resolution_url(symbol: str) -> str:
    # The UN's official document system resolves a symbol to the document in every language.
    return "https://docs.un.org/en/" + symbol.replace(" ", "")


def read_resolutions(path: Path):
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            adopted = date.fromisoformat(row["date"]) if row["date"] else None
            yield ResolutionRef(
                number=int(row["number"]),
                year=int(row["year"]),
                adopted_on=adopted,
                symbol=row["symbol"],
                agenda=row["agenda_item"],
                countries=_split(row.get("country_tags_derived", ""), ";"),
                url=resolution_url(row["symbol"]),
            )


def read_countries(path: Path):
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            aliases_ar = {row["name_ar_official"], row.get("name_ar_native_official", "")}
            aliases_ar.discard(row["name_ar_common"])
            aliases_ar.discard("")
            aliases_en = set(_split(row.get("alt_spellings_en", ""))) | {row["name_en_official"]}
            aliases_en.discard(row["name_en_common"])
            yield CountryRef(
                iso2=row["cca2"],
                iso3=row["cca3"],
                name_en=row["name_en_common"],
                name_ar=row["name_ar_common"],
                aliases_en=tuple(sorted(a for a in aliases_en if len(a) > 2)),
                aliases_ar=tuple(sorted(aliases_ar)),
                demonym_en=row.get("demonym_en", ""),
                capitals_en=_split(row.get("capital_en", "")),
            )


def read_places(path: Path):
    if not path.exists():
        return
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            yield PlaceRef(iso2=row["iso2"], kind=row["kind"], name_ar=row["name_ar"])


def read_entities(path: Path):
    for item in json.loads(path.read_text(encoding="utf-8")):
        yield EntityRef(
            slug=item["slug"],
            kind=item["kind"],
            name_en=item["name_en"],
            name_ar=item["name_ar"],
            aliases_en=tuple(item.get("aliases_en", ())),
            aliases_ar=tuple(item.get("aliases_ar", ())),
            country=item.get("country", ""),
        )


def read_events(path: Path):
    for item in json.loads(path.read_text(encoding="utf-8")):
        yield EventRef(
            slug=item["slug"],
            title_en=item["title_en"],
            title_ar=item["title_ar"],
            occurred_on=date.fromisoformat(item["occurred_on"]),
            keywords_en=tuple(item.get("keywords_en", ())),
            keywords_ar=tuple(item.get("keywords_ar", ())),
            source_url=item.get("source_url", ""),
        )
