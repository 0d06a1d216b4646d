"""The stages of the build between validation and the swap, each reading what the last one made.

rows (validated once) → site model + working view → changelog (each release
read once) → downloads (released versions reused from the cache) → pages
and chunk files per language → the engine per language → fragments into
the built pages and the search index → feeds.
"""

from __future__ import annotations

import functools
import logging
import os
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from amnistia.build_workers import LanguageWorker
from amnistia.data.package import LoadedPackage
from amnistia.i18n import LANGUAGES, SOURCE_LANGUAGE, translations
from amnistia.offline_copies import VersionSite, add_offline_copy
from amnistia.releases.download_cache import copy_tree, epoch_of, release_downloads
from amnistia.releases.downloads import DownloadFile, write_downloads
from amnistia.releases.rows import PackageView
from amnistia.site.changelog import Changelog, read_changelog
from amnistia.site.config import load_site_config
from amnistia.site.engine import DEFAULT_ENGINE, LanguageBuild, SiteBuildError, run_engine
from amnistia.site.engine_config import write_config
from amnistia.site.feed import FeedEntry, render_feed
from amnistia.site.fragments import insert_fragments
from amnistia.site.model import SiteData, read_site_data
from amnistia.site.note_links import link_note_references
from amnistia.site.offline import offline_name
from amnistia.site.pages import PAGES, PagePlan, SiteInputs, plan_pages
from amnistia.site.paging import CHUNKS_FOLDER, ChunkWriter
from amnistia.site.search_index import index_fragments

log = logging.getLogger(__name__)

ASSETS = Path(__file__).resolve().parent / "assets"


@dataclass(frozen=True)
class Built:
    version: str
    downloads: list[DownloadFile]


def build_into(
    package: Path,
    loaded: LoadedPackage,
    staging: Path,
    cache: Path,
    verbose: bool,
    engine: str = DEFAULT_ENGINE,
    version_site: VersionSite | None = None,
    site_url: str = "",
) -> tuple[Path, Built]:
    """Build the whole site of a validated package in ``staging`` with ``engine``; return its folder.

    ``cache`` (kept between builds) holds released versions' downloads and compiled templates;
    ``version_site`` builds a released version's site for its offline copy (None: no offline copies).
    """
    assert loaded.descriptor is not None
    log.info("site model: typing the validated rows")
    data = read_site_data(loaded)
    working = PackageView("working copy", loaded.descriptor.data, data.rows)
    log.info("changelog: reading every release once and diffing")
    changelog = read_changelog(package, working)
    epoch = epoch_of(data.released)
    inputs = write_all_downloads(
        package, working, changelog, staging / "downloads", cache / "downloads", epoch, version_site
    )
    base = _base_config(package)
    if site_url:  # given at build time (the publish workflow knows the Pages address)
        base["site_url"] = site_url
    site = staging / "site"
    builds = []
    for language in LANGUAGES:
        # The source language is the site's root; the others are built beside
        # it (its engine cleans site/) and moved into site/<lang>/ afterwards.
        build = LanguageBuild(
            language=language,
            docs_dir=staging / "docs" / language,
            site_dir=site if language == SOURCE_LANGUAGE else staging / f"site-{language}",
            fragments_dir=staging / "fragments" / language,
            config_path=staging / f"mkdocs.{language}.yml",
            jinja_cache=cache / "jinja" / "theme",
            engine=engine,
        )
        work = functools.partial(
            _build_language, package, data, inputs, base, build, staging, cache, epoch, verbose
        )
        # The languages share nothing but the rows: on two cores they build side by side.
        builds.append((build, LanguageWorker(work, parallel=language != SOURCE_LANGUAGE)))
    try:
        for build, worker in builds:
            worker.join()
            if build.language != SOURCE_LANGUAGE:
                os.rename(build.site_dir, site / build.language)
    except BaseException:
        # Interrupted or failed: no child may go on writing into the staging folder.
        for _build, worker in builds:
            worker.stop()
        raise
    for build, _worker in builds:
        site_dir = site if build.language == SOURCE_LANGUAGE else site / build.language
        _move_chunks(staging / "chunks" / build.language, site_dir)
        _write_feed(site_dir, build.language, changelog, base)
    (staging / "downloads").rename(site / "downloads")
    return site, Built(data.version, list(inputs.downloads))


