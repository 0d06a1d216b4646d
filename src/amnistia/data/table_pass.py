"""One pass over one table: every cell, key and claim checked as its row is read.

Each field's checks are compiled once: the editorial ones (cells.py) first,
then Table Schema's (field_rules.py), so a reader sees the clearer problem
when a cell has two. A cell already found good is not checked again: most
columns repeat a few values (a measure, a date, a counter), and a set lookup
is the cheapest check there is.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from amnistia.data.catalogue import make_problem
from amnistia.data.cells import FORMULA_STARTS, compile_cell_rules
from amnistia.data.claims import TableClaims
from amnistia.data.field_rules import Explain, FieldRules, Finding, compile_field
from amnistia.data.keys import TableKeys
from amnistia.data.problems import Problem
from amnistia.data.reader import CsvStream, Table

KNOWN_GOOD_LIMIT = 10_000
"""Good cells remembered per field: enough for every repeated value, bounded for free text."""


@dataclass(frozen=True)
class CellCheck:
    """How one column is checked: a fast yes, and the slow explanation when it says no."""

    index: int
    name: str
    passes: Callable[[str], bool]
    explain: Explain


def compile_rules(schema: dict[str, Any]) -> dict[str, FieldRules]:
    """Each field's Table Schema rules, by field name."""
    missing = [str(v) for v in schema.get("missingValues", [""])]
    return {str(f["name"]): compile_field(f, missing) for f in schema.get("fields", [])}


def compile_checks(
    schema: dict[str, Any], header: list[str], rules: Mapping[str, FieldRules], today: dt.date
) -> list[CellCheck]:
    """The checks of every column that has any, in column order."""
    fields = {str(f["name"]): f for f in schema.get("fields", [])}
    checks = []
    for index, name in enumerate(header):
        field, rule = fields[name], rules[name]
        editorial = compile_cell_rules(field, today)
        explain = _both(editorial, rule.explain)
        checks.append(CellCheck(index, name, _fast_path(field, rule, explain), explain))
    return checks


def _both(first: Explain | None, then: Explain) -> Explain:
    if first is None:
        return then

    def explain(cell: str) -> list[Finding]:
        return first(cell) + then(cell)

    return explain


def _fast_path(field: dict[str, Any], rule: FieldRules, explain: Explain) -> Callable[[str], bool]:
    """True when ``cell`` is fine; may be wrong only towards False (explain then decides)."""
    constraints = set(field.get("constraints", {}))
    plain_text = (
        field.get("type", "string") == "string"
        and field.get("format", "default") == "default"
        and constraints <= {"required", "unique"}
        and rule.missing == frozenset([""])
        and field.get("name") != "url"
    )
    if plain_text and field.get("constraints", {}).get("required"):
        return lambda cell: cell != "" and not cell.startswith(FORMULA_STARTS)
    if plain_text:
        return lambda cell: not cell.startswith(FORMULA_STARTS)
    known_good: set[str] = set()

    def passes(cell: str) -> bool:
        if cell in known_good:
            return True
        if explain(cell):
            return False
        if len(known_good) < KNOWN_GOOD_LIMIT:
            known_good.add(cell)
        return True

    return passes


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
    problems: list[Problem] = []
    path = stream.path
    columns = [(check.index, check.passes, check.explain, check.name) for check in checks]
    check_keys = keys.check if keys.active else None
    check_claims = claims.check if claims.checks else None
    for line, record in stream.records():
        for index, passes, explain, name in columns:
            cell = record[index]
            if not passes(cell):
                for code, params in explain(cell):
                    problems.append(make_problem(code, path, line, name, **params))
        if check_keys is not None:
            check_keys(line, record, problems)
        if check_claims is not None:
            check_claims(line, record)
        if kept is not None:
            kept.records.append(record)
            kept.lines.append(line)
    return problems
