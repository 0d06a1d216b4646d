"""The offline copy: every version's zip, reproducible, and a site that works from file://.

The browser part unzips the copy into a temporary folder and opens it in
headless chromium from disk: every request is watched, and any that is not
file:// fails the test.
"""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import Page, Request, Route

from amnistia.site.offline import offline_name
from browser_support import launch_browser

LATEST = "1.2.1"


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
