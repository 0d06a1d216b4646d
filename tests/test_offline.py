"""The offline copy: every version's zip, reproducible, and a site that works from file://.

The browser part unzips the copy into a temporary folder and opens it in
headless chromium from disk: every request is watched, and any that is not
file:// fails the test.
"""

from __future__ import annotations

import hashlib
import logging
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import Page, Request, Route

from amnistia import build_stages
from amnistia.data.package import LoadedPackage
from amnistia.site.model import SiteData
from amnistia.site.offline import offline_name
from browser_support import launch_browser
from support import LATEST, copy_project, invoke, snapshot

ADDED_AFTER_1_0_0 = "according to a publication marked do not cite"
"""An event's summary that 1.1.0 added (amnistia diff 1.0.0 1.1.0): on the timeline since then."""


def _zip(site: Path, folder: str, version: str) -> Path:
    return site / "downloads" / folder / offline_name(version)


def test_every_version_has_its_offline_copy_listed_in_its_sums(site: Path) -> None:
    folders = sorted(p.name for p in (site / "downloads").iterdir())
    assert "latest" in folders and len(folders) >= 2
    for folder in folders:
        version = LATEST if folder == "latest" else folder
        path = _zip(site, folder, version)
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        assert f"{digest}  {path.name}\n" in (path.parent / "SHA256SUMS").read_text()
        names = zipfile.ZipFile(path).namelist()
        top = f"amnistia-site-{version}/"
        assert all(n.startswith(top) for n in names)
        assert f"{top}index.html" in names and f"{top}es/index.html" in names
        # latest/'s is the newest version's copy: its data sits under that version's number.
        assert f"{top}downloads/{version}/releases.csv" in names
        assert f"{top}downloads/{version}/datapackage.json" in names
        # Small: no source maps, no other version's files, nothing repeating the CSVs.
        assert not [n for n in names if n.endswith((".map", ".xlsx", ".gz")) or "/rows/" in n]
        assert not [n for n in names if "/downloads/" in n and f"/downloads/{version}/" not in n]
    assert _zip(site, "latest", LATEST).read_bytes() == _zip(site, LATEST, LATEST).read_bytes()


def test_home_and_data_pages_link_the_offline_copy(site: Path) -> None:
    for root, words in (("", "Download this site to read offline"), ("es/", "Descargar este sitio")):
        for page in ("index.html", "data/index.html"):
            html = (site / root / page).read_text(encoding="utf-8")
            assert f"downloads/latest/{offline_name(LATEST)}" in html
            assert words in html


def _page(archive: Path, version: str, page: str) -> str:
    with zipfile.ZipFile(archive) as opened:
        return opened.read(f"amnistia-site-{version}/{page}").decode("utf-8")


def test_a_released_versions_copy_shows_that_versions_figures(site: Path) -> None:
    old, new = _zip(site, "1.0.0", "1.0.0"), _zip(site, LATEST, LATEST)
    for page in ("timeline/index.html", "data/events/index.html", "es/data/events/index.html"):
        assert ADDED_AFTER_1_0_0 in (site / page).read_text(encoding="utf-8")
        assert ADDED_AFTER_1_0_0 in _page(new, LATEST, page)
        assert ADDED_AFTER_1_0_0 not in _page(old, "1.0.0", page)
    # 1.0.0 as frozen, redaction included: its hunger-strike note reads [redacted], today's does not.
    assert "[redacted]" in _page(old, "1.0.0", "data/hunger-strikes/index.html")
    assert "[redacted]" not in (site / "data" / "hunger-strikes" / "index.html").read_text(encoding="utf-8")
    # Its changelog is the one of its day: no later version.
    assert "Version 1.1.0" not in _page(old, "1.0.0", "changelog/index.html")
    assert "Version 1.1.0" in _page(new, LATEST, "changelog/index.html")


