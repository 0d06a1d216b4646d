"""Helpers shared by the tests: run the CLI in-process, snapshot folders."""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import io
import json
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from amnistia.benchmarks.scaled import copy_project as copy_shipped
from amnistia.cli import main

ROOT = Path(__file__).resolve().parent.parent
MINI = Path(__file__).resolve().parent / "fixtures" / "mini"


def released_versions(root: Path = ROOT) -> tuple[str, ...]:
    """The released versions, oldest first, as datasets/versions/index.json lists them."""
    index = json.loads((root / "datasets" / "versions" / "index.json").read_text(encoding="utf-8"))
    return tuple(str(entry["version"]) for entry in index["releases"])


RELEASED = released_versions()
LATEST = RELEASED[-1]
"""The newest release: tests derive versions from it, so a new release breaks none of them."""


def bump(version: str, part: str) -> str:
    """``version`` bumped by semantic versioning (``part`` is major, minor or patch)."""
    major, minor, patch = (int(n) for n in version.split("."))
    if part == "major":
        return f"{major + 1}.0.0"
    if part == "minor":
        return f"{major}.{minor + 1}.0"
    return f"{major}.{minor}.{patch + 1}"


@dataclass
class Result:
    code: int
    out: str
    err: str


def invoke(*args: str) -> Result:
    """Run the amnistia CLI in-process and capture what it prints."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(list(args))
        except SystemExit as exit_:  # argparse usage errors
            code = int(exit_.code or 0)
    return Result(code, out.getvalue(), err.getvalue())


def snapshot(folder: Path) -> dict[str, str]:
    """Every file and folder under ``folder`` with a hash of its bytes and its mtime."""
    state = {}
    for path in sorted(folder.rglob("*")):
        key = str(path.relative_to(folder))
        if path.is_symlink():
            state[key] = "symlink"
        elif path.is_dir():
            state[key] = "dir"
        else:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            state[key] = f"{digest}:{path.stat().st_mtime_ns}"
    return state


_SHIPPED: list[Path] = []


def shipped_build() -> Path:
    """The shipped project built once per test run, from a cold download cache.

    That first build makes every released version's offline copy (a whole
    site each); its cache beside it is what ``seed_download_cache`` hands on.
    """
    if not _SHIPPED:
        folder = Path(tempfile.mkdtemp(prefix="amnistia-shipped-"))
        atexit.register(shutil.rmtree, folder, True)
        result = invoke("build", str(ROOT), "--out", str(folder / "build"))
        assert result.code == 0, result.out + result.err
        _SHIPPED.append(folder / "build")
    return _SHIPPED[0]


def seed_download_cache(folder: Path) -> None:
    """Give a build whose output sits in ``folder`` the shipped versions' cached downloads.

    As on a contributor's machine after the first build: each released
    version's downloads and offline copy are reused while they verify, so a
    test does not pay for building four extra sites. A version whose frozen
    files a test changes (a redaction) is written again, as it must be.
    """
    cache = shipped_build().parent / ".cache" / "downloads"
    shutil.copytree(cache, folder / ".cache" / "downloads", dirs_exist_ok=True)


def copy_project(tmp_path: Path, warm: bool = True) -> Path:
    """The shipped project (descriptor, data, versions, pages, mkdocs.yml) in ``tmp_path``.

    ``warm``: builds with their output in ``tmp_path`` find the released
    versions' downloads cached (seed_download_cache).
    """
    project = copy_shipped(ROOT, tmp_path / "project")
    if warm:
        seed_download_cache(tmp_path)
    return project


def long_table_project(tmp_path: Path, rows: int) -> Path:
    """The shipped project whose releases.csv holds ``rows`` rows of one measure.

    Row ``i`` has the id ``bulk-<i>`` and the note (and note_es) ``bulkmarker<i>``, so a
    test can tell exactly which rows a page, a chunk or the search index holds.
    """
    project = copy_project(tmp_path)
    path = project / "datasets" / "releases.csv"
    header, first, *_ = path.read_text(encoding="utf-8").splitlines()
    cells = first.split(",")
    lines = [header]
    for index in range(rows):
        cells[0] = f"bulk-{index:05d}"
        lines.append(",".join([*cells[:-2], f"bulkmarker{index}", f"bulkmarker{index}"]))  # note, note_es
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return project
