"""What the changelog page and the feed show: each release and its diff.

The same diff engine as ``amnistia diff`` compares each release with the one
before it, and the working copy with the newest release ("unreleased").
Each release's rows are read once here; the build writes a release's
downloads from the same rows when its cached downloads cannot be reused.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from amnistia.releases.citation import citation_text
from amnistia.releases.diff import (
    PackageDiff,
    PackageView,
    annotate_diff,
    diff_packages,
    read_view,
    suggested_bump,
)
from amnistia.releases.redactions import read_log
from amnistia.releases.versions import Release, list_releases


@dataclass(frozen=True)
class ChangelogEntry:
    version: str
    day: dt.date
    notes: dict[str, str]
    diff: PackageDiff | None
    """Changes since the previous release; None for the first one."""
    citation: str

    @property
    def anchor(self) -> str:
        return "v" + self.version.replace(".", "-")

    @property
    def bump(self) -> str | None:
        return suggested_bump(self.diff) if self.diff else None


@dataclass(frozen=True)
class Changelog:
    entries: list[ChangelogEntry]
    """Newest first."""
    unreleased: PackageDiff | None
    """The working copy's changes since the newest release, when there are any."""
    releases: list[Release]
    views: dict[str, PackageView]
    """Each release's rows, by version, as the diffs read them."""


def read_changelog(package: Path, working: PackageView) -> Changelog:
    """Every release and its diff; ``working`` is the working copy as validated."""
    releases = list_releases(package)
    views = [read_view(r.folder, r.descriptor, str(r.version)) for r in releases]
    log = read_log(package)
    entries = []
    for index, release in enumerate(releases):
        diff = (
            annotate_diff(diff_packages(views[index - 1], views[index]), log, views[index - 1])
            if index
            else None
        )
        entries.append(
            ChangelogEntry(
                version=str(release.version),
                day=release.date,
                notes={lang: release.notes(lang) for lang in ("en", "es")},
                diff=diff,
                citation=citation_text(release.descriptor, str(release.version), release.date),
            )
        )
    unreleased = None
    if views:
        diff = annotate_diff(diff_packages(views[-1], working), log, views[-1])
        unreleased = None if diff.empty else diff
    by_version = {view.label: view for view in views}
    return Changelog(list(reversed(entries)), unreleased, releases, by_version)
