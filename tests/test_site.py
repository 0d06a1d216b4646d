"""Build the real site (real MkDocs, real Material) and check what readers get."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from site_support import Page, read_page, resolve
from support import ROOT, copy_project, invoke, seed_download_cache, snapshot

SLUGS = [
    "",
    "releases",
    "detentions",
    "exclusions",
    "timeline",
    "sources",
    "data",
    "changelog",
    "methodology",
    "about",
    "contribute",
]
LANGUAGE_ROOTS = {"en": "", "es": "es/"}
VERSION = json.loads((ROOT / "datapackage.json").read_text())["version"]


@pytest.fixture(scope="session")
def pages(site: Path) -> dict[Path, Page]:
    return {path: read_page(path) for path in sorted(site.rglob("*.html"))}


def page_path(site: Path, lang: str, slug: str) -> Path:
    return (
        site / LANGUAGE_ROOTS[lang] / slug / "index.html"
        if slug
        else site / LANGUAGE_ROOTS[lang] / "index.html"
    )


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("slug", SLUGS)
def test_every_page_exists_in_both_languages(
    site: Path, pages: dict[Path, Page], lang: str, slug: str
) -> None:
    path = page_path(site, lang, slug)
    assert path.is_file(), path
    page = pages[path]
    assert page.lang == lang
    other = "es" if lang == "en" else "en"
    # No <link rel="alternate" hreflang>: Material would fetch a sitemap.xml
    # beside each (a 404 on every page). The switcher lands on the same page.
    assert not [url for tag, url, a in page.links if tag == "link" and a.get("rel") == "alternate"]
    switcher = [
        url
        for tag, url, a in page.links
        if tag == "a" and "md-select__link" in a.get("class", "") and a.get("hreflang") == other
    ]
    assert switcher, "no language switcher"
    target = resolve(site, path, switcher[0])
    assert target is not None and target[0] == page_path(site, other, slug)


def test_every_internal_link_and_anchor_resolves(site: Path, pages: dict[Path, Page]) -> None:
    broken = []
    for path, page in pages.items():
        for _tag, url, _attrs in page.links:
            target = resolve(site, path, url)
            if target is None:
                continue
            file, fragment = target
            if not file.exists():
                broken.append(f"{path.relative_to(site)}: {url} (no file)")
            elif fragment and file.suffix == ".html" and fragment not in pages[file].ids:
                broken.append(f"{path.relative_to(site)}: {url} (no anchor)")
    assert not broken, "\n".join(broken[:30])


def test_row_ids_in_notes_link_to_their_rows(site: Path) -> None:
    """A note's "(row X)" or "(publication-id)" takes the reader there, in both languages."""
    for root in ("", "es/"):
        releases = (site / root / "releases" / "index.html").read_text(encoding="utf-8")
        assert '<a href="#jep-2026-03-02-144">jep-2026-03-02-144</a>' in releases
        exclusions = (site / root / "exclusions" / "index.html").read_text(encoding="utf-8")
        assert '<a href="../sources/#cooperativa-2026-02-19">cooperativa-2026-02-19</a>' in exclusions
    # An ordinary hyphenated word is never taken for a reference: only ids of rows.
    releases = (site / "releases" / "index.html").read_text(encoding="utf-8")
    assert "People on non-custodial measures" in releases
    assert ">non-custodial</a>" not in releases


def test_every_cited_source_has_an_anchor(site: Path, pages: dict[Path, Page]) -> None:
    for lang in ("en", "es"):
        sources_page = pages[page_path(site, lang, "sources")]
        cited = {
            url.split("#", 1)[1]
            for page in pages.values()
            for tag, url, _a in page.links
            if tag == "a" and "sources/#" in url
        }
        assert len(cited) > 40
        assert cited <= sources_page.ids
    shipped = {
        line.split(",", 1)[0]
        for line in (ROOT / "datasets" / "sources.csv").read_text().splitlines()[1:]
        if line and line[0].isalnum()
    }
    assert shipped <= pages[page_path(site, "en", "sources")].ids


def test_no_request_leaves_the_site(site: Path, pages: dict[Path, Page]) -> None:
    for path, page in pages.items():
        for tag, url, attrs in page.links:
            external = url.startswith(("http://", "https://", "//"))
            loads = tag in ("script", "img", "iframe") or (
                tag == "link" and attrs.get("rel") in ("stylesheet", "preconnect", "preload", "icon")
            )
            assert not (external and loads), f"{path}: {tag} loads {url}"
    for asset in site.rglob("*"):
        if asset.suffix in (".html", ".css", ".js") and asset.is_file():
            text = asset.read_text(encoding="utf-8", errors="replace")
            assert "fonts.googleapis" not in text and "fonts.gstatic" not in text, asset


def test_qualifiers_read_as_reported(site: Path, pages: dict[Path, Page]) -> None:
    en = pages[page_path(site, "en", "detentions")].text
    es = pages[page_path(site, "es", "detentions")].text
    assert "more than 600" in en and "más de 600" in es
    assert "nearly 650" in en and "casi 650" in es
    releases = pages[page_path(site, "en", "releases")].text
    assert "444–450" in releases
    assert "at most 40" in releases


def test_home_shows_headlines_version_and_a_chart(site: Path) -> None:
    html = page_path(site, "en", "").read_text(encoding="utf-8")
    for title in ("Released", "Still detained", "Excluded from the amnesty", "On hunger strike"):
        assert title in html
    assert f"Data version {VERSION}" in html
    assert "<svg" in html and 'role="img"' in html and "<title" in html and "<desc" in html


