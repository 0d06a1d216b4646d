"""The site builds on ProperDocs and Zensical too: the same pages, tables, charts and downloads."""

from __future__ import annotations

import importlib.metadata
import json
import os
import re
import zipfile
from pathlib import Path

import pytest

from support import ROOT, invoke, seed_download_cache


def _files(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}


def _tables(html: str) -> list[str]:
    """Each table's rows, as the reader sees them (cells and their text)."""
    return re.findall(r"<table class=\"am-table[^\"]*\".*?</table>", html, re.S)


def _charts(html: str) -> list[str]:
    return re.findall(r"<svg [^>]*class=\"am-chart-svg\".*?</svg>", html, re.S)


def _links(html: str) -> list[str]:
    """Links to the downloads and to the other language's page (the language selector)."""
    return re.findall(r"href=\"([^\"]*downloads/[^\"]*)\"|<a href=\"([^\"]*)\" hreflang=", html)


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


# Zensical's own files: its theme's scripts and styles, its search index, and
# no gzipped sitemap (the pages, the plain sitemap and every download are ours).
_ZENSICAL_OWN = re.compile(r"^(es/)?(assets/(javascripts|stylesheets)/|search\.json$|sitemap\.xml\.gz$)")
_MATERIAL_OWN = re.compile(r"^(es/)?(assets/(javascripts|stylesheets)/|search/|sitemap\.xml\.gz$)")


def _pinned_zensical() -> str:
    lock = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    found = re.search(r"^zensical==(\S+)$", lock, re.M)
    assert found, "requirements.lock pins no zensical"
    return found.group(1)


def _require_zensical() -> None:
    """Skip when the pinned Zensical is not installed, unless `make test` runs (then fail)."""
    pinned = _pinned_zensical()
    try:
        installed = importlib.metadata.version("zensical")
    except importlib.metadata.PackageNotFoundError:
        installed = None
    if installed == pinned:
        return
    message = f"zensical {pinned} is not installed (found {installed}) --> run make install"
    if os.environ.get("AMNISTIA_MAKE_TEST"):
        pytest.fail(message)
    pytest.skip(message)


def test_zensical_builds_the_same_pages_tables_charts_and_downloads(site: Path, tmp_path: Path) -> None:
    _require_zensical()
    out = tmp_path / "zensical"
    # The released versions' downloads and offline copies come from the cache, as on any
    # machine after its first build (with whichever engine made them): the data files,
    # and so the checksums the data page lists, are the same bytes.
    seed_download_cache(tmp_path)
    result = invoke("build", str(ROOT), "--out", str(out), "--engine", "zensical")
    assert result.code == 0, result.out + result.err
    ours = {name for name in _files(site) if not _MATERIAL_OWN.match(name)}
    theirs = {name for name in _files(out) if not _ZENSICAL_OWN.match(name)}
    assert theirs == ours
    pages = tables = charts = 0
    for name in sorted(ours):
        if name.startswith("downloads/"):  # offline copies included: released, so from the cache
            assert (out / name).read_bytes() == (site / name).read_bytes(), name
        elif name.endswith(".html"):
            html, expected = (out / name).read_text(), (site / name).read_text()
            assert "amnistia-fragment:" not in html, name
            assert _tables(html) == _tables(expected), name
            assert _charts(html) == _charts(expected), name
            assert _links(html) == _links(expected), name
            pages, tables, charts = pages + 1, tables + len(_tables(html)), charts + len(_charts(html))
    assert (pages, tables > 0, charts > 0) == (40, True, True)  # both languages' pages were compared
    for root in ("", "es/"):
        # Zensical's search index holds every section Material's does, fragments' text included.
        items = json.loads((out / root / "search.json").read_text())["items"]
        docs = json.loads((site / root / "search" / "search_index.json").read_text())["docs"]
        assert [(i["location"], i["title"], i["text"]) for i in items] == [
            (d["location"], d["title"], d["text"]) for d in docs
        ]


def test_a_missing_zensical_skips_only_outside_make_test(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing(name: str) -> str:
        raise importlib.metadata.PackageNotFoundError(name)

    monkeypatch.setattr(importlib.metadata, "version", missing)
    monkeypatch.delenv("AMNISTIA_MAKE_TEST", raising=False)
    with pytest.raises(pytest.skip.Exception):
        _require_zensical()
    monkeypatch.setenv("AMNISTIA_MAKE_TEST", "1")
    with pytest.raises(pytest.fail.Exception, match="make install"):
        _require_zensical()


def test_zensical_keeps_placeholders_and_fails_on_a_broken_link(tmp_path: Path) -> None:
    _require_zensical()
    from amnistia.site.engine import LanguageBuild, SiteBuildError, run_engine

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# Home\n\n<!-- amnistia-fragment:table-1 -->\n\n[Data](data.md)\n")
    (docs / "data.md").write_text("# Data\n")
    config = tmp_path / "mkdocs.en.yml"
    config.write_text(f"site_name: t\ndocs_dir: {docs}\nsite_dir: {tmp_path / 'site'}\n")
    build = LanguageBuild("en", docs, tmp_path / "site", tmp_path / "fragments", config, engine="zensical")
    site = run_engine(build, epoch=0)
    assert "<!-- amnistia-fragment:table-1 -->" in (site / "index.html").read_text()
    assert (docs / "index.md").is_file()  # the pages are back where they were
    (docs / "data.md").unlink()
    with pytest.raises(SiteBuildError, match=r"Zensical \(en\): index.md:5:\d+: page does not exist"):
        run_engine(build, epoch=0)
    assert (docs / "index.md").is_file()
