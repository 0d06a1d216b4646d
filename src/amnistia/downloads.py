"""The files data users download: each table as CSV, JSON and XLSX, the package zip,
datapackage.json with each file's hash and size, and SHA256SUMS.

Everything is deterministic: the same package and epoch give the same bytes,
so a version's checksums never change once published.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.writer.excel import ExcelWriter

CHECKSUMS = "SHA256SUMS"
ZIP_EPOCH_MINIMUM = dt.datetime(1980, 1, 1, tzinfo=dt.UTC)


@dataclass(frozen=True)
class DownloadFile:
    name: str
    """File name inside the downloads folder, e.g. releases.csv."""
    resource: str | None
    """Resource name, or None for package-level files."""
    format: str
    bytes: int
    sha256: str


def write_downloads(
    package_folder: Path, descriptor: dict[str, Any], out: Path, epoch: int
) -> list[DownloadFile]:
    """Write every download of one package version into ``out``; return them sorted by name."""
    out.mkdir(parents=True, exist_ok=True)
    moment = max(dt.datetime.fromtimestamp(epoch, dt.UTC), ZIP_EPOCH_MINIMUM)
    files: list[DownloadFile] = []
    published = json.loads(json.dumps(descriptor))
    csv_files: dict[str, bytes] = {}
    for resource in published.get("resources", []):
        name = str(resource["name"])
        data = (package_folder / resource["path"]).read_bytes()
        csv_files[f"{name}.csv"] = data
        resource["path"] = f"{name}.csv"
        resource["hash"] = f"sha256:{hashlib.sha256(data).hexdigest()}"
        resource["bytes"] = len(data)
        files.append(_write(out, f"{name}.csv", data, name, "csv"))
        rows = list(_typed_rows(data, resource.get("schema", {})))
        files.append(_write(out, f"{name}.json", _json_bytes(rows), name, "json"))
        files.append(
            _write(
                out, f"{name}.xlsx", _xlsx_bytes(name, data, resource.get("schema", {}), moment), name, "xlsx"
            )
        )
    descriptor_bytes = (json.dumps(published, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    files.append(_write(out, "datapackage.json", descriptor_bytes, None, "datapackage"))
    archive = _zip_bytes({"datapackage.json": descriptor_bytes, **csv_files}, moment)
    package_name = f"{published.get('name', 'package')}-{published.get('version', '0.0.0')}.zip"
    files.append(_write(out, package_name, archive, None, "zip"))
    files.sort(key=lambda f: f.name)
    sums = "".join(f"{f.sha256}  {f.name}\n" for f in files).encode("utf-8")
    files.append(_write(out, CHECKSUMS, sums, None, "sha256sums"))
    return sorted(files, key=lambda f: f.name)


def _write(out: Path, name: str, data: bytes, resource: str | None, kind: str) -> DownloadFile:
    (out / name).write_bytes(data)
    return DownloadFile(name, resource, kind, len(data), hashlib.sha256(data).hexdigest())


def _typed_rows(data: bytes, schema: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Rows with values typed by the schema; empty cells are None."""
    fields = {f["name"]: f for f in schema.get("fields", [])}
    reader = csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline=""))
    for row in reader:
        yield {name: _typed(cell, fields.get(name, {})) for name, cell in row.items()}


def _typed(cell: str | None, field: dict[str, Any]) -> Any:
    if cell is None or cell == "":
        return None
    kind = field.get("type", "string")
    if kind == "integer":
        return int(cell)
    if kind == "number":
        return float(cell)
    if kind == "boolean":
        return cell.strip().lower() in ("true", "1", "yes")
    if kind == "list":
        return [item for item in cell.split(field.get("delimiter", ",")) if item]
    return cell


def _json_bytes(rows: list[dict[str, Any]]) -> bytes:
    return (json.dumps(rows, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _xlsx_bytes(name: str, data: bytes, schema: dict[str, Any], moment: dt.datetime) -> bytes:
    """One sheet; numbers as numbers, every other cell stored as text, never as a formula."""
    numeric = {f["name"] for f in schema.get("fields", []) if f.get("type") in ("integer", "number")}
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = name[:31]
    reader = csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""))
    header = next(reader, [])
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for values in reader:
        sheet.append([None] * len(values))
        row = sheet.max_row
        for column, (title, value) in enumerate(zip(header, values, strict=False), start=1):
            target = sheet.cell(row=row, column=column)
            if value == "":
                continue
            if title in numeric:
                target.value = float(value) if "." in value else int(value)
            else:
                target.value = value
                target.data_type = "s"  # openpyxl would store "=..." as a formula
    naive = moment.replace(tzinfo=None)
    workbook.properties.creator = "amnistia"
    workbook.properties.lastModifiedBy = "amnistia"
    workbook.properties.created = naive
    workbook.properties.modified = naive
    buffer = io.BytesIO()
    # Workbook.save() stamps "modified" with the clock; the writer itself does not.
    ExcelWriter(workbook, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, allowZip64=True)).save()
    return _normalise_zip(buffer.getvalue(), moment)


def _normalise_zip(data: bytes, moment: dt.datetime) -> bytes:
    """Rewrite a zip with fixed timestamps and attributes, entries in their order."""
    source = zipfile.ZipFile(io.BytesIO(data))
    return _zip_bytes(
        {info.filename: source.read(info) for info in source.infolist()}, moment, keep_order=True
    )


def _zip_bytes(entries: dict[str, bytes], moment: dt.datetime, keep_order: bool = False) -> bytes:
    buffer = io.BytesIO()
    stamp = moment.timetuple()[:6]
    names = list(entries) if keep_order else sorted(entries)
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in names:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            archive.writestr(info, entries[name], compresslevel=9)
    return buffer.getvalue()
