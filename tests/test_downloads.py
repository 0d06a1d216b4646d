"""Downloads of the real package: copies, typed JSON, formula-proof XLSX, hashes that check out."""

from __future__ import annotations

import copy
import csv
import hashlib
import json
import logging
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from amnistia.releases.downloads import DownloadFile, write_downloads

ROOT = Path(__file__).resolve().parents[1]
EPOCH = 1_772_323_200  # 2026-03-01T00:00:00Z
FRICTIONLESS = Path(sys.executable).with_name("frictionless")


def read_descriptor(package: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    return data


DESCRIPTOR = read_descriptor(ROOT)
RESOURCES = {str(r["name"]): r for r in DESCRIPTOR["resources"]}


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[DownloadFile]]:
    """The real package's downloads, written once for the module."""
    out = tmp_path_factory.mktemp("downloads") / "out"
    return out, write_downloads(ROOT, read_descriptor(ROOT), out, EPOCH)


def copy_package(target: Path) -> Path:
    """The real descriptor and tables (not the frozen versions) in a folder of our own."""
    shutil.copy(ROOT / "datapackage.json", target / "datapackage.json")
    (target / "datasets").mkdir()
    for resource in DESCRIPTOR["resources"]:
        shutil.copy(ROOT / resource["path"], target / resource["path"])
    return target


def edit_first_row(path: Path, cells: dict[str, str]) -> None:
    with path.open(encoding="utf-8", newline="") as stream:
        records = list(csv.reader(stream))
    for column, value in cells.items():
        records[1][records[0].index(column)] = value
    with path.open("w", encoding="utf-8", newline="") as stream:
        csv.writer(stream, lineterminator="\n").writerows(records)


def frictionless_validate(descriptor: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(FRICTIONLESS), "validate", "--json", str(descriptor)],
        capture_output=True,
        text=True,
        check=False,
    )


def test_every_file_is_written_and_listed_as_on_disk(written: tuple[Path, list[DownloadFile]]) -> None:
    out, files = written
    expected = {f"{name}.{suffix}" for name in RESOURCES for suffix in ("csv", "json", "xlsx")}
    expected |= {"datapackage.json", f"amnistia-{DESCRIPTOR['version']}.zip", "SHA256SUMS"}
    assert sorted(p.name for p in out.iterdir()) == sorted(expected)
    assert [f.name for f in files] == sorted(expected)
    for file in files:
        data = (out / file.name).read_bytes()
        assert (file.bytes, file.sha256) == (len(data), hashlib.sha256(data).hexdigest()), file.name
        suffix = file.name.rsplit(".", 1)[-1]
        if file.resource is None:
            assert file.format in ("datapackage", "zip", "sha256sums"), file
        else:
            assert file.name == f"{file.resource}.{suffix}" and file.format == suffix


def test_csv_files_are_byte_copies(written: tuple[Path, list[DownloadFile]]) -> None:
    out, _files = written
    for name, resource in RESOURCES.items():
        assert (out / f"{name}.csv").read_bytes() == (ROOT / resource["path"]).read_bytes(), name


def test_json_rows_are_typed_by_the_schema(written: tuple[Path, list[DownloadFile]]) -> None:
    out, _files = written
    for name, resource in RESOURCES.items():
        text = (out / f"{name}.json").read_text(encoding="utf-8")
        rows = json.loads(text)
        # Streamed, yet the same text as dumping the whole array at once.
        assert text == json.dumps(rows, indent=2, ensure_ascii=False) + "\n"
        with (ROOT / resource["path"]).open(encoding="utf-8", newline="") as stream:
            records = list(csv.DictReader(stream))
        assert len(rows) == len(records), name
        fields = resource["schema"]["fields"]
        for row, record in zip(rows, records, strict=True):
            assert list(row) == [f["name"] for f in fields]
            for field in fields:
                value, cell = row[field["name"]], record[field["name"]]
                if cell == "":
                    assert value is None
                elif field["type"] == "integer":
                    assert type(value) is int and value == int(cell)
                elif field["type"] == "boolean":
                    assert value is (cell == "true")
                elif field["type"] == "list":
                    assert value == cell.split(field["delimiter"])
                else:
                    assert value == cell
    releases = json.loads((out / "releases.json").read_text(encoding="utf-8"))
    assert any(r["value_high"] is None for r in releases)
    assert all(type(r["value"]) is int and isinstance(r["sources"], list) for r in releases)
    dates = [r["as_of"] for r in releases if r["as_of"] is not None]
    assert dates and all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", d) for d in dates)
    events = json.loads((out / "events.json").read_text(encoding="utf-8"))
    assert {e["disputed"] for e in events} == {True, False}


