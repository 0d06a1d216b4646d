"""What a built site was made from, so that rebuilding unchanged inputs does nothing.

The build records in its output a fingerprint of every file it read (the
descriptor, the tables and released versions under datasets/, the
hand-written pages under docs/, mkdocs.yml) and of the code that made it
(every file of the amnistia package, and the versions of the libraries
that write pages and downloads). A rebuild whose fingerprint equals the
recorded one would write the same bytes, so it stops there.

Validation depends on the date only through "no date after today", which
cannot turn a valid package invalid as days pass: the date is not part of
the fingerprint. This module imports no site engine: checking takes a
fraction of a second, less than importing MkDocs would.
"""

from __future__ import annotations

import hashlib
import json
import logging
import platform
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as installed_version
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

STAMP = ".amnistia-build.json"
INPUT_FILES = ("datapackage.json", "mkdocs.yml")
INPUT_FOLDERS = ("datasets", "docs")
ENGINE = ("amnistia", "mkdocs", "mkdocs-material", "jinja2", "markdown", "pymdown-extensions",
          "openpyxl", "babel", "markupsafe", "pyyaml")  # fmt: skip
CODE = Path(__file__).resolve().parent


def fingerprint(package: Path) -> dict[str, Any]:
    """The sha256 of every input file (by path in the package) and of the code."""
    inputs: dict[str, str] = {}
    paths = [package / name for name in INPUT_FILES]
    for folder in INPUT_FOLDERS:
        paths += sorted(p for p in (package / folder).rglob("*") if p.is_file())
    paths += _resource_paths(package)
    for path in paths:
        if path.is_file():
            inputs[path.relative_to(package).as_posix()] = _sha256(path)
    return {"inputs": dict(sorted(inputs.items())), "code": code_fingerprint()}


def code_fingerprint() -> dict[str, str]:
    """Every file of the amnistia package (templates, assets, catalogs included) and the libraries."""
    digest = hashlib.sha256()
    for path in sorted(CODE.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            digest.update(path.relative_to(CODE).as_posix().encode() + b"\0")
            digest.update(path.read_bytes())
    libraries = {}
    for name in ENGINE:
        try:
            libraries[name] = installed_version(name)
        except PackageNotFoundError:
            libraries[name] = "missing"
    return {"sources": digest.hexdigest(), "python": platform.python_version(), **libraries}


def recorded(out: Path) -> dict[str, Any] | None:
    """The stamp a previous build left in ``out``; None when there is none or it is unreadable."""
    try:
        stamp: dict[str, Any] = json.loads((out / STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return stamp if isinstance(stamp, dict) else None


def is_up_to_date(out: Path, current: dict[str, Any]) -> dict[str, Any] | None:
    """The recorded stamp when ``out`` was built from exactly ``current``; None otherwise."""
    stamp = recorded(out)
    if stamp is None or stamp.get("fingerprint") != current:
        return None
    # The stamp only vouches for what the build wrote: a site someone emptied is rebuilt.
    missing = [name for name in stamp.get("files", []) if not (out / name).is_file()]
    if missing:
        log.info("%s is missing from the built site: building again", missing[0])
        return None
    return stamp


def write_stamp(site: Path, current: dict[str, Any], version: str, downloads: int) -> None:
    """Record in ``site`` what it was built from (same inputs, same bytes: the stamp too)."""
    files = ["index.html", "es/index.html", "downloads/latest/SHA256SUMS"]
    files += ["search/search_index.json", "search.json"]  # Material's search index, Zensical's
    stamp = {
        "fingerprint": current,
        "version": version,
        "downloads": downloads,
        "files": [name for name in files if (site / name).is_file()],
    }
    text = json.dumps(stamp, indent=1, sort_keys=True) + "\n"
    (site / STAMP).write_text(text, encoding="utf-8")


def _resource_paths(package: Path) -> list[Path]:
    """Tables the descriptor names outside datasets/ (validation refuses paths leaving the package)."""
    try:
        descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
        resources = descriptor.get("resources", [])
        paths = [package / str(r["path"]) for r in resources if isinstance(r, dict) and "path" in r]
    except (OSError, ValueError, TypeError, AttributeError):
        return []
    inside = package.resolve()
    return [
        p for p in paths if p.resolve().is_relative_to(inside) and not p.is_relative_to(package / "datasets")
    ]


def _sha256(path: Path) -> str:
    with path.open("rb") as stream:
        return hashlib.file_digest(stream, "sha256").hexdigest()
