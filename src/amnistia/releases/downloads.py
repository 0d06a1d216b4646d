"""The files data users download: each table as CSV, JSON and XLSX, the package zip,
datapackage.json with each CSV's hash and size, and SHA256SUMS.

Everything is deterministic: the same package and epoch give the same bytes,
so a version's checksums never change once published. Tables are streamed
row by row, so the time and memory taken grow linearly with the data.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import logging
import math
import re
import shutil
import stat
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.writer.excel import ExcelWriter

log = logging.getLogger(__name__)

CHECKSUMS = "SHA256SUMS"
DESCRIPTOR = "datapackage.json"
# DOS timestamps in a zip cannot say anything earlier.
ZIP_EPOCH_MINIMUM = dt.datetime(1980, 1, 1, tzinfo=dt.UTC)
# A regular file, rw-r--r--, whoever builds: the zip bytes must not depend on a umask.
ZIP_PERMISSIONS = (stat.S_IFREG | 0o644) << 16
# Table Schema's defaults when a boolean field does not list its own values.
TRUE_VALUES = ["true", "True", "TRUE", "1"]
FALSE_VALUES = ["false", "False", "FALSE", "0"]
# Excel keeps 15 significant digits; a longer integer would be silently rounded.
EXCEL_EXACT_INTEGER = 10**15
SHEET_TITLE_FORBIDDEN = re.compile(r"[\\*?:/\[\]]")


@dataclass(frozen=True)
class DownloadFile:
    """One file of a version's downloads, with what a data user needs to check it."""

    name: str
    """File name inside the downloads folder, e.g. ``releases.csv``."""
    resource: str | None
    """Resource name, or None for package-level files."""
    format: str
    """csv, json, xlsx, zip, datapackage or sha256sums."""
    bytes: int
    sha256: str
    """Hex digest."""


def write_downloads(
    package_folder: Path, descriptor: dict[str, Any], out: Path, epoch: int
) -> list[DownloadFile]:
    """Write every download of one package version into ``out``; return them sorted by name.

    ``out`` is created if needed; ``epoch`` (seconds, like SOURCE_DATE_EPOCH)
    dates everything written, so the same package gives the same bytes.
    """
    out.mkdir(parents=True, exist_ok=True)
    moment = dt.datetime.fromtimestamp(epoch, dt.UTC)
    files: list[DownloadFile] = []
    resources: list[dict[str, Any]] = []
    for resource in descriptor.get("resources", []):
        name = str(resource["name"])
        source = package_folder / str(resource["path"])
        log.debug("writing the downloads of %s", source)
        csv_file = _copy(source, out / f"{name}.csv", name)
        files.append(csv_file)
        files.append(_write_json(source, resource, out / f"{name}.json"))
        files.append(_write_xlsx(source, resource, out / f"{name}.xlsx", moment))
        resources.append(_published_resource(resource, csv_file))
    published = {**descriptor, "resources": resources} if "resources" in descriptor else dict(descriptor)
    text = json.dumps(published, indent=2, ensure_ascii=False) + "\n"
    (out / DESCRIPTOR).write_text(text, encoding="utf-8", newline="\n")
    files.append(_describe(out / DESCRIPTOR, None, "datapackage"))
    members = sorted([DESCRIPTOR, *(f.name for f in files if f.format == "csv")])
    files.append(_write_package_zip(out, members, _zip_name(descriptor), moment))
    files.sort(key=lambda f: f.name)
    sums = "".join(f"{f.sha256}  {f.name}\n" for f in files)
    (out / CHECKSUMS).write_text(sums, encoding="utf-8", newline="\n")
    files.append(_describe(out / CHECKSUMS, None, "sha256sums"))
    return sorted(files, key=lambda f: f.name)


def _describe(path: Path, resource: str | None, kind: str) -> DownloadFile:
    with path.open("rb") as stream:
        digest = hashlib.file_digest(stream, "sha256").hexdigest()
    return DownloadFile(path.name, resource, kind, path.stat().st_size, digest)


def _copy(source: Path, target: Path, resource: str) -> DownloadFile:
    shutil.copyfile(source, target)
    return _describe(target, resource, "csv")


def _published_resource(resource: dict[str, Any], csv_file: DownloadFile) -> dict[str, Any]:
    """The resource as this folder holds it; hash and size sit next to the path they describe."""
    published: dict[str, Any] = {}
    for key, value in resource.items():
        if key in ("hash", "bytes"):
            continue
        if key == "path":
            # Frictionless 5 reads "sha256:<hex>" as the algorithm and digest;
            # a bare hex would be taken for an md5 and always fail.
            published.update(path=csv_file.name, hash=f"sha256:{csv_file.sha256}", bytes=csv_file.bytes)
        else:
            published[key] = value
    return published


def _zip_name(descriptor: dict[str, Any]) -> str:
    parts = [str(descriptor.get("name") or "package"), str(descriptor.get("version") or "")]
    return "-".join(part for part in parts if part) + ".zip"


def _records(source: Path, resource: dict[str, Any]) -> Iterator[list[str]]:
    """Each data row of a resource's CSV, after checking the header is the schema's."""
    dialect = resource.get("dialect", {})
    fields = [str(f["name"]) for f in resource["schema"]["fields"]]
    with source.open(encoding="utf-8-sig", newline="") as stream:
        reader = csv.reader(
            stream,
            delimiter=dialect.get("delimiter", ","),
            quotechar=dialect.get("quoteChar", '"'),
            doublequote=dialect.get("doubleQuote", True),
            strict=True,
        )
        header = next(reader, [])
        if header != fields:
            raise ValueError(f"{source}: the header {header} is not the schema's fields {fields}")
        yield from reader


