"""The site's own voice attributes: no span of figures without its counter, no method claim no one published.

Every generated page of the built site, in both languages, is read as a
reader sees it: text by block (a paragraph, a list item, a table row, a
heading), quotes set aside, since a quote is a publication's words. A span
of figures ("600–900", "from 500 to 900", "entre 600 y 900") may only stand
in a block that names its counter; dates ("18–20 Feb") and years ("from 2002
to 2025") are not figures. The method claims that issue 10 found in the
site's voice, which no publication in the reference makes, must not return.
"""

from __future__ import annotations

import csv
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from support import ROOT

BLOCKS = frozenset({"p", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "figcaption", "caption", "dt", "dd"})
QUOTED = frozenset({"q", "blockquote", "code"})
SKIPPED = frozenset({"script", "style", "svg", "template", "nav", "header", "footer"})

NUMBER = r"\d+(?:[.,]\d{3})*"
MONTHS = (
    "jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|ene|abr|ago|dic|"
    "january|february|march|april|june|july|august|september|october|november|december|"
    "enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre"
)
NOT_A_DATE = rf"(?![\w-])(?!\s*(?:de\s+)?(?:{MONTHS})\b)"
SPAN_PATTERNS = (
    # The site writes number ranges with an en dash; a hyphen joins codes (ISO 639-1, 2026-01).
    re.compile(rf"(?<![\w.,-])({NUMBER})\s*[–—]\s*({NUMBER}){NOT_A_DATE}", re.IGNORECASE),
    re.compile(
        rf"\b(?:from|de|entre)\s+(?:about\s+|unos\s+|more than\s+|más de\s+|nearly\s+|casi\s+)?"
        rf"({NUMBER})\s+(?:to|a|y)\s+(?:about\s+|unos\s+)?({NUMBER}){NOT_A_DATE}",
        re.IGNORECASE,
    ),
)

# Claims about a counter's method, or taking a side, that no publication in the
# reference makes (issue 10). English and Spanish; matched case-insensitively.
UNSOURCED = (
    "depending on who counts",
    "según quién cuente",
    "verified by ngos",
    "verificadas por ong",
    "only once it has verified",
    "solo cuando ha verificado",
    "counts only releases it verifies",
    "solo cuenta las excarcelaciones que verifica",
    "does not count as a release",
    "no cuenta como excarcelación",
    "undercount",
    "se quedan cortos",
    "miss cases",
    "has freed some political prisoners",
    "ha liberado a algunos presos políticos",
    "artículo fundacional",
)


class Blocks(HTMLParser):
    """The visible text of a page, one string per block, quotes left out."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self._open: list[list[str]] = []
        self._skip = 0
        self._quoted = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SKIPPED:
            self._skip += 1
        elif tag in QUOTED:
            self._quoted += 1
        elif tag in BLOCKS:
            self._open.append([])

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIPPED:
            self._skip = max(0, self._skip - 1)
        elif tag in QUOTED:
            self._quoted = max(0, self._quoted - 1)
        elif tag in BLOCKS and self._open:
            self.blocks.append(" ".join(" ".join(self._open.pop()).split()))

    def handle_data(self, data: str) -> None:
        if self._skip or self._quoted or not self._open:
            return
        self._open[-1].append(data)


def blocks_of(page: Path) -> list[str]:
    parser = Blocks()
    parser.feed(page.read_text(encoding="utf-8"))
    parser.close()
    return parser.blocks


def counter_names() -> list[str]:
    with (ROOT / "datasets" / "counters.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    names = {name for row in rows for name in (row["name"], row["name_es"]) if name}
    # "Local associations (not named)" is written "local associations" in running text.
    names |= {name.split(" (")[0] for name in names}
    return sorted({name.casefold() for name in names}, key=len)


def _is_year(text: str) -> bool:
    return bool(re.fullmatch(r"(19|20)\d\d", text))


QUOTATION = re.compile(r'"[^"]*"|“[^”]*”')
"""Words in quotation marks are a publication's (or an example of them), not the site's voice."""


def untied_spans(text: str, counters: list[str]) -> list[str]:
    """The spans of figures in a block of text that names no counter."""
    if any(name in text.casefold() for name in counters):
        return []
    text = QUOTATION.sub("", text)
    found = []
    for pattern in SPAN_PATTERNS:
        for match in pattern.finditer(text):
            low, high = match.group(1), match.group(2)
            if _is_year(low) and _is_year(high):
                continue
            found.append(match.group(0))
    return found


def generated_pages(site: Path) -> list[Path]:
    """Every page of both languages; the downloads and the search index are files, not pages."""
    pages = [
        p
        for p in site.rglob("*.html")
        if "downloads" not in p.relative_to(site).parts and "assets" not in p.relative_to(site).parts
    ]
    assert any(p.relative_to(site).parts[0] == "es" for p in pages)
    return sorted(pages)


def _is_changelog(site: Path, page: Path) -> bool:
    # The changelog shows what each release changed, old values included: the
    # removed wordings are history there, in their row of the diff.
    return "changelog" in page.relative_to(site).parts


def test_no_span_of_figures_stands_without_its_counter(site: Path) -> None:
    counters = counter_names()
    problems = []
    for page in generated_pages(site):
        if _is_changelog(site, page):
            continue
        for block in blocks_of(page):
            for span in untied_spans(block, counters):
                problems.append(f"{page.relative_to(site)}: {span!r} in {block[:160]!r}")
    assert not problems, "\n".join(problems)


def test_no_unsourced_method_claim_is_published(site: Path) -> None:
    problems = []
    for page in generated_pages(site):
        if _is_changelog(site, page):
            continue
        text = " ".join(blocks_of(page)).casefold()
        problems += [f"{page.relative_to(site)}: {claim!r}" for claim in UNSOURCED if claim in text]
    assert not problems, "\n".join(problems)


def test_the_hand_written_pages_make_no_unsourced_method_claim() -> None:
    for page in sorted((ROOT / "docs").rglob("*.md")):
        text = " ".join(page.read_text(encoding="utf-8").split()).casefold()
        assert not [claim for claim in UNSOURCED if claim in text], page


@pytest.mark.parametrize(
    ("text", "spans"),
    [
        ("From about 500 to 900, depending on who counts", ["From about 500 to 900"]),
        ("De unos 500 a 900, según quién cuente", ["De unos 500 a 900"]),
        ("600–900 political prisoners", ["600–900"]),
        ("Local associations (not named): 600–900 (c. 23 Feb 2026)", []),
        ("Reported as 18–20 Feb.", []),
        ("entre el 18 y el 20 de febrero", []),
        ("from 2002 to 2025 (reuters-statement)", []),
        ('the founding article\'s "roughly 444–450"', []),
        ("ISO 639-1 code; pattern [0-9]{4}", []),
        ("Data version 1.3.0, 6 December 2026.", []),
    ],
)
def test_the_span_finder_tells_figures_from_dates(text: str, spans: list[str]) -> None:
    assert untied_spans(text, counter_names()) == spans


def test_a_card_without_its_counter_would_fail(tmp_path: Path) -> None:
    page = tmp_path / "index.html"
    page.write_text(
        '<ul class="am-summary"><li>Still detained: <span>From about 500 to 900</span></li></ul>'
        "<p>Foro Penal: about 500 (c. 8 Mar 2026)</p>",
        encoding="utf-8",
    )
    blocks = blocks_of(page)
    assert [untied_spans(b, counter_names()) for b in blocks] == [["From about 500 to 900"], []]