def _build_language(
    package: Path,
    data: SiteData,
    inputs: SiteInputs,
    base: dict[str, Any],
    build: LanguageBuild,
    staging: Path,
    cache: Path,
    epoch: int,
    verbose: bool,
) -> None:
    """Plan one language's pages (chunk files included), build them, then put the fragments in."""
    language = build.language
    chunks = ChunkWriter(staging / "chunks" / language)
    log.info("pages (%s): planning", language)
    plans = plan_pages(data, language, inputs, chunks, cache / "jinja" / "pages")
    if chunks.files:
        log.info("pages (%s): %d rows of long tables in %d chunk files", language, chunks.rows, chunks.files)
    _write_docs(package, language, plans, build)
    write_config(base, build)
    log.info("%s (%s): building", build.engine, language)
    site_dir = run_engine(build, epoch, verbose)
    log.info("%s (%s): done; fragments into the pages", build.engine, language)
    index_fragments(site_dir, insert_fragments(site_dir, build.fragments_dir))
    row_ids = (row.get("id", "") for rows in data.rows.values() for row in rows)
    log.info(
        "%s (%s): %d references in notes linked",
        build.engine,
        language,
        link_note_references(site_dir, row_ids),
    )


def write_all_downloads(
    package: Path,
    working: PackageView,
    changelog: Changelog,
    folder: Path,
    cache: Path,
    epoch: int,
    version_site: VersionSite | None = None,
) -> SiteInputs:
    """downloads/<version>/ for every release, and downloads/latest/.

    latest/ is the newest release, so scripts reading it get data that was
    released and can be cited; with no release yet it is the working copy.
    Released versions come from the cache, written the first time only, each
    with its offline copy when ``version_site`` can build it (offline_copies.py).
    """
    version_files: dict[str, list[str]] = {}
    newest: list[DownloadFile] = []
    folder.mkdir(parents=True)
    for number, release in enumerate(changelog.releases, start=1):
        version = str(release.version)
        log.info("downloads: version %s (%d/%d)", version, number, len(changelog.releases))
        cached, files, _reused = release_downloads(
            release, cache, functools.partial(_view, changelog, version)
        )
        if version_site is not None:
            files = add_offline_copy(package, release, changelog.releases, cached, files, version_site)
        copy_tree(cached, folder / version)
        # The changelog links the package-level files; each table sits beside them. A build
        # without offline copies lists none, whatever the cache holds: its pages (a version's
        # own site among them) must not depend on which copies were built before.
        skip = None if version_site is not None else offline_name(version)
        version_files[version] = [f.name for f in files if f.resource is None and f.name != skip]
        newest = files
    if changelog.releases:
        latest = str(changelog.releases[-1].version)
        copy_tree(folder / latest, folder / "latest")
    else:
        log.info("downloads: the working copy (nothing is released yet)")
        latest = str(working.descriptor.get("version", "0.0.0"))
        newest = write_downloads(package, working.descriptor, folder / "latest", epoch, working)
    return SiteInputs(
        downloads=newest, changelog=changelog, version_files=version_files, latest_version=latest
    )


def _view(changelog: Changelog, version: str) -> PackageView:
    return changelog.views[version]


def _move_chunks(folder: Path, site_dir: Path) -> None:
    """Put each page's chunk folder beside its index.html, once the engine has written the pages."""
    if not folder.is_dir():
        return
    # A page's chunks are <page>/rows/<table>/; a page may itself be named rows (data/rows/).
    pages = {p.parent.parent.parent.relative_to(folder) for p in folder.rglob(f"{CHUNKS_FOLDER}/*/1.json")}
    for page in sorted(pages):
        target = site_dir / page / CHUNKS_FOLDER
        if not target.parent.is_dir():
            raise SiteBuildError(f"no page {target.parent} for the rows in {folder / page}")
        os.rename(folder / page / CHUNKS_FOLDER, target)


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


def _write_docs(package: Path, language: str, plans: Sequence[PagePlan], build: LanguageBuild) -> None:
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
