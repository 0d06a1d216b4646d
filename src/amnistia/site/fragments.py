"""Put the pre-rendered HTML fragments into the pages the engine built.

The pages reach the engine holding one comment per fragment
(``<!-- amnistia-fragment:NAME -->``): Markdown passes comments through and
search indexers skip them, so the data is never read as Markdown and never
indexed by the engine. Afterwards each comment is replaced here by its
fragment, and the fragment's text is added to the search index of the
section it sits in (search_index.py), as the engine would have indexed it.
A placeholder without a fragment, or a fragment that no page holds (an
engine that dropped the comment), fails the build: data never vanishes
without an error.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from amnistia.site.engine import SiteBuildError

PLACEHOLDER = re.compile(r"<!-- amnistia-fragment:([A-Za-z0-9_.-]+) -->")
_HEADING = re.compile(r"<h[1-6][^>]*?\sid=\"([^\"]+)\"")
_ARTICLE = "<article"


@dataclass(frozen=True)
class Placed:
    """One fragment put into one page: where, and its HTML (for the search index)."""

    page: str
    """The page's URL relative to the site root: "" for the home page, "data/releases/"."""
    heading: str | None
    """The id of the last heading before it; None when none comes before it."""
    name: str
    html: str


def insert_fragments(site_dir: Path, fragments_dir: Path) -> list[Placed]:
    """Replace every placeholder in ``site_dir``'s pages by its fragment; return what was placed."""
    placed: list[Placed] = []
    for path in sorted(site_dir.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        if "amnistia-fragment:" not in text:
            continue
        page = _page_url(path.relative_to(site_dir))
        parts = list(_replace(text, page, fragments_dir, placed))
        path.write_text("".join(parts), encoding="utf-8")
    names = {p.stem for p in fragments_dir.glob("*.html")}
    missing = sorted(names - {p.name for p in placed})
    if missing:
        raise SiteBuildError(
            f"the engine's pages hold no placeholder for the fragment {missing[0]} "
            f"(and {len(missing) - 1} more) --> the engine dropped HTML comments from the Markdown"
        )
    return placed


def _replace(text: str, page: str, fragments_dir: Path, placed: list[Placed]) -> Iterator[str]:
    # The section a fragment sits in is that of the last heading before it in
    # the finished page, fragments included (the page's header has none).
    start, article = 0, max(text.find(_ARTICLE), 0)
    heading: str | None = None
    for found in PLACEHOLDER.finditer(text):
        name = found.group(1)
        path = fragments_dir / f"{name}.html"
        if not path.is_file():
            raise SiteBuildError(f"{page or 'index'}: no fragment {name} in {fragments_dir}")
        html = path.read_text(encoding="utf-8")
        heading = _last_heading(text[max(start, article) : found.start()], heading)
        placed.append(Placed(page, heading, name, html))
        heading = _last_heading(html, heading)
        yield text[start : found.start()]
        yield html
        start = found.end()
    yield text[start:]


def _last_heading(html: str, previous: str | None) -> str | None:
    found = _HEADING.findall(html)
    return found[-1] if found else previous


def _page_url(relative: Path) -> str:
    """The URL a page is indexed under: its folder, with directory URLs."""
    if relative.name == "index.html":
        folder = relative.parent.as_posix()
        return "" if folder == "." else folder + "/"
    return relative.as_posix()
