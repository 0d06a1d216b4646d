"""One pass over one table: every cell, key and claim checked as its row is read.

Each field's checks are compiled once: the editorial ones (cells.py) first,
then Table Schema's (field_rules.py), so a reader sees the clearer problem
when a cell has two. The rows come in batches (reader.py), and each column
of a batch is checked at once: its distinct cells are judged, not every
cell, and a cell already found good is not judged again (batches.py); most
columns repeat a few values (a measure, a date, a counter). Free text, where
every cell differs, is looked at by string methods mapped over the column.

Free text is private. A field is free text when it is a string of the
default format with no enum and no pattern, and is not part of a primary or
foreign key (those hold identifiers): a note, a quote, a name, a title. A
note may hold what a source said about a detained person, so a problem in
such a cell names its place and the rule it breaks, and quotes at most a
few characters around the offending one (a formula's first characters),
never the cell; in every output format alike. Values of the other fields
(numbers, dates, ids, allowed words) are short and are quoted as found.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import compress, filterfalse, repeat
from typing import Any

from amnistia.data.batches import Batch, add_in_line_order, first_characters, judge_distinct, lines_with
from amnistia.data.catalogue import make_problem
from amnistia.data.cells import FORMULA_STARTS, RISKY_TEXT, compile_cell_rules, is_partial_date
from amnistia.data.claims import TableClaims
from amnistia.data.field_rules import Explain, FieldRules, Finding, compile_field
from amnistia.data.keys import TableKeys, key_fields
from amnistia.data.problems import Problem, ProblemList
from amnistia.data.reader import CsvStream, Table


@dataclass(frozen=True)
class CellCheck:
    """How one column is checked: a quick yes for most cells, and the explanation of the rest."""

    index: int
    name: str
    explain: Explain
    plain_text: bool
    """Free text whose only rules are the formula check and, maybe, required: no cache needed."""
    required: bool
    private: bool
    """Free text: its problems never quote the cell."""
    known_good: set[str] = field(default_factory=set)
    """Cells already found good (up to batches.GOOD_REMEMBERED of them)."""
    quick: Callable[[Sequence[str]], Iterable[str]] | None = None
    """For columns whose every cell differs (ids): the cells a quick yes cannot pass; see _quick_pass."""


_FORMULA_FIRSTS = frozenset(FORMULA_STARTS)
"""Every formula trigger is one character: a set of the cells' first ones tells at once."""


def compile_rules(schema: dict[str, Any]) -> dict[str, FieldRules]:
    """Each field's Table Schema rules, by field name."""
    missing = [str(v) for v in schema.get("missingValues", [""])]
    keys = _key_field_names(schema)
    return {
        str(f["name"]): compile_field(f, missing, private=is_free_text(f) and str(f["name"]) not in keys)
        for f in schema.get("fields", [])
    }


def is_free_text(field: dict[str, Any]) -> bool:
    """A string of the default format that no enum or pattern constrains."""
    limits = field.get("constraints", {})
    return (
        field.get("type", "string") == "string"
        and field.get("format", "default") in ("default", "fmt:default")
        and "enum" not in limits
        and "pattern" not in limits
    )


def _key_field_names(schema: dict[str, Any]) -> set[str]:
    names = set(key_fields(schema.get("primaryKey", [])))
    for key in schema.get("foreignKeys", []):
        if isinstance(key, dict):
            names.update(key_fields(key.get("fields")))
    return names


def compile_checks(
    schema: dict[str, Any],
    header: list[str],
    rules: Mapping[str, FieldRules],
    today: dt.date,
    hidden_formulas: bool = True,
) -> list[CellCheck]:
    """The checks of every column that has any, in column order."""
    fields = {str(f["name"]): f for f in schema.get("fields", [])}
    checks = []
    for index, name in enumerate(header):
        descriptor, rule = fields[name], rules[name]
        editorial = compile_cell_rules(descriptor, today, hidden_formulas)
        explain = _both(editorial, rule.explain)
        required = bool(descriptor.get("constraints", {}).get("required"))
        plain = _is_plain_text(descriptor, rule)
        quick = _quick_pass(descriptor, rule, hidden_formulas)
        checks.append(CellCheck(index, name, explain, plain, required, rule.private, quick=quick))
    return checks


