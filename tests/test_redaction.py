"""A name released by mistake is removed from every version, and from everything built from them.

The case is staged the way it happened for real (release 1.2.1): a version
is released with a note naming a detainee, the next one describes instead
of naming, and `amnistia redact` then removes the cell from the first.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import pytest

from privacy_support import name_hash, private_names_in
from support import LATEST, ROOT, bump, copy_project, invoke, snapshot
from test_versions import edit_rows, release, write_notes

PLANTED = "Zorbatrix Quellmarrow"
"""A made-up name standing in for a real one."""
ROW = "afp-2026-02-23-200"
REASON = ("A note named a detainee.", "Una nota nombraba a un detenido.")
STAGED = bump(LATEST, "minor")
PATCHED = bump(STAGED, "patch")
"""The version staged with the name: the next after the newest release, whatever it is."""
CORRECTED = bump(STAGED, "patch")


def _set_note(project: Path, text: str) -> None:
    def change(rows: list[list[str]]) -> list[list[str]]:
        column = rows[0].index("note")
        for row in rows:
            if row[0] == ROW:
                row[column] = text
        return rows

    edit_rows(project / "datasets" / "hunger-strikes.csv", change)


def _redact(project: Path, *versions: str, row: str = ROW, reason_es: str = REASON[1]) -> tuple[int, str]:
    result = invoke(
        "redact",
        *versions,
        "--package",
        str(project),
        "--file",
        "hunger-strikes",
        "--row",
        row,
        "--field",
        "note",
        "--reason",
        REASON[0],
        "--reason-es",
        reason_es,
        "--date",
        "2026-12-09",
    )
    return result.code, result.out + result.err


@pytest.fixture(scope="module")
def staged(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped project plus STAGED (naming someone) and CORRECTED (the correction)."""
    project = copy_project(tmp_path_factory.mktemp("redaction"))
    notes = write_notes(project, "Notes.", "Notas.")
    _set_note(project, f"A striker, {PLANTED}, was named by AFP.")
    # minor: a bump larger than the change needs is allowed, and gives STAGED
    assert release(project, "minor", "2026-12-07", notes)[0] == 0
    _set_note(project, "A striker was named by AFP; detainees are described, not named.")
    assert release(project, "patch", "2026-12-08", notes)[0] == 0
    # Once, so each test starts from a cache holding STAGED's and PATCHED's offline copies.
    assert invoke("build", str(project), "--out", str(project.parent / "warm")).code == 0
    return project


def _warm(staged: Path, tmp_path: Path) -> None:
    shutil.copytree(staged.parent / ".cache", tmp_path / ".cache")


def _offline(out: Path, version: str) -> Path:
    return out / "downloads" / version / f"amnistia-site-{version}-offline.zip"


