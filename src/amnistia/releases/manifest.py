"""The list of released versions, so that a version cannot vanish, move or be rewritten.

Each frozen descriptor records its CSVs' hashes, but nothing recorded the
descriptor itself, nor which versions exist. ``datasets/versions/index.json``
lists every release with its date and its descriptor's sha256; `release`
appends to it, and validation reports a listed version that is missing, a
folder that is not listed (a renamed version), an edited descriptor, release
notes missing a language, and a working version below the latest release.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from amnistia.data.catalogue import make_problem
from amnistia.data.problems import Problem
from amnistia.i18n import _

INDEX = Path("datasets") / "versions" / "index.json"


def read_index(package: Path) -> list[dict[str, Any]]:
    path = package / INDEX
    if not path.is_file():
        return []
    releases: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8")).get("releases", [])
    return releases


def record_release(package: Path, version: str, day: str) -> None:
    """Add ``version`` (already frozen) to the index."""
    releases = [r for r in read_index(package) if r.get("version") != version]
    descriptor = package / "datasets" / "versions" / version / "datapackage.json"
    releases.append(
        {
            "version": version,
            "date": day,
            "descriptor_sha256": hashlib.sha256(descriptor.read_bytes()).hexdigest(),
        }
    )
    body = {
        "description": "Every released version, its date and the sha256 of its frozen datapackage.json. "
        "Written by `amnistia release`; never edit by hand.",
        "releases": sorted(releases, key=lambda r: [int(p) for p in str(r["version"]).split(".")]),
    }
    (package / INDEX).write_text(json.dumps(body, indent=2) + "\n", encoding="utf-8")


def check_index(package: Path, folders: dict[str, Path], working: str | None) -> Iterator[Problem]:
    """What is wrong with the released versions as a whole (see the module's docstring)."""
    listed = {str(r.get("version")): r for r in read_index(package)}
    if not listed and not folders:
        return
    index = INDEX.as_posix()
    for version, entry in sorted(listed.items()):
        folder = folders.get(version)
        if folder is None:
            detail = _("version {version} is listed as released but its folder is gone").format(
                version=version
            )
            yield make_problem("released-version", index, 1, version, detail=detail)
            continue
        descriptor = folder / "datapackage.json"
        if hashlib.sha256(descriptor.read_bytes()).hexdigest() != entry.get("descriptor_sha256"):
            detail = _("the datapackage.json of version {version} was changed").format(version=version)
            yield make_problem("released-version", _descriptor_path(version), 1, version, detail=detail)
        yield from _check_notes(descriptor, version)
    for version in sorted(set(folders) - set(listed)):
        detail = _("the folder of version {version} is not a release (renamed, or added by hand)").format(
            version=version
        )
        yield make_problem("released-version", index, 1, version, detail=detail)
    latest = max(listed, key=_rank, default=None)
    if working and latest and _rank(working) < _rank(latest):
        detail = _("the working version {working} is below the latest release, {latest}").format(
            working=working, latest=latest
        )
        yield make_problem("released-version", "datapackage.json", 1, "version", detail=detail)


def _check_notes(descriptor: Path, version: str) -> Iterator[Problem]:
    notes = json.loads(descriptor.read_text(encoding="utf-8")).get("releaseNotes", {})
    for language in ("en", "es"):
        if not isinstance(notes, dict) or not str(notes.get(language, "")).strip():
            detail = _("version {version} has no release notes in {language}").format(
                version=version, language=language
            )
            yield make_problem(
                "released-version", _descriptor_path(version), 1, "releaseNotes", detail=detail
            )


def _descriptor_path(version: str) -> str:
    return (INDEX.parent / version / "datapackage.json").as_posix()


def _rank(version: str) -> tuple[int, ...]:
    try:
        return tuple(int(part) for part in version.split("."))
    except ValueError:
        return (0,)
