"""The site builds on MkDocs' maintained fork too: ProperDocs gives the same pages, tables and downloads."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from support import ROOT, invoke, seed_download_cache


def _files(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}


def _tables(html: str) -> list[str]:
    """Each table's rows, as the reader sees them (cells and their text)."""
    return re.findall(r"<table class=\"am-table[^\"]*\".*?</table>", html, re.S)


def test_properdocs_builds_the_same_site(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "properdocs"
    seed_download_cache(tmp_path)  # the released versions' offline copies are built once, by any engine
    result = invoke("build", str(ROOT), "--out", str(out), "--engine", "properdocs")
    assert result.code == 0, result.out + result.err
    assert _files(out) == _files(site)
    for name in sorted(_files(site)):
        if name.endswith("-offline.zip"):  # the pages inside name their generator
            assert zipfile.ZipFile(out / name).namelist() == zipfile.ZipFile(site / name).namelist()
        elif name.startswith("downloads/") and not name.endswith("SHA256SUMS"):
            assert (out / name).read_bytes() == (site / name).read_bytes(), name
        elif name.endswith(".html"):
            ours, theirs = (out / name).read_text(), (site / name).read_text()
            assert _tables(ours) == _tables(theirs), name
            assert ours.count("<svg") == theirs.count("<svg"), name
            assert "amnistia-fragment:" not in ours, name
