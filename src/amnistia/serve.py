"""`amnistia serve`: build, serve the site on loopback, rebuild and reload on every edit.

A contributor edits a CSV, datapackage.json, a template or a hand-written
page; the watcher (watchfiles) sees it, the site is rebuilt with the same
pipeline as `make site`, and every open page reloads itself. An invalid
edit prints the validator's problems in the terminal and shows them as a
banner on every served page, while the last good site keeps being served:
a failed build never replaces it.

The reload script and the banner are added to HTML responses on the fly;
nothing of the preview is written into the built site.
"""

from __future__ import annotations

import functools
import html
import http.server
import logging
import signal
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from amnistia.data.output import render_report
from amnistia.data.problems import Problem

log = logging.getLogger(__name__)

PREFIX = "/__amnistia__/"
HOST = "127.0.0.1"
"""Loopback only: the preview is for the contributor's own browser."""
RELOAD_JS = """(function () {
  var me = document.currentScript, seen = me.getAttribute("data-generation");
  var events = new EventSource(me.getAttribute("data-events"));
  events.onmessage = function (event) { if (event.data !== seen) { location.reload(); } };
})();
"""
WATCHED = ("datapackage.json", "mkdocs.yml", "datasets", "docs")
SOURCE = Path(__file__).resolve().parent
WATCHED_SOURCE = ("templates", "assets", "theme", "locale")


@dataclass
class PreviewState:
    """What the server tells browsers: which build they see, and what is wrong now."""

    generation: int = 0
    problems: list[Problem] = field(default_factory=list)
    building: bool = False
    changed: threading.Condition = field(default_factory=threading.Condition)
    stopping: threading.Event = field(default_factory=threading.Event)

    def publish(self, problems: list[Problem]) -> None:
        with self.changed:
            self.problems = problems
            self.generation += 1
            self.changed.notify_all()


def rebuild(package: Path, out: Path, state: PreviewState, say: Callable[[str], None]) -> None:
    """Build once; keep the last good site when the edit is invalid or the build fails."""
    from amnistia.build import BuildLocked, ManifestError, OutputError, SiteBuildError, build_site

    state.building = True
    try:
        # No offline copies: each is a whole site per released version, too slow for a preview.
        report, result = build_site(package, out, offline=False)
    except (OutputError, BuildLocked, SiteBuildError, ManifestError, OSError) as error:
        say(f"amnistia: the site could not be built: {error}\n  → still serving the last good site")
        state.publish([_build_problem(str(error))])
        return
    finally:
        state.building = False
    if result is None:
        say(render_report(report, "text").rstrip() + "\n  → still serving the last good site")
        state.publish(report.errors)
        return
    say(f"rebuilt: version {result.version}; the open pages reload")
    state.publish([])


def _build_problem(message: str) -> Problem:
    return Problem("build", 0, "", "build-failed", message, "fix the file named above, then save it again")