def _quick_pass(
    field: dict[str, Any], rule: FieldRules, hidden_formulas: bool
) -> Callable[[Sequence[str]], Iterable[str]] | None:
    """For a string column whose only rule is a pattern (an id): a match means nothing to explain.

    Ids never repeat, so the known-good cells never help them, and explaining
    each one (editorial rules, then Table Schema's) is the costliest part of a
    row. A non-empty cell that matches the pattern and holds no formula
    trigger passes every rule such a column has; only the others are explained.
    """
    limits = field.get("constraints", {})
    if (
        "pattern" not in limits
        or not _string_limited_to(field, rule, {"required", "unique", "pattern"})
        or is_partial_date(field)  # its month and day are checked beyond the pattern
    ):
        return None
    matches = re.compile(str(limits["pattern"])).fullmatch
    risky = RISKY_TEXT.search if hidden_formulas else None

    def needing_explanation(cells: Sequence[str]) -> list[str]:
        odd = list(filterfalse(matches, cells))
        if "" in cells:
            odd.append("")
        if not _FORMULA_FIRSTS.isdisjoint(first_characters(cells)):
            odd += compress(cells, map(str.startswith, cells, repeat(FORMULA_STARTS)))
        if risky is not None:
            odd += filter(risky, cells)
        return odd

    return needing_explanation


def _both(first: Explain | None, then: Explain) -> Explain:
    if first is None:
        return then

    def explain(cell: str) -> list[Finding]:
        return first(cell) + then(cell)

    return explain


def _is_plain_text(field: dict[str, Any], rule: FieldRules) -> bool:
    return _string_limited_to(field, rule, {"required", "unique"})


def _string_limited_to(field: dict[str, Any], rule: FieldRules, constraints: set[str]) -> bool:
    """A string of the default format (not an address), missing only when empty, with no
    constraint but ``constraints``: the columns whose checks can be shortened."""
    return (
        field.get("type", "string") == "string"
        and field.get("format", "default") == "default"
        and set(field.get("constraints", {})) <= constraints
        and rule.missing == frozenset([""])
        and field.get("name") != "url"
    )


def check_rows(
    stream: CsvStream,
    checks: list[CellCheck],
    keys: TableKeys,
    claims: TableClaims,
    kept: Table | None,
) -> list[Problem]:
    """Read every record of ``stream`` once; return the problems of its cells and keys.

    The claims' problems stay in ``claims``; ``kept`` (when given) receives
    every well-formed record, for the build.
    """
    problems: list[Problem] = ProblemList()
    path, hidden = stream.path, stream.hidden_formulas
    text = [check for check in checks if check.plain_text]
    others = [check for check in checks if not check.plain_text]
    for lines, records in stream.batches():
        batch = Batch(lines, records)
        found: list[Problem] = []
        for check in text:
            _check_text(check, path, batch, hidden, found)
        for check in others:
            _check_values(check, path, batch, found)
        if keys.active:
            keys.check_batch(batch, found)
        if claims.checks:
            claims.check_batch(batch)
        add_in_line_order(problems, found)
        if kept is not None:
            kept.records.extend(records)
            kept.lines.extend(lines)
    return problems


def _check_text(check: CellCheck, path: str, batch: Batch, hidden: bool, found: list[Problem]) -> None:
    """Free text: every cell differs, so each is looked at (by map, at C speed) rather than judged."""
    cells = batch.columns[check.index]
    required = check.required
    if not (
        not _FORMULA_FIRSTS.isdisjoint(first_characters(cells))
        or (required and "" in cells)
        or (hidden and any(map(RISKY_TEXT.search, cells)))
    ):
        return
    for line, cell in zip(batch.lines, cells, strict=True):
        if cell.startswith(FORMULA_STARTS) or (required and not cell) or (hidden and RISKY_TEXT.search(cell)):
            _report(found, path, line, check, check.explain(cell))


def _check_values(check: CellCheck, path: str, batch: Batch, found: list[Problem]) -> None:
    """Any other column: its distinct cells judged once (batches.py), after the quick yes for ids."""
    cells = batch.columns[check.index]
    if check.known_good.issuperset(cells):
        return  # the usual batch: nothing new in this column
    unknown: Iterable[str] = cells if check.quick is None else check.quick(cells)
    wrong = judge_distinct(unknown, check.known_good, check.explain)
    for line, findings in lines_with(wrong, cells, batch.lines):
        _report(found, path, line, check, findings)


def _report(found: list[Problem], path: str, line: int, check: CellCheck, findings: list[Finding]) -> None:
    for code, params in findings:
        found.append(make_problem(code, path, line, check.name, private=check.private, **params))
