"""Rebuilding: unchanged inputs do nothing; released downloads are written once and reused."""

from __future__ import annotations

import hashlib
import subprocess
from pathlib import Path

from support import LATEST, RELEASED, copy_project, invoke, snapshot

VERSIONS = RELEASED


def test_a_no_op_rebuild_writes_nothing(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    out, cache = tmp_path / "out", tmp_path / ".cache" / "downloads"
    first = invoke("build", str(project), "--out", str(out))
    assert first.code == 0 and first.out.startswith("built:"), first.out + first.err
    assert sorted(p.name for p in cache.iterdir() if p.is_dir()) == list(VERSIONS)
    site, cached = snapshot(out), snapshot(cache)

    again = invoke("build", str(project), "--out", str(out))
    assert again.code == 0 and again.out.startswith("up to date:"), again.out + again.err
    assert snapshot(out) == site and snapshot(cache) == cached  # same bytes and same mtimes

    # Any input file counts: a hand-written page, a table, a released file.
    about = project / "docs" / "en" / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    changed = invoke("build", str(project), "--out", str(out))
    assert changed.code == 0 and changed.out.startswith("built:"), changed.out + changed.err
    assert "One more line." in (out / "about" / "index.html").read_text(encoding="utf-8")
    assert snapshot(cache) == cached, "released downloads were written again"
    for version in VERSIONS:
        published = sorted(p.name for p in (out / "downloads" / version).iterdir())
        assert published == sorted(p.name for p in (cache / version).iterdir())
        assert f"amnistia-site-{version}-offline.zip" in published
        for name in published:
            assert (out / "downloads" / version / name).read_bytes() == (cache / version / name).read_bytes()


def test_a_tampered_cached_download_is_detected_and_written_again(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    out, cache = tmp_path / "out", tmp_path / ".cache" / "downloads"
    assert invoke("build", str(project), "--out", str(out)).code == 0
    original = snapshot(cache)
    tampered = cache / "1.0.0" / "releases.json"
    tampered.write_bytes(tampered.read_bytes().replace(b"344", b"345", 1))  # same size, other bytes
    (cache / "1.1.0" / "counters.xlsx").unlink()
    (cache / "1.2.0" / "stray.txt").write_text("not a download\n", encoding="utf-8")
    untouched = snapshot(cache / LATEST)

    rebuilt = invoke("build", str(project), "--out", str(out), "--force")
    assert rebuilt.code == 0, rebuilt.out + rebuilt.err
    for version in ("1.0.0", "1.1.0", "1.2.0"):
        now = snapshot(cache / version)
        assert {k: v.split(":")[0] for k, v in now.items()} == {
            k.removeprefix(f"{version}/"): v.split(":")[0]
            for k, v in original.items()
            if k.startswith(f"{version}/")
        }, f"{version} was not written again as it was"
    assert snapshot(cache / LATEST) == untouched, "a version that still verified was rewritten"
    for version in VERSIONS:
        check = subprocess.run(
            ["sha256sum", "--strict", "-c", "SHA256SUMS"],
            cwd=out / "downloads" / version,
            capture_output=True,
            text=True,
            check=False,
        )
        assert check.returncode == 0, check.stdout + check.stderr
    data = (out / "downloads" / "1.0.0" / "releases.json").read_bytes()
    assert hashlib.sha256(data).hexdigest() == original["1.0.0/releases.json"].split(":")[0]
