"""Our XLSX rows give the very bytes openpyxl gave: published checksums never change.

The reference is the writer the downloads used before (every cell through
openpyxl's write-only workbook); both must agree byte for byte on the shipped
tables and on cells that test every serialisation rule.
"""

from __future__ import annotations

import datetime as dt
import json
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.writer.excel import ExcelWriter

from amnistia.releases.rows import read_view
from amnistia.releases.xlsx import (
    EXCEL_EXACT_INTEGER,
    SHEET_TITLE_FORBIDDEN,
    _text,
    add_member,
    open_zip,
    write_xlsx,
)
from support import ROOT

MOMENT = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)


def openpyxl_xlsx(records: list[list[str]], resource: dict[str, Any], target: Path) -> None:
    """The former writer: openpyxl serialises every cell."""
    schema = resource["schema"]
    missing = set(schema.get("missingValues", [""]))
    integers = [f.get("type") == "integer" for f in schema["fields"]]
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(SHEET_TITLE_FORBIDDEN.sub("-", resource["name"])[:31])
    sheet.freeze_panes = "A2"
    header = []
    for field in schema["fields"]:
        cell = WriteOnlyCell(sheet, value=str(field["name"]))
        cell.font = Font(bold=True)
        cell.data_type = "s"
        header.append(cell)
    sheet.append(header)
    for record in records:
        row: list[Cell | None] = []
        for is_integer, value in zip(integers, record, strict=True):
            if value in missing:
                row.append(None)
            elif is_integer and abs(int(value)) < EXCEL_EXACT_INTEGER:
                row.append(WriteOnlyCell(sheet, value=int(value)))
            else:
                cell = WriteOnlyCell(sheet, value=_text(value, "test"))
                cell.data_type = "s"
                row.append(cell)
        sheet.append(row)
    naive = MOMENT.replace(tzinfo=None)
    workbook.properties.creator = "amnistia"
    workbook.properties.created = naive
    workbook.properties.modified = naive
    with tempfile.TemporaryFile() as raw:
        ExcelWriter(workbook, zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED, allowZip64=True)).save()
        raw.seek(0)
        with zipfile.ZipFile(raw) as written, open_zip(target) as archive:
            for info in written.infolist():
                with written.open(info) as member:
                    add_member(archive, info.filename, member, MOMENT)


def records_of(rows: list[dict[str, str]], resource: dict[str, Any]) -> list[list[str]]:
    return [[row[f["name"]] for f in resource["schema"]["fields"]] for row in rows]


def test_shipped_tables_give_openpyxl_bytes(tmp_path: Path) -> None:
    descriptor = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))
    view = read_view(ROOT, descriptor, "working")
    for resource in descriptor["resources"]:
        records = records_of(list(view.rows[resource["name"]]), resource)
        openpyxl_xlsx(records, resource, tmp_path / "theirs.xlsx")
        write_xlsx(records, resource, tmp_path / "ours.xlsx", MOMENT, "test")
        assert (tmp_path / "ours.xlsx").read_bytes() == (tmp_path / "theirs.xlsx").read_bytes(), resource[
            "name"
        ]


def test_every_serialisation_rule_matches_openpyxl(tmp_path: Path) -> None:
    resource = {
        "name": "tricky/name:with*forbidden?characters[and]more-than-31",
        "schema": {
            "fields": [{"name": "text", "type": "string"}, {"name": "count", "type": "integer"}],
            "missingValues": ["", "NA"],
        },
    }
    texts = ["plain", " lead", "trail ", "   ", "a\nb\r\tc", "é & <b> \"q\" 'a'", "=1+1", "#N/A",
             "\u2028z\u00a0", "bell\x07", "NA", "", "x" * 300, "<![CDATA[", "&amp;"]  # fmt: skip
    counts = ["0", "-12", "", "NA", "999999999999999", "1000000000000000", "-1000000000000000", "7"]
    records = [[text, counts[i % len(counts)]] for i, text in enumerate(texts * 3)]
    records.append(["", ""])  # a row with no cell at all
    openpyxl_xlsx(records, resource, tmp_path / "theirs.xlsx")
    write_xlsx(records, resource, tmp_path / "ours.xlsx", MOMENT, "test")
    assert (tmp_path / "ours.xlsx").read_bytes() == (tmp_path / "theirs.xlsx").read_bytes()
