"""The strict reading policy, plain values and the package's own rules (issue 13, items 4-6, 8).

Each case breaks one thing in the small valid package, as a contributor's
editor, spreadsheet or pull request might, and asserts what every bad input
gets: exit 1, the exact ``path:line:field``, a hint, no traceback, and
nothing written (the package and the working folder are as they were).
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from support import invoke
from test_validate_bad_inputs import (
    Breaker,
    assert_refused_at,
    edit_descriptor,
    replace_bytes,
    replace_text,
    resource,
    set_cell,
)

R = "datasets/releases.csv"
D = "datasets/detentions.csv"
C = "datasets/counters.csv"
NOTE = ("releases.csv", "founding-444-450", "note")
"""A free-text cell on line 3 of releases.csv."""


def note(text: str) -> Breaker:
    return set_cell(*NOTE, text)


def value(text: str) -> Breaker:
    return set_cell("releases.csv", "fp-2026-02-24-91", "value", text)


def as_of(text: str) -> Breaker:
    return set_cell("releases.csv", "fp-2026-02-24-91", "as_of", text)


def rewrite(file: str, change: Any) -> Breaker:
    """Replace a whole file by ``change(its text)``, written as bytes when it returns bytes."""

    def breaker(folder: Path) -> None:
        path = folder / "datasets" / file
        changed = change(path.read_text(encoding="utf-8"))
        if isinstance(changed, bytes):
            path.write_bytes(changed)
        else:
            path.write_bytes(changed.encode("utf-8"))

    return breaker


def header_only(file: str) -> Breaker:
    return rewrite(file, lambda text: text.splitlines()[0] + "\n")


def drop_resource(name: str) -> Breaker:
    def change(data: dict[str, Any]) -> str:
        data["resources"] = [r for r in data["resources"] if r["name"] != name]
        return '"resources"'

    return edit_descriptor(change)


def set_version(version: str) -> Breaker:
    def change(data: dict[str, Any]) -> str:
        data["version"] = version
        return f'"version": {json.dumps(version)}'

    return edit_descriptor(change)


def set_on_releases(key: str, recorded: Any) -> Breaker:
    def change(data: dict[str, Any]) -> str:
        resource(data, "releases")[key] = recorded
        return f'"{key}": {json.dumps(recorded)}'

    return edit_descriptor(change)


def set_field_text(key: str, text: str) -> Breaker:
    """Set a text property of releases' first field; the marker is its new value."""

    def change(data: dict[str, Any]) -> str:
        resource(data, "releases")["schema"]["fields"][0][key] = text
        return json.dumps(text, ensure_ascii=False)

    return edit_descriptor(change)


FIELD_0 = "datapackage.json:LINE:resources[2].schema.fields[0]"


def releases_path_in_other_case(data: dict[str, Any]) -> str:
    resource(data, "releases")["path"] = "datasets/Counters.csv"
    return '"datasets/Counters.csv"'


def descriptor_text(change: Any) -> Breaker:
    """Edit datapackage.json as text; the expected line is that of the marker returned."""

    def breaker(folder: Path) -> str:
        path = folder / "datapackage.json"
        text, marker = change(path.read_text(encoding="utf-8"))
        path.write_text(text, encoding="utf-8")
        return str(text[: text.index(marker)].count("\n") + 1)

    return breaker


def duplicate_key(text: str) -> tuple[str, str]:
    marker = '  "name": "amnistia-again",\n'
    return text.replace('  "name": "amnistia",\n', '  "name": "amnistia",\n' + marker, 1), marker


def deep_nesting(text: str) -> tuple[str, str]:
    marker = '"x": ' + "[" * 40
    return text.replace(
        '  "name": "amnistia",\n', f'  "name": "amnistia",\n  {marker}{"]" * 40},\n', 1
    ), marker


def huge_descriptor(text: str) -> tuple[str, str]:
    return text + " " * (5 * 1024 * 1024), "{"


def twin_file(folder: Path) -> None:
    shutil.copy(folder / R, folder / "datasets" / "Releases.csv")


def twin_in_subfolder(folder: Path) -> None:
    """Two notes in a folder below datasets/ (where released versions live) differing in case."""
    below = folder / "datasets" / "notes"
    below.mkdir()
    (below / "readme.md").write_text("one\n", encoding="utf-8")
    (below / "README.md").write_text("two\n", encoding="utf-8")


