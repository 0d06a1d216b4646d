"""Text that comes from the package, made safe for the page it lands on.

Contributors edit datapackage.json and release notes by pull request, so
none of their text may become markup. Two kinds of place take it:

* a Markdown line of our templates (a heading, say): :func:`inline_text`
  escapes the HTML and the Markdown, so the engine prints it as typed;
* prose where Markdown is wanted (a description, release notes):
  :func:`prose_html` renders it here, with raw HTML shown as text, then
  cleans the result with an allow-list (nh3), and the page inserts it as a
  fragment after the engine's Markdown has run.
"""

from __future__ import annotations

import re

import markdown
import nh3
from markupsafe import Markup, escape

# Python-Markdown's backslash escapes (with the tables extension's "|"); the
# HTML characters are escaped as entities instead, which Markdown keeps.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")
_NOT_ANCHOR = re.compile(r"[^a-z0-9-]+")
PROSE_TAGS = frozenset(["p", "a", "em", "strong", "code", "ul", "ol", "li", "br", "blockquote"])
PROSE_ATTRIBUTES = {"a": {"href", "title"}}
LINK_SCHEMES = frozenset(["http", "https"])
"""Links may be relative or http(s): never javascript:, vbscript:, data: or anything else."""


def inline_text(value: object) -> Markup:
    """``value`` as literal text on a Markdown line: no markup, no Markdown, no attributes."""
    text = " ".join(str(value).split())  # a newline would end the heading
    return Markup(escape(_MARKDOWN_SPECIAL.sub(r"\\\1", text)))


def anchor(value: object) -> str:
    """An id for ``{ #id }``: lower-case letters, digits and hyphens only."""
    return _NOT_ANCHOR.sub("-", str(value).lower()).strip("-") or "section"


def prose_html(source: str) -> Markup:
    """Markdown ``source`` as clean HTML: paragraphs, emphasis, lists, safe links."""
    if not source.strip():
        return Markup("")
    # "<" as an entity: raw HTML in a contributor's text is shown, not parsed.
    rendered = markdown.markdown(source.replace("<", "&lt;"), output_format="html")
    cleaned = nh3.clean(
        rendered,
        tags=set(PROSE_TAGS),
        attributes={tag: set(names) for tag, names in PROSE_ATTRIBUTES.items()},
        url_schemes=set(LINK_SCHEMES),
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
    return Markup(cleaned)
