"""Reading a built site: pages, their links and their anchors."""

from __future__ import annotations

import json
import re
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


_DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:")
_URL_ATTRIBUTES = frozenset(["href", "src", "action", "formaction", "xlink:href", "poster", "srcset"])


class _LiveMarkup(HTMLParser):
    """Finds markup a payload made live: its script, its event attribute, its link."""

    def __init__(self, marker: str) -> None:
        super().__init__(convert_charrefs=True)
        self.marker = marker
        self.found: list[str] = []
        self.in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.in_script = tag == "script"
        for name, value in attrs:
            value = value or ""
            squeezed = "".join(value.split()).lower()
            if name.startswith("on") and self.marker in value:
                self.found.append(f"<{tag} {name}={value!r}>")
            if name in _URL_ATTRIBUTES and squeezed.startswith(_DANGEROUS_SCHEMES):
                self.found.append(f"<{tag} {name}={value!r}>")
        if tag in ("iframe", "object", "embed", "img") and any(self.marker in (v or "") for _, v in attrs):
            self.found.append(f"<{tag}>")

    def handle_endtag(self, tag: str) -> None:
        self.in_script = False

    def handle_data(self, data: str) -> None:
        if self.in_script and self.marker in data:
            self.found.append(f"<script>{data[:60]}")


def live_payloads(tree: Path, marker: str) -> list[str]:
    """Every place under ``tree`` where text containing ``marker`` became live markup.

    HTML pages, the HTML inside the search indexes and the rows that long
    tables load (rows/<table>/<n>.json) are parsed as a browser would; XML
    (the feed, the sitemap) must hold the payload only escaped. The downloads
    are data (CSV, JSON, XLSX) and keep contributors' text as typed.
    """
    found = []
    for path in sorted(p for p in tree.rglob("*") if p.is_file()):
        where = path.relative_to(tree)
        if path.suffix == ".xml":
            text = path.read_text(encoding="utf-8")
            if "<script" in text or re.search(rf"<[A-Za-z][^>]*{re.escape(marker)}", text):
                found.append(f"{where}: unescaped payload")
            continue
        if path.suffix == ".html":
            chunks = [path.read_text(encoding="utf-8")]
        elif path.name == "search_index.json":
            docs = json.loads(path.read_text(encoding="utf-8"))["docs"]
            chunks = [doc.get(key, "") for doc in docs for key in ("title", "text")]
        elif path.suffix == ".json" and path.parent.parent.name == "rows":
            chunks = [json.loads(path.read_text(encoding="utf-8"))["rows"]]  # a long table's further rows
        else:
            continue
        for chunk in chunks:
            parser = _LiveMarkup(marker)
            parser.feed(chunk)
            found += [f"{where}: {item}" for item in parser.found]
    return found
