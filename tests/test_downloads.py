"""Downloads: typed JSON, formula-proof XLSX, deterministic zips, checksums that check out."""

from __future__ import annotations

import json
import subprocess
import zipfile
from pathlib import Path

from openpyxl import load_workbook

from amnistia.downloads import write_downloads

EPOCH = 1_772_323_200  # 2026-03-01


def descriptor_of(package: Path) -> dict:  # type: ignore[type-arg]
    data: dict = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))  # type: ignore[type-arg]
    return data


def test_text_cells_never_become_formulas(mini_package: Path, tmp_path: Path) -> None:
    # The validator refuses such cells; the XLSX writer must be safe even without it.
    releases = mini_package / "datasets" / "releases.csv"
    releases.write_text(
        releases.read_text().replace(',"Since ""early January""."', ',"=HYPERLINK(""http://x"",""y"")"')
    )
    write_downloads(mini_package, descriptor_of(mini_package), tmp_path / "out", EPOCH)
    sheet = load_workbook(tmp_path / "out" / "releases.xlsx").active
    header = [cell.value for cell in sheet[1]]
    note = sheet.cell(row=3, column=header.index("note") + 1)
    assert note.value == '=HYPERLINK("http://x","y")' and note.data_type == "s"
    value = sheet.cell(row=2, column=header.index("value") + 1)
    assert value.value == 91 and value.data_type == "n"  # numbers stay numbers
    with zipfile.ZipFile(tmp_path / "out" / "releases.xlsx") as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml and "<f " not in sheet_xml


def test_json_rows_are_typed_by_the_schema(mini_package: Path, tmp_path: Path) -> None:
    write_downloads(mini_package, descriptor_of(mini_package), tmp_path / "out", EPOCH)
    rows = json.loads((tmp_path / "out" / "releases.json").read_text(encoding="utf-8"))
    assert len(rows) == 2
    first = rows[0]
    assert first["value"] == 91 and first["value_high"] is None
    assert first["sources"] == ["ap-wtop-2026-02-24"]
    events = json.loads((tmp_path / "out" / "events.json").read_text(encoding="utf-8"))
    assert [e["disputed"] for e in events] == [True, True, False]


def test_files_are_copies_with_hashes_and_checksums(mini_package: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    files = write_downloads(mini_package, descriptor_of(mini_package), out, EPOCH)
    assert (out / "releases.csv").read_bytes() == (mini_package / "datasets" / "releases.csv").read_bytes()
    published = json.loads((out / "datapackage.json").read_text())
    releases = next(r for r in published["resources"] if r["name"] == "releases")
    assert releases["path"] == "releases.csv" and releases["hash"].startswith("sha256:")
    assert releases["bytes"] == (out / "releases.csv").stat().st_size
    check = subprocess.run(
        ["sha256sum", "-c", "SHA256SUMS"], cwd=out, capture_output=True, text=True, check=False
    )
    assert check.returncode == 0, check.stdout
    on_disk = sorted(p.name for p in out.iterdir())
    assert [f.name for f in files] == on_disk
    with zipfile.ZipFile(next(out.glob("*.zip"))) as archive:
        names = archive.namelist()
        assert names == sorted(names) and "datapackage.json" in names
        assert {info.date_time for info in archive.infolist()} == {(2026, 3, 1, 0, 0, 0)}


def test_same_input_same_bytes(mini_package: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    write_downloads(mini_package, descriptor_of(mini_package), first, EPOCH)
    write_downloads(mini_package, descriptor_of(mini_package), second, EPOCH)
    for path in first.iterdir():
        assert path.read_bytes() == (second / path.name).read_bytes(), path.name
