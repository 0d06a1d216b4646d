"""One pass over one table: every cell, key and claim checked as its row is read.

Each field's checks are compiled once: the editorial ones (cells.py) first,
then Table Schema's (field_rules.py), so a reader sees the clearer problem
when a cell has two. A cell already found good is not checked again: most
columns repeat a few values (a measure, a date, a counter), and a set lookup
is the cheapest check there is.

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
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from amnistia.data.catalogue import make_problem
from amnistia.data.cells import FORMULA_STARTS, RISKY_TEXT, compile_cell_rules, is_partial_date
from amnistia.data.claims import TableClaims
from amnistia.data.field_rules import Explain, FieldRules, Finding, compile_field
from amnistia.data.keys import TableKeys, key_fields
from amnistia.data.problems import Problem, ProblemList
from amnistia.data.reader import CsvStream, Table

KNOWN_GOOD_LIMIT = 10_000
"""Good cells remembered per field: enough for every repeated value, bounded for free text."""


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
    """Cells already found good (up to KNOWN_GOOD_LIMIT of them)."""
    quick: Callable[[str], bool] | None = None
    """A yes that needs no explaining, for columns whose every cell differs (ids): see _quick_yes."""


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
        quick = _quick_yes(descriptor, rule, hidden_formulas)
        checks.append(CellCheck(index, name, explain, plain, required, rule.private, quick=quick))
    return checks


def _quick_yes(
    field: dict[str, Any], rule: FieldRules, hidden_formulas: bool
) -> Callable[[str], bool] | None:
    """For a string column whose only rule is a pattern (an id): a match means nothing to explain.

    Ids never repeat, so the known-good cache never helps them, and explaining
    each one (editorial rules, then Table Schema's) is the costliest part of a
    row. A non-empty cell that matches the pattern and holds no formula
    trigger passes every rule such a column has; anything else is explained.
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

    def quick(cell: str) -> bool:
        return (
            bool(cell)
            and matches(cell) is not None
            and not cell.startswith(FORMULA_STARTS)
            and (risky is None or risky(cell) is None)
        )

    return quick


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
    constraint but ``constraints``: the columns whose checks the hot loop can shorten."""
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
    path = stream.path
    # The loop is the hot path of validation: a million rows of sixteen cells.
    text = [(check.index, check.required, check) for check in checks if check.plain_text]
    others = [(check.index, check.known_good, check.quick, check) for check in checks if not check.plain_text]
    check_keys = keys.check if keys.active else None
    check_claims = claims.check if claims.checks else None
    hidden, risky, starts = stream.hidden_formulas, RISKY_TEXT.search, FORMULA_STARTS
    for line, record in stream.records():
        for index, required, check in text:
            cell = record[index]
            if cell.startswith(starts) or (required and not cell) or (hidden and risky(cell)):
                _report(problems, path, line, check, cell)
        for index, good, quick, check in others:
            cell = record[index]
            if (
                cell not in good
                and not (quick is not None and quick(cell))
                and not _report(problems, path, line, check, cell)
                and len(good) < KNOWN_GOOD_LIMIT
            ):
                good.add(cell)
        if check_keys is not None:
            check_keys(line, record, problems)
        if check_claims is not None:
            check_claims(line, record)
        if kept is not None:
            kept.records.append(record)
            kept.lines.append(line)
    return problems


def _report(problems: list[Problem], path: str, line: int, check: CellCheck, cell: str) -> bool:
    """Append what is wrong with ``cell``; whether anything was."""
    found = check.explain(cell)
    for code, params in found:
        problems.append(make_problem(code, path, line, check.name, private=check.private, **params))
    return bool(found)
