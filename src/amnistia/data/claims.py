"""Honesty checks on claims: every figure as reported, cited, and dated sanely.

These encode the project's editorial rules rather than Table Schema:
a qualifier needs a value and a range both ends; every cited publication must
exist and at least one must be citable; a figure cannot describe a day after
the publication that reports it; disputed dates come in pairs.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from amnistia.data.catalogue import make_problem
from amnistia.data.cells import parse_partial_date
from amnistia.data.problems import Problem
from amnistia.data.reader import Table
from amnistia.i18n import _

SOURCES = "sources"
DO_NOT_CITE = "do-not-cite"


@dataclass(frozen=True)
class Publication:
    """What the claim checks need to know of one sources row."""

    reliability: str
    published: str
    last_possible_day: dt.date | None


def check_claims(tables: Mapping[str, Table], schemas: Mapping[str, dict[str, Any]]) -> Iterator[Problem]:
    """Yield the editorial problems of every readable table."""
    sources_table = tables.get(SOURCES)
    publications = _publications(sources_table) if sources_table else None
    sources_path = sources_table.path if sources_table else "datasets/sources.csv"
    for name, table in tables.items():
        fields = {f["name"]: f for f in schemas[name].get("fields", [])}
        if {"qualifier", "value"} <= fields.keys():
            yield from _check_values(table)
        if "part_of" in fields:
            yield from _check_part_of(table)
        if "dispute" in fields and "disputed" in fields:
            yield from _check_disputes(table)
        citing = fields.get("sources", {})
        if name != SOURCES and citing.get("type") == "list" and publications is not None:
            delimiter = str(citing.get("delimiter", ","))
            # A figure must never rest on do-not-cite sources alone; a disputed
            # date may cite one, so readers see where a circulating date comes from.
            is_figure = "value" in fields
            yield from _check_citations(table, publications, delimiter, sources_path, is_figure)
    if sources_table is not None:
        yield from _check_incomplete_sources(sources_table)


def _check_values(table: Table) -> Iterator[Problem]:
    for line, row in table.rows():
        qualifier = row.get("qualifier", "")
        low, high = row.get("value", ""), row.get("value_high", "")
        if qualifier and not low:
            yield make_problem("qualifier-without-value", table.path, line, "value", qualifier=qualifier)
        if qualifier == "range":
            if not high:
                yield make_problem("range-incomplete", table.path, line, "value_high", missing="value_high")
            elif low.isdigit() and high.isdigit() and int(low) > int(high):
                yield make_problem("range-reversed", table.path, line, "value_high", low=low, high=high)
        elif high and "value_high" in row:
            yield make_problem(
                "high-without-range",
                table.path,
                line,
                "value_high",
                high=high,
                qualifier=qualifier or "empty",
            )


def _check_part_of(table: Table) -> Iterator[Problem]:
    for line, row in table.rows():
        if row.get("part_of") and row.get("part_of") == row.get("id"):
            yield make_problem("part-of-itself", table.path, line, "part_of")


def _check_disputes(table: Table) -> Iterator[Problem]:
    members: dict[str, list[int]] = defaultdict(list)
    for line, row in table.rows():
        key = row.get("dispute", "")
        if row.get("disputed") == "true" and not key:
            yield make_problem("dispute-key-missing", table.path, line, "dispute")
        if key:
            members[key].append(line)
    for key, lines in members.items():
        if len(lines) == 1:
            yield make_problem("dispute-alone", table.path, lines[0], "dispute", value=key)


def _check_citations(
    table: Table, publications: dict[str, Publication], delimiter: str, sources_path: str, is_figure: bool
) -> Iterator[Problem]:
    for line, row in table.rows():
        cited = [item.strip() for item in row.get("sources", "").split(delimiter) if item.strip()]
        known = [publications[item] for item in cited if item in publications]
        for item in cited:
            if item not in publications:
                yield make_problem(
                    "unknown-source",
                    table.path,
                    line,
                    "sources",
                    value=item,
                    sources_path=sources_path,
                )
        only_unreliable = (
            known and len(known) == len(cited) and all(p.reliability == DO_NOT_CITE for p in known)
        )
        if is_figure and only_unreliable:
            yield make_problem("do-not-cite-only", table.path, line, "sources", value=", ".join(cited))
        dated = "as_of" if "as_of" in row else "date"
        as_of = parse_partial_date(row.get(dated, ""))
        if as_of is None:
            continue
        for item in cited:
            publication = publications.get(item)
            last = publication.last_possible_day if publication else None
            if last is not None and as_of[0] > last:
                yield make_problem(
                    "as-of-after-publication",
                    table.path,
                    line,
                    dated,
                    as_of=as_of[0].isoformat(),
                    source=item,
                    published=publication.published if publication else "",
                )


def _publications(table: Table) -> dict[str, Publication]:
    publications = {}
    for _line, row in table.rows():
        span = parse_partial_date(row.get("published", ""))
        publications[row.get("id", "")] = Publication(
            reliability=row.get("reliability", ""),
            published=row.get("published", ""),
            last_possible_day=span[1] if span else None,
        )
    return publications


def _check_incomplete_sources(table: Table) -> Iterator[Problem]:
    labels = {"url": _("address"), "title": _("title"), "published": _("date")}
    for line, row in table.rows():
        missing = [column for column in labels if not row.get(column)]
        if missing:
            parts = ", ".join(labels[column] for column in missing)
            yield make_problem("incomplete-source", table.path, line, missing[0], missing=parts)