def test_timeline_marks_disputed_dates(site: Path, pages: dict[Path, Page]) -> None:
    html = page_path(site, "en", "timeline").read_text(encoding="utf-8")
    assert html.count("Date disputed") >= 2
    assert "2026-02-19" in html and "2026-02-20" in html


def test_data_page_lists_dictionary_and_downloads(site: Path, pages: dict[Path, Page]) -> None:
    page = pages[page_path(site, "en", "data")]
    latest = site / "downloads" / "latest"
    for resource in json.loads((ROOT / "datapackage.json").read_text())["resources"]:
        name = resource["name"]
        assert name in page.ids
        for suffix in ("csv", "json", "xlsx"):
            assert (latest / f"{name}.{suffix}").is_file()
            assert any(url.endswith(f"downloads/latest/{name}.{suffix}") for _t, url, _a in page.links)
        for field in resource["schema"]["fields"]:
            assert f"{name}-{field['name']}" in page.ids
        for root in ("", "es/"):  # generic: every resource has its own table page
            rows = pages[site / root / "data" / name / "index.html"]
            assert rows.lang == ("es" if root else "en")
    for name in ("datapackage.json", "SHA256SUMS", f"amnistia-{VERSION}.zip", "CITATION.cff", "citation.bib"):
        assert (latest / name).is_file()  # latest is the newest release
        assert (site / "downloads" / VERSION / name).read_bytes() == (latest / name).read_bytes()
    for version in (p.name for p in (ROOT / "datasets" / "versions").iterdir() if p.is_dir()):
        assert (site / "downloads" / version / f"amnistia-{version}.zip").is_file()
        assert any(url.endswith(f"downloads/{version}/amnistia-{version}.zip") for _t, url, _a in page.links)


def test_published_package_validates_with_frictionless(site: Path) -> None:
    frictionless = Path(sys.executable).parent / "frictionless"
    completed = subprocess.run(
        [str(frictionless), "validate", str(site / "downloads" / "latest" / "datapackage.json")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout[-3000:]


def test_search_works_in_both_languages(site: Path) -> None:
    for root, lang in (("", "en"), ("es/", "es")):
        index = json.loads((site / root / "search" / "search_index.json").read_text())
        assert index["config"]["lang"] == [lang]
        assert any("Foro Penal" in doc["text"] for doc in index["docs"])


def test_data_text_is_escaped(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    releases = project / "datasets" / "releases.csv"
    releases.write_text(
        releases.read_text()
        .replace("Count as of the morning; dated by publication.", "<script>alert(1)</script> & <b>bold</b>")
        .replace(
            "Conteo de la mañana; fechado por su publicación.", "<script>alert(1)</script> & <b>bold</b>"
        )
    )
    out = tmp_path / "out"
    result = invoke("build", str(project), "--out", str(out))
    assert result.code == 0, result.out + result.err
    for lang_root in ("", "es/"):
        html = (out / lang_root / "releases" / "index.html").read_text(encoding="utf-8")
        assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in html
        assert "<script>alert(1)" not in html and "<b>bold</b>" not in html


def test_failed_builds_leave_the_previous_site_untouched(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    out = tmp_path / "out"
    assert invoke("build", str(project), "--out", str(out)).code == 0
    before = snapshot(out)

    releases = project / "datasets" / "releases.csv"
    good = releases.read_text()
    releases.write_text(good.replace(",exact,91,", ",exact,9x1,"))
    invalid = invoke("build", str(project), "--out", str(out))
    assert invalid.code == 1
    assert "datasets/releases.csv:" in invalid.out and ":value: " in invalid.out
    assert snapshot(out) == before

    releases.write_text(good)
    (project / "docs" / "es" / "about.md").write_text("# Acerca de\n\n[roto](no-such-page.md)\n")
    broken = invoke("build", str(project), "--out", str(out))
    assert broken.code == 1, broken.err
    assert snapshot(out) == before
    leftovers = [p for p in tmp_path.iterdir() if p.name.startswith(".out.") and p.name != ".out.lock"]
    assert not leftovers, "staging left behind"


def test_two_builds_are_byte_identical(tmp_path: Path, site: Path) -> None:
    again = tmp_path / "again"
    seed_download_cache(tmp_path)  # test_offline.py builds an offline copy twice from cold
    assert invoke("build", str(ROOT), "--out", str(again)).code == 0
    first = {str(p.relative_to(site)): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    second = {str(p.relative_to(again)): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert first.keys() == second.keys()
    different = [name for name in first if first[name] != second[name]]
    assert not different, different[:10]


def test_long_tables_are_searched_by_their_first_page_only(long_site: Path) -> None:
    """Material's indexer reads whole pages: a 2,000-row table gives it its first page, not 2,000 rows."""
    html = (long_site / "releases" / "index.html").read_text(encoding="utf-8")
    assert "bulkmarker0<" in html and "bulkmarker24<" in html and "bulkmarker25<" not in html
    assert "data-search-exclude" not in html
    index = (long_site / "search" / "search_index.json").read_text(encoding="utf-8")
    markers = {int(n) for n in re.findall(r"bulkmarker(\d+)", index)}
    assert markers == set(range(100))  # the first page of releases (25) and of data/releases/ (100)
    assert "Political prisoners still held" in index  # the small tables are still searchable
