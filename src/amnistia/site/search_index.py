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
from collections.abc import Sequence
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from amnistia.site.engine import SiteBuildError
from amnistia.site.fragments import Placed

MATERIAL_INDEX = Path("search") / "search_index.json"
ZENSICAL_INDEX = Path("search.json")
_SKIPPED = frozenset(["script", "style", "object"])
_HEADINGS = frozenset(["h1", "h2", "h3", "h4", "h5", "h6"])
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
    """The text of an HTML fragment as a search index holds it, split at headings with an id."""
    reader = _TextReader()
    reader.feed(fragment)
    reader.close()
    for section in reader.sections:
        section.title, section.text = _words(section.title), _words(section.text)
    return reader.sections


def _words(text: str) -> str:
    return " ".join(text.split())


class _TextReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.sections = [Section(None)]
        self._open: list[tuple[str, bool]] = []
        """Each open element, and whether its content is skipped."""
        self._title: str | None = None
        """The open heading's tag, while its text is the section's title."""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            return
        names = dict(attrs)
        skipped = tag in _SKIPPED or "data-search-exclude" in names or self._skipped()
        self._open.append((tag, skipped))
        if not skipped and tag in _HEADINGS and names.get("id"):
            self.sections.append(Section(names["id"], int(tag[1])))
            self._title = tag

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID or not self._open:
            return
        self._open.pop()
        if tag == self._title:
            self._title = None
        self._append(" ")  # cells and blocks are words apart

    def handle_data(self, data: str) -> None:
        if not self._skipped():
            self._append(html.escape(data, quote=False))

    def _skipped(self) -> bool:
        return bool(self._open) and self._open[-1][1]

    def _append(self, text: str) -> None:
        section = self.sections[-1]
        if self._title is not None:
            section.title += text
        else:
            section.text += text
