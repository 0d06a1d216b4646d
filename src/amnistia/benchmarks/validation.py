"""How validation scales: ours against frictionless alone, on the same files.

A synthetic package repeats the shipped releases rows with fresh ids, so
every check runs on realistic cells.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from frictionless import Package

from amnistia.benchmarks.targets import Target
from amnistia.validate import validate_package

ROOT = Path.cwd()


def make_package(folder: Path, rows: int) -> Path:
    """A copy of the shipped package whose releases.csv holds ``rows`` rows."""
    package = folder / f"package-{rows}"
    shutil.copytree(ROOT / "datasets", package / "datasets", ignore=shutil.ignore_patterns("versions"))
    shutil.copy(ROOT / "datapackage.json", package / "datapackage.json")
    for extra in ("mkdocs.yml",):
        shutil.copy(ROOT / extra, package / extra)
    shutil.copytree(ROOT / "docs", package / "docs")
    path = package / "datasets" / "releases.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        original = list(csv.DictReader(handle))
    totals = [r for r in original if not r["part_of"]]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(original[0]), lineterminator="\n")
    writer.writeheader()
    for index in range(rows):
        row = dict(totals[index % len(totals)])
        row["id"] = f"bench-{index:07d}"
        writer.writerow(row)
    path.write_text(out.getvalue(), encoding="utf-8")
    return package


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def frictionless_only(package: Path) -> None:
    Package(json.loads((package / "datapackage.json").read_text()), basepath=str(package)).validate()


def run() -> list[Target]:
    targets = []
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        for rows in (10_000, 100_000):
            package = make_package(folder, rows)
            ours = timed(partial(validate_package, package))
            theirs = timed(partial(frictionless_only, package))
            ratio = theirs / ours
            targets.append(
                Target(
                    f"validate ≥ 8× faster than frictionless at {rows:,} rows",
                    f"{ratio:.1f}× ({ours:.2f} s vs {theirs:.2f} s)",
                    ratio >= 8 if rows >= 100_000 else None if ratio < 8 else True,
                )
            )
    return targets
