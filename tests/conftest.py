"""Shared fixtures: a small real package in a temporary folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from support import MINI, ROOT, invoke, long_table_project, shipped_build


@pytest.fixture
def mini_package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A small valid package (the real descriptor, a few real rows) to break."""
    folder = tmp_path / "package"
    shutil.copytree(MINI, folder)
    shutil.copy(ROOT / "datapackage.json", folder / "datapackage.json")
    workdir = tmp_path / "cwd"
    workdir.mkdir()
    monkeypatch.chdir(workdir)  # so a stray write would show up in an empty folder
    return folder


@pytest.fixture(scope="session")
def site() -> Path:
    """The shipped package built once for the whole session (real MkDocs, real Material),
    from a cold download cache: every released version's offline copy is made by it."""
    return shipped_build()


LONG_TABLE_ROWS = 2_000


@pytest.fixture(scope="session")
def long_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped project with a 2,000-row releases table, built once for the session."""
    folder = tmp_path_factory.mktemp("long")
    project = long_table_project(folder, LONG_TABLE_ROWS)
    out = folder / "build"
    result = invoke("build", str(project), "--out", str(out))
    assert result.code == 0, result.out + result.err
    return out
