"""Releases, immutability and row-level diffs, through the real CLI on a real package."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from support import ROOT, invoke


def write_notes(folder: Path, english: str, spanish: str) -> Path:
    path = folder / "notes.md"
    path.write_text(f"## en\n{english}\n\n## es\n{spanish}\n", encoding="utf-8")
    return path


def edit_rows(path: Path, change) -> None:  # type: ignore[no-untyped-def]
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    rows = change(rows)
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def release(package: Path, level: str, day: str, notes: Path) -> tuple[int, str]:
    result = invoke("release", level, "--notes", str(notes), "--date", day, "--package", str(package))
    return result.code, result.out + result.err


@pytest.fixture
def released(mini_package: Path) -> Path:
    """The mini package released as 1.0.0, 1.1.0 (add + edit), 1.1.1 (correction), 2.0.0 (schema)."""
    package = mini_package
    descriptor_path = package / "datapackage.json"
    descriptor = json.loads(descriptor_path.read_text())
    descriptor["version"] = "1.0.0"  # the fixture's own history starts at 1.0.0
    descriptor_path.write_text(json.dumps(descriptor, indent=2, ensure_ascii=False))
    notes = write_notes(package.parent, "First release.", "Primera versión.")
    assert release(package, "major", "2026-03-01", notes)[0] == 0

    releases_csv = package / "datasets" / "releases.csv"
    edit_rows(
        releases_csv,
        lambda rows: [
            *[[("95" if cell == "91" else cell) for cell in row] for row in rows],
            ["fp-2026-03-08-621", "2026-02-28", "stated", "2026-01-08", "", "released-since-jan-8", "", "",
             "foro-penal", "", "more-than", "621", "", "ap-wtop-2026-02-24", "", "", "", ""],
        ],
    )  # fmt: skip
    code, out = release(package, "patch", "2026-03-05", notes)
    assert code == 1 and "need a minor release" in out
    assert release(package, "minor", "2026-03-05", notes)[0] == 0

    edit_rows(releases_csv, lambda rows: [[("91" if cell == "95" else cell) for cell in row] for row in rows])
    assert release(package, "patch", "2026-03-06", notes)[0] == 0

    descriptor_path = package / "datapackage.json"
    descriptor = json.loads(descriptor_path.read_text())
    fields = next(r for r in descriptor["resources"] if r["name"] == "releases")["schema"]["fields"]
    via = [f["name"] for f in fields].index("via")
    del fields[via]
    descriptor_path.write_text(json.dumps(descriptor, indent=2, ensure_ascii=False))
    edit_rows(
        releases_csv,
        lambda rows: [row[:via] + row[via + 1 :] for row in rows if row[0] != "founding-444-450"],
    )
    code, out = release(package, "minor", "2026-03-07", notes)
    assert code == 1 and "need a major release" in out
    assert release(package, "major", "2026-03-07", notes)[0] == 0
    return package


def test_snapshots_hold_hashes_dates_and_notes(released: Path) -> None:
    versions = sorted(p.name for p in (released / "datasets" / "versions").iterdir() if p.is_dir())
    assert versions == ["1.0.0", "1.1.0", "1.1.1", "2.0.0"]
    assert json.loads((released / "datapackage.json").read_text())["version"] == "2.0.0"
    for version in versions:
        folder = released / "datasets" / "versions" / version
        descriptor = json.loads((folder / "datapackage.json").read_text())
        assert descriptor["version"] == version
        assert descriptor["releaseNotes"] == {"en": "First release.", "es": "Primera versión."}
        for resource in descriptor["resources"]:
            data = (folder / resource["path"]).read_bytes()
            assert resource["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
            assert resource["bytes"] == len(data)
    first = json.loads((released / "datasets/versions/1.0.0/datapackage.json").read_text())
    assert first["created"].startswith("2026-03-01")


def test_release_refuses_nothing_new_and_invalid_data(released: Path) -> None:
    notes = released.parent / "notes.md"
    code, out = release(released, "patch", "2026-03-08", notes)
    assert code == 1 and "nothing changed since 2.0.0" in out
    (released / "datasets" / "counters.csv").write_text("id,name\n")
    code, out = release(released, "patch", "2026-03-08", notes)
    assert code == 1 and "the data is invalid" in out


def test_release_refuses_notes_without_both_languages(mini_package: Path) -> None:
    notes = mini_package.parent / "notes.md"
    notes.write_text("## en\nOnly English.\n")
    code, out = release(mini_package, "major", "2026-03-01", notes)
    assert code == 1 and "## es" in out


def test_tampering_with_a_released_file_is_caught(released: Path) -> None:
    assert invoke("validate", str(released)).code == 0
    frozen = released / "datasets" / "versions" / "1.1.0" / "releases.csv"
    frozen.write_text(frozen.read_text().replace(",621,", ",622,"))
    result = invoke("validate", str(released))
    assert result.code == 1
    assert result.out.startswith("datasets/versions/1.1.0/releases.csv:1: ")
    assert "released versions are immutable; make the correction in datasets/releases.csv" in result.out


def test_diff_formats(released: Path) -> None:
    def diff(*args: str) -> str:
        result = invoke("diff", *args, "--package", str(released))
        assert result.code == 0, result.err
        return result.out

    text = diff("1.0.0", "1.1.0")
    assert "1.0.0 → 1.1.0: 1 row added, 1 changed, 0 removed; suggested release: minor" in text
    assert "  + fp-2026-03-08-621" in text
    assert '      value: "91" → "95"' in text

    data = json.loads(diff("1.1.1", "2.0.0", "--format", "json"))
    assert data["suggested_bump"] == "major"
    releases = next(r for r in data["resources"] if r["name"] == "releases")
    assert {"kind": "field-removed", "field": "via", "old": "", "new": ""} in releases["schema"]
    assert [r["id"] for r in releases["removed"]] == ["founding-444-450"]

    markdown = diff("1.1.0", "1.1.1", "--format", "markdown")
    assert "### Data changes: 1.1.0 → 1.1.1" in markdown
    assert "| ~ | `fp-2026-02-24-91` | value | `95` | `91` |" in markdown
    assert diff().startswith("2.0.0 → working copy: no changes")


def test_diff_of_unknown_version_is_a_usage_error(released: Path) -> None:
    result = invoke("diff", "9.9.9", "--package", str(released))
    assert result.code == 2 and "not released" in result.err


@pytest.fixture
def released_site(released: Path, tmp_path: Path) -> Path:
    """The released fixture package built into a site, with unreleased changes on top."""
    for name in ("mkdocs.yml",):
        shutil.copy(ROOT / name, released / name)
    shutil.copytree(ROOT / "docs", released / "docs")
    edit_rows(
        released / "datasets" / "releases.csv",
        lambda rows: [[("92" if cell == "91" else cell) for cell in row] for row in rows],
    )
    out = tmp_path / "site"
    result = invoke("build", str(released), "--out", str(out))
    assert result.code == 0, result.out + result.err
    return out


def test_every_version_has_its_downloads(released_site: Path) -> None:
    frictionless = Path(sys.executable).parent / "frictionless"
    for version in ("1.0.0", "1.1.0", "1.1.1", "2.0.0"):
        folder = released_site / "downloads" / version
        names = sorted(p.name for p in folder.iterdir())
        assert "datapackage.json" in names and f"amnistia-{version}.zip" in names
        assert {"CITATION.cff", "citation.bib", "SHA256SUMS", "releases.xlsx", "releases.json"} <= set(names)
        check = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=folder, capture_output=True, text=True)
        assert check.returncode == 0, check.stdout + check.stderr
        listed = {line.split("  ", 1)[1] for line in (folder / "SHA256SUMS").read_text().splitlines()}
        assert listed == set(names) - {"SHA256SUMS"}
        valid = subprocess.run(
            [str(frictionless), "validate", str(folder / "datapackage.json")], capture_output=True, text=True
        )
        assert valid.returncode == 0, valid.stdout[-2000:]
        assert json.loads((folder / "datapackage.json").read_text())["version"] == version
        assert f'version: "{version}"' in (folder / "CITATION.cff").read_text()
    latest = released_site / "downloads" / "latest"
    newest = released_site / "downloads" / "2.0.0"
    assert {p.name: p.read_bytes() for p in latest.iterdir()} == {
        p.name: p.read_bytes() for p in newest.iterdir()
    }


def test_changelog_lists_versions_newest_first_with_diffs(released_site: Path) -> None:
    for root, words in (
        ("", ("Unreleased changes", "Version 2.0.0", "field removed: <code>via</code>")),
        ("es/", ()),
    ):
        html = (released_site / root / "changelog" / "index.html").read_text(encoding="utf-8")
        positions = [html.index(f'id="v{v}"') for v in ("2-0-0", "1-1-1", "1-1-0", "1-0-0")]
        assert positions == sorted(positions)
        assert 'id="unreleased"' in html
        for word in words:
            assert word in html
        assert "<details" in html and "<del>95</del>" in html and "<ins>91</ins>" in html
        assert (
            'href="../downloads/2.0.0/amnistia-2.0.0.zip"' in html
            or "downloads/2.0.0/amnistia-2.0.0.zip" in html
        )


def test_feed_is_atom_and_linked_from_every_page(released_site: Path) -> None:
    atom = "{http://www.w3.org/2005/Atom}"
    for root in ("", "es/"):
        feed = ET.parse(released_site / root / "changelog" / "feed.xml").getroot()
        assert feed.tag == f"{atom}feed"
        entries = feed.findall(f"{atom}entry")
        assert [e.findtext(f"{atom}id") for e in entries] == [
            f"urn:amnistia:release:{v}" for v in ("2.0.0", "1.1.1", "1.1.0", "1.0.0")
        ]
        assert all(e.findtext(f"{atom}updated") for e in entries)
    for page in released_site.rglob("*.html"):
        assert 'type="application/atom+xml"' in page.read_text(encoding="utf-8"), page
