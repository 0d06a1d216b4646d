"""A site served from a sub-folder: `amnistia build --site-url` (the publish workflow passes it).

Without an address MkDocs makes the 404 pages' links root-absolute and the
sitemaps empty; with it, both follow the address, in both languages.
"""

from __future__ import annotations

import re
from pathlib import Path

from support import ROOT, invoke

URL = "https://example.org/amnistia"


def test_a_site_url_roots_the_404_pages_and_fills_the_sitemaps(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = invoke("build", str(ROOT), "--out", str(out), "--site-url", URL)
    assert result.code == 0, result.out + result.err

    spanish = (out / "es" / "404.html").read_text(encoding="utf-8")
    links = re.findall(r'href="(/[^"]*)"', spanish)
    assert "/amnistia/es/releases/" in links  # the Spanish 404 page leads to Spanish pages
    assert "/amnistia/" in links and "/amnistia/es/" in links  # the language selector
    assert not [link for link in links if not link.startswith("/amnistia/")], links
    english = (out / "404.html").read_text(encoding="utf-8")
    assert "/amnistia/releases/" in re.findall(r'href="(/[^"]*)"', english)

    for sitemap, prefix in ((out / "sitemap.xml", f"{URL}/"), (out / "es" / "sitemap.xml", f"{URL}/es/")):
        locations = re.findall(r"<loc>([^<]*)</loc>", sitemap.read_text(encoding="utf-8"))
        assert len(locations) >= 18 and all(loc.startswith(prefix) for loc in locations), locations
    assert f'<link rel="canonical" href="{URL}/es/releases/">' in (
        out / "es" / "releases" / "index.html"
    ).read_text(encoding="utf-8")


def test_a_site_url_must_be_a_web_address(tmp_path: Path) -> None:
    for bad in ("javascript:alert(1)", "/amnistia/", "file:///etc/", "https://example.org/?q=1"):
        result = invoke("build", str(ROOT), "--out", str(tmp_path / "out"), "--site-url", bad)
        assert result.code == 2, bad
        assert "is not an http(s) address" in result.err
        assert not (tmp_path / "out").exists()
