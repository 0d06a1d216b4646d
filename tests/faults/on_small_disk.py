"""Run one build on a filesystem that fails, inside a private mount namespace.

Called by test_build_faults.py as `unshare -m python on_small_disk.py MODE
PROJECT PREVIOUS_SITE WORKDIR`; prints one JSON line: the build's exit code,
what it printed, whether the previous site is byte-identical, and what it
left beside it. The mounts vanish with the namespace.

MODE: full (a disk with room for the old site and little more),
readonly-out (the output folder is a read-only mount), readonly-parent
(the folder holding the output is read-only).
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path


def tree(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def main() -> None:
    mode, project, previous, workdir = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4])
    disk = workdir / "disk"
    disk.mkdir()
    size = sum(p.stat().st_size for p in previous.rglob("*") if p.is_file())
    room = size + 2_000_000 if mode == "full" else size * 4 + 10_000_000
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={room}", "tmpfs", str(disk)], check=True)
    out = disk / "build"
    shutil.copytree(previous, out)
    before = tree(out)
    if mode == "readonly-out":
        subprocess.run(["mount", "--bind", str(out), str(out)], check=True)
        subprocess.run(["mount", "-o", "remount,bind,ro", str(out)], check=True)
    elif mode == "readonly-parent":
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
    result = subprocess.run(
        [sys.executable, "-m", "amnistia.cli", "build", str(project), "--out", str(out), "--force"],
        capture_output=True,
        text=True,
        check=False,
    )
    print(
        json.dumps(
            {
                "code": result.returncode,
                "stdout": result.stdout,
                "stderr": result.stderr,
                "same": tree(out) == before,
                "beside": sorted(p.name for p in disk.iterdir() if p.name != "build"),
            }
        )
    )


if __name__ == "__main__":
    main()