def test_xlsx_keeps_text_as_text_and_integers_as_numbers(tmp_path: Path) -> None:
    # The validator refuses such cells; the XLSX writer must be safe even without it.
    package = copy_package(tmp_path)
    formula = '=HYPERLINK("http://example.org","click")'
    big = "12345678901234567"  # more digits than Excel keeps
    # openpyxl would store "=..." as a formula and "#N/A" as an error value.
    cells = {"note": "=1+1", "quote": formula, "subgroup": "+3200", "via": "#N/A", "value_high": big}
    edit_first_row(package / "datasets" / "releases.csv", cells)
    write_downloads(package, read_descriptor(package), tmp_path / "out", EPOCH)
    xlsx = tmp_path / "out" / "releases.xlsx"
    sheet = load_workbook(xlsx)["releases"]
    header = [cell.value for cell in sheet[1]]
    assert header == [f["name"] for f in RESOURCES["releases"]["schema"]["fields"]]
    assert all(cell.font.b for cell in sheet[1]) and sheet.freeze_panes == "A2"
    for column, text in cells.items():
        cell = sheet.cell(row=2, column=header.index(column) + 1)
        assert (cell.value, cell.data_type) == (text, "s"), column
    value = sheet.cell(row=2, column=header.index("value") + 1)
    assert isinstance(value.value, int) and value.data_type == "n"
    assert sheet.max_row == len(json.loads((tmp_path / "out" / "releases.json").read_text())) + 1
    with zipfile.ZipFile(xlsx) as archive:
        sheets = [archive.read(n).decode() for n in archive.namelist() if n.startswith("xl/worksheets/")]
    assert sheets and not any("<f>" in xml or "<f " in xml for xml in sheets)