def _write_json(source: Path, resource: dict[str, Any], target: Path) -> DownloadFile:
    """An array of row objects, streamed: the same text ``json.dumps(rows, indent=2)`` gives."""
    schema = resource["schema"]
    fields = schema["fields"]
    missing = set(schema.get("missingValues", [""]))
    with target.open("w", encoding="utf-8", newline="\n") as stream:
        separator = "[\n"
        for record in _records(source, resource):
            row = {f["name"]: _typed(cell, f, missing) for f, cell in zip(fields, record, strict=True)}
            text = json.dumps(row, indent=2, ensure_ascii=False)
            # json.dumps escapes newlines inside strings, so "\n" only ever ends a line.
            stream.write(separator + "  " + text.replace("\n", "\n  "))
            separator = ",\n"
        stream.write("[]\n" if separator == "[\n" else "\n]\n")
    return _describe(target, str(resource["name"]), "json")


def _typed(cell: str, field: dict[str, Any], missing: set[str]) -> Any:
    """A cell as the JSON value its field's type says; dates and text stay strings."""
    if cell in missing:
        return None
    kind = field.get("type", "string")
    if kind == "integer":
        return int(cell)
    if kind == "number":
        number = float(cell)
        # JSON has no NaN or infinity; the text is better than invalid JSON.
        return number if math.isfinite(number) else cell
    if kind == "boolean":
        if cell in field.get("trueValues", TRUE_VALUES):
            return True
        if cell in field.get("falseValues", FALSE_VALUES):
            return False
        raise ValueError(f'"{cell}" is not a boolean in field "{field["name"]}"')
    if kind == "list":
        return cell.split(field.get("delimiter", ","))
    return cell


def _write_xlsx(source: Path, resource: dict[str, Any], target: Path, moment: dt.datetime) -> DownloadFile:
    """One sheet; integers as numbers, every other cell stored as text, never as a formula."""
    name = str(resource["name"])
    schema = resource["schema"]
    missing = set(schema.get("missingValues", [""]))
    integers = [f.get("type") == "integer" for f in schema["fields"]]
    # Write-only mode streams rows to a temporary file instead of holding every cell.
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(SHEET_TITLE_FORBIDDEN.sub("-", name)[:31])
    sheet.freeze_panes = "A2"  # before the first row: the sheet view is written first
    header = []
    for field in schema["fields"]:
        cell = WriteOnlyCell(sheet, value=_text(str(field["name"]), source))
        cell.font = Font(bold=True)
        cell.data_type = "s"
        header.append(cell)
    sheet.append(header)
    for record in _records(source, resource):
        row: list[Cell | None] = []
        for is_integer, value in zip(integers, record, strict=True):
            if value in missing:
                row.append(None)
            elif is_integer and abs(int(value)) < EXCEL_EXACT_INTEGER:
                row.append(WriteOnlyCell(sheet, value=int(value)))
            else:
                cell = WriteOnlyCell(sheet, value=_text(value, source))
                # openpyxl stores "=..." as a formula and "#N/A" as an error; text is text.
                cell.data_type = "s"
                row.append(cell)
        sheet.append(row)
    naive = moment.replace(tzinfo=None)  # openpyxl writes naive datetimes as UTC
    workbook.properties.creator = "amnistia"
    workbook.properties.created = naive
    workbook.properties.modified = naive
    with tempfile.TemporaryFile() as raw:
        # Workbook.save() would stamp "modified" with the clock; the writer itself does not.
        # "with": an interrupted save must not leave an open archive to a finaliser.
        with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as sheet:
            ExcelWriter(workbook, sheet).save()
        raw.seek(0)
        with zipfile.ZipFile(raw) as written, _open_zip(target) as archive:
            # openpyxl dates each entry with the clock or a temporary file's mtime.
            for info in written.infolist():
                with written.open(info) as member:
                    _add_member(archive, info.filename, member, moment)
    return _describe(target, name, "xlsx")


def _text(value: str, source: Path) -> str:
    """``value`` as an XLSX cell can hold it: XML 1.0 has no control characters."""
    if ILLEGAL_CHARACTERS_RE.search(value) is None:
        return value
    log.warning("%s: a control character cannot go in the XLSX; it shows as U+FFFD there", source)
    return str(ILLEGAL_CHARACTERS_RE.sub("\ufffd", value))


def _write_package_zip(out: Path, members: list[str], name: str, moment: dt.datetime) -> DownloadFile:
    with _open_zip(out / name) as archive:
        for member in members:
            with (out / member).open("rb") as stream:
                _add_member(archive, member, stream, moment)
    return _describe(out / name, None, "zip")


def _open_zip(path: Path) -> zipfile.ZipFile:
    return zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED)


def _add_member(archive: zipfile.ZipFile, name: str, stream: IO[bytes], moment: dt.datetime) -> None:
    """Copy ``stream`` into ``archive`` with a fixed date, permissions and system."""
    info = zipfile.ZipInfo(name, date_time=max(moment, ZIP_EPOCH_MINIMUM).timetuple()[:6])
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = ZIP_PERMISSIONS
    info.create_system = 3  # Unix, also when built on Windows
    with archive.open(info, "w") as member:
        shutil.copyfileobj(stream, member)
