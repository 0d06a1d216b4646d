"""What each engine finds in a package, as comparable (path, line, field, code) findings.

frictionless is the reference: its errors are mapped to our catalogue codes
and its row numbers (records, the header being 1) to the physical line each
record starts on, so the two engines can be compared cell for cell. Used by
the differential test and by ``make bench`` ("identical findings").
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from amnistia.data.package import load_and_validate
from amnistia.data.problems import Severity

Finding = tuple[str, int, str, str]
"""(path, physical line, field, catalogue code)."""

OURS_ONLY = frozenset(
    [
        # The strict reader: frictionless guesses encodings and forgives quotes.
        "encoding-error",
        "unterminated-quote",
        "csv-syntax",
        "byte-order-mark",
        "empty-file",
        "header-mismatch",
        "file-too-large",
        "utf-16",
        "wrong-delimiter",
        "text-after-quote",
        "lone-carriage-return",
        "mixed-line-endings",
        "control-character",
        "invisible-character",
        "not-nfc",
        "mojibake",
        "cell-too-large",
        "empty-table",
        "path-case-collision",
        "resource-hash-stale",
        # Editorial rules (cells.py and claims.py), which Table Schema cannot say.
        "formula-injection",
        "formula-after-separator",
        "period-after-as-of",
        "url-scheme",
        "date-out-of-range",
        "range-reversed",
        "range-incomplete",
        "high-without-range",
        "qualifier-without-value",
        "unknown-source",
        "do-not-cite-only",
        "as-of-after-publication",
        "translation-missing",
        "part-of-itself",
        "dispute-alone",
        "dispute-key-missing",
        "incomplete-source",
        "released-file-changed",
        "site-config",
    ]
)
"""Codes only our engine reports; the differential test names each one it sees."""

_ROW_SHAPE = frozenset(["missing-cell", "extra-cell", "blank-row"])
_CONSTRAINT = re.compile(r'constraint "(\w+)"')
_CONSTRAINT_CODES = {
    "required": "required",
    "enum": "enum",
    "pattern": "pattern",
    "minimum": "minimum",
    "exclusiveMinimum": "minimum",
    "maximum": "maximum",
    "exclusiveMaximum": "maximum",
    "minLength": "length",
    "maxLength": "length",
}


def our_findings(folder: Path, today: dt.date) -> set[Finding]:
    """Every error our engine reports, before the report keeps one problem per cell."""
    report, _loaded = load_and_validate(folder, today, keep_rows=False)
    return {(p.path, p.line, p.field, p.code) for p in report.problems if p.severity is Severity.ERROR}


def frictionless_findings(folder: Path) -> set[Finding]:
    """Every row error frictionless reports on the package in ``folder``, in our terms."""
    from frictionless import Package

    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    report = Package(descriptor, basepath=str(folder)).validate(limit_errors=100_000)
    found: set[Finding] = set()
    shaped: set[tuple[str, int, str]] = set()
    for task in report.tasks:
        path = str(task.place)
        path = path.removeprefix(str(folder)).lstrip("/")
        starts = record_lines(folder / path)
        schema = _schema_of(descriptor, task.name)
        findings = [_translate(error, path, starts, schema) for error in task.errors]
        # A row with the wrong cell count is reported once, for that (at its first
        # missing cell); what frictionless says of its other cells is not compared.
        ragged = {f[1] for f in findings if f is not None and f[3] in _ROW_SHAPE}
        for finding in findings:
            if finding is None or (finding[1] in ragged and finding[3] not in _ROW_SHAPE):
                continue
            if finding[3] == "missing-cell" and (path, finding[1], "missing-cell") in shaped:
                continue
            shaped.add((path, finding[1], finding[3]))
            found.add(finding)
    return found


def record_lines(file: Path) -> list[int]:
    """The physical line each record of ``file`` starts on, read leniently (index 0 = the header)."""
    starts = []
    with file.open(encoding="utf-8", errors="replace", newline="") as handle:
        reader = csv.reader(handle)
        consumed = 0
        for _record in reader:
            starts.append(consumed + 1)
            consumed = reader.line_num
    return starts


def _schema_of(descriptor: dict[str, Any], name: str) -> dict[str, Any]:
    for resource in descriptor.get("resources", []):
        if resource.get("name") == name:
            schema: dict[str, Any] = resource.get("schema", {})
            return schema
    return {}


def _translate(error: Any, path: str, starts: list[int], schema: dict[str, Any]) -> Finding | None:
    kind = error.type
    number = getattr(error, "row_number", None)
    if number is None:
        return None  # header and file errors: ours are located differently (header-mismatch)
    line = starts[number - 1] if 0 < number <= len(starts) else 0
    name = getattr(error, "field_name", "") or ""
    if kind == "type-error":
        return (path, line, name, "type-error")
    if kind == "constraint-error":
        found = _CONSTRAINT.search(str(error.note))
        return (path, line, name, _CONSTRAINT_CODES.get(found.group(1) if found else "", "table-error"))
    if kind == "unique-error":
        return (path, line, name, "unique")
    if kind == "primary-key":
        keys = schema.get("primaryKey", [])
        label = ",".join(keys if isinstance(keys, list) else [keys])
        code = "required" if "None" in str(error.note) else "unique"
        return (path, line, label, code)
    if kind == "foreign-key":
        return (path, line, ",".join(error.field_names), "foreign-key")
    if kind == "missing-cell":
        # frictionless reports each missing cell; we report the row once, at the first one.
        return (path, line, name, "missing-cell")
    if kind == "extra-cell":
        return (path, line, "", "extra-cell")
    if kind == "blank-row":
        return (path, line, "", "blank-row")
    return (path, line, name, kind)


def comparable(findings: Iterable[Finding]) -> set[Finding]:
    """Findings both engines can see: ours without the codes only we report."""
    return {f for f in findings if f[3] not in OURS_ONLY}
