"""Validate a project: its data package, its released versions and its site configuration.

The data checks (``data/``) know nothing of releases or of the site; this is
the one place that asks all three, for ``amnistia validate`` and the build.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from amnistia.data.descriptor import DESCRIPTOR_NAME, UNPARSED
from amnistia.data.package import LoadedPackage, load_and_validate
from amnistia.data.problems import Problem, Report
from amnistia.releases.versions import check_snapshots
from amnistia.site.config import check_site_config

SITE_RESOURCES = (
    "sources",
    "counters",
    "releases",
    "detentions",
    "exclusions",
    "exclusion-counts",
    "hunger-strikes",
    "events",
)
"""The resources the site's pages are built from: removing one is an error, never a silent gap."""


def validate_project(
    folder: Path, today: dt.date | None = None, *, keep_rows: bool = True
) -> tuple[Report, LoadedPackage]:
    """Check everything in ``folder``; the loaded package is usable only when the report is valid.

    The build needs the rows it has just checked (``keep_rows=True``, the
    default); a check alone streams each table and keeps none of them.
    """
    report, loaded = load_and_validate(folder, today, keep_rows=keep_rows)
    report.extend(missing_site_resources(loaded))
    unparsed = any(p.path == DESCRIPTOR_NAME and p.code in UNPARSED for p in report.problems)
    if not unparsed:  # the releases are checked against the working descriptor, which must parse
        report.extend(check_snapshots(folder))
    report.extend(check_site_config(folder))
    return report, loaded


def missing_site_resources(loaded: LoadedPackage) -> list[Problem]:
    """A resource the site is built from, removed from datapackage.json: one problem each."""
    descriptor = loaded.descriptor
    if descriptor is None:
        return []
    return [
        descriptor.problem("resource-missing", "resources", name=name, file=f"datasets/{name}.csv")
        for name in SITE_RESOURCES
        if name not in loaded.paths
    ]


def validate_package(folder: Path, today: dt.date | None = None) -> Report:
    """Check everything in ``folder`` and return the problems found; no rows are kept."""
    return validate_project(folder, today, keep_rows=False)[0]
