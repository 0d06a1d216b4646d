"""Honesty checks on claims: every figure as reported, cited, and dated sanely.

These encode the project's editorial rules rather than Table Schema:
a qualifier needs a value and a range both ends; every cited publication must
exist and at least one must be citable; a figure cannot describe a day after
the publication that reports it, nor a period that starts after its as-of
date; disputed dates come in pairs; a note has its Spanish translation (and a
translation its note), since Spanish readers see only the translation.

They run in the same single pass as every other check, a batch of rows at a
time; most are judged once per distinct combination of the cells they read
(batches.py). What they keep across rows is small: one Publication per source, and the lines of the
rows that share a dispute key. The sources table is read before the tables
that cite it (see package.py), so its publications are known when they are.
"""

from __future__ import annotations

import datetime as dt
import operator
import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from amnistia.data.batches import Batch, add_in_line_order, judge_distinct, lines_with
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


BatchCheck = Callable[[Batch, list[Problem]], None]
"""One editorial check of a batch of records, adding its problems to the list."""
Judged = list[tuple[str, str, dict[str, object]]]
"""(code, column, message parameters) of each problem some cells have, before it has a line."""


@dataclass
class TableClaims:
    """The editorial checks of one table, fed its rows a batch at a time."""

    name: str
    path: str
    header: list[str]
    schema: dict[str, Any]
    publications: Publications
    problems: list[Problem] = field(default_factory=ProblemList)
    _disputes: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    _collected: dict[str, Publication] = field(default_factory=dict)

    def __post_init__(self) -> None:
        fields = {f["name"]: f for f in self.schema.get("fields", [])}
        columns = set(self.header)
        self._index = {name: number for number, name in enumerate(self.header)}
        # Most checks read a few cells of a row and nothing else: judged once per distinct value.
        self.checks: list[BatchCheck] = []
        if {"qualifier", "value"} <= fields.keys():
            self.checks.append(self._distinct(("qualifier", "value", "value_high"), self._judge_values))
        if "part_of" in fields and "id" in columns:
            self.checks.append(self._check_part_of)
        if {"period_start", "as_of"} <= columns:
            self.checks.append(self._distinct(("period_start", "as_of"), _judge_period))
        if "dispute" in fields and "disputed" in fields:
            self.checks.append(self._check_disputes)
        citing = fields.get("sources", {})
        if self.name != SOURCES and citing.get("type") == "list" and self.publications.known is not None:
            self.delimiter = str(citing.get("delimiter", ","))
            # A figure must never rest on do-not-cite sources alone; a disputed
            # date may cite one, so readers see where a circulating date comes from.
            self.is_figure = "value" in fields
            self.dated = "as_of" if "as_of" in columns else "date"
            self.checks.append(self._distinct(("sources", self.dated), self._judge_citations))
        if self.name == SOURCES:
            self.checks.append(self._collect_publications)
        # Both columns of a pair are in the header (translation_pairs looks there).
        self._translations = translation_pairs(fields, columns)
        if self._translations:
            names = tuple(name for pair in self._translations for name in pair)
            self.checks.append(self._distinct(names, self._judge_translations))

    def check_batch(self, batch: Batch) -> None:
        found: list[Problem] = []
        for check in self.checks:
            check(batch, found)
        add_in_line_order(self.problems, found)

    def finish(self, readable: bool) -> list[Problem]:
        """The problems that need every row (lonely disputes), then all of this table's."""
        for key, lines in self._disputes.items():
            if len(lines) == 1:
                self.problems.append(make_problem("dispute-alone", self.path, lines[0], "dispute", value=key))
        if self.name == SOURCES and readable:
            self.publications.known = self._collected
        return self.problems

    def _cells(self, names: Sequence[str], batch: Batch) -> list[tuple[str, ...]]:
        """Each row's cells of ``names``, as a tuple; a column the table lacks reads as empty."""
        empty = ("",) * len(batch.lines)
        columns = [batch.columns[self._index[n]] if n in self._index else empty for n in names]
        return list(zip(*columns, strict=True))

    def _distinct(self, names: Sequence[str], judge: Callable[[tuple[str, ...]], Judged]) -> BatchCheck:
        """A check of the cells ``names`` alone, judged once per distinct combination (batches.py)."""
        good, path = set[tuple[str, ...]](), self.path

        def check(batch: Batch, found: list[Problem]) -> None:
            cells = self._cells(names, batch)
            if good.issuperset(cells):
                return
            wrong = judge_distinct(cells, good, judge)
            for line, judged in lines_with(wrong, cells, batch.lines):
                found.extend(
                    make_problem(code, path, line, column, **params) for code, column, params in judged
                )

        return check

    def _column(self, record: Sequence[str], name: str) -> str:
        """A cell by column name; a column the table lacks reads as empty."""
        number = self._index.get(name)
        return record[number] if number is not None else ""

    def _judge_values(self, cells: tuple[str, ...]) -> Judged:
        qualifier, low, high = cells
        found: Judged = []
        if qualifier and not low:
            found.append(("qualifier-without-value", "value", {"qualifier": qualifier}))
        if qualifier in RANGES:
            if not high:
                found.append(("range-incomplete", "value_high", {"missing": "value_high"}))
            elif low.isdigit() and high.isdigit() and int(low) > int(high):
                found.append(("range-reversed", "value_high", {"low": low, "high": high}))
        elif high:
            found.append(
                ("high-without-range", "value_high", {"high": high, "qualifier": qualifier or "empty"})
            )
        return found

    def _judge_translations(self, cells: tuple[str, ...]) -> Judged:
        found: Judged = []
        for number, (original, translation) in enumerate(self._translations):
            has_original = bool(cells[2 * number].strip())
            if has_original != bool(cells[2 * number + 1].strip()):
                empty, written = (translation, original) if has_original else (original, translation)
                found.append(("translation-missing", empty, {"written": written, "empty": empty}))
        return found

    def _check_part_of(self, batch: Batch, found: list[Problem]) -> None:
        part_of, own = batch.columns[self._index["part_of"]], batch.columns[self._index["id"]]
        if not any(map(operator.eq, part_of, own)):
            return
        for line, part, row_id in zip(batch.lines, part_of, own, strict=True):
            if part and part == row_id:
                found.append(make_problem("part-of-itself", self.path, line, "part_of"))

    def _check_disputes(self, batch: Batch, found: list[Problem]) -> None:
        cells = self._cells(("dispute", "disputed"), batch)
        if all(not key and disputed != "true" for key, disputed in set(cells)):
            return
        for line, (key, disputed) in zip(batch.lines, cells, strict=True):
            if disputed == "true" and not key:
                found.append(make_problem("dispute-key-missing", self.path, line, "dispute"))
            if key:
                self._disputes[key].append(line)

    def _judge_citations(self, cells: tuple[str, ...]) -> Judged:
        """The citation problems of a sources cell and its row's date."""
        cell, dated = cells
        publications = self.publications.known or {}
        found: Judged = []
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

    def _collect_publications(self, batch: Batch, found: list[Problem]) -> None:
        for line, record in zip(batch.lines, batch.records, strict=True):
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
                found.append(make_problem("incomplete-source", self.path, line, missing[0], missing=parts))


def _judge_period(cells: tuple[str, ...]) -> Judged:
    start, as_of = cells
    # Plain YYYY-MM-DD dates compare as text; any other form has its own problem.
    if start and as_of and start > as_of and _PLAIN_DATE.fullmatch(start) and _PLAIN_DATE.fullmatch(as_of):
        return [("period-after-as-of", "period_start", {"start": start, "as_of": as_of})]
    return []


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
