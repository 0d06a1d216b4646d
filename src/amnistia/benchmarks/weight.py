"""Page weight: what a cold load costs a reader on a slow phone connection.

Builds the site, serves it gzipped from a loopback server (as GitHub Pages
serves it), and loads pages in Debian's chromium with an empty cache. Counts
the compressed bytes of everything a page loads before anyone touches it,
split into HTML, JavaScript, CSS, fonts, the search index and the rest, and
the first contentful paint under emulated slow 3G (400 kbit/s, 400 ms).
"""

from __future__ import annotations

import logging
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from amnistia.benchmarks.chromium import LAUNCH_ARGS, find_chromium
from amnistia.benchmarks.static_server import serve_site
from amnistia.benchmarks.targets import Target

log = logging.getLogger(__name__)

HOME_LIMIT = 150_000
PAGE_LIMIT = 500_000
FCP_LIMIT_MS = 3000
SLOW_3G = {
    "offline": False,
    "latency": 400,
    "downloadThroughput": 400_000 / 8,
    "uploadThroughput": 400_000 / 8,
}


@dataclass
class Load:
    """One cold page load: compressed bytes by kind, and first contentful paint."""

    path: str
    kinds: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    fcp_ms: float | None = None

    @property
    def total(self) -> int:
        return sum(self.kinds.values())

    def describe(self) -> str:
        parts = ", ".join(f"{kind} {size / 1000:.1f}" for kind, size in sorted(self.kinds.items()))
        return f"{self.total / 1000:.1f} KB ({parts})"


def _kind(url: str, resource_type: str) -> str:
    if "search_index" in url:
        return "search index"
    return {
        "Document": "HTML",
        "Script": "JS",
        "Stylesheet": "CSS",
        "Font": "fonts",
        "Image": "images",
    }.get(resource_type, "other")


def measure(browser: Any, base: str, path: str, throttle: bool) -> Load:
    """Load ``base + path`` in a fresh context and count what crossed the wire."""
    context = browser.new_context(viewport={"width": 360, "height": 800})
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    if throttle:
        cdp.send("Network.emulateNetworkConditions", SLOW_3G)
    types: dict[str, tuple[str, str]] = {}
    load = Load(path)

    def on_response(event: dict[str, Any]) -> None:
        types[event["requestId"]] = (event["response"]["url"], event.get("type", "Other"))

    def on_finished(event: dict[str, Any]) -> None:
        url, kind = types.get(event["requestId"], ("", "Other"))
        load.kinds[_kind(url, kind)] += int(event["encodedDataLength"])

    cdp.on("Network.responseReceived", on_response)
    cdp.on("Network.loadingFinished", on_finished)
    try:
        page.goto(base + path, wait_until="networkidle", timeout=120_000)
        load.fcp_ms = page.evaluate(
            "() => { const e = performance.getEntriesByName('first-contentful-paint')[0];"
            " return e ? e.startTime : null; }"
        )
    finally:
        context.close()
    return load


def _pages(site: Path) -> list[str]:
    found = []
    for index in sorted(site.rglob("index.html")):
        relative = index.parent.relative_to(site)
        if relative.parts[:1] != ("downloads",):
            found.append("/" + "".join(f"{part}/" for part in relative.parts))
    return found


def run() -> list[Target]:
    """Measure the home pages, every page's weight, and first paint on slow 3G."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return [Target("page weight", "skipped: playwright is not installed", None)]
    chromium = find_chromium()
    if not chromium:
        return [Target("page weight", "skipped: chromium is not installed (make chromium)", None)]
    from amnistia.build import build_site

    with tempfile.TemporaryDirectory(prefix="amnistia-weight-") as folder:
        out = Path(folder) / "site"
        report, result = build_site(Path.cwd(), out)
        if result is None:
            return [
                Target("page weight", f"skipped: the data is invalid ({len(report.problems)} problems)", None)
            ]
        with serve_site(out) as (base, _), sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=LAUNCH_ARGS)
            try:
                loads = [measure(browser, base, path, throttle=False) for path in _pages(out)]
                slow = {path: measure(browser, base, path, throttle=True) for path in ("/", "/es/")}
            finally:
                browser.close()
    by_path = {load.path: load for load in loads}
    heaviest = max(loads, key=lambda load: load.total)
    targets = [
        Target(
            f"{name} home page ≤ {HOME_LIMIT // 1000} KB compressed, cold",
            by_path[path].describe(),
            by_path[path].total <= HOME_LIMIT,
        )
        for name, path in (("English", "/"), ("Spanish", "/es/"))
    ]
    targets.append(
        Target(
            f"every page ≤ {PAGE_LIMIT // 1000} KB compressed, cold ({len(loads)} pages)",
            f"heaviest {heaviest.path}: {heaviest.describe()}",
            heaviest.total <= PAGE_LIMIT,
        )
    )
    for name, path in (("English", "/"), ("Spanish", "/es/")):
        fcp = slow[path].fcp_ms
        targets.append(
            Target(
                f"{name} home: first contentful paint ≤ {FCP_LIMIT_MS / 1000:.0f} s"
                " on slow 3G (400 kbit/s, 400 ms)",
                f"{fcp / 1000:.2f} s" if fcp is not None else "no paint recorded",
                fcp is not None and fcp <= FCP_LIMIT_MS,
            )
        )
    return targets
