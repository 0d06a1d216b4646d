"""Long tables: the first page in the HTML, every other row in chunk files, pages under 500 KB.

Built from the shipped project with a 2,000-row releases table (all of one
measure), so the releases page, its chart's table and data/releases/ are all
longer than a page. What search indexes of them: tests/test_site.py.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from amnistia.site.paging import PAGE_ROWS, SECTION_ROWS
from conftest import LONG_TABLE_ROWS

MAX_PAGE_BYTES = 500_000
MARKER = re.compile(r"bulkmarker(\d+)\b")
ID = re.compile(r"bulk-(\d{5})\b")


class _Tables(HTMLParser):
    """The paged tables of a page: their data-am-* attributes and the ids of their first rows."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[dict[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "table" and "data-am-rows" in values:
            self.tables.append(values)


def paged_tables(page: Path) -> list[dict[str, str]]:
    parser = _Tables()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.tables


def chunk_rows(page: Path, table: dict[str, str]) -> list[str]:
    """The HTML of every chunk of one table, in order."""
    folder = page.parent / table["data-am-rows"]
    chunks = int(table["data-am-chunks"])
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{n}.json" for n in range(1, chunks + 1))
    return [
        json.loads((folder / f"{n}.json").read_text(encoding="utf-8"))["rows"] for n in range(1, chunks + 1)
    ]


@pytest.mark.parametrize("root", ["", "es/"])
def test_no_page_is_over_500_kb(long_site: Path, root: str) -> None:
    pages = sorted((long_site / root).rglob("*.html"))
    assert len(pages) >= 19  # 11 pages, 8 resource pages and a 404 in each language
    heavy = [(p.relative_to(long_site), p.stat().st_size) for p in pages if p.stat().st_size > MAX_PAGE_BYTES]
    assert not heavy


@pytest.mark.parametrize("root", ["", "es/"])
@pytest.mark.parametrize(("slug", "first"), [("releases", SECTION_ROWS), ("data/releases", PAGE_ROWS)])
def test_the_first_page_is_in_the_html_and_every_row_in_a_chunk(
    long_site: Path, root: str, slug: str, first: int
) -> None:
    page = long_site / root / slug / "index.html"
    html = page.read_text(encoding="utf-8")
    tables = paged_tables(page)
    # The releases page shows the measure's table and its chart's table; data/releases one table.
    assert len(tables) == (2 if slug == "releases" else 1)
    main = next(t for t in tables if "data-am-stack" in t) if slug == "releases" else tables[0]
    assert int(main["data-am-total"]) == LONG_TABLE_ROWS and int(main["data-am-step"]) == PAGE_ROWS
    assert int(main["data-am-chunks"]) == -(-(LONG_TABLE_ROWS - first) // PAGE_ROWS)
    in_page = sorted({int(n) for n in MARKER.findall(html)})
    assert in_page == list(range(first))
    # Each row names its id once (<tr id> on the releases page, the first cell on data/releases).
    loaded = [int(n) for chunk in chunk_rows(page, main) for n in ID.findall(chunk)]
    assert sorted(in_page + loaded) == list(range(LONG_TABLE_ROWS)), "a row is missing or doubled"
    for table in tables:  # the chart's table too: every figure reachable, none twice
        rows = sum(chunk.count("<tr") for chunk in chunk_rows(page, table))
        assert rows + first == int(table["data-am-total"]) == LONG_TABLE_ROWS
    # Without JavaScript: how much is shown, and where the complete table is.
    assert "data-am-more" in html
    assert re.search(r'href="(\.\./)+downloads/latest/releases\.csv"', html)
    assert re.search(r'href="(\.\./)+downloads/latest/releases\.json"', html)


def test_chunks_are_rendered_like_the_first_page(long_site: Path) -> None:
    page = long_site / "data" / "releases" / "index.html"
    html = page.read_text(encoding="utf-8")
    first_row = re.search(r"<tr><td>bulk-00000</td>.*?</tr>", html)
    assert first_row is not None
    chunk = chunk_rows(page, paged_tables(page)[0])[0]
    row = re.search(r"<tr><td>bulk-00100</td>.*?</tr>", chunk)
    assert row is not None
    assert row.group(0) == first_row.group(0).replace("bulk-00000", "bulk-00100").replace(
        "bulkmarker0<", "bulkmarker100<"
    )
