"""How to cite one version of the data: text, CITATION.cff and BibTeX.

Every citation names the version and its release date, so a figure quoted
in an article can be traced to the exact files it came from.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import Any

from amnistia.releases.downloads import CHECKSUMS, DownloadFile


def _title(descriptor: dict[str, Any]) -> str:
    return str(descriptor.get("title") or descriptor.get("name") or "Data package")


def _authors(descriptor: dict[str, Any]) -> list[str]:
    names = [str(c.get("title", "")).strip() for c in descriptor.get("contributors", [])]
    return [n for n in names if n] or ["amnistia contributors"]


def citation_text(descriptor: dict[str, Any], version: str, day: dt.date) -> str:
    """A plain-text citation: authors (year). Title, version X (date)."""
    authors = ", ".join(_authors(descriptor))
    return f"{authors} ({day.year}). {_title(descriptor)}. Version {version} ({day.isoformat()})."


def citation_cff(descriptor: dict[str, Any], version: str, day: dt.date) -> str:
    """CITATION.cff (Citation File Format 1.2.0) for one version."""
    licence = next((str(x.get("name")) for x in descriptor.get("licenses", []) if x.get("name")), "")
    lines = [
        "cff-version: 1.2.0",
        'message: "If you use this data, please cite this version."',
        "type: dataset",
        f"title: {_yaml(_title(descriptor))}",
        f"version: {_yaml(version)}",
        f"date-released: {_yaml(day.isoformat())}",
        "authors:",
        *[f"  - name: {_yaml(name)}" for name in _authors(descriptor)],
    ]
    if licence:
        lines.append(f"license: {_yaml(licence)}")
    keywords = [str(k) for k in descriptor.get("keywords", [])]
    if keywords:
        lines.append("keywords:")
        lines += [f"  - {_yaml(k)}" for k in keywords]
    return "\n".join(lines) + "\n"


def citation_bibtex(descriptor: dict[str, Any], version: str, day: dt.date) -> str:
    """A BibTeX @misc entry for one version."""
    key = f"{descriptor.get('name', 'data')}_{version.replace('.', '_')}"
    fields = {
        "author": " and ".join("{" + _bib(a) + "}" for a in _authors(descriptor)),
        "title": "{" + _bib(_title(descriptor)) + "}",
        "year": str(day.year),
        "month": str(day.month),
        "version": _bib(version),
        "note": _bib(f"Data package, version {version}, released {day.isoformat()}"),
    }
    body = ",\n".join(f"  {name} = {{{value}}}" if not value.startswith("{") else f"  {name} = {value}"
                      for name, value in fields.items())  # fmt: skip
    return f"@misc{{{key},\n{body}\n}}\n"


def _yaml(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def _bib(text: str) -> str:
    for char in "\\{}%&$#_^~":
        text = text.replace(char, "\\" + char if char not in "\\^~" else "")
    return text


def add_citations(
    folder: Path, descriptor: dict[str, Any], version: str, day: dt.date, files: list[DownloadFile]
) -> list[DownloadFile]:
    """Write CITATION.cff and citation.bib into a version's downloads; refresh SHA256SUMS."""
    written = {
        "CITATION.cff": citation_cff(descriptor, version, day),
        "citation.bib": citation_bibtex(descriptor, version, day),
    }
    kept = [f for f in files if f.name not in written and f.name != CHECKSUMS]
    for name, text in written.items():
        data = text.encode("utf-8")
        (folder / name).write_bytes(data)
        kept.append(
            DownloadFile(name, None, name.rsplit(".", 1)[-1], len(data), hashlib.sha256(data).hexdigest())
        )
    kept.sort(key=lambda f: f.name)
    sums = "".join(f"{f.sha256}  {f.name}\n" for f in kept).encode("utf-8")
    (folder / CHECKSUMS).write_bytes(sums)
    kept.append(DownloadFile(CHECKSUMS, None, "sha256sums", len(sums), hashlib.sha256(sums).hexdigest()))
    return sorted(kept, key=lambda f: f.name)
