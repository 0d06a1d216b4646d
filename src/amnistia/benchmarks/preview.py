"""How long a contributor waits: a one-cell edit, seen in the browser of `amnistia serve`.

The real preview server runs in a subprocess on a copy of the shipped
project, on a free loopback port. Debian's chromium (Playwright) holds the
releases page open. The clock starts when the edited releases.csv is
written and stops when the open page, reloaded by the server, shows the new
value in its row: watcher, rebuild, server-sent event and reload included.
"""

from __future__ import annotations

import csv
import io
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from amnistia.benchmarks.chromium import LAUNCH_ARGS, find_chromium
from amnistia.benchmarks.scaled import copy_project
from amnistia.benchmarks.targets import Target
from amnistia.benchmarks.validation import ROOT

GOAL_S = 2.0
EDITS = 3
ROW = "fp-2026-02-04-350"
"""A row of the releases page; its value cell is the one edited."""
START_S, EDIT_S = 300.0, 60.0
SHOWS = """([row, digits]) => {
  const found = document.getElementById(row);
  return !!found && found.textContent.replace(/[\\s,.\\u00a0\\u202f]/g, "").includes(digits);
}"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _with_value(text: str, value: int) -> str:
    """``text`` (releases.csv) with ROW's value cell set to ``value``; the other lines as they were."""
    lines = text.splitlines(keepends=True)
    header = next(csv.reader([lines[0]]))
    for index, line in enumerate(lines):
        if line.startswith(ROW + ","):
            cells = next(csv.reader([line]))
            cells[header.index("value")] = str(value)
            out = io.StringIO()
            csv.writer(out, lineterminator=line[len(line.rstrip("\r\n")) :]).writerow(cells)
            lines[index] = out.getvalue()
            return "".join(lines)
    raise LookupError(f"no row {ROW} in releases.csv")


def _wait_until_shown(page: Any, value: int, timeout: float) -> float:
    """Poll the open page until its row shows ``value``; the moment it did."""
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        try:  # the page may be between two documents, reloading
            if page.evaluate(SHOWS, [ROW, str(value)]):
                return time.perf_counter()
        except Exception:  # the page is between two documents: "execution context was destroyed"
            pass
        time.sleep(0.02)
    raise TimeoutError(f"the page never showed {value} in {timeout:.0f} s")


def _measure(project: Path, chromium: str) -> list[float]:
    from playwright.sync_api import sync_playwright

    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "amnistia.cli", "serve", str(project), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    waits: list[float] = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=LAUNCH_ARGS)
            page = browser.new_page()
            url = f"http://127.0.0.1:{port}/releases/"
            deadline = time.perf_counter() + START_S
            while True:
                try:
                    page.goto(url, wait_until="load")
                    break
                except Exception:  # the server is still making its first build
                    if time.perf_counter() > deadline:
                        raise
                    time.sleep(0.5)
            _wait_until_shown(page, 350, EDIT_S)
            table = project / "datasets" / "releases.csv"
            for number in range(EDITS):
                value = 97_531 + number
                text = _with_value(table.read_text(encoding="utf-8"), value)
                started = time.perf_counter()
                table.write_text(text, encoding="utf-8")
                waits.append(_wait_until_shown(page, value, EDIT_S) - started)
                time.sleep(1.0)  # let the watcher settle before the next edit
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=30)
    return waits


def run() -> list[Target]:
    goal = f"one-cell CSV edit shown in the `serve` browser ≤ {GOAL_S:.0f} s"
    try:
        import playwright  # noqa: F401
    except ImportError:
        return [Target(goal, "skipped: playwright is not installed", None)]
    chromium = find_chromium()
    if not chromium:
        return [Target(goal, "skipped: chromium is not installed (make chromium)", None)]
    print("timing a one-cell edit in the preview server…", flush=True)
    with tempfile.TemporaryDirectory() as temporary:
        project = copy_project(ROOT, Path(temporary) / "project")
        if f"\n{ROW}," not in (project / "datasets" / "releases.csv").read_text(encoding="utf-8"):
            return [Target(goal, f"skipped: the row {ROW} is no longer in the shipped data", None)]
        waits = _measure(project, chromium)
    median = statistics.median(waits)
    each = ", ".join(f"{w:.2f}" for w in waits)
    return [Target(goal, f"{median:.2f} s (median of {len(waits)}: {each})", median <= GOAL_S)]
