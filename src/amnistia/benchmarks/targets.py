"""A benchmark goal, the figure measured for it, and whether it is met."""

from __future__ import annotations

import datetime as dt
import os
import platform
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Target:
    goal: str
    """What is promised, in words: "validate ≥ 8× faster than frictionless at 100,000 rows"."""
    figure: str
    """What was measured, with its unit: "11.3× (2.1 s vs 23.8 s)"."""
    met: bool | None
    """None when it was not measured (skipped, with the reason in ``figure``)."""

    @property
    def verdict(self) -> str:
        return {True: "met", False: "NOT MET", None: "skipped"}[self.met]


def print_targets(targets: Sequence[Target]) -> None:
    width = max((len(t.goal) for t in targets), default=10)
    for target in targets:
        print(f"{target.verdict:>8}  {target.goal:<{width}}  {target.figure}", flush=True)


def record_results(path: Path, targets: Sequence[Target], notes: Sequence[str] = ()) -> None:
    """Append this run to ``path`` (benchmarks/RESULTS.md): date, machine, commit, every target."""
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False
    ).stdout.strip()
    dirty = subprocess.run(["git", "status", "--porcelain"], capture_output=True, text=True, check=False)
    if dirty.stdout.strip():
        commit += " (with uncommitted changes)"
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    lines = [
        "",
        f"## {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC · {commit or 'no commit'}",
        "",
        f"Machine: {machine}.",
        "",
        "| verdict | goal | measured |",
        "|---|---|---|",
        *(f"| {t.verdict} | {t.goal} | {t.figure} |" for t in targets),
    ]
    lines += [f"\n{note}" for note in notes]
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            "# Benchmark results\n\nEvery `make bench` run appends its figures here. "
            "The machine is shared: compare ratios measured in the same run.\n",
            encoding="utf-8",
        )
    with path.open("a", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")
