"""Honesty checks on claims: every figure as reported, cited, and dated sanely.

These encode the project's editorial rules rather than Table Schema:
a qualifier needs a value and a range both ends; every cited publication must
exist and at least one must be citable; a figure cannot describe a day after
the publication that reports it, nor a period that starts after its as-of
date; disputed dates come in pairs; a note has its Spanish translation (and a
translation its note), since Spanish readers see only the translation.

They run in the same single pass as every other check, row by row. What they
keep across rows is small: one Publication per source, and the lines of the
rows that share a dispute key. The sources table is read before the tables
that cite it (see package.py), so its publications are known when they are.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from amnistia.data.catalogue import make_problem
from amnistia.data.cells import parse_partial_date
from amnistia.data.problems import Problem, ProblemList
from amnistia.i18n import _

_PLAIN_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
SOURCES = "sources"
DO_NOT_CITE = "do-not-cite"
_INCOMPLETE = ("url", "title", "published")
RANGES = frozenset({"range", "approximately-range"})
"""Qualifiers whose figure is value to value_high."""
SPANISH = "_es"
CITATIONS_REMEMBERED = 10_000
"""(sources, date) pairs whose judgement is remembered: bounded, for tables of any length."""


@dataclass(frozen=True)
class Publication:
    """What the claim checks need to know of one sources row."""

    reliability: str
    published: str
    last_possible_day: dt.date | None


@dataclass
class Publications:
    """The sources table as the citation checks see it, once it has been read."""

    path: str
    known: dict[str, Publication] | None = None
    """None until the sources table has been read whole and could be."""


@dataclass
class TableClaims:
    """The editorial checks of one table, fed its rows one at a time."""

    name: str
    path: str
    header: list[str]
    schema: dict[str, Any]
    publications: Publications
    problems: list[Problem] = field(default_factory=ProblemList)
    _disputes: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    _collected: dict[str, Publication] = field(default_factory=dict)
    _citations_seen: dict[tuple[str, str], list[tuple[str, str, dict[str, object]]]] = field(
        default_factory=dict
    )

    def __post_init__(self) -> None:
        fields = {f["name"]: f for f in self.schema.get("fields", [])}
        columns = set(self.header)
        self._index = {name: number for number, name in enumerate(self.header)}
        self.checks: list[Callable[[int, Sequence[str]], None]] = []
        if {"qualifier", "value"} <= fields.keys():
            self.checks.append(self._check_values)
        if "part_of" in fields:
            self.checks.append(self._check_part_of)
        if {"period_start", "as_of"} <= columns:
            self._period = (self._index["period_start"], self._index["as_of"])
            self.checks.append(self._check_period)
        if "dispute" in fields and "disputed" in fields:
            self.checks.append(self._check_dispute)
        citing = fields.get("sources", {})
        if self.name != SOURCES and citing.get("type") == "list" and self.publications.known is not None:
            self.delimiter = str(citing.get("delimiter", ","))
            # A figure must never rest on do-not-cite sources alone; a disputed
            # date may cite one, so readers see where a circulating date comes from.
            self.is_figure = "value" in fields
            self.dated = "as_of" if "as_of" in columns else "date"
            self._sources_at = self._index["sources"]
            self.checks.append(self._check_citations)
        if self.name == SOURCES:
            self.checks.append(self._collect_publication)
        # Both columns of a pair are in the header (translation_pairs looks there).
        self._translations = [
            (self._index[original], self._index[translation], original, translation)
            for original, translation in translation_pairs(fields, columns)
        ]
        if self._translations:
            self.checks.append(self._check_translations)
        self._has_high = "value_high" in columns
        # The hot checks read their cells by position: a million rows, several cells each.
        self._values_at = tuple(self._index.get(name) for name in ("qualifier", "value", "value_high"))

    def check(self, line: int, record: Sequence[str]) -> None:
        for check in self.checks:
            check(line, record)

    def finish(self, readable: bool) -> list[Problem]:
        """The problems that need every row (lonely disputes), then all of this table's."""
        for key, lines in self._disputes.items():
            if len(lines) == 1:
                self.problems.append(make_problem("dispute-alone", self.path, lines[0], "dispute", value=key))
        if self.name == SOURCES and readable:
            self.publications.known = self._collected
        return self.problems

    def _column(self, record: Sequence[str], name: str) -> str:
        """A cell by column name; a column the table lacks reads as empty."""
        number = self._index.get(name)
        return record[number] if number is not None else ""

    def _check_values(self, line: int, record: Sequence[str]) -> None:
        at_qualifier, at_low, at_high = self._values_at
        qualifier = record[at_qualifier] if at_qualifier is not None else ""
        low = record[at_low] if at_low is not None else ""
        high = record[at_high] if at_high is not None else ""
        path = self.path
        if qualifier and not low:
            self.problems.append(
                make_problem("qualifier-without-value", path, line, "value", qualifier=qualifier)
            )
        if qualifier in RANGES:
            if not high:
                self.problems.append(
                    make_problem("range-incomplete", path, line, "value_high", missing="value_high")
                )
            elif low.isdigit() and high.isdigit() and int(low) > int(high):
                self.problems.append(
                    make_problem("range-reversed", path, line, "value_high", low=low, high=high)
                )
        elif high and self._has_high:
            self.problems.append(
                make_problem(
                    "high-without-range", path, line, "value_high", high=high, qualifier=qualifier or "empty"
                )
            )

    def _check_translations(self, line: int, record: Sequence[str]) -> None:
        for original_at, translation_at, original, translation in self._translations:
            has_original = bool(record[original_at].strip())
            if has_original != bool(record[translation_at].strip()):
                empty, written = (translation, original) if has_original else (original, translation)
                self.problems.append(
                    make_problem("translation-missing", self.path, line, empty, written=written, empty=empty)
                )

    def _check_part_of(self, line: int, record: Sequence[str]) -> None:
        part_of = self._column(record, "part_of")
        if part_of and part_of == self._column(record, "id"):
            self.problems.append(make_problem("part-of-itself", self.path, line, "part_of"))

    def _check_period(self, line: int, record: Sequence[str]) -> None:
        start, as_of = record[self._period[0]], record[self._period[1]]
        # Plain YYYY-MM-DD dates compare as text; any other form has its own problem.
        if (
            start
            and as_of
            and start > as_of
            and _PLAIN_DATE.fullmatch(start)
            and _PLAIN_DATE.fullmatch(as_of)
        ):
            self.problems.append(
                make_problem("period-after-as-of", self.path, line, "period_start", start=start, as_of=as_of)
            )

    def _check_dispute(self, line: int, record: Sequence[str]) -> None:
        key = self._column(record, "dispute")
        if self._column(record, "disputed") == "true" and not key:
            self.problems.append(make_problem("dispute-key-missing", self.path, line, "dispute"))
        if key:
            self._disputes[key].append(line)

    def _check_citations(self, line: int, record: Sequence[str]) -> None:
        cited, dated = record[self._sources_at], self._column(record, self.dated)
        # Rows repeat the same citations and dates: each pair is judged once.
        found = self._citations_seen.get((cited, dated))
        if found is None:
            found = self._judge_citations(cited, dated)
            if len(self._citations_seen) < CITATIONS_REMEMBERED:
                self._citations_seen[(cited, dated)] = found
        for code, column, params in found:
            self.problems.append(make_problem(code, self.path, line, column, **params))

    def _judge_citations(self, cell: str, dated: str) -> list[tuple[str, str, dict[str, object]]]:
        """The citation problems of a sources cell and its row's date, without their line."""
        publications = self.publications.known or {}
        found: list[tuple[str, str, dict[str, object]]] = []
        cited = [item.strip() for item in cell.split(self.delimiter) if item.strip()]
        known = [publications[item] for item in cited if item in publications]
        for item in cited:
            if item not in publications:
                found.append(
                    ("unknown-source", "sources", {"value": item, "sources_path": self.publications.path})
                )
        only_unreliable = (
            known and len(known) == len(cited) and all(p.reliability == DO_NOT_CITE for p in known)
        )
        if self.is_figure and only_unreliable:
            found.append(("do-not-cite-only", "sources", {"value": ", ".join(cited)}))
        as_of = parse_partial_date(dated)
        if as_of is None:
            return found
        for item in cited:
            publication = publications.get(item)
            last = publication.last_possible_day if publication else None
            if publication is not None and last is not None and as_of[0] > last:
                params: dict[str, object] = {
                    "as_of": as_of[0].isoformat(),
                    "source": item,
                    "published": publication.published,
                }
                found.append(("as-of-after-publication", self.dated, params))
        return found

    def _collect_publication(self, line: int, record: Sequence[str]) -> None:
        published = self._column(record, "published")
        span = parse_partial_date(published)
        self._collected[self._column(record, "id")] = Publication(
            reliability=self._column(record, "reliability"),
            published=published,
            last_possible_day=span[1] if span else None,
        )
        missing = [column for column in _INCOMPLETE if not self._column(record, column)]
        if missing:
            labels = {"url": _("address"), "title": _("title"), "published": _("date")}
            parts = ", ".join(labels[column] for column in missing)
            self.problems.append(
                make_problem("incomplete-source", self.path, line, missing[0], missing=parts)
            )


def translation_pairs(fields: dict[str, Any], columns: set[str]) -> list[tuple[str, str]]:
    """(text, its Spanish) field pairs that are optional, so the schema does not already pair them.

    ``note`` pairs with ``note_es``; ``date_text_en`` with ``date_text_es``. Required
    pairs (``name_en``, ``name_es``) are already both present in every row.
    """
    pairs = []
    for name in sorted(fields):
        if not name.endswith(SPANISH) or name not in columns:
            continue
        stem = name[: -len(SPANISH)]
        original = next((c for c in (stem, stem + "_en") if c in fields and c in columns), None)
        required = fields[name].get("constraints", {}).get("required")
        if original is not None and not required:
            pairs.append((original, name))
    return pairs