def twin_page(folder: Path) -> None:
    pages = folder / "docs" / "es"
    pages.mkdir(parents=True)
    (pages / "about.md").write_text("# Acerca\n", encoding="utf-8")
    (pages / "About.md").write_text("# Acerca\n", encoding="utf-8")


# (case id, how to break the package, expected "path:line:field" (LINE = from the breaker), code)
CASES: list[tuple[str, Breaker, str, str]] = [
    # Item 4: reading
    ("zero-width-space", note("Since\u200b early January."), f"{R}:3:note", "invisible-character"),
    ("zero-width-joiner", note("Since\u200d early January."), f"{R}:3:note", "invisible-character"),
    ("right-to-left-mark", note("Since\u200f early January."), f"{R}:3:note", "invisible-character"),
    (
        "bidi-override",
        set_cell("detentions.csv", "fp-2026-02-02-687", "quote", "held \u202egnol"),
        f"{D}:2:quote",
        "invisible-character",
    ),
    (
        "bidi-isolate",
        set_cell("releases.csv", "fp-2026-02-24-91", "quote", "\u2066released\u2069"),
        f"{R}:2:quote",
        "invisible-character",
    ),
    (
        "byte-order-mark-inside",
        set_cell("counters.csv", "foro-penal", "name", "Foro\ufeffPenal"),
        f"{C}:2:name",
        "invisible-character",
    ),
    ("nul-character", note("Since\x00 early January."), f"{R}:3:note", "control-character"),
    ("escape-character", note("Since\x1b[31m early"), f"{R}:3:note", "control-character"),
    ("c1-next-line", note("Since\x85 early January."), f"{R}:3:note", "control-character"),
    ("form-feed", note("Since\x0c early January."), f"{R}:3:note", "control-character"),
    ("delete-character", note("Since\x7f early January."), f"{R}:3:note", "control-character"),
    (
        "decomposed-accent",
        replace_bytes("counters.csv", "políticos".encode(), "poli\u0301ticos".encode()),
        f"{C}:2:description_es",
        "not-nfc",
    ),
    (
        "semicolon-delimiter",
        rewrite("releases.csv", lambda t: t.replace(",", ";")),
        f"{R}:1",
        "wrong-delimiter",
    ),
    ("tab-delimiter", rewrite("releases.csv", lambda t: t.replace(",", "\t")), f"{R}:1", "wrong-delimiter"),
    ("utf-16-with-bom", rewrite("releases.csv", lambda t: t.encode("utf-16")), f"{R}:1", "utf-16"),
    ("utf-16-le-without-bom", rewrite("releases.csv", lambda t: t.encode("utf-16-le")), f"{R}:1", "utf-16"),
    ("utf-16-be-without-bom", rewrite("counters.csv", lambda t: t.encode("utf-16-be")), f"{C}:1", "utf-16"),
    (
        "lone-carriage-returns",
        rewrite("releases.csv", lambda t: t.replace("\n", "\r")),
        f"{R}:1",
        "lone-carriage-return",
    ),
    (
        "mixed-line-endings",
        rewrite("releases.csv", lambda t: t.replace("\n", "\r\n", 1)),
        f"{R}:2",
        "mixed-line-endings",
    ),
    (
        "text-after-closing-quote",
        replace_text("releases.csv", '"Since ""early January""."', '"Since ""early January""." (AP)'),
        f"{R}:3:note",
        "text-after-quote",
    ),
    (
        "header-without-rows",
        header_only("exclusion-counts.csv"),
        "datasets/exclusion-counts.csv:1",
        "empty-table",
    ),
    ("cell-over-the-limit", note("x" * 10_001), f"{R}:3:note", "cell-too-large"),
    ("cell-over-csv-field-limit", note("x" * 200_000), f"{R}:3:note", "cell-too-large"),
    ("descriptor-over-5-mb", descriptor_text(huge_descriptor), "datapackage.json:0", "file-too-large"),
    (
        "descriptor-duplicate-key",
        descriptor_text(duplicate_key),
        "datapackage.json:LINE:name",
        "descriptor-duplicate-key",
    ),
    (
        "descriptor-deep-nesting",
        descriptor_text(deep_nesting),
        "datapackage.json:LINE",
        "descriptor-too-deep",
    ),
    # Item 5: values
    ("date-not-zero-padded", as_of("2026-2-24"), f"{R}:2:as_of", "type-error"),
    ("date-in-fullwidth-digits", as_of("２０２６-02-24"), f"{R}:2:as_of", "type-error"),
    ("count-with-plus-sign", value("+91"), f"{R}:2:value", "type-error"),
    ("count-with-minus-zero", value("-0"), f"{R}:2:value", "type-error"),
    ("count-with-leading-space", value(" 91"), f"{R}:2:value", "type-error"),
    ("count-with-trailing-space", value("91 "), f"{R}:2:value", "type-error"),
    ("count-with-leading-zero", value("091"), f"{R}:2:value", "type-error"),
    ("count-in-fullwidth-digits", value("９１"), f"{R}:2:value", "type-error"),
    ("count-in-arabic-indic-digits", value("٩١"), f"{R}:2:value", "type-error"),
    ("count-with-underscore", value("9_1"), f"{R}:2:value", "type-error"),
    ("absurd-count", value("91000000"), f"{R}:2:value", "maximum"),
    (
        "absurd-range-high",
        set_cell("releases.csv", "founding-444-450", "value_high", "4500000"),
        f"{R}:3:value_high",
        "maximum",
    ),
    (
        "period-after-as-of",
        set_cell("releases.csv", "fp-2026-02-24-91", "period_start", "2026-02-25"),
        f"{R}:2:period_start",
        "period-after-as-of",
    ),
    ("formula-after-semicolon", note("ok;=cmd()"), f"{R}:3:note", "formula-after-separator"),
    ("formula-after-comma", note("ok,+cmd()"), f"{R}:3:note", "formula-after-separator"),
    ("formula-after-bar", note("ok|@SUM(A1)"), f"{R}:3:note", "formula-after-separator"),
    ("formula-after-tab", note("ok\t-2+3"), f"{R}:3:note", "formula-after-separator"),
    # Item 6: names, paths and the package
    ("files-differing-in-case", twin_file, "datasets/Releases.csv:0", "path-case-collision"),
    ("files-differing-in-case-below", twin_in_subfolder, "datasets/notes/readme.md:0", "path-case-collision"),
    ("pages-differing-in-case", twin_page, "docs/es/about.md:0", "path-case-collision"),
    (
        "resource-paths-differing-in-case",
        edit_descriptor(releases_path_in_other_case),
        "datapackage.json:LINE:resources[2].path",
        "path-case-collision",
    ),
    (
        "site-resource-removed",
        drop_resource("hunger-strikes"),
        "datapackage.json:LINE:resources",
        "resource-missing",
    ),
    (
        "events-resource-removed",
        drop_resource("events"),
        "datapackage.json:LINE:resources",
        "resource-missing",
    ),
    ("version-two-parts", set_version("1.3"), "datapackage.json:LINE:version", "version-form"),
    ("version-with-prefix", set_version("v1.2.1"), "datapackage.json:LINE:version", "version-form"),
    ("version-with-suffix", set_version("1.2.1-beta"), "datapackage.json:LINE:version", "version-form"),
    (
        "control-character-in-title",
        set_on_releases("title", "Releases\x1b[2J"),
        "datapackage.json:LINE:resources[2].title",
        "control-character",
    ),
    (
        "bidi-control-in-description",
        set_field_text("description", "Stable \u202eidentifier"),
        f"{FIELD_0}.description",
        "invisible-character",
    ),
    (
        "zero-width-in-field-title",
        set_field_text("title", "Identi\u200bfier"),
        f"{FIELD_0}.title",
        "invisible-character",
    ),
    ("title-not-nfc", set_field_text("title", "Identificacio\u0301n"), f"{FIELD_0}.title", "not-nfc"),
    (
        "stale-bytes",
        set_on_releases("bytes", 5),
        "datapackage.json:LINE:resources[2].bytes",
        "resource-hash-stale",
    ),
    (
        "stale-hash",
        set_on_releases("hash", "sha256:" + "0" * 64),
        "datapackage.json:LINE:resources[2].hash",
        "resource-hash-stale",
    ),
]
CELL_CASES = {
    "date-not-zero-padded",
    "date-in-fullwidth-digits",
    "count-with-plus-sign",
    "count-with-leading-space",
    "count-with-trailing-space",
    "count-with-leading-zero",
    "count-in-fullwidth-digits",
    "count-in-arabic-indic-digits",
    "count-with-underscore",
    "absurd-count",
    "absurd-range-high",
}
"""Cases where frictionless reads the same file: compared cell for cell in test_differential.py."""