def test_control_characters_are_replaced_in_xlsx_only(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    package = copy_package(tmp_path)
    edit_first_row(package / "datasets" / "releases.csv", {"note": "bell\x07here"})
    with caplog.at_level(logging.WARNING, logger="amnistia.releases.downloads"):
        write_downloads(package, read_descriptor(package), tmp_path / "out", EPOCH)
    assert "control character" in caplog.text
    sheet = load_workbook(tmp_path / "out" / "releases.xlsx")["releases"]
    header = [cell.value for cell in sheet[1]]
    assert sheet.cell(row=2, column=header.index("note") + 1).value == "bell\ufffdhere"
    rows = json.loads((tmp_path / "out" / "releases.json").read_text(encoding="utf-8"))
    assert rows[0]["note"] == "bell\x07here"


def test_descriptor_points_at_the_copies_with_hash_and_size(written: tuple[Path, list[DownloadFile]]) -> None:
    out, files = written
    published = read_descriptor(out)
    assert list(published) == list(DESCRIPTOR)
    assert {k: v for k, v in published.items() if k != "resources"} == {
        k: v for k, v in DESCRIPTOR.items() if k != "resources"
    }
    by_name = {f.name: f for f in files}
    for resource, source in zip(published["resources"], DESCRIPTOR["resources"], strict=True):
        csv_file = by_name[f"{source['name']}.csv"]
        assert resource["path"] == csv_file.name
        assert resource["hash"] == f"sha256:{csv_file.sha256}" and resource["bytes"] == csv_file.bytes
        keys = list(source)
        at = keys.index("path") + 1
        assert list(resource) == [*keys[:at], "hash", "bytes", *keys[at:]]
        assert {k: v for k, v in resource.items() if k not in ("path", "hash", "bytes")} == {
            k: v for k, v in source.items() if k != "path"
        }
    assert (out / "datapackage.json").read_text(encoding="utf-8").endswith("}\n")


def test_descriptor_given_is_not_changed(tmp_path: Path) -> None:
    descriptor = read_descriptor(ROOT)
    before = copy.deepcopy(descriptor)
    write_downloads(ROOT, descriptor, tmp_path / "out", EPOCH)
    assert descriptor == before


def test_frictionless_validates_and_checks_the_hash(
    written: tuple[Path, list[DownloadFile]], tmp_path: Path
) -> None:
    out, _files = written
    valid = frictionless_validate(out / "datapackage.json")
    assert valid.returncode == 0, valid.stdout + valid.stderr
    edited = tmp_path / "edited"
    shutil.copytree(out, edited)
    path = edited / "counters.csv"
    data = path.read_bytes()
    at = data.index(b"Foro")
    path.write_bytes(data[:at] + b"G" + data[at + 1 :])  # same size, still a valid table
    invalid = frictionless_validate(edited / "datapackage.json")
    assert invalid.returncode != 0
    report = json.loads(invalid.stdout)
    errors = [(task["name"], error["type"]) for task in report["tasks"] for error in task["errors"]]
    assert errors == [("counters", "hash-count")]


def test_sha256sums_checks_out_with_sha256sum(written: tuple[Path, list[DownloadFile]]) -> None:
    out, _files = written
    check = subprocess.run(
        ["sha256sum", "--strict", "-c", "SHA256SUMS"], cwd=out, capture_output=True, text=True, check=False
    )
    assert check.returncode == 0, check.stdout + check.stderr
    listed = [line.split("  ", 1)[1] for line in (out / "SHA256SUMS").read_text().splitlines()]
    assert listed == sorted(p.name for p in out.iterdir() if p.name != "SHA256SUMS")


def test_package_zip_holds_the_descriptor_and_tables(written: tuple[Path, list[DownloadFile]]) -> None:
    out, _files = written
    with zipfile.ZipFile(out / f"amnistia-{DESCRIPTOR['version']}.zip") as archive:
        infos = archive.infolist()
        assert [i.filename for i in infos] == sorted(["datapackage.json", *(f"{n}.csv" for n in RESOURCES)])
        for info in infos:
            assert archive.read(info) == (out / info.filename).read_bytes(), info.filename
            assert info.compress_type == zipfile.ZIP_DEFLATED
            assert info.external_attr >> 16 == 0o100644 and not info.is_dir()


def test_zip_entries_carry_the_epoch_clamped_to_1980(
    written: tuple[Path, list[DownloadFile]], tmp_path: Path
) -> None:
    out, _files = written
    for path in [*out.glob("*.xlsx"), *out.glob("*.zip")]:
        with zipfile.ZipFile(path) as archive:
            assert {i.date_time for i in archive.infolist()} == {(2026, 3, 1, 0, 0, 0)}, path.name
    write_downloads(ROOT, read_descriptor(ROOT), tmp_path / "old", 0)
    with zipfile.ZipFile(tmp_path / "old" / "releases.xlsx") as archive:
        assert {i.date_time for i in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = archive.read("docProps/core.xml").decode()
    assert "1970-01-01T00:00:00Z" in core and "<dc:creator>amnistia</dc:creator>" in core


def test_same_input_same_bytes(written: tuple[Path, list[DownloadFile]], tmp_path: Path) -> None:
    out, files = written
    again = write_downloads(ROOT, read_descriptor(ROOT), tmp_path / "again", EPOCH)
    assert again == files
    for path in out.iterdir():
        assert path.read_bytes() == (tmp_path / "again" / path.name).read_bytes(), path.name
