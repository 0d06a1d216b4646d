"""A small loopback web server for the built site, gzip-capable like a real host.

The browser tests and the page-weight benchmark load the site through it:
it answers only on 127.0.0.1, serves ``index.html`` for folders, redirects a
folder asked without its trailing slash (as GitHub Pages does, so a link
that causes a redirect shows up), answers 404 with the site's 404 page, and
gzips text when the browser accepts it (a pre-compressed ``.gz`` beside the
file is sent as it is). It records every request, for the tests to check.
"""

from __future__ import annotations

import gzip
import http.server
import mimetypes
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

COMPRESSIBLE = (".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".csv", ".map", ".md")


@dataclass
class Served:
    """What the server answered: (path, status, bytes sent) per request."""

    requests: list[tuple[str, int, int]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, path: str, status: int, size: int) -> None:
        with self.lock:
            self.requests.append((path, status, size))

    def clear(self) -> None:
        with self.lock:
            self.requests.clear()


def _handler(root: Path, served: Served, compress: bool) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            return

        def do_GET(self) -> None:
            path = unquote(urlsplit(self.path).path)
            target = (root / path.lstrip("/")).resolve()
            if not target.is_relative_to(root):
                self._send(404, b"", "text/plain", path)
                return
            if target.is_dir():
                if not path.endswith("/"):
                    self.send_response(301)
                    self.send_header("Location", path + "/")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    served.add(path, 301, 0)
                    return
                target = target / "index.html"
            if not target.is_file():
                page = root / "es" / "404.html" if path.startswith("/es/") else root / "404.html"
                body = page.read_bytes() if page.is_file() else b"not found"
                self._send(404, body, "text/html; charset=utf-8", path)
                return
            kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
            if kind.startswith("text/") or kind.endswith(("javascript", "json", "xml")):
                kind += "; charset=utf-8"
            self._send(200, target.read_bytes(), kind, path, target)

        def _send(self, status: int, body: bytes, kind: str, path: str, target: Path | None = None) -> None:
            encoding = None
            accepts = "gzip" in self.headers.get("Accept-Encoding", "")
            if compress and accepts and (target is None or target.suffix in COMPRESSIBLE):
                ready = target.with_name(target.name + ".gz") if target else None
                body = ready.read_bytes() if ready and ready.is_file() else gzip.compress(body, 6, mtime=0)
                encoding = "gzip"
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-cache")
            if encoding:
                self.send_header("Content-Encoding", encoding)
                self.send_header("Vary", "Accept-Encoding")
            try:
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                return  # the browser moved on (a test closed its page) before the body was sent
            served.add(path, status, len(body))

    return Handler


@contextmanager
def serve_site(root: Path, compress: bool = True) -> Iterator[tuple[str, Served]]:
    """Serve ``root`` on a free loopback port; yield its base URL and the request log."""
    served = Served()
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _handler(root.resolve(), served, compress))
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", served
    finally:
        httpd.shutdown()
        httpd.server_close()
