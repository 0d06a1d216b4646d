"""The one stage that runs MkDocs: write a per-language config and build.

Nothing else in amnistia imports MkDocs, so the site can move to a
maintained successor by replacing this module (and plugin.py).
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from amnistia.i18n import LANGUAGES, SOURCE_LANGUAGE, translations

THEME_DIR = Path(__file__).resolve().parent.parent / "theme"
# Files of assets/ that are not pages: the record of vendored files stays in
# the repository, beside them, and is not published.
EXCLUDED_DOCS = "/assets/*.md\n"
LANGUAGE_NAMES = {"en": "English", "es": "Español"}


class SiteBuildError(Exception):
    """MkDocs refused the site (strict mode turns every warning into this)."""


@dataclass(frozen=True)
class LanguageBuild:
    language: str
    docs_dir: Path
    site_dir: Path
    fragments_dir: Path
    config_path: Path
    jinja_cache: Path | None = None
    """Folder for compiled templates, kept between builds."""


def write_config(base: dict[str, Any], build: LanguageBuild) -> None:
    """Write the MkDocs configuration of one language, derived from mkdocs.yml."""
    gettext = translations(build.language).gettext
    config = dict(base)
    config.update(
        site_name=gettext(str(base.get("site_name", "amnistia"))),
        site_description=gettext(str(base.get("site_description", ""))).strip(),
        docs_dir=str(build.docs_dir),
        site_dir=str(build.site_dir),
        use_directory_urls=True,
        strict=True,
        exclude_docs=EXCLUDED_DOCS,
        nav=[{gettext(title): page} for item in base.get("nav", []) for title, page in item.items()],
        plugins=[
            {
                "amnistia-fragments": {
                    "fragments_dir": str(build.fragments_dir),
                    "jinja_cache": str(build.jinja_cache or ""),
                }
            },
            # Our worker folds accents (theme/assets/javascripts/workers/);
            # hyphens and dots split words too, so "foro-penal" finds "foro".
            {"search": {"lang": build.language, "separator": r"[\s\-\.]+"}},
        ],
    )
    theme = dict(base.get("theme", {}))
    theme.update(language=build.language, custom_dir=str(THEME_DIR), font=False)
    theme["palette"] = [
        {**p, "toggle": {**p["toggle"], "name": gettext(p["toggle"]["name"])}} if "toggle" in p else p
        for p in theme.get("palette", [])
    ]
    config["theme"] = theme
    up = "" if build.language == SOURCE_LANGUAGE else "../"
    config["extra"] = {
        **base.get("extra", {}),
        "generator": False,
        "feed_title": f"{gettext(str(base.get('site_name', 'amnistia')))}: {gettext('Changelog')}",
        "default_lang": SOURCE_LANGUAGE,
        "default_root": up,
        "alternate": [
            {
                "name": LANGUAGE_NAMES.get(lang, lang),
                "lang": lang,
                "root": up + ("" if lang == SOURCE_LANGUAGE else f"{lang}/"),
                # The 404 page is served at any depth, so MkDocs gives it
                # root-absolute links; it links to each language's home.
                "absolute": "/" + ("" if lang == SOURCE_LANGUAGE else f"{lang}/"),
            }
            for lang in LANGUAGES
        ],
    }
    config["extra"]["search_worker"] = _material_search_worker()
    config["extra"]["not_found"] = {
        "title": gettext("Page not found"),
        "text": gettext(
            "There is no page at this address. It may have moved, or the address may be mistyped."
        ),
        "home": gettext("Go to the home page"),
    }
    site_url = str(base.get("site_url") or "")
    if site_url and build.language != SOURCE_LANGUAGE:
        # MkDocs takes the 404 page's root from site_url: /es/ for Spanish.
        config["site_url"] = site_url.rstrip("/") + f"/{build.language}/"
    config["copyright"] = gettext(str(base.get("copyright", "")))
    build.config_path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=True), encoding="utf-8")


def _material_search_worker() -> str:
    """The file name of Material's search worker (it carries a hash of its content)."""
    import material

    workers = Path(material.__file__).parent / "templates" / "assets" / "javascripts" / "workers"
    found = sorted(p.name for p in workers.glob("search.*.min.js"))
    if len(found) != 1:
        raise SiteBuildError(f"expected one search worker in {workers}, found {found}")
    return found[0]


def run_mkdocs(build: LanguageBuild, epoch: int, verbose: bool = False) -> None:
    """Build one language with MkDocs in strict mode."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, MkDocsException

    with _source_date_epoch(epoch), _quiet_mkdocs(verbose):
        try:
            config = load_config(config_file=str(build.config_path), strict=True)
            mkdocs_build(config)
        except (Abort, MkDocsException) as error:
            raise SiteBuildError(f"MkDocs ({build.language}): {error}") from error


@contextlib.contextmanager
def _source_date_epoch(epoch: int) -> Iterator[None]:
    """Dates MkDocs writes (sitemap, gzip) come from the data version, not the clock."""
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        yield
    finally:
        if previous is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous


def _not_a_page_error(record: logging.LogRecord) -> bool:
    # MkDocs logs "Error building page …" and re-raises; the caller reports
    # the exception once, in one line, so the log line would be a second one.
    return not str(record.msg).startswith("Error building page")


@contextlib.contextmanager
def _quiet_mkdocs(verbose: bool) -> Iterator[None]:
    logger = logging.getLogger("mkdocs")
    level = logger.level
    if not verbose:
        logger.setLevel(logging.WARNING)
    page_logger = logging.getLogger("mkdocs.commands.build")  # filters are not inherited
    page_logger.addFilter(_not_a_page_error)
    try:
        yield
    finally:
        page_logger.removeFilter(_not_a_page_error)
        logger.setLevel(level)