def _digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_a_versions_copy_is_made_once_alike_from_cold_and_never_rewritten(
    site: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="amnistia.offline_copies")
    project = copy_project(tmp_path)  # the cache holds every version's copy, made by the `site` build
    cache = tmp_path / ".cache" / "downloads"
    shutil.rmtree(cache / "1.0.0")  # 1.0.0 cold: made again from its frozen package
    (cache / "1.0.0.manifest.json").unlink()
    out = tmp_path / "out"
    first = invoke("build", str(project), "--out", str(out))
    assert first.code == 0, first.out + first.err
    assert "offline copy 1.0.0: building" in caplog.text and "offline copy 1.1.0: reused" in caplog.text
    for version in ("1.0.0", LATEST):
        assert _zip(out, version, version).read_bytes() == _zip(site, version, version).read_bytes()
    assert _zip(out, "latest", LATEST).read_bytes() == _zip(site, LATEST, LATEST).read_bytes()
    sums = subprocess.run(
        ["sha256sum", "--strict", "-c", "SHA256SUMS"], cwd=out / "downloads" / "1.0.0", capture_output=True
    )
    assert sums.returncode == 0 and f"{offline_name('1.0.0')}: OK".encode() in sums.stdout, sums
    assert _digests(out / "downloads" / "1.0.0") == _digests(site / "downloads" / "1.0.0")
    published, cached = _digests(out / "downloads" / "1.0.0"), snapshot(cache)

    about = project / "docs" / "en" / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\nAn unrelated line.\n", encoding="utf-8")
    caplog.clear()
    again = invoke("build", str(project), "--out", str(out))
    assert again.code == 0 and "An unrelated line." in (out / "about" / "index.html").read_text("utf-8")
    assert "offline copy 1.0.0: reused" in caplog.text and "building the site" not in caplog.text
    assert _digests(out / "downloads" / "1.0.0") == published
    assert snapshot(cache) == cached


def test_a_version_the_code_cannot_build_fails_the_build_naming_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = copy_project(tmp_path)
    cache = tmp_path / ".cache" / "downloads"
    shutil.rmtree(cache / "1.0.0")
    (cache / "1.0.0.manifest.json").unlink()
    real = build_stages.read_site_data

    def template_needing_name_es(loaded: LoadedPackage) -> SiteData:
        # As a template reading a field that 1.0.0's counters did not have yet would.
        if loaded.descriptor is not None and loaded.descriptor.data.get("version") == "1.0.0":
            raise KeyError("name_es")
        return real(loaded)

    monkeypatch.setattr(build_stages, "read_site_data", template_needing_name_es)
    out = tmp_path / "out"
    result = invoke("build", str(project), "--out", str(out))
    assert result.code == 1, result.out + result.err
    assert "the offline copy of version 1.0.0 cannot be built" in result.err
    assert "KeyError: 'name_es'" in result.err and "-->" in result.err
    assert not out.exists()  # nothing published, not even the versions that could be built


@pytest.fixture(scope="module")
def unzipped(site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("offline")
    with zipfile.ZipFile(_zip(site, "latest", LATEST)) as archive:
        archive.extractall(folder)
    return folder / f"amnistia-site-{LATEST}"


def _search(page: Page, query: str) -> list[str]:
    box = page.locator("input.md-search__input")  # in the header at desktop width
    box.click()
    box.press_sequentially(query)
    for _ in range(40):
        page.wait_for_timeout(250)
        found = page.eval_on_selector_all(".md-search-result__link", "els => els.map(a => a.href)")
        if found:
            return list(found)
    return []


@pytest.mark.parametrize(("start", "other", "query"), [("", "es/", "Foro Penal"), ("es/", "", "Foro Penal")])
def test_the_offline_copy_works_from_disk(unzipped: Path, start: str, other: str, query: str) -> None:
    outside: list[str] = []
    errors: list[str] = []

    def only_files(route: Route, request: Request) -> None:
        if request.url.startswith("file://"):
            route.continue_()
        else:
            outside.append(request.url)
            route.abort()

    with launch_browser() as browser:
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        context.route("**/*", only_files)
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("requestfailed", lambda r: errors.append(f"failed: {r.url}"))
        page.goto((unzipped / start / "index.html").as_uri())
        page.wait_for_load_state("load")
        # The headline figures, the chart, and a data table.
        assert page.locator(".am-card").count() >= 4
        assert page.locator("figure.am-chart svg").count() >= 1
        page.goto((unzipped / start / "releases" / "index.html").as_uri())
        assert page.locator("table.am-table tbody tr").count() >= 5
        # Links end in index.html: the language switch opens the other language's page.
        page.click("button.md-header__button[aria-label]:has(+ .md-select__inner)")
        lang = "es" if other == "es/" else "en"
        with page.expect_navigation():
            page.click(f".md-select__link[hreflang={lang}]")
        assert page.url == (unzipped / other / "releases" / "index.html").as_uri()
        results = _search(page, query)
        assert results, "search found nothing"
        assert all(r.startswith("file://") and ".html" in r for r in results), results[:3]
        context.close()
    assert not outside, outside
    assert not errors, errors
