"""Driving Debian's chromium with Playwright: one browser, pages as readers get them.

Playwright's own browser download cannot run here, so it launches the
system chromium (`make test` installs it). Every page load records console
errors, failed requests and requests that leave the loopback server.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, ConsoleMessage, Page, Request, Response, sync_playwright

from amnistia.benchmarks.chromium import LAUNCH_ARGS, find_chromium

AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
SCREENSHOTS = Path(__file__).resolve().parent.parent / "build-artifacts" / "screenshots"
PHONE = {"width": 360, "height": 800}
DESKTOP = {"width": 1280, "height": 800}


def chromium_path() -> str:
    found = find_chromium()
    assert found, "Chromium is missing: `make test` installs Debian's chromium"
    return found


@contextmanager
def launch_browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=LAUNCH_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class Visit:
    """One page load and what went wrong during it."""

    page: Page
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def axe(
        self,
        tags: tuple[str, ...] = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa"),
        rules: list[str] | None = None,
    ) -> list[dict[str, Any]]:
        """Serious and critical axe-core violations of the page as it is now (``rules``: only those)."""
        if not self.page.evaluate("() => typeof axe !== 'undefined'"):
            self.page.add_script_tag(path=str(AXE))
        only = {"type": "rule", "values": rules} if rules else {"type": "tag", "values": list(tags)}
        result: dict[str, Any] = self.page.evaluate(
            "only => axe.run(document, {runOnly: only, resultTypes: ['violations']})", only
        )
        return [v for v in result["violations"] if v["impact"] in ("serious", "critical")]


@contextmanager
def visit(
    browser: Browser,
    url: str,
    base: str,
    viewport: dict[str, int] = PHONE,
    scheme: str = "light",
    javascript: bool = True,
) -> Iterator[Visit]:
    """Open ``url`` in a fresh context (cold cache) and wait until it has loaded."""
    context = browser.new_context(
        viewport=viewport,  # type: ignore[arg-type]
        color_scheme=scheme,  # type: ignore[arg-type]
        java_script_enabled=javascript,
        locale="es-VE" if "/es/" in url else "en-US",
    )
    page = context.new_page()
    seen = Visit(page)

    def on_console(message: ConsoleMessage) -> None:
        if message.type in ("error", "warning"):
            seen.errors.append(f"console {message.type}: {message.text} at {message.location.get('url')}")

    def on_request(request: Request) -> None:
        seen.requests.append(request.url)
        if not request.url.startswith((base, "data:", "blob:", "about:")):
            seen.errors.append(f"request leaves the loopback server: {request.url}")

    def on_response(response: Response) -> None:
        if response.status >= 300:
            seen.errors.append(f"{response.status} for {response.url}")

    def on_failed(request: Request) -> None:
        seen.errors.append(f"request failed: {request.url} ({request.failure})")

    page.on("console", on_console)
    page.on("pageerror", lambda error: seen.errors.append(f"page error: {error}"))
    page.on("request", on_request)
    page.on("response", on_response)
    page.on("requestfailed", on_failed)
    try:
        # "load": every script and stylesheet the page names has run. Waiting for
        # the network to go quiet as well cost half a second a page, for nothing:
        # the search index is fetched only on a query.
        page.goto(url, wait_until="load")
        yield seen
    finally:
        context.close()
