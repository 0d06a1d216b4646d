"""Released versions: immutable snapshots of the working package.

``amnistia release`` freezes the root datapackage.json and datasets/*.csv
into datasets/versions/<X.Y.Z>/, recording each file's sha256 and size, the
release date and the release notes in English and Spanish. Validation then
checks every snapshot against what it recorded, so a released file cannot
change silently: corrections go into the working copy and a new version.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from amnistia.data.catalogue import make_problem
from amnistia.data.package import load_and_validate
from amnistia.data.paths import RESOURCE_NAME, resource_path_problem
from amnistia.data.problems import Problem
from amnistia.i18n import _
from amnistia.releases.diff import (
    PackageDiff,
    PackageView,
    bump_rank,
    diff_packages,
    read_view,
    suggested_bump,
)
from amnistia.releases.manifest import check_index, record_release
from amnistia.releases.redactions import reached_by_redactions, read_log

VERSIONS_DIR = Path("datasets") / "versions"
_VERSION = re.compile(r"^(\d+)\.(\d+)\.(\d+)$")
NOTES_HEADING = re.compile(r"^##\s+(en|es)\s*$", re.MULTILINE)


class ReleaseError(Exception):
    """The release was refused; the message says why and what to do."""


@dataclass(frozen=True, order=True)
class Version:
    major: int
    minor: int
    patch: int

    @classmethod
    def parse(cls, text: str) -> Version:
        found = _VERSION.match(text.strip())
        if not found:
            raise ValueError(f'"{text}" is not a version of the form X.Y.Z')
        return cls(*(int(part) for part in found.groups()))

    def bump(self, level: str) -> Version:
        if level == "major":
            return Version(self.major + 1, 0, 0)
        if level == "minor":
            return Version(self.major, self.minor + 1, 0)
        return Version(self.major, self.minor, self.patch + 1)

    def __str__(self) -> str:
        return f"{self.major}.{self.minor}.{self.patch}"


@dataclass(frozen=True)
class Release:
    """One frozen version of the package."""

    version: Version
    folder: Path
    descriptor: dict[str, Any]

    @property
    def date(self) -> dt.date:
        return dt.date.fromisoformat(str(self.descriptor.get("created", "1999-01-01"))[:10])

    def notes(self, language: str) -> str:
        notes = self.descriptor.get("releaseNotes", {})
        return str(notes.get(language) or notes.get("en") or "")


def list_releases(package: Path) -> list[Release]:
    """Every snapshot under datasets/versions/, oldest first."""
    root = package / VERSIONS_DIR
    releases = []
    if root.is_dir():
        for folder in root.iterdir():
            descriptor_path = folder / "datapackage.json"
            try:
                version = Version.parse(folder.name)
            except ValueError:
                continue
            if descriptor_path.is_file():
                descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
                releases.append(Release(version, folder, descriptor))
    return sorted(releases, key=lambda r: r.version)


def check_snapshots(package: Path) -> Iterator[Problem]:
    """Every released file must still have the size and sha256 it was released with.

    The one exception is a redaction recorded in the log (redactions.py).
    """
    log = read_log(package)
    releases = list_releases(package)
    working = _read_descriptor(package).get("version") if (package / "datapackage.json").is_file() else None
    yield from check_index(package, {str(r.version): r.folder for r in releases}, str(working or ""))
    for release in releases:
        relative = release.folder.relative_to(package)
        for resource in release.descriptor.get("resources", []):
            shown = f"{relative.as_posix()}/datapackage.json"
            # A frozen descriptor is published as-is: its names and paths get
            # the same checks as the working one before anything reads them.
            name = resource.get("name")
            if not isinstance(name, str) or not RESOURCE_NAME.match(name):
                yield make_problem("resource-name", shown, 1, "name", value=name)
                continue
            code = resource_path_problem(release.folder, str(resource.get("path", "")))
            if code is not None and code != "resource-path-missing":
                yield make_problem(code, shown, 1, "path", value=resource.get("path"))
                continue
            path = release.folder / resource["path"]
            shown = f"{relative.as_posix()}/{resource['path']}"
            working = f"datasets/{resource['name']}.csv"
            if not path.is_file() or path.is_symlink():
                yield make_problem(
                    "released-file-changed",
                    shown,
                    1,
                    detail=_("is missing"),
                    working=working,
                    released=shown,
                )
                continue
            data = path.read_bytes()
            recorded = str(resource.get("hash", "")).removeprefix("sha256:")
            actual = hashlib.sha256(data).hexdigest()
            if reached_by_redactions(log, str(release.version), str(resource["path"]), recorded, actual):
                continue
            if actual != recorded or len(data) != resource.get("bytes"):
                yield make_problem(
                    "released-file-changed",
                    shown,
                    1,
                    detail=_("was changed"),
                    working=working,
                    released=shown,
                )


def release_package(package: Path, level: str, notes_file: Path, day: dt.date) -> tuple[Release, str | None]:
    """Freeze the working package as a new version; return it and the suggested bump."""
    report, loaded = load_and_validate(package)
    report.extend(check_snapshots(package))
    if not report.valid or loaded.descriptor is None:
        raise ReleaseError(
            f"the data is invalid ({len(report.errors)} errors): run `amnistia validate` and fix them first"
        )
    notes = read_notes(notes_file)
    descriptor = loaded.descriptor.data
    releases = list_releases(package)
    working = Version.parse(str(descriptor.get("version", "0.0.0")))
    suggestion: str | None = None
    if releases:
        latest = releases[-1]
        diff = diff_against(latest, package, descriptor)
        suggestion = suggested_bump(diff)
        if suggestion is None:
            raise ReleaseError(f"nothing changed since {latest.version}: there is nothing to release")
        if bump_rank(level) < bump_rank(suggestion):
            raise ReleaseError(
                f"these changes need a {suggestion} release (semantic versioning), not {level}: "
                f"run `amnistia release {suggestion}`"
            )
        version = max(working, latest.version).bump(level)
    else:
        version = working  # the first release is the version the package was written as
    target = package / VERSIONS_DIR / str(version)
    if target.exists():
        raise ReleaseError(f"version {version} is already released; versions are never reused")
    _freeze(package, descriptor, target, version, day, notes)
    record_release(package, str(version), day.isoformat())
    root = package / "datapackage.json"
    updated = json.loads(root.read_text(encoding="utf-8"))
    updated["version"] = str(version)
    updated["created"] = f"{day.isoformat()}T00:00:00Z"
    root.write_text(json.dumps(updated, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return Release(version, target, json.loads((target / "datapackage.json").read_text())), suggestion


def diff_against(release: Release, package: Path, descriptor: dict[str, Any]) -> PackageDiff:
    """What the working copy changes relative to ``release``."""
    old = read_view(release.folder, release.descriptor, str(release.version))
    new = read_view(package, descriptor, "working copy")
    return diff_packages(old, new)


def resolve_view(package: Path, which: str | None, default: str) -> PackageView:
    """A version number, "working", "latest" or a folder, read as a PackageView."""
    which = which or default
    if which == "working":
        descriptor = _read_descriptor(package)
        return read_view(package, descriptor, "working copy")
    releases = list_releases(package)
    if which == "latest":
        if not releases:
            raise ReleaseError("nothing is released yet: give two versions or folders to compare")
        return read_view(releases[-1].folder, releases[-1].descriptor, str(releases[-1].version))
    if _VERSION.match(which):
        for release in releases:
            if str(release.version) == which:
                return read_view(release.folder, release.descriptor, which)
        known = ", ".join(str(r.version) for r in releases) or "none"
        raise ReleaseError(f"version {which} is not released (released: {known})")
    folder = Path(which)
    return read_view(folder, _read_descriptor(folder), str(folder))


def _read_descriptor(folder: Path) -> dict[str, Any]:
    path = folder / "datapackage.json"
    if not path.is_file():
        raise ReleaseError(f"no datapackage.json in {folder}")
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def read_notes(path: Path) -> dict[str, str]:
    """Release notes: a Markdown file with a ``## en`` and a ``## es`` section."""
    if not path.is_file():
        raise ReleaseError(f"no notes file {path}")
    text = path.read_text(encoding="utf-8")
    parts = NOTES_HEADING.split(text)
    notes = {parts[i]: parts[i + 1].strip() for i in range(1, len(parts) - 1, 2)}
    missing = [lang for lang in ("en", "es") if not notes.get(lang)]
    if missing:
        raise ReleaseError(
            f"{path}: the notes need a section for each language, under the headings "
            f"'## en' and '## es' (missing: {', '.join(missing)})"
        )
    return notes


def _freeze(
    package: Path,
    descriptor: dict[str, Any],
    target: Path,
    version: Version,
    day: dt.date,
    notes: dict[str, str],
) -> None:
    staging = target.with_name(f".{target.name}.staging")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    frozen = json.loads(json.dumps(descriptor))
    frozen["version"] = str(version)
    frozen["created"] = f"{day.isoformat()}T00:00:00Z"
    frozen["releaseNotes"] = {"en": notes["en"], "es": notes["es"]}
    for resource in frozen["resources"]:
        data = (package / resource["path"]).read_bytes()
        name = f"{resource['name']}.csv"
        (staging / name).write_bytes(data)
        resource["path"] = name
        resource["hash"] = f"sha256:{hashlib.sha256(data).hexdigest()}"
        resource["bytes"] = len(data)
    (staging / "datapackage.json").write_text(
        json.dumps(frozen, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    staging.rename(target)
