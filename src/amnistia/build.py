"""The build pipeline: validate → plan → render → MkDocs → downloads → swap.

Each stage only reads what the previous one produced, and everything is
written in a staging folder beside the output. The finished site replaces
the old one by renaming; a failure at any stage leaves the old site as it was.
"""

from __future__ import annotations

import datetime as dt
import logging
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from amnistia.data.problems import Report
from amnistia.i18n import LANGUAGES, SOURCE_LANGUAGE, translations
from amnistia.releases.citation import add_citations
from amnistia.releases.downloads import DownloadFile, write_downloads
from amnistia.site.changelog import Changelog, read_changelog
from amnistia.site.config import load_site_config
from amnistia.site.feed import FeedEntry, render_feed
from amnistia.site.mkdocs_stage import LanguageBuild, SiteBuildError, run_mkdocs, write_config
from amnistia.site.model import SiteData, read_site_data
from amnistia.site.pages import PAGES, PagePlan, SiteInputs, plan_pages
from amnistia.site.publish import (
    BuildInterrupted,
    BuildLocked,
    ManifestError,
    check_downloads,
    interruptible,
    new_staging,
    output_lock,
    recover,
    swap_into_place,
)
from amnistia.validate import validate_project

log = logging.getLogger(__name__)

ASSETS = Path(__file__).resolve().parent / "assets"

__all__ = [
    "BuildInterrupted",
    "BuildLocked",
    "BuildResult",
    "ManifestError",
    "OutputError",
    "SiteBuildError",
    "build_site",
]


class OutputError(Exception):
    """The output folder cannot be used (a usage error, exit 2)."""


@dataclass(frozen=True)
class BuildResult:
    out: Path
    version: str
    downloads: list[DownloadFile]


def build_site(
    package: Path, out: Path, today: dt.date | None = None, verbose: bool = False
) -> tuple[Report, BuildResult | None]:
    """Build the site of ``package`` into ``out``; None (and ``out`` untouched) when invalid."""
    package, out = package.resolve(), out.resolve()
    _check_output(package, out)
    with interruptible():
        report, loaded = validate_project(package, today)
        if not report.valid or loaded.descriptor is None:
            return report, None
        data = read_site_data(loaded)
        epoch = epoch_of(data.released)
        out.parent.mkdir(parents=True, exist_ok=True)
        with output_lock(out):
            recover(out)
            return report, _build_in_staging(package, out, loaded.descriptor.data, data, epoch, verbose)


def _build_in_staging(
    package: Path, out: Path, working: dict[str, Any], data: SiteData, epoch: int, verbose: bool
) -> BuildResult:
    staging = new_staging(out)
    try:
        site = staging / "site"
        log.info("writing downloads")
        changelog = read_changelog(package, working)
        inputs = _write_all_downloads(package, working, changelog, staging / "downloads", epoch)
        base = _base_config(package)
        for language in LANGUAGES:  # the source language first: its build cleans site/
            log.info("building the %s site", language)
            _build_language(package, data, language, base, staging, site, inputs, epoch, verbose)
            _write_feed(site if language == SOURCE_LANGUAGE else site / language, language, changelog, base)
        (staging / "downloads").rename(site / "downloads")
        check_downloads(site)
        swap_into_place(site, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return BuildResult(out, data.version, list(inputs.downloads))


def epoch_of(day: dt.date) -> int:
    """SOURCE_DATE_EPOCH of a data version: midnight UTC of its date."""
    return int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC).timestamp())


def _build_language(
    package: Path,
    data: SiteData,
    language: str,
    base: dict[str, Any],
    staging: Path,
    site: Path,
    inputs: SiteInputs,
    epoch: int,
    verbose: bool,
) -> None:
    build = LanguageBuild(
        language=language,
        docs_dir=staging / "docs" / language,
        site_dir=site if language == SOURCE_LANGUAGE else site / language,
        fragments_dir=staging / "fragments" / language,
        config_path=staging / f"mkdocs.{language}.yml",
    )
    plans = plan_pages(data, language, inputs)
    _write_docs(package, language, plans, build)
    write_config(base, build)
    run_mkdocs(build, epoch, verbose)


def _write_all_downloads(
    package: Path, working: dict[str, Any], changelog: Changelog, folder: Path, epoch: int
) -> SiteInputs:
    """downloads/<version>/ for every release, and downloads/latest/.

    latest/ is the newest release, so scripts reading it get data that was
    released and can be cited; with no release yet it is the working copy.
    """
    version_files: dict[str, list[str]] = {}
    newest: list[DownloadFile] = []
    for release in changelog.releases:
        version = str(release.version)
        files = write_downloads(release.folder, release.descriptor, folder / version, epoch_of(release.date))
        files = add_citations(folder / version, release.descriptor, version, release.date, files)
        # The changelog links the package-level files; each table sits beside them.
        version_files[version] = [f.name for f in files if f.resource is None]
        newest = files
    if changelog.releases:
        shutil.copytree(folder / str(changelog.releases[-1].version), folder / "latest")
    else:
        newest = write_downloads(package, working, folder / "latest", epoch)
    return SiteInputs(downloads=newest, changelog=changelog, version_files=version_files)


def _write_feed(site: Path, language: str, changelog: Changelog, base: dict[str, Any]) -> None:
    gettext = translations(language).gettext
    entries = [
        FeedEntry(
            version=entry.version,
            day=entry.day,
            title=gettext("Version %(version)s") % {"version": entry.version},
            summary=entry.notes.get(language) or entry.notes.get("en", ""),
            anchor=entry.anchor,
        )
        for entry in changelog.entries
    ]
    title = f"{gettext(str(base.get('site_name', 'amnistia')))}: {gettext('Changelog')}"
    (site / "changelog" / "feed.xml").write_text(render_feed(title, language, entries), encoding="utf-8")


def _write_docs(package: Path, language: str, plans: list[PagePlan], build: LanguageBuild) -> None:
    build.docs_dir.mkdir(parents=True)
    build.fragments_dir.mkdir(parents=True)
    for plan in plans:
        page = build.docs_dir / f"{plan.slug}.md"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(plan.markdown, encoding="utf-8")
        for name, html in plan.fragments.items():
            (build.fragments_dir / f"{name}.html").write_text(html, encoding="utf-8")
    handwritten = package / "docs" / language
    for spec in PAGES:
        if spec.template is None:
            source = handwritten / f"{spec.slug}.md"
            if not source.is_file():
                raise SiteBuildError(f"docs/{language}/{spec.slug}.md is missing: write it, in {language}")
            shutil.copyfile(source, build.docs_dir / f"{spec.slug}.md")
    shutil.copytree(ASSETS, build.docs_dir / "assets")


def _base_config(package: Path) -> dict[str, Any]:
    # Validation has checked it already; read it again the same safe way,
    # so no caller can reach MkDocs with an unchecked file.
    config, problems = load_site_config(package)
    if config is None:
        raise SiteBuildError("; ".join(f"{p.location}: {p.message}" for p in problems))
    return config


def _check_output(package: Path, out: Path) -> None:
    if out == package or package.is_relative_to(out):
        raise OutputError(f"{out} holds the package itself; choose another output folder")
    if out.exists() and not out.is_dir():
        raise OutputError(f"{out} exists and is not a folder")
    if out.is_dir() and (out / "datapackage.json").exists():
        raise OutputError(f"{out} holds a datapackage.json: it does not look like a built site")
