"""One table as an XLSX workbook: openpyxl's bytes, written a hundred times faster.

openpyxl builds an object per cell and serialises it through ElementTree
(~20 µs a cell: 40 s for 100,000 rows of 16 columns). A released version's
XLSX is published with its checksum, so the bytes must stay exactly those
openpyxl wrote. So openpyxl still writes the workbook around the data (the
header row, styles, properties, theme) and the data rows are serialised here
with the rules openpyxl's ElementTree writer follows, spliced into its sheet
before ``</sheetData>``. tests/test_xlsx.py holds both writers to the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import re
import shutil
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

log = logging.getLogger(__name__)

# DOS timestamps in a zip cannot say anything earlier.
ZIP_EPOCH_MINIMUM = dt.datetime(1980, 1, 1, tzinfo=dt.UTC)
# A regular file, rw-r--r--, whoever builds: the zip bytes must not depend on a umask.
ZIP_PERMISSIONS = (0o100000 | 0o644) << 16
# Excel keeps 15 significant digits; a longer integer would be silently rounded.
EXCEL_EXACT_INTEGER = 10**15
SHEET_TITLE_FORBIDDEN = re.compile(r"[\\*?:/\[\]]")
SHEET = "xl/worksheets/sheet1.xml"
END_OF_ROWS = b"</sheetData>"
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})


def write_xlsx(
    records: Iterable[Sequence[str]],
    resource: dict[str, Any],
    target: Path,
    moment: dt.datetime,
    source: str,
) -> None:
    """One sheet; integers as numbers, every other cell stored as text, never as a formula.

    ``records`` are the data rows as strings in the schema's field order;
    ``source`` names the table in warnings.
    """
    schema = resource["schema"]
    missing = set(schema.get("missingValues", [""]))
    integers = [f.get("type") == "integer" for f in schema["fields"]]
    members = _workbook_around_rows(resource, moment, source)
    head, tail = members[SHEET].split(END_OF_ROWS)
    with open_zip(target) as archive:
        for name, data in members.items():
            if name != SHEET:
                add_member(archive, name, io.BytesIO(data), moment)
                continue
            info = _member_info(name, moment)
            with archive.open(info, "w") as sheet:
                sheet.write(head)
                _write_rows(sheet, records, integers, missing, source)
                sheet.write(END_OF_ROWS + tail)


def _workbook_around_rows(resource: dict[str, Any], moment: dt.datetime, source: str) -> dict[str, bytes]:
    """Every member of openpyxl's workbook holding the header row only, in its order."""
    name = str(resource["name"])
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(SHEET_TITLE_FORBIDDEN.sub("-", name)[:31])
    sheet.freeze_panes = "A2"  # before the first row: the sheet view is written first
    header = []
    for field in resource["schema"]["fields"]:
        cell = WriteOnlyCell(sheet, value=_text(str(field["name"]), source))
        cell.font = Font(bold=True)
        cell.data_type = "s"
        header.append(cell)
    sheet.append(header)
    naive = moment.replace(tzinfo=None)  # openpyxl writes naive datetimes as UTC
    workbook.properties.creator = "amnistia"
    workbook.properties.created = naive
    workbook.properties.modified = naive
    raw = io.BytesIO()
    # Workbook.save() would stamp "modified" with the clock; the writer itself does not.
    # "with": an interrupted save must not leave an open archive to a finaliser.
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as sheet_archive:
        ExcelWriter(workbook, sheet_archive).save()
    with zipfile.ZipFile(raw) as written:
        return {info.filename: written.read(info) for info in written.infolist()}


def _write_rows(
    sheet: IO[bytes], records: Iterable[Sequence[str]], integers: list[bool], missing: set[str], source: str
) -> None:
    """The <row> elements exactly as openpyxl's ElementTree writer serialises them."""
    letters = [get_column_letter(index + 1) for index in range(len(integers))]
    # Cells repeat (codes, counters, dates): each distinct value is serialised once.
    known: dict[tuple[bool, str], str] = {}
    lines: list[str] = []
    for number, record in enumerate(records, start=2):
        row = str(number)
        cells = [f'<row r="{row}">']
        for letter, is_integer, value in zip(letters, integers, record, strict=True):
            if value in missing:
                continue  # openpyxl writes no element for an empty cell
            content = known.get((is_integer, value))
            if content is None:
                content = known[is_integer, value] = _cell_content(value, is_integer, source)
            cells.append(f'<c r="{letter}{row}"{content}')
        cells.append("</row>")
        lines.append("".join(cells))
        if len(lines) >= 1000:
            sheet.write("".join(lines).encode("utf-8"))
            lines.clear()
    sheet.write("".join(lines).encode("utf-8"))


def _cell_content(value: str, is_integer: bool, source: str) -> str:
    """What follows a cell's reference, as openpyxl's ElementTree writer has it."""
    if is_integer and abs(int(value)) < EXCEL_EXACT_INTEGER:
        return f' t="n"><v>{int(value)}</v></c>'
    if value == "":
        return ' t="inlineStr" />'
    text = _text(value, source)
    # openpyxl's whitespace(): keep the spaces around text that is not all spaces.
    stripped = text.strip()
    space = ' xml:space="preserve"' if stripped and stripped != text else ""
    return f' t="inlineStr"><is><t{space}>{text.translate(_ESCAPES)}</t></is></c>'


def _text(value: str, source: str) -> str:
    """``value`` as an XLSX cell can hold it: XML 1.0 has no control characters."""
    if ILLEGAL_CHARACTERS_RE.search(value) is None:
        return value
    log.warning("%s: a control character cannot go in the XLSX; it shows as U+FFFD there", source)
    return str(ILLEGAL_CHARACTERS_RE.sub("\ufffd", value))


def open_zip(path: Path) -> zipfile.ZipFile:
    return zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED)


def _member_info(name: str, moment: dt.datetime) -> zipfile.ZipInfo:
    """A member with a fixed date, permissions and system."""
    info = zipfile.ZipInfo(name, date_time=max(moment, ZIP_EPOCH_MINIMUM).timetuple()[:6])
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = ZIP_PERMISSIONS
    info.create_system = 3  # Unix, also when built on Windows
    return info


def add_member(archive: zipfile.ZipFile, name: str, stream: IO[bytes], moment: dt.datetime) -> None:
    """Copy ``stream`` into ``archive`` with a fixed date, permissions and system."""
    with archive.open(_member_info(name, moment), "w") as member:
        shutil.copyfileobj(stream, member)
