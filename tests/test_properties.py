"""Properties of the validator and the build on inputs nobody thought of (hypothesis).

- Any byte string as a CSV file: the validator reports problems, never a
  traceback (in-process, and once as the real command in a subprocess).
- Any Unicode text in a free-text cell: either the package validates, and the
  text is then shown escaped on every page that carries it, in both
  languages; or it is refused with problems located at that cell
  (``path:line:field``) and a hint.

The build is slow, so its property is one build of a copy of the project
with twenty generated strings in the note cells of three tables.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from amnistia.benchmarks.findings import record_lines
from amnistia.data.problems import Problem, Severity
from amnistia.validate import validate_package
from site_support import live_payloads, read_page
from support import MINI, ROOT, copy_project, invoke

R = "datasets/releases.csv"
ROW_LEVEL = frozenset(
    ["lone-carriage-return", "mixed-line-endings", "extra-cell", "blank-row", "missing-cell"]
)
"""Problems of a whole row: located by path and line, with no field (or the first missing one)."""
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@contextmanager
def mini_copy() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "package"
        shutil.copytree(MINI, folder)
        shutil.copy(ROOT / "datapackage.json", folder / "datapackage.json")
        yield folder


def _assert_located(problems: list[Problem]) -> None:
    for problem in problems:
        assert problem.path and problem.message and problem.hint, problem
        assert problem.line >= 0, problem


HEADER = (MINI / "datasets" / "releases.csv").read_bytes().split(b"\n", 1)[0] + b"\n"
CSV_BYTES = st.one_of(
    st.binary(max_size=300),
    st.builds(lambda body: HEADER + body, st.binary(max_size=300)),
    st.builds(
        lambda parts: HEADER + b"".join(parts),
        st.lists(
            st.sampled_from(
                [
                    b",",
                    b'"',
                    b"\n",
                    b"\r",
                    b"\r\n",
                    b"\x00",
                    b"\xef\xbb\xbf",
                    b"a",
                    b"1",
                    b"2026-02-24",
                    "é".encode(),
                    b"\xff",
                    b"\xc3",
                    b";",
                    b"\t",
                ]
            ),
            max_size=60,
        ),
    ),
)


@FAST
@given(data=CSV_BYTES)
def test_any_bytes_as_a_csv_file_give_problems_not_a_crash(data: bytes) -> None:
    with mini_copy() as folder:
        (folder / R).write_bytes(data)
        report = validate_package(folder)
        _assert_located(report.problems)


def test_the_command_on_garbage_bytes_prints_problems_not_a_traceback(tmp_path: Path) -> None:
    folder = tmp_path / "package"
    shutil.copytree(MINI, folder)
    shutil.copy(ROOT / "datapackage.json", folder / "datapackage.json")
    (folder / R).write_bytes(HEADER + b'"\x00\xff\r,\xef\xbb\xbf\xfe\xff' + bytes(range(256)) + b'\n"a"b')
    result = subprocess.run(
        [str(Path(sys.executable).with_name("amnistia")), "validate", str(folder)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert f"{R}:" in result.stdout and "→" in result.stdout


def _write_notes(path: Path, notes: dict[int, str]) -> None:
    """Put ``notes[i]`` in the note (and note_es) of data row ``i`` (0-based), written as a spreadsheet would.

    The same text goes in both languages: a note always comes with its translation.
    """
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    columns = [rows[0].index(name) for name in ("note", "note_es") if name in rows[0]]
    for index, text in notes.items():
        for column in columns:
            rows[index + 1][column] = text
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


@FAST
@given(text=st.text(max_size=80))
def test_any_text_in_a_note_validates_or_is_refused_at_that_cell(text: str) -> None:
    with mini_copy() as folder:
        _write_notes(folder / R, {1: text})
        report = validate_package(folder)
    errors = [p for p in report.problems if p.severity is Severity.ERROR]
    _assert_located(report.problems)
    # A carriage return alone ends the row where it stands (a spreadsheet writes it unquoted):
    # then the rest of the note is a row of its own, and its problems are located there.
    broken = any(p.code in ROW_LEVEL for p in errors)
    for problem in errors:
        assert problem.path == R and problem.line >= 3, problem
        assert problem.field in ("note", "note_es") or problem.code in ROW_LEVEL or broken, problem


MARKER = "amnistiaprop"
PAYLOADS = [
    "<script>{m}()</script>",
    "<img src=x onerror={m}()>",
    "[x](javascript:{m}())",
    '<a href="javascript:{m}()">x</a>',
    "{{{{ {m} }}}}",
    "{{% raw %}}{m}",
    "*{m}* _{m}_ `{m}`",
    "| {m} | --- |",
    "</span></td><script>{m}()</script>",
    '" onmouseover="{m}()',
    "&lt;b&gt;{m}&amp;",
    "<!-- {m} -->",
]
NOTE_TEXT = st.builds(
    lambda index, before, payload, after: f"{MARKER}{index:02d} {before}{payload.format(m=MARKER)}{after}",
    st.integers(0, 99),
    st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=12),
    st.sampled_from(PAYLOADS),
    st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=12),
)
TABLES = {"releases": "datasets/releases.csv", "detentions": "datasets/detentions.csv"}
TABLES["exclusions"] = "datasets/exclusions.csv"


def _visible(text: str) -> str:
    return " ".join(text.split())


@settings(max_examples=1, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    strings=st.lists(
        NOTE_TEXT, min_size=20, max_size=20, unique_by=lambda s: s[len(MARKER) : len(MARKER) + 2]
    )
)
def test_generated_notes_validate_and_show_escaped_or_are_refused(strings: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        project = copy_project(Path(tmp))
        placed: dict[str, dict[int, str]] = {name: {} for name in TABLES}
        for number, text in enumerate(strings):
            name = list(TABLES)[number % len(TABLES)]
            placed[name][len(placed[name])] = text
        for name, notes in placed.items():
            _write_notes(project / TABLES[name], notes)
        # Refused strings must be refused at their own cell; the rest are built.
        report = validate_package(project)
        starts = {name: record_lines(project / path) for name, path in TABLES.items()}
        refused_lines = {(p.path, p.line) for p in report.errors}
        broken = any(p.code in ROW_LEVEL for p in report.errors)
        for problem in report.errors:
            assert problem.path in TABLES.values() and problem.hint, problem
            assert problem.field in ("note", "note_es") or problem.code in ROW_LEVEL or broken, problem
        kept = {
            name: {i: t for i, t in notes.items() if (TABLES[name], starts[name][i + 1]) not in refused_lines}
            for name, notes in placed.items()
        }
        for name, notes in placed.items():
            restored = {i: "" for i in notes if i not in kept[name]}
            _write_notes(project / TABLES[name], restored)
        out = Path(tmp) / "out"
        assert sum(len(notes) for notes in kept.values()) >= 5, "too few strings survived to test the pages"
        result = invoke("build", str(project), "--out", str(out))
        assert result.code == 0, result.out + result.err
        assert live_payloads(out, MARKER) == []
        for root in ("", "es/"):
            for name, notes in kept.items():
                page = read_page(out / root / name / "index.html")
                for text in notes.values():
                    assert _visible(text) in page.text, (root, name, text)
        assert json.loads((out / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
