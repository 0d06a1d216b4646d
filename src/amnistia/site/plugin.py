"""MkDocs plugin: put the pre-rendered HTML fragments into the pages.

Thin on purpose (like mkdocs-gen-files): the fragments were rendered by
Jinja before MkDocs started; this only swaps each placeholder comment for
its fragment after Markdown has run, and before the search plugin reads the
page, so small tables are searchable and big ones carry data-search-exclude.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin

from amnistia.site.render import bytecode_cache

_PLACEHOLDER = re.compile(r"<!-- amnistia-fragment:([A-Za-z0-9_.-]+) -->")


class FragmentsConfig(Config):
    fragments_dir = config_options.Type(str)
    """Folder holding <name>.html for every placeholder of this build."""
    jinja_cache = config_options.Type(str, default="")
    """Folder for the theme's compiled templates; empty to compile them every build."""


class FragmentsPlugin(BasePlugin[FragmentsConfig]):
    def on_env(self, env: jinja2.Environment, /, **kwargs: Any) -> jinja2.Environment:
        # Compiling Material's templates is a second of every language's build;
        # the compiled code is kept by template name and source checksum.
        if self.config.jinja_cache:
            env.bytecode_cache = bytecode_cache(Path(self.config.jinja_cache))
        return env

    def on_page_content(self, html: str, /, **kwargs: Any) -> str:
        folder = Path(self.config.fragments_dir)

        def fragment(found: re.Match[str]) -> str:
            path = folder / f"{found.group(1)}.html"
            if not path.is_file():
                raise PluginError(f"amnistia: no fragment {found.group(1)} in {folder}")
            return path.read_text(encoding="utf-8")

        return _PLACEHOLDER.sub(fragment, html)
