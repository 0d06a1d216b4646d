"""Each bad input is caught: exit 1, the exact file:line:field, nothing written.

Every case starts from the small valid package in tests/fixtures/mini and
breaks one thing, the way a contributor's edit might.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from support import Result, invoke, snapshot

Breaker = Callable[[Path], str | None]


def set_cell(file: str, row_id: str, column: str, value: str) -> Breaker:
    """Write ``value`` into one cell, keeping the file otherwise as it was."""

    def breaker(folder: Path) -> None:
        path = folder / "datasets" / file
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
        column_index = rows[0].index(column)
        for row in rows:
            if row[0] == row_id:
                row[column_index] = value
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows(rows)
        path.write_text(out.getvalue(), encoding="utf-8")

    return breaker


def replace_text(file: str, old: str, new: str) -> Breaker:
    def breaker(folder: Path) -> None:
        path = folder / "datasets" / file
        text = path.read_text(encoding="utf-8")
        assert old in text, f"fixture changed: {old!r} not in {file}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return breaker


def replace_bytes(file: str, old: bytes, new: bytes) -> Breaker:
    def breaker(folder: Path) -> None:
        path = folder / "datasets" / file
        data = path.read_bytes()
        assert old in data
        path.write_bytes(data.replace(old, new, 1))

    return breaker


def edit_descriptor(change: Callable[[dict[str, Any]], str]) -> Breaker:
    """Change datapackage.json; the expected line is where the marker it returns lands."""

    def breaker(folder: Path) -> str:
        path = folder / "datapackage.json"
        data = json.loads(path.read_text(encoding="utf-8"))
        marker = change(data)
        text = json.dumps(data, indent=2, ensure_ascii=False)
        path.write_text(text, encoding="utf-8")
        return str(text[: text.index(marker)].count("\n") + 1)

    return breaker


def resource(data: dict[str, Any], name: str) -> dict[str, Any]:
    return next(r for r in data["resources"] if r["name"] == name)


def resource_index(data: dict[str, Any], name: str) -> int:
    return [r["name"] for r in data["resources"]].index(name)


def set_path(name: str, value: str) -> Breaker:
    def change(data: dict[str, Any]) -> str:
        resource(data, name)["path"] = value
        return json.dumps(value)

    return edit_descriptor(change)


def symlinked_file(folder: Path) -> None:
    target = folder / "datasets" / "counters.csv"
    moved = folder.parent / "elsewhere.csv"
    target.rename(moved)
    os.symlink(moved, target)


def unknown_type(data: dict[str, Any]) -> str:
    resource(data, "releases")["schema"]["fields"][10]["type"] = "strong"
    return '"strong"'


def missing_fk_resource(data: dict[str, Any]) -> str:
    resource(data, "releases")["schema"]["foreignKeys"][0]["reference"]["resource"] = "counterz"
    return '"counterz"'


def duplicate_resource_name(data: dict[str, Any]) -> str:
    resource(data, "detentions")["name"] = "releases"
    return '"name": "releases",\n      "path": "datasets/detentions.csv"'


def releases_index(data_path: Path) -> int:
    return resource_index(json.loads(data_path.read_text()), "releases")


R = "datasets/releases.csv"
S = "datasets/sources.csv"
D = "datasets/detentions.csv"
E = "datasets/events.csv"
C = "datasets/counters.csv"

# (case id, how to break the package, expected "path:line:field" (LINE = from the breaker), code)
CASES: list[tuple[str, Breaker, str, str]] = [
    (
        "thousands-separator",
        set_cell("releases.csv", "fp-2026-02-24-91", "value", "3,200"),
        f"{R}:2:value",
        "type-error",
    ),
    (
        "words-in-number",
        set_cell("releases.csv", "fp-2026-02-24-91", "value", "about 91"),
        f"{R}:2:value",
        "type-error",
    ),
    (
        "negative-count",
        set_cell("releases.csv", "fp-2026-02-24-91", "value", "-91"),
        f"{R}:2:value",
        "type-error",
    ),
    (
        "unknown-qualifier",
        set_cell("releases.csv", "fp-2026-02-24-91", "qualifier", "about"),
        f"{R}:2:qualifier",
        "enum",
    ),
    (
        "unknown-measure",
        set_cell("detentions.csv", "fp-2026-02-02-687", "measure", "prisoners"),
        f"{D}:2:measure",
        "enum",
    ),
    (
        "missing-counter",
        set_cell("releases.csv", "fp-2026-02-24-91", "counter", ""),
        f"{R}:2:counter",
        "required",
    ),
    (
        "unknown-counter",
        set_cell("releases.csv", "fp-2026-02-24-91", "counter", "foro"),
        f"{R}:2:counter",
        "foreign-key",
    ),
    (
        "duplicate-id",
        set_cell("releases.csv", "founding-444-450", "id", "fp-2026-02-24-91"),
        f"{R}:3:id",
        "unique",
    ),
    (
        "bad-id-form",
        set_cell("releases.csv", "fp-2026-02-24-91", "id", "FP 91"),
        f"{R}:2:id",
        "pattern",
    ),
    (
        "day-first-date",
        set_cell("releases.csv", "fp-2026-02-24-91", "as_of", "24/02/2026"),
        f"{R}:2:as_of",
        "type-error",
    ),
    (
        "impossible-date",
        set_cell("detentions.csv", "fp-2026-02-02-687", "as_of", "2026-02-30"),
        f"{D}:2:as_of",
        "type-error",
    ),
    (
        "future-date",
        set_cell("hunger-strikes.csv", "founding-2026-02-24-200", "as_of", "2099-02-24"),
        "datasets/hunger-strikes.csv:2:as_of",
        "date-out-of-range",
    ),
    (
        "date-before-1999",
        set_cell("releases.csv", "fp-2026-02-24-91", "period_start", "1998-12-31"),
        f"{R}:2:period_start",
        "date-out-of-range",
    ),
    (
        "bad-month-published",
        set_cell("sources.csv", "infobae-2026-02-03", "published", "2026-13"),
        f"{S}:3:published",
        "type-error",
    ),
    (
        "range-reversed",
        set_cell("releases.csv", "founding-444-450", "value_high", "400"),
        f"{R}:3:value_high",
        "range-reversed",
    ),
    (
        "range-without-high",
        set_cell("releases.csv", "founding-444-450", "value_high", ""),
        f"{R}:3:value_high",
        "range-incomplete",
    ),
    (
        "high-without-range",
        set_cell("releases.csv", "fp-2026-02-24-91", "value_high", "95"),
        f"{R}:2:value_high",
        "high-without-range",
    ),
    (
        "qualifier-without-value",
        set_cell("releases.csv", "fp-2026-02-24-91", "value", ""),
        f"{R}:2:value",
        "qualifier-without-value",
    ),
    (
        "unknown-source",
        set_cell("releases.csv", "fp-2026-02-24-91", "sources", "ap-wtop-2026-02-24;ap-wtop"),
        f"{R}:2:sources",
        "unknown-source",
    ),
    (
        "do-not-cite-only",
        set_cell("releases.csv", "fp-2026-02-24-91", "sources", "topgab"),
        f"{R}:2:sources",
        "do-not-cite-only",
    ),
    (
        "as-of-after-publication",
        set_cell("detentions.csv", "fp-2026-02-02-687", "as_of", "2026-02-04"),
        f"{D}:2:as_of",
        "as-of-after-publication",
    ),
    (
        "event-after-publication",
        set_cell("events.csv", "law-in-force", "date", "2026-03-02"),
        f"{E}:4:date",
        "as-of-after-publication",
    ),
    (
        "formula-equals",
        set_cell("releases.csv", "founding-444-450", "note", '=HYPERLINK("http://x","y")'),
        f"{R}:3:note",
        "formula-injection",
    ),
    (
        "formula-at",
        set_cell("detentions.csv", "fp-2026-02-02-687", "quote", "@SUM(1+1)"),
        f"{D}:2:quote",
        "formula-injection",
    ),
    (
        "formula-tab",
        set_cell("counters.csv", "foro-penal", "name", "\tForo Penal"),
        f"{C}:2:name",
        "formula-injection",
    ),
    (
        "formula-plus",
        set_cell("sources.csv", "ap-wtop-2026-02-24", "title", "+3200 released"),
        f"{S}:2:title",
        "formula-injection",
    ),
    (
        "javascript-url",
        set_cell("sources.csv", "infobae-2026-02-03", "url", "javascript:alert(1)"),
        f"{S}:3:url",
        "url-scheme",
    ),
    (
        "ftp-url",
        set_cell("sources.csv", "infobae-2026-02-03", "url", "ftp://example.org/a"),
        f"{S}:3:url",
        "url-scheme",
    ),
    (
        "boolean-as-yes",
        set_cell("events.csv", "law-in-force", "disputed", "yes"),
        f"{E}:4:disputed",
        "type-error",
    ),
    (
        "disputed-without-key",
        set_cell("events.csv", "law-in-force", "disputed", "true"),
        f"{E}:4:dispute",
        "dispute-key-missing",
    ),
    (
        "dispute-alone",
        set_cell("events.csv", "approval-2026-02-20", "dispute", "approval-day"),
        f"{E}:3:dispute",
        "dispute-alone",
    ),
    (
        "note-without-spanish",
        set_cell("releases.csv", "founding-444-450", "note_es", ""),
        f"{R}:3:note_es",
        "translation-missing",
    ),
    (
        "reliability-note-without-spanish",
        set_cell("sources.csv", "topgab", "reliability_note_es", ""),
        f"{S}:4:reliability_note_es",
        "translation-missing",
    ),
    (
        "spanish-note-without-english",
        set_cell("releases.csv", "fp-2026-02-24-91", "note_es", "Cifra de AP."),
        f"{R}:2:note",
        "translation-missing",
    ),
    (
        "approximate-range-without-high",
        replace_text("releases.csv", ",range,444,450,", ",approximately-range,444,,"),
        f"{R}:3:value_high",
        "range-incomplete",
    ),
    (
        "part-of-itself",
        set_cell("detentions.csv", "fp-2026-02-02-687-military", "part_of", "fp-2026-02-02-687-military"),
        f"{D}:3:part_of",
        "part-of-itself",
    ),
    (
        "part-of-missing-row",
        set_cell("detentions.csv", "fp-2026-02-02-687-military", "part_of", "fp-687"),
        f"{D}:3:part_of",
        "foreign-key",
    ),
    (
        "latin-1-file",
        replace_bytes("counters.csv", "políticos".encode(), "políticos".encode("latin-1")),
        f"{C}:2:description_es",
        "encoding-error",
    ),
    (
        "unterminated-quote",
        replace_text("releases.csv", ',"Desde ""principios de enero""."', ',"Desde ""principios de enero"".'),
        f"{R}:3:note_es",
        "unterminated-quote",
    ),
    (
        "extra-cell",
        replace_text("releases.csv", "ap-wtop-2026-02-24,,,,\n", "ap-wtop-2026-02-24,,,,,\n"),
        f"{R}:2",
        "extra-cell",
    ),
    (
        "missing-cell",
        replace_text(
            "counters.csv",
            ",media,The article the project started from.,",
            ",media,The article, the project started from,",
        ),
        f"{C}:3",
        "extra-cell",
    ),
    (
        "too-few-cells",
        replace_text("exclusions.csv", ",ap-wtop-2026-02-24,", ",ap-wtop-2026-02-24\n"),
        "datasets/exclusions.csv:2:quote",
        "missing-cell",
    ),
    (
        "blank-row",
        replace_text("events.csv", "\nlaw-in-force", "\n\nlaw-in-force"),
        f"{E}:4",
        "blank-row",
    ),
    (
        "renamed-column",
        replace_text("releases.csv", ",value,value_high,", ",valeu,value_high,"),
        f"{R}:1:value",
        "header-mismatch",
    ),
    (
        "missing-file",
        lambda folder: (folder / "datasets" / "counters.csv").unlink(),
        "datapackage.json:LINE:resources[1].path",
        "resource-path-missing",
    ),
    (
        "absolute-path",
        set_path("counters", "/etc/passwd"),
        "datapackage.json:LINE:resources[1].path",
        "resource-path-absolute",
    ),
    (
        "parent-path",
        set_path("counters", "datasets/../../counters.csv"),
        "datapackage.json:LINE:resources[1].path",
        "resource-path-parent",
    ),
    (
        "url-path",
        set_path("counters", "https://example.org/counters.csv"),
        "datapackage.json:LINE:resources[1].path",
        "resource-path-url",
    ),
    (
        "symlink-path",
        symlinked_file,
        "datapackage.json:LINE:resources[1].path",
        "resource-path-symlink",
    ),
    (
        "unknown-field-type",
        edit_descriptor(unknown_type),
        "datapackage.json:LINE:resources[2].schema.fields[10].type",
        "descriptor-invalid",
    ),
    (
        "empty-file",
        lambda folder: (folder / "datasets" / "counters.csv").write_bytes(b""),
        f"{C}:1",
        "empty-file",
    ),
    (
        "duplicate-resource-name",
        edit_descriptor(duplicate_resource_name),
        "datapackage.json:LINE:resources[3].name",
        "descriptor-invalid",
    ),
    (
        "foreign-key-to-nothing",
        edit_descriptor(missing_fk_resource),
        "datapackage.json:LINE:resources[2].schema.foreignKeys[0].reference.resource",
        "descriptor-invalid",
    ),
]


def _line_in_descriptor(folder: Path, location: str) -> str:
    """The line of a resource path in datapackage.json, found by searching its text."""
    text = (folder / "datapackage.json").read_text(encoding="utf-8")
    index = int(location.split("[")[1].split("]")[0])
    name = json.loads(text)["resources"][index]["name"]
    at = text.index(f'"name": "{name}"')
    return str(text[: text.index('"path"', at)].count("\n") + 1)


@pytest.mark.parametrize(("breaker", "location", "code"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input_is_reported_at_its_place(
    mini_package: Path, breaker: Breaker, location: str, code: str
) -> None:
    line = breaker(mini_package)
    if "LINE" in location:
        location = location.replace("LINE", line or _line_in_descriptor(mini_package, location))
    assert_refused_at(mini_package, location, code)


def assert_refused_at(folder: Path, location: str, code: str) -> Result:
    """validate exits 1 with ``code`` at ``location`` (text and JSON) and writes nothing."""
    before = snapshot(folder.parent)
    text = invoke("validate", str(folder))
    as_json = invoke("validate", str(folder), "--format", "json")

    assert text.code == 1, text.out + text.err
    assert as_json.code == 1
    assert any(row.startswith(location + ": ") for row in text.out.splitlines()), text.out
    problems = json.loads(as_json.out)
    located = [
        p for p in problems if ":".join(filter(None, [p["path"], str(p["line"]), p["field"]])) == location
    ]
    assert code in [p["code"] for p in located], problems
    assert all(p["message"] and p["hint"] for p in problems)
    assert snapshot(folder.parent) == before, "validation wrote or changed files"
    assert "Traceback" not in text.out + text.err + as_json.err
    return text


def test_there_are_at_least_thirty_distinct_bad_inputs() -> None:
    assert len({c[0] for c in CASES}) >= 30
    assert len({c[3] for c in CASES}) >= 25


def test_the_mini_fixture_itself_is_valid(mini_package: Path) -> None:
    result = invoke("validate", str(mini_package))
    assert result.code == 0, result.out
    assert result.out.startswith("valid: 8 resources, 16 rows")


def test_a_broken_file_is_one_problem_not_a_cascade(mini_package: Path) -> None:
    """Other files' keys into an unreadable file are not checked: its one problem explains them."""
    path = mini_package / "datasets" / "counters.csv"
    path.write_bytes(path.read_bytes().replace("políticos".encode(), "políticos".encode("latin-1")))
    result = invoke("validate", str(mini_package), "--format", "json")
    errors = [p for p in json.loads(result.out) if p["severity"] == "error"]
    assert [(p["path"], p["code"]) for p in errors] == [("datasets/counters.csv", "encoding-error")]
