"""The files data users download: each table as CSV, JSON and XLSX, the package zip,
datapackage.json with each CSV's hash and size, and SHA256SUMS.

Everything is deterministic: the same package and epoch give the same bytes,
so a version's checksums never change once published. Tables are streamed
row by row, so the time and memory taken grow linearly with the data.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import math
import shutil
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from amnistia.releases.rows import PackageView, read_view
from amnistia.releases.xlsx import add_member, open_zip, write_xlsx

log = logging.getLogger(__name__)

CHECKSUMS = "SHA256SUMS"
DESCRIPTOR = "datapackage.json"
# Table Schema's defaults when a boolean field does not list its own values.
TRUE_VALUES = ["true", "True", "TRUE", "1"]
FALSE_VALUES = ["false", "False", "FALSE", "0"]
_dumps = json.JSONEncoder(ensure_ascii=False).encode


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
    package_folder: Path,
    descriptor: dict[str, Any],
    out: Path,
    epoch: int,
    view: PackageView | None = None,
) -> list[DownloadFile]:
    """Write every download of one package version into ``out``; return them sorted by name.

    ``out`` is created if needed; ``epoch`` (seconds, like SOURCE_DATE_EPOCH)
    dates everything written, so the same package gives the same bytes.
    ``view`` holds the rows already read (by the validator or for the diffs);
    without it the tables are read from ``package_folder``.
    """
    if view is None:
        view = read_view(package_folder, descriptor, str(package_folder))
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
        records = _Records(view, resource, source)
        files.append(_write_json(records, resource, out / f"{name}.json"))
        write_xlsx(records, resource, out / f"{name}.xlsx", moment, str(source))
        files.append(_describe(out / f"{name}.xlsx", name, "xlsx"))
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


class _Records:
    """Each data row of one resource as its cells in the schema's field order; iterable twice."""

    def __init__(self, view: PackageView, resource: dict[str, Any], source: Path) -> None:
        self.fields = [str(f["name"]) for f in resource["schema"]["fields"]]
        name = str(resource["name"])
        header = view.header(name)
        if header is not None and list(header) != self.fields:
            raise ValueError(f"{source}: the header {list(header)} is not the schema's fields {self.fields}")
        self.rows = view.rows.get(name, [])

    def __iter__(self) -> Iterator[Sequence[str]]:
        fields = self.fields
        if len(fields) == 1:
            only = fields[0]
            return ([row[only]] for row in self.rows)
        return ([row[f] for f in fields] for row in self.rows)


def _write_json(records: _Records, resource: dict[str, Any], target: Path) -> DownloadFile:
    """An array of row objects, streamed: the same text ``json.dumps(rows, indent=2)`` gives.

    The indenting encoder of the json module is pure Python (20 µs a row);
    each value is encoded by the C encoder and laid out here the same way.
    """
    schema = resource["schema"]
    missing = set(schema.get("missingValues", [""]))
    fields = schema["fields"]
    keys = [f"    {_dumps(str(f['name']))}: " for f in fields]
    encoders = [_json_encoder(f, missing) for f in fields]
    with target.open("w", encoding="utf-8", newline="\n") as stream:
        separator = "[\n"
        batch: list[str] = []
        for record in records:
            members = [key + encode(cell) for key, encode, cell in zip(keys, encoders, record, strict=True)]
            batch.append(separator + ("  {\n" + ",\n".join(members) + "\n  }" if members else "  {}"))
            separator = ",\n"
            if len(batch) >= 1000:
                stream.write("".join(batch))
                batch.clear()
        stream.write("".join(batch))
        stream.write("[]\n" if separator == "[\n" else "\n]\n")
    return _describe(target, str(resource["name"]), "json")


def _json_encoder(field: dict[str, Any], missing: set[str]) -> Callable[[str], str]:
    """A cell as JSON text of the value its field's type says; dates and text stay strings."""
    kind = field.get("type", "string")
    # Cells repeat (codes, counters, dates): each distinct value is encoded once.
    known: dict[str, str] = dict.fromkeys(missing, "null")

    def encode(cell: str) -> str:
        text = known.get(cell)
        if text is None:
            value = _typed(cell, field, kind)
            if isinstance(value, list):
                # How json.dumps(indent=2) lays out a list two levels down.
                items = ",\n".join("      " + _dumps(item) for item in value)
                text = "[\n" + items + "\n    ]" if value else "[]"
            else:
                text = _dumps(value)
            known[cell] = text
        return text

    return encode


def _typed(cell: str, field: dict[str, Any], kind: str) -> Any:
    """A present cell as the JSON value its field's type says."""
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


def _write_package_zip(out: Path, members: list[str], name: str, moment: dt.datetime) -> DownloadFile:
    with open_zip(out / name) as archive:
        for member in members:
            with (out / member).open("rb") as stream:
                add_member(archive, member, stream, moment)
    return _describe(out / name, None, "zip")
