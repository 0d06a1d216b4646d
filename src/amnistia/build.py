"""The build pipeline: up to date? → validate → model → downloads → pages → MkDocs → swap.

Everything is written in a staging folder beside the output. The finished
site replaces the old one by renaming; a failure at any stage leaves the old
site as it was. A rebuild from the inputs and code the output was built
from stops before anything is read twice (see build_state.py). The stages
themselves live in build_stages.py, imported only when there is work to do:
an up-to-date check must cost less than importing the site engine.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from amnistia.build_state import fingerprint, is_up_to_date, write_stamp
from amnistia.data.problems import Report
from amnistia.site.engine import DEFAULT_ENGINE, SiteBuildError
from amnistia.site.publish import (
    BuildInterrupted,
    BuildLocked,
    ManifestError,
    check_downloads,
    interruptible,
    interruption,
    new_staging,
    output_lock,
    recover,
    swap_into_place,
)

log = logging.getLogger(__name__)

CACHE = Path(".cache")
"""Beside the output folder: released versions' downloads (reused while they verify), compiled templates."""

__all__ = [
    "BuildInterrupted",
    "BuildLocked",
    "BuildResult",
    "ManifestError",
    "OutputError",
    "SiteBuildError",
    "build_site",
    "interruption",
]


class OutputError(Exception):
    """The output folder cannot be used (a usage error, exit 2)."""


@dataclass(frozen=True)
class BuildResult:
    out: Path
    version: str
    downloads: int
    """Files under downloads/latest/."""
    up_to_date: bool = False
    """Nothing was built: ``out`` already holds the site of these inputs and this code."""
    timings: dict[str, float] = field(default_factory=dict)


def build_site(
    package: Path,
    out: Path,
    today: dt.date | None = None,
    verbose: bool = False,
    cache: Path | None = None,
    force: bool = False,
    engine: str = DEFAULT_ENGINE,
    site_url: str = "",
    offline: bool = True,
) -> tuple[Report, BuildResult | None]:
    """Build the site of ``package`` into ``out``; None (and ``out`` untouched) when invalid.

    ``cache`` holds released versions' downloads and compiled templates
    (default: .cache/ beside ``out``); ``force`` builds even when ``out`` is up to date;
    ``engine`` names the site engine (site/engine.py); ``site_url``, the address the
    site is served from, overrides mkdocs.yml's (sitemaps, canonical links, the 404 pages);
    ``offline`` gives each released version its offline copy, built once into the cache
    (offline_copies.py): the preview leaves them out to stay fast.
    """
    package, out = package.resolve(), out.resolve()
    _check_output(package, out)
    with interruptible():
        return _build(package, out, today, verbose, cache, force, engine, site_url, offline)


def _build(
    package: Path,
    out: Path,
    today: dt.date | None,
    verbose: bool,
    cache: Path | None,
    force: bool,
    engine: str,
    site_url: str,
    offline: bool,
) -> tuple[Report, BuildResult | None]:
    timings: dict[str, float] = {}
    start = time.perf_counter()
    current = {**fingerprint(package), "engine": engine, "site_url": site_url, "offline": offline}
    stamp = None if force else is_up_to_date(out, current)
    if stamp is not None:
        log.info("up to date: %s was built from these inputs with this code", out)
        version, downloads = str(stamp.get("version", "")), int(stamp.get("downloads", 0))
        return Report(), BuildResult(out, version, downloads, up_to_date=True)
    timings["fingerprint"] = time.perf_counter() - start

    from amnistia.build_stages import build_into
    from amnistia.validate import validate_project

    log.info("validating %s", package)
    start = time.perf_counter()
    report, loaded = validate_project(package, today)
    timings["validate"] = time.perf_counter() - start
    if not report.valid or loaded.descriptor is None:
        return report, None
    out.parent.mkdir(parents=True, exist_ok=True)
    with output_lock(out):
        recover(out)  # what a killed build left behind
        staging = new_staging(out)
        try:
            start = time.perf_counter()
            cache = cache or out.parent / CACHE
            version_site = None
            if offline:
                version_site = functools.partial(_version_site, today, verbose, cache, engine)
            site, built = build_into(package, loaded, staging, cache, verbose, engine, version_site, site_url)
            write_stamp(site, current, built.version, len(built.downloads))
            check_downloads(site)
            swap_into_place(site, out)
            timings["build"] = time.perf_counter() - start
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    log.info("built %s in %.1f s", out, sum(timings.values()))
    return report, BuildResult(out, built.version, len(built.downloads), timings=timings)


def _version_site(
    today: dt.date | None, verbose: bool, cache: Path, engine: str, project: Path, out: Path
) -> Path:
    """Build a released version's project (offline_copies.py) with the same cache; return its site."""
    report, result = build_site(project, out, today, verbose, cache, force=True, engine=engine, offline=False)
    if result is None:
        found = "; ".join(f"{p.location}: {p.message}" for p in report.errors[:3])
        more = f"; and {len(report.errors) - 3} more" if len(report.errors) > 3 else ""
        raise SiteBuildError(f"its package is not valid now ({found}{more})")
    return result.out


def _check_output(package: Path, out: Path) -> None:
    if out == package or package.is_relative_to(out):
        raise OutputError(f"{out} holds the package itself; choose another output folder")
    if out.exists() and not out.is_dir():
        raise OutputError(f"{out} exists and is not a folder")
    if out.is_dir() and (out / "datapackage.json").exists():
        raise OutputError(f"{out} holds a datapackage.json: it does not look like a built site")
