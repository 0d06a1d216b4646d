"""MkDocs 1.6 with Material: the default engine, run in this process.

Only MkDocs' public build API is used, never its plugin API. The theme's
compiled templates are kept between builds (a second of every language's
build on two cores) by giving the environment MkDocs asks the theme for a
bytecode cache.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from amnistia.site.engine import LanguageBuild, SiteBuildError
from amnistia.site.render import bytecode_cache


class MkDocsEngine:
    def build(self, build: LanguageBuild, verbose: bool) -> Path:
        from mkdocs.commands.build import build as mkdocs_build
        from mkdocs.config import load_config
        from mkdocs.exceptions import Abort, MkDocsException

        with quiet_logger("mkdocs", verbose):
            try:
                config = load_config(config_file=str(build.config_path), strict=True)
                if build.jinja_cache is not None:
                    cache_templates(config.theme, build.jinja_cache)
                mkdocs_build(config)
            except (Abort, MkDocsException) as error:
                raise SiteBuildError(f"MkDocs ({build.language}): {error}") from error
        return build.site_dir


def cache_templates(theme: Any, folder: Path) -> None:
    """Every Jinja environment ``theme`` hands out keeps its compiled templates in ``folder``."""
    make_env = theme.get_env

    def get_env() -> Any:
        env = make_env()
        env.bytecode_cache = bytecode_cache(folder)
        return env

    theme.get_env = get_env


def _not_a_page_error(record: logging.LogRecord) -> bool:
    # The engine logs "Error building page …" and re-raises; the caller reports
    # the exception once, in one line, so the log line would be a second one.
    return not str(record.msg).startswith("Error building page")


@contextlib.contextmanager
def quiet_logger(name: str, verbose: bool) -> Iterator[None]:
    """The engine's logger says only warnings unless ``verbose``; page errors are reported once."""
    logger = logging.getLogger(name)
    level = logger.level
    if not verbose:
        logger.setLevel(logging.WARNING)
    page_logger = logging.getLogger(f"{name}.commands.build")  # filters are not inherited
    page_logger.addFilter(_not_a_page_error)
    try:
        yield
    finally:
        page_logger.removeFilter(_not_a_page_error)
        logger.setLevel(level)


ENGINE = MkDocsEngine()
