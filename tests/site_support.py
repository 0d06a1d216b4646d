"""Reading a built site: pages, their links and their anchors."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


@dataclass
class Page:
    path: Path
    lang: str = ""
    links: list[tuple[str, str, dict[str, str]]] = field(default_factory=list)
    """(tag, url, attributes) of every href and src."""
    ids: set[str] = field(default_factory=set)
    text: str = ""


class _Collector(HTMLParser):
    def __init__(self, page: Page) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self.chunks: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "html":
            self.page.lang = values.get("lang", "")
        if "id" in values:
            self.page.ids.add(values["id"])
        if tag == "a" and "name" in values:
            self.page.ids.add(values["name"])
        for key in ("href", "src"):
            if key in values:
                self.page.links.append((tag, values[key], values))
        if tag in ("script", "style"):
            self.skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self.skip:
            self.skip -= 1

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.chunks.append(data)


def read_page(path: Path) -> Page:
    page = Page(path)
    collector = _Collector(page)
    collector.feed(path.read_text(encoding="utf-8"))
    page.text = " ".join(" ".join(collector.chunks).split())
    return page


def resolve(site: Path, page: Path, url: str) -> tuple[Path, str] | None:
    """The file a relative link points at, and its fragment; None for external or special links."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or url.startswith(("mailto:", "javascript:", "data:")):
        return None
    if not parts.path:
        return page, unquote(parts.fragment)
    if parts.path.startswith("/"):  # root-absolute (MkDocs writes these in 404.html)
        target = (site / unquote(parts.path).lstrip("/")).resolve()
    else:
        target = (page.parent / unquote(parts.path)).resolve()
    if parts.path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target, unquote(parts.fragment)