@pytest.mark.parametrize(("breaker", "location", "code"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_strict_bad_input_is_reported_at_its_place(
    mini_package: Path, breaker: Breaker, location: str, code: str
) -> None:
    line = breaker(mini_package)
    if "LINE" in location:
        assert line, "the breaker must say where its marker landed"
        location = location.replace("LINE", line)
    text = assert_refused_at(mini_package, location, code)
    rows = text.out.splitlines()
    entry = next(row for row in rows if row.startswith(location + ": "))
    assert rows[rows.index(entry) + 1].lstrip().startswith("→ "), text.out  # the hint


def test_an_empty_table_may_be_declared(mini_package: Path) -> None:
    header_only("exclusion-counts.csv")(mini_package)

    def allow(data: dict[str, Any]) -> str:
        resource(data, "exclusion-counts")["amnistia:mayBeEmpty"] = True
        return "mayBeEmpty"

    edit_descriptor(allow)(mini_package)
    result = invoke("validate", str(mini_package))
    assert result.code == 0, result.out


def test_mojibake_is_a_warning_at_its_place(mini_package: Path) -> None:
    replace_bytes("counters.csv", "políticos".encode(), "polÃ­ticos".encode())(mini_package)
    result = invoke("validate", str(mini_package), "--warnings")
    assert result.code == 0, result.out
    assert f'{C}:2:description_es: warning: the letters "Ã\xad" at column' in result.out
    for garbled in ("Ã±o", "â€™s", "Ã©"):
        set_cell("counters.csv", "foro-penal", "name", f"Foro {garbled}")(mini_package)
        found = json.loads(invoke("validate", str(mini_package), "--format", "json").out)
        assert ("mojibake", f"{C}:2:name") in {
            (p["code"], f"{p['path']}:{p['line']}:{p['field']}") for p in found
        }


def test_descriptor_mojibake_is_a_warning_and_a_paragraph_break_is_allowed(mini_package: Path) -> None:
    line = set_field_text("description", "Identificador estable.\n\nNo se reutiliza, aÃ±o tras aÃ±o.")
    at = FIELD_0.replace("LINE", line(mini_package)) + ".description"
    result = invoke("validate", str(mini_package), "--warnings")
    assert result.code == 0, result.out
    assert f'{at}: warning: the letters "Ã±" at column 43' in result.out, result.out


def test_a_tab_and_a_line_break_inside_a_quoted_cell_stay_allowed(mini_package: Path) -> None:
    note("Since early\tJanuary,\nas AP reported.")(mini_package)
    result = invoke("validate", str(mini_package))
    assert result.code == 0, result.out


def test_a_csv_file_over_the_size_limit_is_refused_unread(
    mini_package: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("amnistia.data.reader.MAX_CSV_BYTES", 100)
    opened: list[object] = []
    real_open = Path.open

    def spy(self: Path, *args: Any, **kwargs: Any) -> Any:
        if self.name == "releases.csv":
            opened.append(self)
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", spy)
    result = invoke("validate", str(mini_package))
    assert result.code == 1
    assert f"{R}:0: the file is 0.0 MB, above the limit of 0.0 MB, so it was not read" in result.out
    assert not opened


def test_more_than_a_thousand_problems_are_counted_and_cut(mini_package: Path) -> None:
    path = mini_package / R
    lines = path.read_text(encoding="utf-8").splitlines()
    good = lines[1]
    rows = [good.replace("fp-2026-02-24-91", f"fp-{n}").replace(",91,", ",x,") for n in range(1_200)]
    path.write_text("\n".join([lines[0], *rows, *lines[2:]]) + "\n", encoding="utf-8")
    text = invoke("validate", str(mini_package))
    as_json = invoke("validate", str(mini_package), "--format", "json")
    assert text.code == 1
    assert text.out.count("\n  → ") == 1_000
    assert "… and 200 more problems not listed: 1,000 of 1,200 are shown above" in text.out
    assert "invalid: 1200 errors" in text.out
    errors = [p for p in json.loads(as_json.out) if p["severity"] == "error"]
    assert len(errors) == 1_200  # tools get every one kept (the first 10,000)
    assert not as_json.err


def test_past_the_kept_limit_problems_are_counted_not_kept(
    mini_package: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A million bad rows must not cost a million problems' memory: the rest is a count."""
    from amnistia.data import limits

    monkeypatch.setattr(limits, "PROBLEMS_KEPT", 300)
    path = mini_package / R
    lines = path.read_text(encoding="utf-8").splitlines()
    rows = [lines[1].replace("fp-2026-02-24-91", f"fp-{n}").replace(",91,", ",x,") for n in range(1_200)]
    path.write_text("\n".join([lines[0], *rows, *lines[2:]]) + "\n", encoding="utf-8")

    text = invoke("validate", str(mini_package))
    as_json = invoke("validate", str(mini_package), "--format", "json")
    github = invoke("validate", str(mini_package), "--format", "github", "--summary", os.devnull)

    assert text.code == as_json.code == github.code == 1
    shown = text.out.count("\n  → ")  # the errors among the 300 kept (the sources' warnings came first)
    assert 290 <= shown <= 300
    assert f"… and {1_200 - shown} more problems not listed: {shown} of 1,200 are shown above" in text.out
    assert "invalid: 1200 errors" in text.out
    assert len(json.loads(as_json.out)) == 300
    assert "903 more problems were found and not listed: the JSON holds the first 300" in as_json.err
    assert "…and 1190 more errors: see the job summary" in github.out


SECRET = "Maria Alejandra Perez Gomez told AFP where she is held"
"""Free text standing for what a note may hold: no problem may print it."""


@pytest.mark.parametrize(
    ("cell", "code"),
    [
        (f"={SECRET}", "formula-injection"),
        (f"-{SECRET}", "formula-injection"),
        (f"ok;={SECRET}", "formula-after-separator"),
        (f"{SECRET}\u200b{SECRET}", "invisible-character"),
        (f"{SECRET}\x00", "control-character"),
        (f"{SECRET} " * 300, "cell-too-large"),
        (f"{SECRET}e\u0301", "not-nfc"),
    ],
    ids=["formula", "formula-minus", "formula-after-separator", "invisible", "control", "too-long", "nfc"],
)
def test_a_problem_in_free_text_never_prints_the_cell(mini_package: Path, cell: str, code: str) -> None:
    note(cell)(mini_package)
    outputs = [invoke("validate", str(mini_package), "--format", fmt) for fmt in ("text", "json", "github")]
    for result in outputs:
        assert result.code == 1
        assert any(where in result.out for where in (f"{R}:3:note", '"line": 3', "line=3")), result.out
        assert "Alejandra" not in result.out and "where she is held" not in result.out, result.out
    assert code in {p["code"] for p in json.loads(outputs[1].out)}


def test_free_text_length_and_uniqueness_do_not_quote_the_cell(mini_package: Path) -> None:
    def limit(data: dict[str, Any]) -> str:
        fields = resource(data, "releases")["schema"]["fields"]
        next(f for f in fields if f["name"] == "note")["constraints"] = {"maxLength": 20, "unique": True}
        return "maxLength"

    edit_descriptor(limit)(mini_package)
    note(SECRET)(mini_package)
    set_cell("releases.csv", "fp-2026-02-24-91", "note", SECRET)(mini_package)
    result = invoke("validate", str(mini_package))
    assert result.code == 1
    assert f"{R}:2:note: the text, 54 characters long, breaks the length limit (maxLength 20)" in result.out
    assert "Alejandra" not in result.out, result.out


def test_values_that_are_not_free_text_are_still_quoted(mini_package: Path) -> None:
    value("3,200")(mini_package)
    result = invoke("validate", str(mini_package))
    assert f'{R}:2:value: "3,200" is not a whole number' in result.out


def test_there_are_at_least_a_hundred_distinct_located_bad_inputs() -> None:
    """With the faults and tampering of test_hardening.py, test_build_faults.py and test_redaction.py."""
    from test_validate_bad_inputs import CASES as EARLIER

    assert len({c[0] for c in EARLIER} | {c[0] for c in CASES}) >= 100
