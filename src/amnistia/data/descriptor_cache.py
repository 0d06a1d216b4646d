"""Remember descriptors that frictionless already found valid, so `validate` starts fast.

Checking datapackage.json against the Data Package and Table Schema profiles
is frictionless' job, and it costs more than the rest of a small package's
validation together (about a second to import and warm up). The answer only
depends on the descriptor's bytes, the frictionless version and our checking
code, so a valid answer is recorded under a hash of the three in the user's
cache folder; a descriptor with problems is always checked afresh, so its
problems are always reported. Nothing is written inside the package.
"""

from __future__ import annotations

import hashlib
import logging
import os
from functools import cache
from importlib.util import find_spec
from pathlib import Path

log = logging.getLogger(__name__)

CHECKS = tuple(sorted(Path(__file__).parent.glob("*.py")))
"""The code whose answer is remembered (all of data/, whatever module a check moves to):
a change to it forgets every answer."""


def cache_folder() -> Path | None:
    """$AMNISTIA_CACHE_DIR, else the XDG cache folder; None when caching is turned off."""
    if os.environ.get("AMNISTIA_NO_CACHE"):
        return None
    explicit = os.environ.get("AMNISTIA_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "amnistia"


def known_valid(descriptor: bytes) -> bool:
    """Whether these descriptor bytes were found valid by this very code before."""
    marker = _marker(descriptor)
    return marker is not None and marker.is_file()


def remember_valid(descriptor: bytes) -> None:
    """Record that these descriptor bytes are valid; a cache that cannot be written is skipped."""
    marker = _marker(descriptor)
    if marker is None:
        return
    try:
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.touch()
    except OSError as error:
        log.debug("descriptor cache not written: %s", error)


def _marker(descriptor: bytes) -> Path | None:
    folder = cache_folder()
    if folder is None:
        return None
    digest = hashlib.sha256(_code_version().encode())
    digest.update(descriptor)
    return folder / "valid-descriptors" / digest.hexdigest()


@cache
def _code_version() -> str:
    code = hashlib.sha256()
    for path in CHECKS:
        code.update(path.read_bytes())
    return f"{_frictionless_version()} {code.hexdigest()}"


def _frictionless_version() -> str:
    """The installed frictionless' dist-info name (it holds the version), found without importing it.

    importlib.metadata would cost a tenth of a second at every start.
    """
    spec = find_spec("frictionless")
    if spec is None or spec.origin is None:
        return "frictionless missing"
    packages = Path(spec.origin).parent.parent
    found = sorted(path.name for path in packages.glob("frictionless-*.dist-info"))
    return found[-1] if found else f"frictionless at {packages}"