def test_before_the_redaction_the_name_is_published(staged: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _warm(staged, tmp_path)
    assert invoke("build", str(staged), "--out", str(out)).code == 0
    found = private_names_in(out, frozenset([name_hash(PLANTED)]))
    places = {re.sub(r"!.*|: word \d+", "", f).removeprefix(str(out) + "/") for f in found}
    assert "changelog/index.html" in places and "es/changelog/index.html" in places
    assert any(p.startswith(f"downloads/{STAGED}/") for p in places)
    # The offline copies are searched inside: STAGED's pages show the note, PATCHED's changelog its old value.
    assert _offline(out, STAGED).relative_to(out).as_posix() in places
    assert _offline(out, PATCHED).relative_to(out).as_posix() in places
    assert _offline(out, LATEST).relative_to(out).as_posix() not in places


def test_a_redaction_removes_the_name_from_everything(staged: Path, tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(staged, project)
    out = tmp_path / "out"
    hashes = frozenset([name_hash(PLANTED)])
    # Built first, so the download cache holds STAGED as released: it must not be reused.
    _warm(staged, tmp_path)
    assert invoke("build", str(project), "--out", str(out)).code == 0
    assert private_names_in(out / "downloads" / STAGED, hashes)
    before = {v: _offline(out, v).read_bytes() for v in (LATEST, STAGED, PATCHED)}
    code, output = _redact(project, STAGED)
    assert code == 0, output
    assert invoke("validate", str(project)).code == 0
    assert invoke("build", str(project), "--out", str(out)).code == 0
    assert private_names_in(out, hashes) == []  # pages, search, sitemap, feed, downloads, offline copies
    # The copies showing STAGED's cells were made again (PATCHED's changelog shows them); LATEST's was not.
    assert _offline(out, STAGED).read_bytes() != before[STAGED]
    assert _offline(out, PATCHED).read_bytes() != before[PATCHED]
    assert _offline(out, LATEST).read_bytes() == before[LATEST]
    assert private_names_in(project / "datasets", hashes) == []
    for root, date in (("", "9 December 2026"), ("es/", "9 de diciembre de 2026")):
        changelog = (out / root / "changelog" / "index.html").read_text(encoding="utf-8")
        reason = REASON[0] if not root else REASON[1]
        assert f"{date}: {reason}" in changelog
    # The log keeps the hashes and the reason, never the removed text.
    log = json.loads((project / "datasets" / "versions" / "redactions.json").read_text(encoding="utf-8"))
    entry = log["redactions"][-1]
    assert entry["version"] == STAGED and entry["row"] == ROW and entry["field"] == "note"
    assert len(entry["old_sha256"]) == len(entry["new_sha256"]) == 64
    # Only the one cell changed in the frozen file.
    frozen = project / "datasets" / "versions" / STAGED / "hunger-strikes.csv"
    before = list(csv.DictReader(io.StringIO((staged / frozen.relative_to(project)).read_text("utf-8"))))
    after = list(csv.DictReader(io.StringIO(frozen.read_text("utf-8"))))
    assert [r for r in before if r["id"] != ROW] == [r for r in after if r["id"] != ROW]
    assert next(r["note"] for r in after if r["id"] == ROW) == "[redacted]"


def test_a_redacted_file_edited_again_is_caught(staged: Path, tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(staged, project)
    assert _redact(project, STAGED)[0] == 0
    frozen = project / "datasets" / "versions" / STAGED / "hunger-strikes.csv"
    frozen.write_text(frozen.read_text(encoding="utf-8").replace("[redacted]", "[r]"), encoding="utf-8")
    result = invoke("validate", str(project))
    assert result.code == 1
    assert (
        f"datasets/versions/{STAGED}/hunger-strikes.csv:1: this file of a released version was changed"
        in (result.out)
    )


@pytest.mark.parametrize(
    ("versions", "row", "reason_es", "words"),
    [
        (["9.9.9"], ROW, REASON[1], "version 9.9.9 is not released"),
        ([STAGED], "no-such-row", REASON[1], "has 0 rows with key no-such-row"),
        ([STAGED], ROW, "", "give the reason in English and Spanish"),
        ([STAGED, "9.9.9"], ROW, REASON[1], "version 9.9.9 is not released"),
    ],
)
def test_a_redaction_is_refused_whole(
    staged: Path, tmp_path: Path, versions: list[str], row: str, reason_es: str, words: str
) -> None:
    project = tmp_path / "project"
    shutil.copytree(staged, project)
    before = snapshot(project)
    code, output = _redact(project, *versions, row=row, reason_es=reason_es)
    assert code == 1 and words in output and "Traceback" not in output
    assert snapshot(project) == before  # all or nothing


def test_the_real_case_is_redacted_in_every_version_that_held_it() -> None:
    log = json.loads((ROOT / "datasets" / "versions" / "redactions.json").read_text(encoding="utf-8"))
    redacted = {(e["version"], e["file"], e["row"], e["field"]) for e in log["redactions"]}
    assert {v for v, *_ in redacted} == {"1.0.0", "1.1.0", "1.2.0"}
    for version in ("1.0.0", "1.1.0", "1.2.0"):
        text = (ROOT / "datasets" / "versions" / version / "hunger-strikes.csv").read_text(encoding="utf-8")
        rows = csv.DictReader(io.StringIO(text, newline=""))
        assert next(r["note"] for r in rows if r["id"] == ROW) == "[redacted]"
