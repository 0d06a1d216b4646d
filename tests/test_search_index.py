"""The search index reads fragments as Python's HTMLParser (Material's indexer) would.

search_index.py reads our fragments with a regular expression, for speed;
the reference here is the plain HTMLParser reading it replaced, run on every
fragment of a real build of the shipped site and on awkward markup.
"""

from __future__ import annotations

import html
from html.parser import HTMLParser
from pathlib import Path

import pytest

from amnistia.site.fragments import Placed
from amnistia.site.search_index import Section, searchable_sections
from support import ROOT, invoke

SKIPPED = frozenset(["script", "style", "object"])
HEADINGS = frozenset(["h1", "h2", "h3", "h4", "h5", "h6"])
VOID = frozenset(
    ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"]
)


class ReferenceReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.sections = [Section(None)]
        self.open: list[tuple[str, bool]] = []
        self.title: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID:
            return
        names = dict(attrs)
        skipped = tag in SKIPPED or "data-search-exclude" in names or self.skipped()
        self.open.append((tag, skipped))
        if not skipped and tag in HEADINGS and names.get("id"):
            self.sections.append(Section(names["id"], int(tag[1])))
            self.title = tag

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        pass  # <x/> opens nothing

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID or not self.open:
            return
        self.open.pop()
        if tag == self.title:
            self.title = None
        self.append(" ")

    def handle_data(self, data: str) -> None:
        if not self.skipped():
            self.append(html.escape(data, quote=False))

    def skipped(self) -> bool:
        return bool(self.open) and self.open[-1][1]

    def append(self, text: str) -> None:
        section = self.sections[-1]
        if self.title is not None:
            section.title += text
        else:
            section.text += text


def reference(fragment: str) -> list[Section]:
    reader = ReferenceReader()
    reader.feed(fragment)
    reader.close()
    for section in reader.sections:
        section.title, section.text = " ".join(section.title.split()), " ".join(section.text.split())
    return reader.sections


AWKWARD = [
    '<h2 id="a">Title &amp; <em>more</em></h2><p>x &lt;y&gt; "q"</p>',
    "<p>a<!-- a comment with <b>tags</b> -->b</p><script>var s = '<tr>';</script><p>after</p>",
    "<table data-search-exclude><tr><td>hidden</td></tr></table><p>shown<br>line<br/>two</p>",
    "<h3 id='single'>Single quotes</h3><p title=\"a > b\">text</p>",
    '<div><h2>no id</h2><h4 id="">empty id</h4><span data-search-exclude="">gone</span> kept</div>',
    "<p>caf&eacute; &#241; &#x00e9;</p>",
]


@pytest.mark.parametrize("fragment", AWKWARD)
def test_awkward_markup_reads_as_htmlparser_reads_it(fragment: str) -> None:
    assert searchable_sections(fragment) == reference(fragment)


def test_every_fragment_of_the_shipped_site_reads_as_htmlparser_reads_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import amnistia.build_stages as stages
    import amnistia.build_workers as workers

    placed: list[Placed] = []
    index = stages.index_fragments

    def keep(site_dir: Path, fragments: list[Placed]) -> None:
        placed.extend(fragments)
        index(site_dir, fragments)

    monkeypatch.setattr(stages, "index_fragments", keep)
    monkeypatch.setattr(workers, "can_fork", lambda: False)  # both languages in this process
    result = invoke("build", str(ROOT), "--out", str(tmp_path / "out"))
    assert result.code == 0, result.out + result.err

    assert {"", "releases/", "timeline/", "data/releases/"} <= {p.page for p in placed}
    assert len(placed) > 100, len(placed)  # both languages' fragments
    differing = [p.name for p in placed if searchable_sections(p.html) != reference(p.html)]
    assert not differing, differing[:10]
