"""The preview server, for real: a process on a free loopback port, edited files, HTTP requests."""

from __future__ import annotations

import contextlib
import http.client
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from support import copy_project

MARKER = "PREVIEW-EDIT-MARKER"
WAIT = 180  # seconds: a rebuild on a loaded two-core machine


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Server:
    def __init__(self, project: Path, port: int) -> None:
        self.port = port
        self.process = subprocess.Popen(
            [sys.executable, "-m", "amnistia.cli", "serve", str(project), "--port", str(port)],
            stderr=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            text=True,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.lines.put(line)

    def mark(self) -> int:
        """Where the output is now: wait_for_output(after=mark) looks only at what follows."""
        self._drain()
        return len(self.seen)

    def _drain(self) -> None:
        with contextlib.suppress(queue.Empty):
            while True:
                self.seen.append(self.lines.get_nowait())

    def wait_for_output(self, words: str, timeout: float = WAIT, after: int = 0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self._drain()
            if words in "".join(self.seen[after:]):
                return "".join(self.seen[after:])
            time.sleep(0.1)
        raise AssertionError(f"no {words!r} in the server's output: {''.join(self.seen)}")

    def get(self, path: str) -> str:
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}{path}", timeout=30) as response:
            assert response.status == 200
            return response.read().decode("utf-8")

    def wait_for_page(self, path: str, words: str, timeout: float = WAIT) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            page = self.get(path)
            if words in page:
                return page
            time.sleep(0.25)
        raise AssertionError(f"{path} never showed {words!r}; server said: {''.join(self.seen)}")


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[Server, Path]]:
    project = copy_project(tmp_path)
    running = Server(project, _free_port())
    try:
        running.wait_for_output("serving http://127.0.0.1:")
        yield running, project
    finally:
        if running.process.poll() is None:
            running.process.kill()
        running.process.wait(timeout=10)
        assert running.process.stderr is not None
        running.process.stderr.close()


def _edit(project: Path, old: str, new: str) -> None:
    path = project / "datasets" / "releases.csv"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _first_event(port: int) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", "/__amnistia__/events")
    response = connection.getresponse()
    assert response.getheader("Content-Type") == "text/event-stream"
    line = response.readline().decode("ascii").strip()
    connection.close()
    assert line.startswith("data: "), line
    return int(line.removeprefix("data: "))


def test_an_edit_shows_in_the_served_page_and_a_bad_one_keeps_the_last_good_site(
    server: tuple[Server, Path],
) -> None:
    running, project = server
    page = running.get("/releases/")
    assert "/__amnistia__/reload.js" in page and "amnistia-preview-problems" not in page
    first = _first_event(running.port)

    mark = running.mark()
    # The note and its Spanish translation (note_es), which the Spanish page shows.
    _edit(
        project,
        "Count as of the morning; dated by publication.,Conteo de la mañana; fechado por su publicación.",
        f"{MARKER},{MARKER} (es)",
    )
    page = running.wait_for_page("/releases/", MARKER)
    running.wait_for_output("rebuilt", after=mark)  # the generation moves once the build returns
    assert _first_event(running.port) > first  # open pages are told to reload
    assert running.get("/es/releases/").count(MARKER) >= 1

    mark = running.mark()
    _edit(project, ",exact,91,", ",exact,9x1,")
    page = running.wait_for_page("/releases/", "amnistia-preview-problems")
    assert MARKER in page  # the last good build is still what is served
    assert "datasets/releases.csv:" in page and ":value</code>" in page
    said = running.wait_for_output("still serving the last good site", after=mark)
    assert "datasets/releases.csv:" in said and ":value:" in said and "→" in said
    # The build output itself never holds the preview's additions.
    built = (project / "build" / "releases" / "index.html").read_text(encoding="utf-8")
    assert "__amnistia__" not in built and "amnistia-preview-problems" not in built

    mark = running.mark()
    _edit(project, ",exact,9x1,", ",exact,91,")
    running.wait_for_output("rebuilt", after=mark)
    assert "amnistia-preview-problems" not in running.wait_for_page("/releases/", MARKER)


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_it_stops_cleanly_and_quickly(server: tuple[Server, Path], signum: signal.Signals) -> None:
    running, _ = server
    with contextlib.closing(http.client.HTTPConnection("127.0.0.1", running.port, timeout=30)) as events:
        events.request("GET", "/__amnistia__/events")  # an open page keeps a connection
        events.getresponse().readline()
        start = time.monotonic()
        running.process.send_signal(signum)
        running.process.wait(timeout=15)
    assert time.monotonic() - start < 15
    assert running.process.returncode == 0
    assert "Traceback" not in running.wait_for_output("stopping", timeout=5)


def test_it_listens_on_loopback_only(server: tuple[Server, Path]) -> None:
    running, _ = server
    others = {
        info[4][0]
        for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)
        if not info[4][0].startswith("127.")
    }
    for address in others:
        with socket.socket() as probe, pytest.raises(OSError):
            probe.settimeout(2)
            probe.connect((address, running.port))
