"""A released version's downloads, written once and reused while they verify.

A released version cannot change (validation checks every frozen file
against its recorded hash), so its downloads cannot either: they are
written once into a cache folder outside the site, and every later build
copies them into the new site after checking each file against the
version's SHA256SUMS. A file that no longer matches, a missing or extra
file, or a cache written from another release or by another version of the
writer, and the version's downloads are written again from its rows.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import shutil
import uuid
from collections.abc import Callable, Sequence
from dataclasses import asdict
from importlib.metadata import version as installed_version
from pathlib import Path
from typing import Any

from amnistia.releases.citation import add_citations
from amnistia.releases.downloads import CHECKSUMS, DownloadFile, write_downloads
from amnistia.releases.rows import PackageView
from amnistia.releases.versions import Release

log = logging.getLogger(__name__)

MANIFEST_SUFFIX = ".manifest.json"
# The modules whose code decides the bytes of a download: a change to any of
# them (or to openpyxl) makes every cached version stale.
_WRITERS = ("downloads.py", "xlsx.py", "rows.py", "citation.py")


def epoch_of(day: dt.date) -> int:
    """SOURCE_DATE_EPOCH of a data version: midnight UTC of its date."""
    return int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC).timestamp())


def release_downloads(
    release: Release, cache: Path, view: Callable[[], PackageView]
) -> tuple[Path, list[DownloadFile], bool]:
    """The folder holding ``release``'s downloads, its files, and whether they were reused.

    ``view`` gives the version's rows; it is only called when the downloads
    have to be written.
    """
    version = str(release.version)
    folder = cache / version
    key = cache_key(release)
    files = verified_files(folder, key)
    if files is not None:
        log.info("downloads %s: reused (every file matches its SHA256SUMS)", version)
        return folder, files, True
    log.info("downloads %s: writing", version)
    cache.mkdir(parents=True, exist_ok=True)
    fresh = cache / f".{version}.{uuid.uuid4().hex[:8]}.writing"
    try:
        files = write_downloads(release.folder, release.descriptor, fresh, epoch_of(release.date), view())
        files = add_citations(fresh, release.descriptor, version, release.date, files)
        _manifest(cache, version).unlink(missing_ok=True)
        shutil.rmtree(folder, ignore_errors=True)
        fresh.rename(folder)
    finally:
        shutil.rmtree(fresh, ignore_errors=True)
    # Written last: a cache folder without its manifest is never trusted.
    manifest = {"key": key, "files": [asdict(f) for f in files]}
    _manifest(cache, version).write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    return folder, files, False


def cache_key(release: Release) -> dict[str, str]:
    """What the cached bytes were made from: the frozen descriptor, each frozen table's
    bytes as they are now, and the code that writes downloads.

    The tables are hashed afresh, not taken from the descriptor: a redaction
    (redactions.py) changes a frozen table and must never be served from a
    cache written before it.
    """
    descriptor = (release.folder / "datapackage.json").read_bytes()
    tables = hashlib.sha256()
    for resource in release.descriptor.get("resources", []):
        tables.update(_sha256(release.folder / str(resource["path"])).encode("ascii"))
    here = Path(__file__).resolve().parent
    code = hashlib.sha256()
    for name in _WRITERS:
        code.update((here / name).read_bytes())
    return {
        "descriptor": hashlib.sha256(descriptor).hexdigest(),
        "tables": tables.hexdigest(),
        "writer": code.hexdigest(),
        "openpyxl": installed_version("openpyxl"),
    }


def verified_files(folder: Path, key: dict[str, str]) -> list[DownloadFile] | None:
    """The cached files when every one still matches SHA256SUMS; None otherwise."""
    try:
        manifest: dict[str, Any] = json.loads(_manifest(folder.parent, folder.name).read_text("utf-8"))
        files = [DownloadFile(**entry) for entry in manifest["files"]]
        sums = (folder / CHECKSUMS).read_text(encoding="utf-8")
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if manifest.get("key") != key:
        log.info("downloads %s: cached by another release or writer", folder.name)
        return None
    listed: dict[str, str] = {}
    for line in sums.splitlines():
        digest, _, name = line.partition("  ")
        listed[name] = digest
    on_disk = {path.name for path in folder.iterdir()}
    by_name = {f.name: f for f in files}
    if on_disk != set(listed) | {CHECKSUMS} or set(by_name) != on_disk:
        log.warning("downloads %s: the cache holds other files than SHA256SUMS lists", folder.name)
        return None
    for name in sorted(on_disk):
        digest = _sha256(folder / name)
        expected = by_name[name].sha256 if name == CHECKSUMS else listed[name]
        if digest != expected or digest != by_name[name].sha256:
            log.warning("downloads %s: %s does not match SHA256SUMS; writing again", folder.name, name)
            return None
    return files


def history_key(releases: Sequence[Release]) -> str:
    """What every one of ``releases`` is made of now (descriptors and tables): a redaction changes it."""
    digest = hashlib.sha256()
    for release in releases:
        key = cache_key(release)
        digest.update(f"{release.version} {key['descriptor']} {key['tables']}\n".encode("ascii"))
    return digest.hexdigest()


def made_from(folder: Path, name: str) -> str | None:
    """The ``made_from`` recorded when ``name`` was added to the cached ``folder`` (add_to_cache)."""
    try:
        manifest = json.loads(_manifest(folder.parent, folder.name).read_text(encoding="utf-8"))
        return str(manifest["made_from"][name])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def add_to_cache(
    folder: Path, source: Path, files: list[DownloadFile], kind: str, origin: str
) -> list[DownloadFile]:
    """Move ``source`` into the cached version ``folder``, listed in its SHA256SUMS and manifest.

    From then on the file is one of the version's downloads: reused while it
    verifies, and written again with the rest of them; ``origin`` (what it was
    made from) is kept for made_from(). The manifest is rewritten last: a
    crash in between leaves a folder that does not verify.
    """
    manifest = _manifest(folder.parent, folder.name)
    previous = json.loads(manifest.read_text(encoding="utf-8"))
    key = previous["key"]
    target = folder / source.name
    source.replace(target)
    added = DownloadFile(target.name, None, kind, target.stat().st_size, _sha256(target))
    kept = [f for f in files if f.name not in (target.name, CHECKSUMS)]
    listed = sorted([*kept, added], key=lambda f: f.name)
    sums = folder / CHECKSUMS
    sums.write_text("".join(f"{f.sha256}  {f.name}\n" for f in listed), encoding="utf-8", newline="\n")
    checksums = DownloadFile(CHECKSUMS, None, "sha256sums", sums.stat().st_size, _sha256(sums))
    result = sorted([*listed, checksums], key=lambda f: f.name)
    origins = {**previous.get("made_from", {}), target.name: origin}
    body = {"key": key, "files": [asdict(f) for f in result], "made_from": origins}
    manifest.write_text(json.dumps(body, indent=1) + "\n", encoding="utf-8")
    return result


def copy_tree(source: Path, target: Path) -> None:
    """``target`` holding copies of ``source``'s files.

    Copies, not hard links: a site edited after the build, or a cache
    tampered with, must not change the other.
    """
    target.mkdir(parents=True)
    for path in sorted(source.iterdir()):
        shutil.copyfile(path, target / path.name)


def _manifest(cache: Path, version: str) -> Path:
    return cache / f"{version}{MANIFEST_SUFFIX}"


def _sha256(path: Path) -> str:
    with path.open("rb") as stream:
        return hashlib.file_digest(stream, "sha256").hexdigest()
