"""Redaction: the one change a released file may undergo, and its tombstone.

Released files are immutable, but, as trusted archives do (Zenodo, PyPI), a
cell that must not stay public for legal or safety reasons — a detainee's
name, say — is removed from every version that held it. The cell's text is
replaced by ``MARKER``; the file's sha256 before and after, the reason and
the date go into ``datasets/versions/redactions.json``. The log never holds
the removed text. Validation accepts a frozen file whose bytes are reached
from its released hash by the log's chain of redactions, and the changelog
shows "redacted on DATE: REASON" where the old value was.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

LOG = Path("datasets") / "versions" / "redactions.json"
MARKER = "[redacted]"


class RedactionError(Exception):
    """The redaction was refused; the message says why and what to do."""


@dataclass(frozen=True)
class Redaction:
    version: str
    file: str
    """Path of the CSV inside the version's folder, e.g. ``hunger-strikes.csv``."""
    row: str
    """Primary-key value of the row."""
    field: str
    date: str
    reason: dict[str, str]
    """Why, in English and Spanish: shown on the changelog."""
    old_sha256: str
    new_sha256: str
    new_bytes: int

    @property
    def day(self) -> dt.date:
        return dt.date.fromisoformat(self.date)

    def reason_in(self, language: str) -> str:
        return self.reason.get(language) or self.reason.get("en", "")


def read_log(package: Path) -> list[Redaction]:
    path = package / LOG
    if not path.is_file():
        return []
    entries = json.loads(path.read_text(encoding="utf-8"))
    return [Redaction(**entry) for entry in entries.get("redactions", [])]


def reached_by_redactions(
    log: Sequence[Redaction], version: str, file: str, released: str, actual: str
) -> bool:
    """Whether the log's redactions of ``file`` lead from its released hash to its bytes now."""
    current = released
    for entry in log:
        if entry.version == version and entry.file == file and entry.old_sha256 == current:
            current = entry.new_sha256
    return current == actual and current != released


def redacted_cells(log: Sequence[Redaction], version: str) -> dict[tuple[str, str, str], Redaction]:
    """(file, row, field) → its redaction, for the cells of ``version`` that were redacted."""
    return {(e.file, e.row, e.field): e for e in log if e.version == version}


def redact(
    package: Path,
    versions: Sequence[str],
    file: str,
    row: str,
    field: str,
    reason: dict[str, str],
    day: dt.date,
) -> list[Redaction]:
    """Replace one cell by MARKER in the frozen ``file`` of each version; log each change."""
    if not reason.get("en") or not reason.get("es"):
        raise RedactionError("give the reason in English and Spanish (--reason and --reason-es)")
    log = read_log(package)
    done = []
    for version in versions:
        folder = package / "datasets" / "versions" / version
        descriptor_path = folder / "datapackage.json"
        if not descriptor_path.is_file():
            raise RedactionError(f"version {version} is not released (no {descriptor_path})")
        resource = _resource_of(json.loads(descriptor_path.read_text(encoding="utf-8")), file, version)
        path = folder / str(resource["path"])
        before = path.read_bytes()
        after = _replace_cell(before, _key_fields(resource), row, field, f"{version}/{file}")
        entry = Redaction(
            version=version,
            file=str(resource["path"]),
            row=row,
            field=field,
            date=day.isoformat(),
            reason={"en": reason["en"], "es": reason["es"]},
            old_sha256=hashlib.sha256(before).hexdigest(),
            new_sha256=hashlib.sha256(after).hexdigest(),
            new_bytes=len(after),
        )
        done.append((path, after, entry))
    # Write only once every version could be redacted: all or nothing.
    for path, after, _entry in done:
        temporary = path.with_name(f".{path.name}.redacting")
        temporary.write_bytes(after)
        temporary.replace(path)
    _write_log(package, [*log, *(entry for _, _, entry in done)])
    return [entry for _, _, entry in done]


def _resource_of(descriptor: dict[str, Any], file: str, version: str) -> dict[str, Any]:
    for resource in descriptor.get("resources", []):
        if file in (resource.get("name"), resource.get("path"), f"{resource.get('name')}.csv"):
            return dict(resource)
    raise RedactionError(f"version {version} has no table {file}")


def _key_fields(resource: dict[str, Any]) -> list[str]:
    key = resource.get("schema", {}).get("primaryKey", [])
    return [key] if isinstance(key, str) else list(key)


def _replace_cell(data: bytes, key: list[str], row: str, field: str, where: str) -> bytes:
    """``data`` with one cell replaced, every other byte as it was."""
    text = data.decode("utf-8")
    records = list(csv.reader(io.StringIO(text, newline="")))
    if _write_csv(records) != text:
        # The file was not written the way we write CSV: rewriting it would
        # change other bytes, and a redaction must change one cell only.
        raise RedactionError(f"{where} is not in the CSV form amnistia writes; redact it by hand")
    header = records[0]
    if field not in header:
        raise RedactionError(f"{where} has no field {field}")
    if not key:
        raise RedactionError(f"{where} has no primary key to find row {row} by")
    columns = [header.index(k) for k in key]
    matches = [r for r in records[1:] if ",".join(r[c] for c in columns) == row]
    if len(matches) != 1:
        raise RedactionError(f"{where} has {len(matches)} rows with key {row}; name exactly one")
    cell = header.index(field)
    if matches[0][cell] == MARKER:
        raise RedactionError(f"{where}: {row}.{field} is already redacted")
    matches[0][cell] = MARKER
    return _write_csv(records).encode("utf-8")


def _write_csv(records: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(records)
    return out.getvalue()


def _write_log(package: Path, log: Sequence[Redaction]) -> None:
    path = package / LOG
    body = {
        "description": "Cells removed from released files for legal or safety reasons. "
        "The removed text is not kept here: only each file's sha256 before and after.",
        "redactions": [asdict(entry) for entry in log],
    }
    path.write_text(json.dumps(body, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
