"""A version of the package as rows of strings, read once and shared.

The diffs of the changelog and the downloads of a version read the same
rows: one read of each CSV feeds both. The working copy's rows come from the
validator (``data/``), which has already read and checked every file.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class PackageView:
    """A package as the diff and the downloads see it: its descriptor and its rows as strings."""

    label: str
    descriptor: dict[str, Any]
    rows: Mapping[str, Sequence[dict[str, str]]]
    headers: Mapping[str, Sequence[str]] = field(default_factory=dict)
    """Each table's header as written; absent when the rows came without one."""

    def header(self, resource: str) -> Sequence[str] | None:
        return self.headers.get(resource)


def read_view(folder: Path, descriptor: dict[str, Any], label: str) -> PackageView:
    """Read every resource of a package folder as rows of strings."""
    rows: dict[str, list[dict[str, str]]] = {}
    headers: dict[str, list[str]] = {}
    for resource in descriptor.get("resources", []):
        name = str(resource["name"])
        headers[name], rows[name] = read_rows(folder / str(resource["path"]), resource)
    return PackageView(label, descriptor, rows, headers)


def read_rows(source: Path, resource: dict[str, Any]) -> tuple[list[str], list[dict[str, str]]]:
    """The header and the rows of one resource's CSV, in its dialect."""
    dialect = resource.get("dialect", {})
    with source.open(encoding="utf-8-sig", newline="") as stream:
        reader = csv.DictReader(
            stream,
            delimiter=dialect.get("delimiter", ","),
            quotechar=dialect.get("quoteChar", '"'),
            doublequote=dialect.get("doubleQuote", True),
        )
        rows = list(reader)
        return list(reader.fieldnames or []), rows
