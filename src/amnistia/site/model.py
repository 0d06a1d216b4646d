"""The package's rows as typed records, for the topic pages.

The validator has already checked every cell, so parsing here is plain:
empty cells become None, numbers int, dates ``datetime.date``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from amnistia.data.package import LoadedPackage

CLAIM_RESOURCES = ("releases", "detentions", "exclusion-counts", "hunger-strikes")


def _date(cell: str) -> dt.date | None:
    return dt.date.fromisoformat(cell) if cell else None


def _int(cell: str) -> int | None:
    return int(cell) if cell else None


def _list(cell: str) -> tuple[str, ...]:
    return tuple(item for item in cell.split(";") if item)


@dataclass(frozen=True)
class Claim:
    """One figure as one counter reported it."""

    resource: str
    id: str
    as_of: dt.date | None
    as_of_basis: str
    period_start: dt.date | None
    measure: str
    subgroup: str
    part_of: str
    counter: str
    via: str
    qualifier: str
    value: int | None
    value_high: int | None
    sources: tuple[str, ...]
    quote: str
    quote_lang: str
    note: str
    place: str
    exclusion: str
    note_es: str = ""
    period_month: str = ""
    """YYYY-MM when the source gives only the month the period starts in."""

    @property
    def high_end(self) -> int:
        """The largest number this figure can mean, for chart scales and ranges."""
        return self.value_high if self.value_high is not None else (self.value or 0)


@dataclass(frozen=True)
class Source:
    id: str
    publisher: str
    title: str
    url: str
    published: str
    published_basis: str
    language: str
    agency: str
    reliability: str
    reliability_note: str
    cited_by: str
    note: str
    note_es: str = ""
    reliability_note_es: str = ""

    @property
    def missing(self) -> tuple[str, ...]:
        """Which parts of the citation are unknown: url, title, published."""
        return tuple(name for name in ("url", "title", "published") if not getattr(self, name))


@dataclass(frozen=True)
class Counter:
    id: str
    name: str
    kind: str
    description_en: str
    description_es: str
    name_es: str = ""


@dataclass(frozen=True)
class Event:
    id: str
    date: dt.date | None
    date_basis: str
    date_text_en: str
    date_text_es: str
    summary_en: str
    summary_es: str
    disputed: bool
    dispute: str
    sources: tuple[str, ...]
    quote: str
    quote_lang: str
    note: str
    note_es: str = ""


@dataclass(frozen=True)
class Exclusion:
    id: str
    kind: str
    name_en: str
    name_es: str
    legal_basis: str
    description_en: str
    description_es: str
    sources: tuple[str, ...]
    quote: str
    quote_lang: str
    note: str
    note_es: str = ""


@dataclass
class SiteData:
    """Everything the topic pages show, read once from a valid package."""

    descriptor: dict[str, Any]
    version: str
    released: dt.date
    claims: dict[str, list[Claim]]
    sources: dict[str, Source]
    counters: dict[str, Counter]
    events: list[Event]
    exclusions: list[Exclusion]
    rows: dict[str, list[dict[str, str]]]
    """Every resource's rows as written, for the generic table pages."""


def read_site_data(loaded: LoadedPackage) -> SiteData:
    """Type the rows of a package that has passed validation."""
    descriptor = loaded.descriptor.data if loaded.descriptor else {}
    rows = {name: [row for _, row in table.rows()] for name, table in loaded.tables.items()}
    claims = {
        name: [_claim(name, row) for row in rows.get(name, [])] for name in CLAIM_RESOURCES if name in rows
    }
    return SiteData(
        descriptor=descriptor,
        version=str(descriptor.get("version", "0.0.0")),
        released=package_date(descriptor),
        claims=claims,
        sources={row["id"]: _source(row) for row in rows.get("sources", [])},
        counters={row["id"]: _counter(row) for row in rows.get("counters", [])},
        events=[_event(row) for row in rows.get("events", [])],
        exclusions=[_exclusion(row) for row in rows.get("exclusions", [])],
        rows=rows,
    )


def package_date(descriptor: dict[str, Any]) -> dt.date:
    """The date of this version of the data: the descriptor's ``created``."""
    created = str(descriptor.get("created", "1999-01-01"))
    return dt.date.fromisoformat(created[:10])


def _claim(resource: str, full: dict[str, str]) -> Claim:
    row = defaultdict(str, full)  # a version without a column reads it as empty
    return Claim(
        resource=resource,
        id=row["id"],
        as_of=_date(row["as_of"]),
        as_of_basis=row["as_of_basis"],
        period_start=_date(row["period_start"]),
        measure=row["measure"],
        subgroup=row["subgroup"],
        part_of=row["part_of"],
        counter=row["counter"],
        via=row["via"],
        qualifier=row["qualifier"],
        value=_int(row["value"]),
        value_high=_int(row["value_high"]),
        sources=_list(row["sources"]),
        quote=row["quote"],
        quote_lang=row["quote_lang"],
        note=row["note"],
        place=row.get("place", ""),
        exclusion=row.get("exclusion", ""),
        note_es=row["note_es"],
        period_month=row["period_month"],
    )


def _source(full: dict[str, str]) -> Source:
    row = defaultdict(str, full)  # older versions lack the Spanish notes
    return Source(**{name: row[name] for name in Source.__dataclass_fields__})


def _counter(row: dict[str, str]) -> Counter:
    return Counter(
        id=row["id"],
        name=row["name"],
        name_es=row.get("name_es", ""),
        kind=row["kind"],
        description_en=row["description_en"],
        description_es=row["description_es"],
    )


def _event(row: dict[str, str]) -> Event:
    return Event(
        id=row["id"],
        date=_date(row["date"]),
        date_basis=row["date_basis"],
        date_text_en=row["date_text_en"],
        date_text_es=row["date_text_es"],
        summary_en=row["summary_en"],
        summary_es=row["summary_es"],
        disputed=row["disputed"] == "true",
        dispute=row["dispute"],
        sources=_list(row["sources"]),
        quote=row["quote"],
        quote_lang=row["quote_lang"],
        note=row["note"],
        note_es=row.get("note_es", ""),
    )


def _exclusion(row: dict[str, str]) -> Exclusion:
    return Exclusion(
        id=row["id"],
        kind=row["kind"],
        name_en=row["name_en"],
        name_es=row["name_es"],
        legal_basis=row["legal_basis"],
        description_en=row["description_en"],
        description_es=row["description_es"],
        sources=_list(row["sources"]),
        quote=row["quote"],
        quote_lang=row["quote_lang"],
        note=row["note"],
        note_es=row.get("note_es", ""),
    )
