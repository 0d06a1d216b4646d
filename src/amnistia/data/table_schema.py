"""What Table Schema says, checked by frictionless, located by physical line.

Only files that are UTF-8, well-formed CSV and carry the schema's header reach
frictionless; the rest already have a clearer problem of their own. Each
frictionless error becomes a catalogue problem in plain language.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from frictionless import Package

from amnistia.data.catalogue import make_problem
from amnistia.data.problems import Problem
from amnistia.data.reader import Table
from amnistia.i18n import N_, _

_CONSTRAINT = re.compile(r'constraint "(\w+)"')
_OTHER_ROW = re.compile(r"row at position (\d+)")

_TYPE_WORDS = {
    "integer": (
        N_("a whole number"),
        N_(
            "write digits only, with no thousands separators, spaces or words "
            "(3200, not 3,200); put words such as 'about' in the qualifier column"
        ),
    ),
    "number": (N_("a number"), N_("write digits with a dot for decimals, no thousands separators")),
    "date": (
        N_("a date written YYYY-MM-DD"),
        N_("write the date as year-month-day, e.g. 2026-02-19; leave the cell empty when unknown"),
    ),
    "boolean": (N_("true or false"), N_("write true or false")),
    "list": (N_("a list"), N_("separate the items with semicolons and no spaces")),
}


def check_table_schema(
    package: Package, name: str, table: Table, schema: dict[str, Any], paths: dict[str, str]
) -> Iterator[Problem]:
    """Validate one resource with frictionless; yield its errors as problems."""
    fields = {f["name"]: f for f in schema.get("fields", [])}
    report = package.get_resource(name).validate()
    for task in report.tasks:
        for error in task.errors:
            row = getattr(error, "row_number", None)
            if row is not None and row - 1 in table.ragged:
                continue  # the ragged or blank row was already reported
            problem = _translate(error, table, fields, schema, paths)
            if problem is not None:
                yield problem


def _translate(
    error: Any,
    table: Table,
    fields: dict[str, dict[str, Any]],
    schema: dict[str, Any],
    paths: dict[str, str],
) -> Problem | None:
    kind = error.type
    line = table.line_of_record(getattr(error, "row_number", 0) or 0)
    path = table.path
    name = getattr(error, "field_name", "") or ""
    field = fields.get(name, {})
    description = _(str(field.get("description", N_("see the data dictionary"))))
    cell = str(getattr(error, "cell", ""))
    if kind == "type-error":
        expected, how = _TYPE_WORDS.get(str(field.get("type")), (str(field.get("type")), description))
        return make_problem("type-error", path, line, name, value=cell, expected=_(expected), how=_(how))
    if kind == "constraint-error":
        found = _CONSTRAINT.search(str(error.note))
        constraint = found.group(1) if found else "constraint"
        limits = field.get("constraints", {})
        if constraint == "required":
            return make_problem("required", path, line, name, description=_lower_first(description))
        if constraint == "enum":
            allowed = ", ".join(str(v) for v in limits.get("enum", []))
            return make_problem("enum", path, line, name, value=cell, allowed=allowed)
        if constraint in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
            code = "minimum" if "inimum" in constraint else "maximum"
            return make_problem(
                code,
                path,
                line,
                name,
                value=cell,
                limit=limits.get(constraint),
                description=description,
            )
        if constraint in ("minLength", "maxLength"):
            rule = f"{constraint} {limits.get(constraint)}"
            return make_problem("length", path, line, name, value=cell, rule=rule, description=description)
        return make_problem("pattern", path, line, name, value=cell, description=description)
    if kind in ("unique-error", "primary-key"):
        keys = schema.get("primaryKey", [])
        key_fields = [name] if name else (keys if isinstance(keys, list) else [keys])
        cells = list(getattr(error, "cells", []))
        header = table.header
        values = [cells[header.index(k)] for k in key_fields if k in header and header.index(k) < len(cells)]
        other = _OTHER_ROW.search(str(error.note))
        other_line = table.line_of_record(int(other.group(1))) if other else "another line"
        return make_problem(
            "unique",
            path,
            line,
            ",".join(key_fields),
            value=",".join(values),
            other_line=other_line,
        )
    if kind == "foreign-key":
        names = list(getattr(error, "field_names", []))
        target_name = getattr(error, "reference_name", "") or ""
        columns = ", ".join(getattr(error, "reference_field_names", []))
        target = f"the {columns} column of {paths.get(target_name, path)}"
        value = ",".join(str(v) for v in getattr(error, "field_cells", []))
        return make_problem("foreign-key", path, line, ",".join(names), value=value, target=target)
    if kind in ("missing-cell", "extra-cell", "blank-row"):
        return None  # csvtext reports these with the cell counts
    return make_problem("table-error", path, line, name, detail=_lower_first(str(error.message)))


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]
