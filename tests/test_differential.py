"""Our engine and frictionless find the same problems, cell for cell.

frictionless is the reference: both engines validate the same inputs and
must report the same (file, physical line, field, code) for everything both
can see. What only we can see (non-UTF-8 files, unterminated quotes, the
editorial rules) is listed here by name, so a new difference is a failure,
not a silent drift.

Known, deliberate differences, which the inputs below avoid:
- a ragged row (too few or too many cells) is reported once, for its cell
  count; frictionless also checks its other cells;
- a file we cannot read (or whose header does not match) gets one problem,
  and keys into it are not checked; frictionless reports every such key.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import random
import shutil
from pathlib import Path
from typing import Any

import pytest
from frictionless import Field

from amnistia.benchmarks.findings import (
    OURS_ONLY,
    Finding,
    comparable,
    frictionless_findings,
    our_findings,
)
from amnistia.data.field_rules import compile_field
from differential_support import write_package
from support import MINI, ROOT
from test_strict_inputs import CASES as STRICT_CASES
from test_strict_inputs import CELL_CASES
from test_validate_bad_inputs import CASES

TODAY = dt.date(2026, 12, 1)
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "frictionless"

# Bad inputs whose problem only we report although its code is a Table Schema one.
OURS_ALONE: dict[str, set[Finding]] = {
    # "2026-13" matches the published column's pattern; only our partial-date rule
    # (cells.py) knows there is no 13th month.
    "bad-month-published": {("datasets/sources.csv", 3, "published", "type-error")},
    # Python's strptime and int(), and so frictionless, read these; the plain
    # forms are our rule (cells.py): zero-padded ASCII dates, plain ASCII digits.
    **{
        case: {("datasets/releases.csv", 2, "as_of", "type-error")}
        for case in ("date-not-zero-padded", "date-in-fullwidth-digits")
    },
    **{
        case: {("datasets/releases.csv", 2, "value", "type-error")}
        for case in (
            "count-with-plus-sign",
            "count-with-leading-space",
            "count-with-trailing-space",
            "count-with-leading-zero",
            "count-in-fullwidth-digits",
            "count-in-arabic-indic-digits",
            "count-with-underscore",
            "count-with-minus-zero",
            "negative-count",
        )
    },
}
# The same cell, named by another rule: a count takes no sign, so we name the
# sign where frictionless, which reads -91, names the minimum.
THEIRS_NAMED_OTHERWISE: dict[str, set[Finding]] = {
    "negative-count": {("datasets/releases.csv", 2, "value", "minimum")},
}
# A file we cannot use is one problem; frictionless also reports every key into it.
CASCADES = {"empty-file": "datasets/counters.csv"}

ROW_CASES = [case for case in CASES if not case[2].startswith("datapackage.json")]
ROW_CASES += [case for case in STRICT_CASES if case[0] in CELL_CASES]


def _mini(tmp_path: Path) -> Path:
    folder = tmp_path / "package"
    shutil.copytree(MINI, folder)
    shutil.copy(ROOT / "datapackage.json", folder / "datapackage.json")
    return folder


@pytest.mark.parametrize(
    ("breaker", "location", "code"), [c[1:] for c in ROW_CASES], ids=[c[0] for c in ROW_CASES]
)
def test_every_bad_input_is_found_by_both_or_listed_as_ours(
    request: pytest.FixtureRequest, tmp_path: Path, breaker: Any, location: str, code: str
) -> None:
    case = request.node.callspec.id
    folder = _mini(tmp_path)
    breaker(folder)
    ours_all = our_findings(folder, TODAY)
    theirs = frictionless_findings(folder) - THEIRS_NAMED_OTHERWISE.get(case, set())
    ours = comparable(ours_all) - OURS_ALONE.get(case, set()) - THEIRS_NAMED_OTHERWISE.get(case, set())

    assert any(
        ":".join(filter(None, [p, str(line), f])) == location and c == code for p, line, f, c in ours_all
    )
    if case in CASCADES:
        extra = theirs - ours
        assert extra and all(f[3] == "foreign-key" for f in extra), extra
        theirs -= extra
    assert ours == theirs, f"only ours: {sorted(ours - theirs)}; only frictionless: {sorted(theirs - ours)}"
    if code in OURS_ONLY or case in OURS_ALONE:
        assert not any(f[1:3] == tuple(location.split(":")[1:3]) for f in theirs if f[3] == code)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_generated_packages_with_seeded_errors_agree(tmp_path: Path, seed: int) -> None:
    seeded = write_package(tmp_path, rows=300, seed=seed)
    ours = comparable(our_findings(tmp_path, TODAY))
    theirs = frictionless_findings(tmp_path)

    assert ours == theirs, f"only ours: {sorted(ours - theirs)}; only frictionless: {sorted(theirs - ours)}"
    kinds = {f[3] for f in theirs}
    assert kinds >= {"type-error", "required", "enum", "pattern", "minimum", "maximum", "length"}
    assert kinds >= {"unique", "foreign-key"}
    assert len(theirs) >= len(seeded)


def test_ragged_and_blank_rows_agree(tmp_path: Path) -> None:
    write_package(tmp_path, rows=60, seed=4, errors_per_kind=1)
    people = tmp_path / "data" / "people.csv"
    with people.open(encoding="utf-8", newline="") as handle:
        records = list(csv.reader(handle))
    records.insert(5, [])  # a blank row
    records.insert(9, ["p9000", "1"])  # too few cells
    records[12] = [*records[12], "surplus"]  # too many
    with people.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(records)
    ours = comparable(our_findings(tmp_path, TODAY))
    theirs = frictionless_findings(tmp_path)

    assert ours == theirs, f"only ours: {sorted(ours - theirs)}; only frictionless: {sorted(theirs - ours)}"
    assert {"blank-row", "missing-cell", "extra-cell"} <= {f[3] for f in ours}


def _key_lists(schema: dict[str, Any]) -> None:
    """Keys as the Tabular Data Resource profile writes them: lists of field names."""
    if isinstance(schema.get("primaryKey"), str):
        schema["primaryKey"] = [schema["primaryKey"]]
    for key in schema.get("foreignKeys", []):
        for holder in (key, key["reference"]):
            if isinstance(holder["fields"], str):
                holder["fields"] = [holder["fields"]]


def _frictionless_example(tmp_path: Path, name: str) -> Path:
    folder = tmp_path / name
    if (FIXTURES / name).is_dir():
        shutil.copytree(FIXTURES / name, folder)
        descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    else:
        folder.mkdir()
        shutil.copy(FIXTURES / f"{name}.csv", folder / f"{name}.csv")
        schema = json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))
        descriptor = {"name": name, "resources": [{"name": name, "path": f"{name}.csv", "schema": schema}]}
    for resource in descriptor["resources"]:
        _key_lists(resource["schema"])
    (folder / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("invalid", {("data.csv", 3, "", "blank-row"), ("data2.csv", 4, "", "blank-row")}),
        ("unique-field", {("unique-field.csv", 10, "id", "unique")}),
    ],
)
def test_frictionless_example_data_agrees(tmp_path: Path, name: str, expected: set[Finding]) -> None:
    folder = _frictionless_example(tmp_path, name)
    ours = comparable(our_findings(folder, TODAY))
    theirs = frictionless_findings(folder)

    assert ours == theirs == expected


# Every type and format the engine compiles, and every constraint, one field each.
FIELDS: list[dict[str, Any]] = [
    {"type": "string", "constraints": {"required": True, "pattern": "[a-z]+(-[a-z]+)*"}},
    {"type": "string", "constraints": {"minLength": 2, "maxLength": 4, "enum": ["ab", "abc", "x"]}},
    {"type": "string", "format": "binary"},
    {"type": "integer", "constraints": {"minimum": -5, "maximum": 100, "enum": [0, 1, 7, 101]}},
    {"type": "integer", "bareNumber": False},
    {"type": "number", "constraints": {"exclusiveMinimum": 0, "exclusiveMaximum": 10}},
    {"type": "number", "groupChar": ",", "decimalChar": "."},
    {"type": "number", "decimalChar": ",", "groupChar": " "},
    {"type": "boolean"},
    {"type": "boolean", "trueValues": ["yes", "Y"], "falseValues": ["no"], "constraints": {"enum": [True]}},
    {"type": "date", "constraints": {"minimum": "2000-01-01", "maximum": "2030-12-31"}},
    {"type": "date", "format": "%d/%m/%Y"},
    {"type": "datetime"},
    {"type": "time"},
    {"type": "year", "constraints": {"minimum": 1999}},
    {"type": "yearmonth"},
    {"type": "list", "delimiter": ";", "constraints": {"minLength": 1, "maxLength": 2}},
    {"type": "list", "itemType": "integer"},
    {"type": "duration"},
    {"type": "any", "constraints": {"required": True}},
]
CELLS = [
    "",
    " ",
    "0",
    "1",
    "7",
    "-5",
    "-6",
    "+3",
    " 12 ",
    "1_000",
    "101",
    "1.5",
    "0.0",
    "10",
    "9.99",
    "1e3",
    "NaN",
    "Infinity",
    "1,234.5",
    "1 234,5",
    "12,5",
    "$12",
    "12%",
    "true",
    "True",
    "TRUE",
    "yes",
    "Y",
    "no",
    "false",
    "2026-02-24",
    "2026-2-4",
    "2026-02-30",
    "1999-12-31",
    "2031-01-01",
    "24/02/2026",
    "31/02/2026",
    "2026-02-24T10:30:00",
    "2026-02-24T10:30:00Z",
    "2026-02-24T10:30:00+02:00",
    "2026-02-24 10:30",
    "10:30:00",
    "10:30",
    "25:00:00",
    "1999",
    "2026",
    "026",
    "2026-02",
    "2026-13",
    "a",
    "ab",
    "abc",
    "abcde",
    "a-b",
    "A",
    "a--b",
    "x",
    "a;b",
    "a;b;c",
    "1,2,3",
    "1,x",
    "P1Y2M",
    "PT5H",
    "P",
    "aGVsbG8=",
    "abc=",
]


def _their_codes(field: Field, cell: str) -> set[str]:
    _value, notes = field.read_cell(cell)
    codes = {"type": "type-error", "required": "required", "enum": "enum", "pattern": "pattern"}
    codes |= {"minimum": "minimum", "exclusiveMinimum": "minimum", "maximum": "maximum"}
    codes |= {"exclusiveMaximum": "maximum", "minLength": "length", "maxLength": "length"}
    return {codes[name] for name in (notes or {})}


@pytest.mark.parametrize("descriptor", FIELDS, ids=lambda d: "-".join(str(v) for v in d.values())[:40])
def test_each_type_and_constraint_reads_cells_as_frictionless_does(descriptor: dict[str, Any]) -> None:
    field = {"name": "f", **descriptor}
    theirs = Field.from_descriptor(field)
    ours = compile_field(field, [""])
    rng = random.Random(5)
    fuzzed = [
        "".join(rng.choice("0123456789-.,:;TZ aeyP/") for _ in range(rng.randrange(1, 12)))
        for _ in range(300)
    ]
    differing = {
        cell: (sorted({code for code, _ in ours.explain(cell)}), sorted(_their_codes(theirs, cell)))
        for cell in CELLS + fuzzed
        if {code for code, _ in ours.explain(cell)} != _their_codes(theirs, cell)
    }
    assert not differing, differing
