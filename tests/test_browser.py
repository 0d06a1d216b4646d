"""The built site in a real browser, as readers get it: phones, dark mode, Spanish.

Debian's chromium, driven by Playwright (tests/browser_support.py), loads
every page of both languages from a gzip-capable loopback server at 360×800
and 1280×800, in the light and dark schemes, and checks what a reader would
meet: console errors, failed or redirected requests, requests leaving the
server, axe-core's serious and critical violations, sideways scrolling,
chart text size. Screenshots land in build-artifacts/screenshots/.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from amnistia.benchmarks.static_server import Served, serve_site
from browser_support import DESKTOP, PHONE, SCREENSHOTS, launch_browser, visit

SCREENSHOT_PAGES = ["", "releases/", "exclusions/", "timeline/", "data/", "changelog/"]


@pytest.fixture(scope="module")
def server(site: Path) -> Iterator[tuple[str, Served]]:
    with serve_site(site) as served:
        yield served


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with launch_browser() as launched:
        yield launched


def site_pages(site: Path) -> list[str]:
    """Every HTML page of both languages, as URL paths (downloads are files, not pages)."""
    found = []
    for path in sorted(site.rglob("index.html")):
        relative = path.parent.relative_to(site)
        if relative.parts[:1] != ("downloads",):
            found.append("/" + "".join(f"{part}/" for part in relative.parts))
    return found


# Sideways scrolling of the document, beyond the boxes that scroll on purpose.
OVERFLOW = """() => {
  const doc = document.scrollingElement;
  const wide = [...document.querySelectorAll('body *')].filter(el => {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.right <= innerWidth + 1) return false;
    for (let p = el.parentElement; p; p = p.parentElement) {
      const s = getComputedStyle(p);
      if (s.overflowX === 'auto' || s.overflowX === 'scroll' || s.overflowX === 'hidden') return false;
    }
    return true;
  }).slice(0, 3).map(el => el.tagName + '.' + el.className);
  return {scroll: doc.scrollWidth - innerWidth, wide};
}"""

# The rendered size of each chart's text, in CSS pixels.
CHART_TEXT = """() => [...document.querySelectorAll('.am-chart svg text')].map(t => {
  const size = parseFloat(getComputedStyle(t).fontSize);
  return size * t.getScreenCTM().a;
})"""


# Material picks its palette from prefers-color-scheme once, when the page
# loads; a phone switched to dark mode gets what this sets: the media query
# and the palette Material would have chosen.
DARK = """() => {
  document.body.setAttribute('data-md-color-media', '(prefers-color-scheme: dark)');
  document.body.setAttribute('data-md-color-scheme', 'slate');
  return document.body.getAttribute('data-md-color-scheme');
}"""
CONTRAST_RULES = ["color-contrast", "link-in-text-block"]
"""What a colour scheme changes; the other rules are checked once, in the light scheme."""


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_every_page_works_for_readers(
    site: Path, server: tuple[str, Served], browser: Browser, viewport: dict[str, int]
) -> None:
    """Every page of both languages, on a phone and a wide screen, light and dark: axe, errors, layout."""
    base, served = server
    pages = site_pages(site)
    assert len(pages) >= 36  # 18 or more pages in each language
    problems: list[str] = []
    for path in pages:
        with visit(browser, base + path, base, viewport, "light") as seen:
            problems += [f"{path}: {error}" for error in seen.errors]
            for violation in seen.axe():
                targets = [" ".join(node["target"]) for node in violation["nodes"][:3]]
                problems.append(f"{path}: axe {violation['id']} ({len(violation['nodes'])}): {targets}")
            overflow: dict[str, Any] = seen.page.evaluate(OVERFLOW)
            if overflow["scroll"] > 0 or overflow["wide"]:
                problems.append(
                    f"{path}: the page scrolls sideways by {overflow['scroll']} px: {overflow['wide']}"
                )
            if viewport == PHONE:
                sizes: list[float] = seen.page.evaluate(CHART_TEXT)
                if sizes and min(sizes) < 12:
                    problems.append(f"{path}: chart text at {min(sizes):.1f} px")
                slug = path.strip("/").removeprefix("es").strip("/")
                if f"{slug}/".lstrip("/") in SCREENSHOT_PAGES or (slug == "" and "" in SCREENSHOT_PAGES):
                    _screenshot(seen.page, path, "light")
            seen.page.emulate_media(color_scheme="dark")
            assert seen.page.evaluate(DARK) == "slate"
            seen.page.wait_for_timeout(400)  # Material eases colours in over 250 ms
            for violation in seen.axe(rules=CONTRAST_RULES):
                targets = [" ".join(node["target"]) for node in violation["nodes"][:3]]
                problems.append(
                    f"{path} (dark): axe {violation['id']} ({len(violation['nodes'])}): {targets}"
                )
    assert not problems, "\n".join(problems[:60])
    assert not [r for r in served.requests if r[1] in (301, 302)], "a link went through a redirect"


def _screenshot(page: Page, path: str, scheme: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    name = path.strip("/").replace("/", "-") or "en"
    if not name.startswith("es"):
        name = "en-" + name if name != "en" else "en-home"
    elif name == "es":
        name = "es-home"
    page.screenshot(path=str(SCREENSHOTS / f"{name}-{scheme}.png"))


@pytest.mark.parametrize("lang", ["en", "es"])
def test_dark_phone_screenshots_are_written(server: tuple[str, Served], browser: Browser, lang: str) -> None:
    base, _ = server
    prefix = "/" if lang == "en" else "/es/"
    for slug in SCREENSHOT_PAGES:
        with visit(browser, base + prefix + slug, base, PHONE, "dark") as seen:
            assert (
                seen.page.evaluate("getComputedStyle(document.body).backgroundColor") != "rgb(255, 255, 255)"
            )
            name = f"{lang}-{slug.strip('/') or 'home'}-dark.png"
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            seen.page.screenshot(path=str(SCREENSHOTS / name))
            assert (SCREENSHOTS / name).stat().st_size > 5000


ENGLISH = re.compile(
    r"\b(the|of|and|with|from|this|these|which|who|were|has|have|by|unknown|article)\b", re.I
)
VISIBLE_TEXT = """() => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!el || !node.textContent.trim() || el.closest('[lang]:not(html), code, script, style')) continue;
    if (!el.getClientRects().length) continue;
    out.push(node.textContent.trim());
  }
  return out;
}"""


@pytest.mark.parametrize(
    "slug", ["", "releases/", "detentions/", "exclusions/", "timeline/", "sources/", "changelog/"]
)
def test_spanish_pages_hold_no_unmarked_english(
    server: tuple[str, Served], browser: Browser, slug: str
) -> None:
    base, _ = server
    with visit(browser, f"{base}/es/{slug}", base, DESKTOP) as seen:
        texts: list[str] = seen.page.evaluate(VISIBLE_TEXT)
    english = [
        t for t in texts if len(ENGLISH.findall(t)) >= 2 or "publisher unknown" in t or "(Spanish)" in t
    ]
    assert texts and not english, english[:10]
    assert not [t for t in texts if re.search(r"\bArticle \d", t)]


def test_the_spanish_404_page_is_in_spanish(server: tuple[str, Served], browser: Browser) -> None:
    base, _ = server
    for path, lang, title, home in [
        ("/no-such-page/", "en", "Page not found", "/"),
        ("/es/no-such-page/", "es", "Página no encontrada", "/es/"),
    ]:
        with visit(browser, base + path, base, PHONE) as seen:
            assert seen.page.evaluate("document.documentElement.lang") == lang
            assert seen.page.inner_text("article h1") == title
            assert seen.page.get_attribute("article a", "href") == home
            # the page itself answers 404 (and Chromium logs that); nothing else fails
            assert [e for e in seen.errors if "404" in e and path not in e] == []


def test_headline_figures_are_in_the_first_screen_of_a_phone(
    server: tuple[str, Served], browser: Browser
) -> None:
    base, _ = server
    for path in ("/", "/es/"):
        with visit(browser, base + path, base, PHONE) as seen:
            boxes = seen.page.evaluate(
                "() => [...document.querySelectorAll('.am-summary li')].map(li => "
                "[li.getBoundingClientRect().bottom, parseFloat(getComputedStyle(li).fontSize)])"
            )
            cards = seen.page.locator(".am-card").count()
            assert len(boxes) == cards >= 4
            assert all(bottom <= PHONE["height"] and size >= 12 for bottom, size in boxes), boxes


def _results(page: Page, query: str) -> list[str]:
    """The pages (without Material's ?h= highlight) that search lists for ``query``, once settled."""
    box = page.locator("input.md-search__input")
    box.fill("")
    box.press_sequentially(query)
    found: list[str] = []
    for _ in range(40):  # the index loads on the first query: wait until the list settles
        page.wait_for_timeout(250)
        now = sorted(
            {
                href.split("?")[0].split("#")[0]
                for href in page.eval_on_selector_all(
                    ".md-search-result__link", "els => els.map(a => a.href)"
                )
            }
        )
        if now and now == found:
            break
        found = now
    return found


@pytest.mark.parametrize("prefix", ["/", "/es/"])
def test_search_is_accent_insensitive_and_loads_on_first_use(
    server: tuple[str, Served], browser: Browser, prefix: str
) -> None:
    base, _ = server
    with visit(browser, base + prefix, base, PHONE) as seen:
        assert not [u for u in seen.requests if "search_index" in u], "the index loaded before any search"
        seen.page.click("label.md-header__button[for=__search]")
        plain = _results(seen.page, "amnistia")
        accented = _results(seen.page, "amnistía")
        assert [u for u in seen.requests if u.endswith("search/search_index.json")]
        assert len(plain) >= 5 and plain == accented
        assert _results(seen.page, "excarcelacion") == _results(seen.page, "excarcelación")
        assert not seen.errors


@pytest.mark.parametrize(
    ("path", "other"), [("/releases/", "/es/releases/"), ("/es/timeline/", "/timeline/")]
)
def test_the_language_switch_lands_on_the_same_page(
    server: tuple[str, Served], browser: Browser, path: str, other: str
) -> None:
    base, served = server
    with visit(browser, base + path, base, DESKTOP) as seen:
        seen.page.click("button.md-header__button[aria-label]:has(+ .md-select__inner)")
        lang = "es" if other.startswith("/es/") else "en"
        with seen.page.expect_navigation():
            seen.page.click(f".md-select__link[hreflang={lang}]")
        assert seen.page.url == base + other
        assert not [e for e in seen.errors if "301" in e or "302" in e]
        assert (other, 200) in [(path, status) for path, status, _ in served.requests]


@pytest.mark.parametrize(
    ("path", "label"), [("/sources/", "Filter this table"), ("/es/sources/", "Filtrar esta tabla")]
)
def test_card_tables_sort_and_filter_on_a_phone(
    server: tuple[str, Served], browser: Browser, path: str, label: str
) -> None:
    base, _ = server
    with visit(browser, base + path, base, PHONE) as seen:
        page = seen.page
        table = page.locator("table[data-am-stack]").first
        first_ids = table.evaluate("t => [...t.tBodies[0].rows].map(r => r.id)")
        menu = page.locator(".am-sort select").first
        assert menu.is_visible()
        values = menu.evaluate("s => [...s.options].map(o => o.value).filter(Boolean)")
        menu.select_option(values[1])  # the first column, descending
        after = table.evaluate("t => [...t.tBodies[0].rows].map(r => r.id)")
        assert sorted(after) == sorted(first_ids) and after != first_ids
        index = table.evaluate("t => [...document.querySelectorAll('table[data-am-table]')].indexOf(t)")
        box = page.locator(f"#am-filter-{index}")
        assert box.is_visible() and page.get_attribute(f"label[for=am-filter-{index}]", "for")
        assert page.inner_text(f"label[for=am-filter-{index}]") == label
        box.fill("zzzz-no-such-row")
        assert table.evaluate("t => [...t.tBodies[0].rows].every(r => r.hidden)")


@pytest.mark.parametrize("path", ["/es/releases/", "/es/sources/", "/data/"])
def test_tables_are_readable_without_javascript(
    server: tuple[str, Served], browser: Browser, path: str
) -> None:
    base, _ = server
    with visit(browser, base + path, base, PHONE, javascript=False) as seen:
        rows = seen.page.locator("table[data-am-table] tbody tr")
        assert rows.count() > 3
        assert rows.first.is_visible() and rows.first.inner_text().strip()
        assert seen.page.evaluate("document.scrollingElement.scrollWidth") <= PHONE["width"]
