"""Debian's chromium, started the way this machine's closed network needs.

Shared by the page-weight benchmark and the browser tests. Without the
background-networking flags chromium keeps trying Google's hosts, which
this machine refuses; as root it needs --no-sandbox.
"""

from __future__ import annotations

import shutil

LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def find_chromium() -> str | None:
    """The system chromium (`make chromium` installs Debian's), or None."""
    return shutil.which("chromium") or shutil.which("chromium-browser")