class PreviewHandler(http.server.SimpleHTTPRequestHandler):
    """Serve the built site, adding the reload script (and the banner) to HTML pages."""

    state: PreviewState

    def __init__(self, *args: Any, state: PreviewState, **kwargs: Any) -> None:
        self.state = state
        super().__init__(*args, **kwargs)

    def do_GET(self) -> None:
        if self.path == PREFIX + "events":
            self._events()
        elif self.path == PREFIX + "reload.js":
            self._send(RELOAD_JS.encode("utf-8"), "text/javascript; charset=utf-8")
        else:
            target = Path(self.translate_path(self.path))
            if target.is_dir():
                target = target / "index.html"
            if target.suffix == ".html" and target.is_file() and not self.path.startswith(PREFIX):
                self._send(self._with_preview(target.read_text(encoding="utf-8")), "text/html; charset=utf-8")
            elif not Path(self.directory).is_dir():
                self._send(
                    self._with_preview("<!doctype html><title>amnistia</title><body></body>"), "text/html"
                )
            else:
                super().do_GET()

    def _with_preview(self, page: str) -> bytes:
        script = (
            f'<script src="{PREFIX}reload.js" data-events="{PREFIX}events" '
            f'data-generation="{self.state.generation}"></script>'
        )
        banner = _banner(self.state.problems)
        head, found, tail = page.rpartition("</body>")
        page = f"{head}{banner}{script}{found}{tail}" if found else page + banner + script
        return page.encode("utf-8")

    def _send(self, body: bytes, kind: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def _events(self) -> None:
        """Server-sent events: the build generation, sent again whenever it changes."""
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        seen = -1
        try:
            while not self.state.stopping.is_set():
                with self.state.changed:
                    if self.state.generation == seen:
                        self.state.changed.wait(timeout=10)
                    generation = self.state.generation
                message = f"data: {generation}\n\n" if generation != seen else ": still here\n\n"
                self.wfile.write(message.encode("ascii"))
                self.wfile.flush()
                seen = generation
        except (BrokenPipeError, ConnectionResetError):
            return

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("%s %s", self.address_string(), format % args)


def _banner(problems: list[Problem]) -> str:
    if not problems:
        return ""
    items = "".join(
        f"<li><code>{html.escape(p.location)}</code> {html.escape(p.message)}"
        f"<br><span>→ {html.escape(p.hint)}</span></li>"
        for p in problems[:50]
    )
    more = f"<p>… and {len(problems) - 50} more: see the terminal.</p>" if len(problems) > 50 else ""
    return (
        '<div role="alert" id="amnistia-preview-problems" style="position:fixed;inset:auto 0 0 0;'
        "max-height:50vh;overflow:auto;z-index:10;background:#7a0010;color:#fff;padding:1em;"
        'font:16px/1.4 system-ui,sans-serif">'
        "<strong>This edit is not valid: the page shows the last good build.</strong>"
        f"<ul>{items}</ul>{more}</div>"
    )


def watched_paths(package: Path) -> list[Path]:
    paths = [package / name for name in WATCHED] + [SOURCE / name for name in WATCHED_SOURCE]
    return [p for p in paths if p.exists()]


def watch(package: Path, out: Path, state: PreviewState, say: Callable[[str], None]) -> None:
    """Rebuild after each batch of edits until the server stops."""
    import watchfiles

    def relevant(change: watchfiles.Change, path: str) -> bool:
        where = Path(path)
        # The build writes beside and into its output: never rebuild for that.
        if where == out or out in where.parents or where.name.startswith(f".{out.name}."):
            return False
        return watchfiles.DefaultFilter()(change, path)

    for changes in watchfiles.watch(
        *watched_paths(package), watch_filter=relevant, stop_event=state.stopping, debounce=200, step=50
    ):
        names = sorted({Path(path).name for _, path in changes if Path(path).exists()}) or ["a file"]
        say(f"changed: {', '.join(names)}; rebuilding")
        rebuild(package, out, state, say)


def serve(package: Path, out: Path, port: int, ready: Callable[[str], None] | None = None) -> None:
    """Build, then serve ``out`` on loopback until interrupted; rebuild on every edit."""
    package, out = package.resolve(), out.resolve()

    def say(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    state = PreviewState()
    rebuild(package, out, state, say)
    handler = functools.partial(PreviewHandler, directory=str(out), state=state)
    server = http.server.ThreadingHTTPServer((HOST, port), handler)
    server.daemon_threads = True
    url = f"http://{HOST}:{server.server_address[1]}/"
    watcher = threading.Thread(target=watch, args=(package, out, state, say), daemon=True)
    watcher.start()
    say(f"serving {url} (Ctrl-C to stop); edits to data, pages and templates rebuild the site")
    say("the preview has no offline copies (make site builds them): their links may lead nowhere")
    if ready is not None:
        ready(url)
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        say("stopping")
    finally:
        state.stopping.set()
        with state.changed:
            state.changed.notify_all()
        server.server_close()
        watcher.join(timeout=5)
