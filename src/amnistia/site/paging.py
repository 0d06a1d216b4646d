"""Long tables: the first page in the HTML, the rest in JSON chunks loaded on request.

A table of 100,000 rows would make a page of tens of megabytes that phones
cannot open and that Material's search indexer spends minutes on. A table
longer than its page size shows its first page in the HTML (readers without
JavaScript get it, with links to the complete CSV and JSON downloads) and
writes every further page as a chunk file beside the page:
``<page>/rows/<table>/<n>.json`` holding ``{"rows": "<tr>…</tr>…"}``. The
chunks are rendered by the same row template as the first page, so a row
looks the same however it arrived, and every value in them is escaped the
same way. assets/tables.js fetches them one by one on "Show more rows".

Search reads the page's HTML only: it indexes the first page of each table.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup

log = logging.getLogger(__name__)

PAGE_ROWS = 100
"""Rows on the first page of a table that is the page's content (a resource's rows, the
sources), and rows in each chunk: what one "Show more rows" adds."""
SECTION_ROWS = 25
"""Rows on the first page of a table that is one section among several (a measure's figures).

A topic page holds a table per measure (eight on the releases page) and a
chart's table: 25 rows each keeps such a page well under 500 KB. Their
chunks still hold PAGE_ROWS rows: fewer files, fewer requests.
"""
CHUNKS_FOLDER = "rows"


@dataclass(frozen=True)
class PagedRows:
    """What a table template needs to show one page of rows and offer the others."""

    first: Sequence[Any]
    """The rows in the HTML."""
    first_html: Markup
    """Their rendered rows, each ending with a newline."""
    total: int
    step: int
    """Rows per chunk."""
    chunks: int
    """How many chunk files hold the rest; 0 when the whole table is in the HTML."""
    url: str
    """The chunks' folder, relative to the page: ``rows/t1/``."""
    resource: str
    """The resource whose downloads hold every row."""

    @property
    def paged(self) -> bool:
        return self.chunks > 0

    @property
    def shown(self) -> int:
        return len(self.first)


class ChunkWriter:
    """Writes one language's chunk files under ``folder``/<page>/rows/ before MkDocs builds the site."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.files = 0
        self.rows = 0

    def write(self, page: str, table: str, number: int, html: str, rows: int) -> None:
        if self.folder is None:
            raise ValueError("this table needs chunk files, but the build gave no folder for them")
        target = self.folder / page / CHUNKS_FOLDER / table
        if number == 1:
            target.mkdir(parents=True, exist_ok=True)
        text = json.dumps({"rows": html}, ensure_ascii=False, separators=(",", ":"))
        (target / f"{number}.json").write_text(text + "\n", encoding="utf-8")
        self.files += 1
        self.rows += rows


def page_folder(slug: str) -> str:
    """The folder of a page in the built site: ``releases`` for /releases/, ``""`` for the home page."""
    return "" if slug == "index" else slug


def paginate(
    rows: Sequence[Any],
    first_rows: int,
    resource: str,
    table: str,
    render_rows: Callable[[Sequence[Any]], str],
    write: Callable[[str, int, str, int], None],
) -> PagedRows:
    """Split ``rows``: the first ``first_rows`` for the HTML, the rest into chunks of PAGE_ROWS.

    ``table`` names the table within its page (its chunks' folder);
    ``render_rows`` renders rows, the first page's and the chunks' alike;
    ``write(table, number, html, rows)`` stores one chunk.
    """
    total, step = len(rows), PAGE_ROWS
    first = Markup(render_rows(rows[:first_rows]))
    if total <= first_rows:
        return PagedRows(rows, first, total, step, 0, "", resource)
    chunks = 0
    for start in range(first_rows, total, step):
        chunks += 1
        part = rows[start : start + step]
        write(table, chunks, render_rows(part), len(part))
    log.debug("%s: %d rows, %d chunks of %d", table, total, chunks, step)
    return PagedRows(rows[:first_rows], first, total, step, chunks, f"{CHUNKS_FOLDER}/{table}/", resource)
