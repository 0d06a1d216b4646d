"""How validation scales: ours against frictionless alone, on the same files.

Each engine runs in its own subprocess (engine_run.py) on the seeded-error
variant of a package shaped like ours, so one run gives the speed ratio, our
peak memory and the proof that both found the same problems. The ratio is
judged on CPU time (interpreter start and imports included), because the
machine is shared and wall time there measures the neighbours; wall times
are shown beside it. The two engines take turns, three runs each, and each
keeps its fastest (the neighbours only ever slow a run down, and they slow
our engine, whose loops run in C over whole batches and wait on memory,
more than frictionless, which waits on the interpreter). frictionless at a
million rows takes minutes: a scale
whose estimate (from the previous scale, assuming linear growth) passes the
budget is skipped with a note.

Both engines start from compiled bytecode: pip compiled frictionless when it
installed it, and this package, installed editable from its sources, is
compiled here (the machine may set PYTHONDONTWRITEBYTECODE, and then every
run would compile our modules again).
"""

from __future__ import annotations

import compileall
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from amnistia.benchmarks.scaled import make_package
from amnistia.benchmarks.targets import Target

ROOT = Path.cwd()
SCALES = (10_000, 100_000, 1_000_000)
SPEEDUP = 8
PEAK_MB = 300
SHIPPED_SECONDS = 1.0
BUDGET_SECONDS = 600
"""A measurement expected to take longer than this is skipped, not left to hang."""
SEEDED_EVERY = 1_000
REPEATS = 3
"""Runs of each engine per scale, taking turns; each keeps its fastest."""


@dataclass(frozen=True)
class Run:
    """What one engine cost on one package."""

    wall: float
    cpu: float
    peak_mb: float


def fastest_runs(package: Path, folder: Path, rows: int) -> tuple[Run, Run]:
    """Each engine's run of least CPU time, ours and frictionless taking turns."""
    ours: list[Run] = []
    theirs: list[Run] = []
    for turn in range(1, REPEATS + 1):
        print(f"  ours and frictionless on {rows:,} rows, run {turn} of {REPEATS}", flush=True)
        ours.append(run_engine("ours", package, folder / "ours.json"))
        theirs.append(run_engine("frictionless", package, folder / "theirs.json"))
    return min(ours, key=_cpu), min(theirs, key=_cpu)


def _cpu(run: Run) -> float:
    return run.cpu


def run_engine(engine: str, package: Path, findings: Path) -> Run:
    """Run one engine on ``package`` in a fresh interpreter; its findings go to ``findings``."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "amnistia.benchmarks.engine_run", engine, str(package), str(findings)],
        capture_output=True,
        text=True,
        check=True,
        timeout=BUDGET_SECONDS * 2,
    )
    measured = json.loads(done.stdout)
    return Run(time.perf_counter() - start, float(measured["cpu_seconds"]), float(measured["peak_mb"]))


def shipped_seconds() -> float:
    """Median wall time of `amnistia validate` on the shipped package, after one warm-up run."""
    command = [sys.executable, "-m", "amnistia.cli", "validate", str(ROOT)]
    subprocess.run(command, capture_output=True, check=False)  # fills the descriptor cache
    times = []
    for _ in range(3):
        start = time.perf_counter()
        subprocess.run(command, capture_output=True, check=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def run() -> list[Target]:
    targets = []
    compileall.compile_dir(Path(__file__).resolve().parent.parent, quiet=1)
    seconds = shipped_seconds()
    targets.append(
        Target(
            f"`amnistia validate` on the shipped package ≤ {SHIPPED_SECONDS:g} s (wall, with start-up)",
            f"{seconds:.2f} s",
            seconds <= SHIPPED_SECONDS,
        )
    )
    theirs_per_row: float | None = None
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        for rows in SCALES:
            print(f"  validating {rows:,} rows (seeded errors every {SEEDED_EVERY:,})", flush=True)
            package = make_package(ROOT, folder, rows, seeded_every=SEEDED_EVERY)
            estimate = theirs_per_row * rows if theirs_per_row else 0.0
            goal = f"validate ≥ {SPEEDUP}× faster than frictionless at {rows:,} rows"
            if estimate > BUDGET_SECONDS:
                ours = run_engine("ours", package, folder / "ours.json")
                note = (
                    f"skipped: frictionless would take about {estimate:.0f} s here (ours {ours.wall:.1f} s)"
                )
                targets.append(Target(goal, note, None))
            else:
                ours, theirs = fastest_runs(package, folder, rows)
                theirs_per_row = theirs.wall / rows
                targets += _compare(goal, rows, ours, theirs, folder)
            if rows == max(SCALES):
                figure = f"{ours.peak_mb:.0f} MB"
                targets.append(
                    Target(f"peak memory ≤ {PEAK_MB} MB at {rows:,} rows", figure, ours.peak_mb <= PEAK_MB)
                )
            shutil.rmtree(package)
    return targets


def _compare(goal: str, rows: int, ours: Run, theirs: Run, folder: Path) -> list[Target]:
    ratio = theirs.cpu / ours.cpu
    our_findings = json.loads((folder / "ours.json").read_text(encoding="utf-8"))
    their_findings = json.loads((folder / "theirs.json").read_text(encoding="utf-8"))
    same = our_findings == their_findings
    differing = len({tuple(f) for f in our_findings} ^ {tuple(f) for f in their_findings})
    informative = rows < 100_000  # below the scales the ratio is shown, not judged
    figure = (
        f"{ratio:.1f}× in CPU ({ours.cpu:.2f} s vs {theirs.cpu:.2f} s); "
        f"wall {ours.wall:.2f} s vs {theirs.wall:.2f} s"
    )
    return [
        Target(goal, figure, None if informative else ratio >= SPEEDUP),
        Target(
            f"identical findings at {rows:,} rows (seeded errors)",
            f"{len(our_findings)} findings, {'the same' if same else f'{differing} differ'}",
            same,
        ),
    ]
