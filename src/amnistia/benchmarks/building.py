"""How the build scales: the shipped site, a no-op rebuild, and 10,000 and 100,000 rows.

Every figure is a real ``amnistia build`` in a subprocess (start-up, imports,
validation and both languages included), as a contributor runs it. The
synthetic packages are those of the validation benchmark (validation.py):
the shipped releases rows repeated with fresh ids. A scale whose estimate
(from the one below it) passes 10 minutes is skipped with a note.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from amnistia.benchmarks.scaled import copy_project, make_package
from amnistia.benchmarks.targets import Target
from amnistia.benchmarks.validation import ROOT

LIMIT_S = 600.0
SHIPPED_S, NO_OP_S, LARGE_S, GROWTH, PAGE_BYTES = 5.0, 3.0, 30.0, 12.0, 500_000
COLD_PER_VERSION_S = 5.0
"""A fresh machine's first build also builds one site per released version, for its offline copy."""
OFFLINE_BYTES = 2_000_000
"""The offline copy of the shipped site (both languages, one version's data) fits a messaging app."""


def build(package: Path, out: Path, timeout: float = LIMIT_S) -> tuple[float, str]:
    """Seconds one ``amnistia build`` took, and what it printed; raises on failure."""
    start = time.perf_counter()
    completed = subprocess.run(
        [sys.executable, "-m", "amnistia.cli", "build", str(package), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    seconds = time.perf_counter() - start
    if completed.returncode != 0:
        raise RuntimeError(
            f"the build of {package} failed:\n{completed.stdout[-2000:]}{completed.stderr[-2000:]}"
        )
    return seconds, completed.stdout


def largest_page(out: Path) -> tuple[int, str]:
    pages = [(p.stat().st_size, str(p.relative_to(out))) for p in out.rglob("*.html")]
    return max(pages, default=(0, "none"))


def shipped(folder: Path) -> list[Target]:
    project = copy_project(ROOT, folder / "shipped")
    versions = len([p for p in (project / "datasets" / "versions").iterdir() if p.is_dir()])
    print("building the shipped site (cold download cache: every version's offline copy)…", flush=True)
    cold, _ = build(project, folder / "shipped-site")
    print("rebuilding it unchanged…", flush=True)
    again, said = build(project, folder / "shipped-site")
    # What a contributor waits for after an edit: released versions' downloads come from the cache.
    about = project / "docs" / "en" / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    print("building it after an edit (warm download cache)…", flush=True)
    fresh, _ = build(project, folder / "shipped-site")
    cold_goal = SHIPPED_S + COLD_PER_VERSION_S * versions
    offline = sorted((folder / "shipped-site" / "downloads" / "latest").glob("amnistia-site-*-offline.zip"))
    size = offline[0].stat().st_size if offline else 0
    return [
        Target(
            f"offline copy of the shipped site ≤ {OFFLINE_BYTES / 1e6:.0f} MB",
            f"{size / 1e6:.2f} MB" if offline else "missing",
            0 < size <= OFFLINE_BYTES,
        ),
        Target(
            f"shipped site after an edit, both languages ≤ {SHIPPED_S:.0f} s (warm download cache)",
            f"{fresh:.1f} s",
            fresh <= SHIPPED_S,
        ),
        Target(
            f"shipped site, first build ≤ {cold_goal:.0f} s ({SHIPPED_S:.0f} s + "
            f"{COLD_PER_VERSION_S:.0f} s for each of {versions} versions' offline copy; cold cache)",
            f"{cold:.1f} s",
            cold <= cold_goal,
        ),
        Target(
            f"no-op rebuild ≤ {NO_OP_S:.0f} s, and it says so",
            f"{again:.2f} s ({said.split(':')[0]})",
            again <= NO_OP_S and said.startswith("up to date"),
        ),
    ]


def scaled(folder: Path) -> list[Target]:
    targets: list[Target] = []
    seconds: dict[int, float] = {}
    for rows in (10_000, 100_000):
        below = seconds.get(rows // 10)
        estimate = below * 10 if below is not None else 0.0
        if estimate > LIMIT_S:
            note = f"skipped: estimated {estimate:.0f} s from {rows // 10:,} rows, over {LIMIT_S:.0f} s"
            targets.append(Target(f"{rows:,} rows validate + build", note, None))
            continue
        package = make_package(ROOT, folder, rows)
        shutil.copytree(ROOT / "docs", package / "docs", dirs_exist_ok=True)
        print(f"building {rows:,} rows…", flush=True)
        try:
            took, _ = build(package, folder / f"site-{rows}")
        except subprocess.TimeoutExpired:
            targets.append(Target(f"{rows:,} rows validate + build", f"skipped: over {LIMIT_S:.0f} s", None))
            continue
        seconds[rows] = took
        size, page = largest_page(folder / f"site-{rows}")
        if rows == 100_000:
            targets.append(
                Target(f"100,000 rows validate + build ≤ {LARGE_S:.0f} s", f"{took:.1f} s", took <= LARGE_S)
            )
        targets.append(
            Target(
                f"no HTML page over {PAGE_BYTES // 1000} KB at {rows:,} rows",
                f"largest {size / 1000:.0f} KB ({page})",
                size <= PAGE_BYTES,
            )
        )
        shutil.rmtree(folder / f"site-{rows}", ignore_errors=True)
    if 10_000 in seconds and 100_000 in seconds:
        ratio = seconds[100_000] / seconds[10_000]
        targets.append(
            Target(
                f"build time 10,000 → 100,000 rows grows ≤ {GROWTH:.0f}×",
                f"{ratio:.1f}× ({seconds[10_000]:.1f} s → {seconds[100_000]:.1f} s)",
                ratio <= GROWTH,
            )
        )
    return targets


def run() -> list[Target]:
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        return shipped(folder) + scaled(folder)
