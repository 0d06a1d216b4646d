"""The Jinja environment every generated page goes through.

Autoescape is on for every template (Markdown included) and undefined names
are errors: a value from a CSV can never become markup, and a typo in a
template fails the build instead of printing nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2

from amnistia.i18n import translations
from amnistia.site.text import anchor, inline_text, prose_html

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def make_environment(language: str, cache: Path | None = None) -> jinja2.Environment:
    """A Jinja environment translating into ``language``; compiled templates kept in ``cache``."""
    environment = jinja2.Environment(
        bytecode_cache=bytecode_cache(cache) if cache else None,
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    # Package text on a Markdown line, an id, or Markdown prose (see text.py).
    environment.filters.update(inline=inline_text, anchor=anchor, prose=prose_html)
    environment.install_gettext_translations(  # type: ignore[attr-defined]
        translations(language), newstyle=True
    )
    return environment


def render(environment: jinja2.Environment, template: str, **context: Any) -> str:
    return environment.get_template(template).render(**context)


def bytecode_cache(folder: Path) -> jinja2.BytecodeCache:
    """Compiled templates in ``folder``, found again by template name and source checksum."""
    folder.mkdir(parents=True, exist_ok=True)
    return jinja2.FileSystemBytecodeCache(str(folder))
