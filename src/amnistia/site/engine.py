"""The site engine: one stage behind one small interface, config in, files out.

``run_engine(name, build)`` turns a folder of Markdown pages and a
per-language configuration (mkdocs.yml's format, which every engine here
reads) into a folder of HTML. Each engine lives in its own module under
engines/, imported only when chosen; nothing else in amnistia imports an
engine. The data fragments are put into the built pages afterwards, by
fragments.py, so no engine's plugin API is needed: an engine that ignores
plugins (Zensical) builds the same pages.
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.util
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

ENGINES = ("mkdocs", "properdocs", "zensical")
"""The engines a site builds with; the first is the default."""
DEFAULT_ENGINE = ENGINES[0]


class SiteBuildError(Exception):
    """The engine refused the site (strict mode turns every warning into this)."""


@dataclass(frozen=True)
class LanguageBuild:
    language: str
    docs_dir: Path
    site_dir: Path
    fragments_dir: Path
    config_path: Path
    jinja_cache: Path | None = None
    """Folder for the theme's compiled templates, kept between builds (engines that can use it)."""
    engine: str = DEFAULT_ENGINE
    offline: bool = False
    """Built to be read from disk (file://): see offline.py."""


class Engine(Protocol):
    def build(self, build: LanguageBuild, verbose: bool) -> Path:
        """Build ``build.docs_dir`` with ``build.config_path`` into ``build.site_dir``; return it."""
        ...


def run_engine(build: LanguageBuild, epoch: int, verbose: bool = False) -> Path:
    """Build one language's pages with its engine; dates come from ``epoch``."""
    if build.engine not in ENGINES:
        raise SiteBuildError(f"no site engine {build.engine!r} --> choose one of {', '.join(ENGINES)}")
    # Each engine is the Python package of its name: the default's comes with amnistia,
    # the others with its "engines" extra.
    if importlib.util.find_spec(build.engine) is None:
        raise SiteBuildError(
            f"the site engine {build.engine} is not installed --> "
            "make install installs every engine; with pip: pip install 'amnistia[engines]'"
        )
    module = importlib.import_module(f"amnistia.site.engines.{build.engine}_engine")
    engine: Engine = module.ENGINE
    with source_date_epoch(epoch):
        return engine.build(build, verbose)


@contextlib.contextmanager
def source_date_epoch(epoch: int) -> Iterator[None]:
    """Dates the engine writes (sitemap, gzip) come from the data version, not the clock."""
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        yield
    finally:
        if previous is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous
