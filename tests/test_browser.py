"""The built pages in a real headless Chromium: the progressive enhancements run.

Chromium loads each page from a local server, runs its scripts, and prints
the resulting DOM; the tests read what the scripts added. Debian's chromium
is installed by `make test` (see the Makefile).
"""

from __future__ import annotations

import functools
import http.server
import shutil
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--virtual-time-budget=5000",
]


@pytest.fixture(scope="module")
def server(site: Path) -> Iterator[str]:
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def rendered_dom(url: str, profile: Path, width: int = 1280) -> str:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    assert chromium, "Chromium is missing: `make test` installs Debian's chromium"
    completed = subprocess.run(
        [
            chromium,
            *CHROMIUM_FLAGS,
            f"--user-data-dir={profile}",
            f"--window-size={width},900",
            "--dump-dom",
            url,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr[-2000:]
    return completed.stdout


@pytest.mark.parametrize(
    ("path", "label"), [("/releases/", "Filter this table"), ("/es/releases/", "Filtrar esta tabla")]
)
def test_tables_become_sortable_and_filterable(server: str, tmp_path: Path, path: str, label: str) -> None:
    dom = rendered_dom(server + path, tmp_path / "profile")
    assert 'data-am-enhanced="true"' in dom, "tables.js did not run"
    assert 'role="columnheader"' in dom, "tablesort did not run"
    assert 'class="am-filter"' in dom and label in dom


def test_pages_render_on_a_phone_width(server: str, tmp_path: Path) -> None:
    dom = rendered_dom(server + "/es/", tmp_path / "profile", width=360)
    assert '<html lang="es"' in dom
    assert "am-card" in dom and "<svg" in dom
