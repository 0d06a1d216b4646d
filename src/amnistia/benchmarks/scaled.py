"""Packages shaped like ours at any size, with or without seeded errors.

A copy of the shipped package whose releases.csv repeats the shipped total
rows with fresh ids, so every check runs on realistic cells. The seeded
variant breaks one row in every ``every`` with a problem both engines can
see (a type, an enum, a required cell, a pattern, a maximum, a duplicate id,
a dangling reference), so their findings can be compared at scale.
"""

from __future__ import annotations

import csv
import shutil
from collections.abc import Callable
from pathlib import Path

Row = dict[str, str]

SEEDED_ERRORS: list[Callable[[Row, int], None]] = [
    lambda row, index: row.update(value="3,200"),
    lambda row, index: row.update(measure="prisoners"),
    lambda row, index: row.update(counter=""),
    lambda row, index: row.update(id=f"Bench {index}"),
    lambda row, index: row.update(value="1000001"),
    lambda row, index: row.update(id="bench-0000000"),
    lambda row, index: row.update(counter="nobody"),
    lambda row, index: row.update(as_of="2026-02-30"),
]


PROJECT_FILES = ("datapackage.json", "mkdocs.yml")
PROJECT_FOLDERS = ("datasets", "docs")


def copy_project(source: Path, project: Path) -> Path:
    """The project in ``source`` (descriptor, data with its versions, pages, mkdocs.yml) as ``project``."""
    project.mkdir()
    for name in PROJECT_FILES:
        shutil.copy(source / name, project / name)
    for part in PROJECT_FOLDERS:
        shutil.copytree(source / part, project / part)
    return project


def make_package(source: Path, folder: Path, rows: int, seeded_every: int = 0) -> Path:
    """A copy of the package in ``source`` whose releases.csv holds ``rows`` rows.

    With ``seeded_every`` > 0, one row in that many carries an error (cycling
    through SEEDED_ERRORS).
    """
    name = f"package-{rows}" + (f"-seeded-{seeded_every}" if seeded_every else "")
    package = folder / name
    if package.exists():
        shutil.rmtree(package)
    shutil.copytree(source / "datasets", package / "datasets", ignore=shutil.ignore_patterns("versions"))
    shutil.copy(source / "datapackage.json", package / "datapackage.json")
    shutil.copy(source / "mkdocs.yml", package / "mkdocs.yml")
    path = package / "datasets" / "releases.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        original = list(csv.DictReader(handle))
    totals = [r for r in original if not r["part_of"]]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(original[0]), lineterminator="\n")
        writer.writeheader()
        for index in range(rows):
            row = dict(totals[index % len(totals)])
            row["id"] = f"bench-{index:07d}"
            if seeded_every and index % seeded_every == seeded_every - 1:
                SEEDED_ERRORS[(index // seeded_every) % len(SEEDED_ERRORS)](row, index)
            writer.writerow(row)
    return package
