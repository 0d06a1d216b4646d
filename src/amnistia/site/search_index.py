"""Add the fragments' text to the search index the engine wrote.

The engine indexed the pages while they held placeholder comments, which
indexers skip; here each fragment's text joins the entry of the section it
sits in (a heading with an id inside a fragment starts a section of its
own), read the way Material's indexer reads HTML (elements marked
``data-search-exclude``, scripts and styles skipped; whitespace collapsed;
text escaped). Long tables hold only their first page in the HTML, so the
index holds that page, never every row.

Material's index (MkDocs, ProperDocs): ``search/search_index.json``, with
one entry per section ("docs"), located ``page/`` or ``page/#heading``.
Zensical's: ``search.json``, the same entries under "items", each also
holding its heading's level, the page's path in the navigation and tags.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from amnistia.site.engine import SiteBuildError
from amnistia.site.fragments import Placed

MATERIAL_INDEX = Path("search") / "search_index.json"
ZENSICAL_INDEX = Path("search.json")
_SKIPPED = frozenset(["script", "style", "object"])
_HEADINGS = frozenset(["h1", "h2", "h3", "h4", "h5", "h6"])
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>")
_UNREAD = re.compile(r"<!--.*?-->|<(script|style)\b[^>]*>.*?</\1\s*>", re.DOTALL | re.IGNORECASE)
"""Comments, and scripts and styles whole: their text is never indexed, and may hold a "<"."""
_ID = re.compile(r"""\sid=(?:"([^"]*)"|'([^']*)')""")
_EXCLUDED = re.compile(r"\sdata-search-exclude(?:[\s=/]|$)")
_VOID = frozenset(
    ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"]
)


def index_fragments(site_dir: Path, placed: Sequence[Placed]) -> None:
    """Add each placed fragment's text to ``site_dir``'s search index, when it has one."""
    zensical = (site_dir / ZENSICAL_INDEX).is_file()
    path = site_dir / (ZENSICAL_INDEX if zensical else MATERIAL_INDEX)
    if not path.is_file() or not placed:
        return
    index = json.loads(path.read_text(encoding="utf-8"))
    docs: list[dict[str, Any]] = index["items" if zensical else "docs"]
    entries = {str(doc["location"]): doc for doc in docs}
    for fragment in placed:
        anchored = f"{fragment.page}#{fragment.heading}" if fragment.heading else None
        entry = entries.get(anchored or "") or entries.get(fragment.page)
        if entry is None:
            raise SiteBuildError(f"the search index has no entry for the page {fragment.page or 'index'}")
        for section in searchable_sections(fragment.html):
            if section.heading is not None:
                # A heading with an id inside a fragment starts a section, as in the pages.
                location = f"{fragment.page}#{section.heading}"
                if location not in entries:
                    added: dict[str, Any] = {"location": location, "title": section.title, "text": ""}
                    if zensical:
                        added.update(level=section.level, path=entry["path"], tags=[])
                    entries[location] = added
                    docs.insert(docs.index(entry) + 1, entries[location])
                entry = entries[location]
            if section.text:
                entry["text"] = f"{entry['text']} {section.text}".strip()
    # The engine's own layout: compact separators, non-ASCII escaped.
    path.write_text(json.dumps(index, separators=(",", ":")), encoding="utf-8")


@dataclass
class Section:
    heading: str | None
    """The id of the heading that starts it; None for the text before any heading."""
    level: int = 0
    """That heading's level (2 for <h2>)."""
    title: str = ""
    text: str = ""


def searchable_sections(fragment: str) -> list[Section]:
    """The text of an HTML fragment as a search index holds it, split at headings with an id.

    The fragments are our own markup (quoted attributes, escaped text), so a
    regular expression reads them: Python's HTMLParser, which Material's
    indexer uses, took a second per language of the shipped site's build.
    tests/test_search_index.py holds this reading to HTMLParser's on every
    fragment of the built site.
    """
    sections = [Section(None)]
    open_tags: list[tuple[str, bool]] = []
    """Each open element, and whether its content is skipped."""
    title: str | None = None
    """The open heading's tag, while its text is the section's title."""
    parts: list[str] = []

    def flush() -> None:
        section = sections[-1]
        if title is not None:
            section.title += "".join(parts)
        else:
            section.text += "".join(parts)
        parts.clear()

    position = 0
    # A script's end tag parts words, as any end tag does; a comment parts nothing.
    text = _UNREAD.sub(lambda found: " " if found.group(1) else "", fragment)
    for found in _TAG.finditer(text):
        data = text[position : found.start()]
        position = found.end()
        if data and not (open_tags and open_tags[-1][1]):
            parts.append(html.escape(html.unescape(data), quote=False))
        closing, tag, attributes = found.group(1), found.group(2).lower(), found.group(3)
        if tag in _VOID:
            continue
        if closing:
            if not open_tags:
                continue
            open_tags.pop()
            if tag == title:
                flush()
                title = None
            parts.append(" ")  # cells and blocks are words apart
            continue
        skipped = (
            tag in _SKIPPED
            or _EXCLUDED.search(attributes) is not None
            or bool(open_tags and open_tags[-1][1])
        )
        if attributes.rstrip().endswith("/"):
            continue  # <x/>: nothing inside it, nothing to close
        open_tags.append((tag, skipped))
        identifier = _ID.search(attributes)
        name = identifier and (identifier.group(1) or identifier.group(2))
        if not skipped and tag in _HEADINGS and name:
            flush()
            sections.append(Section(html.unescape(name), int(tag[1])))
            title = tag
    tail = text[position:]
    if tail and not (open_tags and open_tags[-1][1]):
        parts.append(html.escape(html.unescape(tail), quote=False))
    flush()
    for section in sections:
        section.title, section.text = _words(section.title), _words(section.text)
    return sections


def _words(text: str) -> str:
    return " ".join(text.split())
