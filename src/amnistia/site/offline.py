"""The offline copy: the whole bilingual site as one zip that opens from disk.

Made from the finished site, whatever engine built it, so no engine's
offline mode is needed (Material's links a script from unpkg.com). In the
copy, every link to a folder ends in index.html, search reads its index
from a script (search/search_index.js) in a worker that iframe-worker's
shim runs in an iframe on file:// pages, and the page script leaves out the
"more rows" button (the chunk files are left out: the CSV holds every row).
Inside: ``amnistia-site-<version>/``, with that version's data files (its
datapackage.json, CSVs and citation) under ``downloads/<folder>/``, and
links to ``downloads/latest/`` pointing at them. No source maps, no
spreadsheets, JSON or package zip (they repeat the CSVs), no other version.

Every member has a fixed date and sorted order: the same site gives the
same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path

from amnistia.i18n import LANGUAGES, SOURCE_LANGUAGE
from amnistia.releases.downloads import CHECKSUMS
from amnistia.releases.xlsx import add_member, open_zip

SHIM = Path(__file__).resolve().parent.parent / "vendor" / "iframe-worker" / "shim.js"
SHIM_PATH = "assets/javascripts/iframe-worker.js"
_LEFT_OUT = re.compile(r"(^|/)(rows/|downloads/)|\.map$|\.gz$|^\.amnistia-build\.json$")
_DATA_FILES = re.compile(r"\.csv$|^datapackage\.json$|^CITATION\.cff$|^citation\.bib$")
_LINK = re.compile(r'(?P<attr>\b(?:href|src)=")(?P<url>[^"#?:]*)(?P<rest>[?#][^"]*)?"')
_BUNDLE = re.compile(r'<script src="(?P<root>[^"]*?)assets/javascripts/bundle\.')


def offline_name(version: str) -> str:
    return f"amnistia-site-{version}-offline.zip"


def write_offline_copy(site: Path, folder: str, version: str, target: Path, moment: dt.datetime) -> None:
    """Zip ``site`` for reading from disk, with the data files of ``downloads/<folder>/``."""
    top = f"amnistia-site-{version}/"
    with open_zip(target) as archive:
        for name, data in sorted(_members(site, folder)):
            add_member(archive, top + name, io.BytesIO(data), moment)


def _members(site: Path, folder: str) -> Iterator[tuple[str, bytes]]:
    roots = ["" if lang == SOURCE_LANGUAGE else f"{lang}/" for lang in LANGUAGES]
    for path in site.rglob("*"):
        name = path.relative_to(site).as_posix()
        if not path.is_file() or _LEFT_OUT.search(name):
            continue
        if name.endswith(".html"):
            yield name, offline_page(path.read_text(encoding="utf-8"), folder).encode("utf-8")
        elif name in {f"{root}search/search_index.json" for root in roots}:
            index = offline_index(path.read_text(encoding="utf-8"))
            yield name, index.encode("utf-8")
            yield name.replace(".json", ".js"), f"var __index = {index}".encode()
        else:
            yield name, path.read_bytes()
    shim = SHIM.read_bytes()
    for root in roots:
        yield root + SHIM_PATH, shim
    data = site / "downloads" / folder
    for path in data.iterdir():
        if _DATA_FILES.search(path.name):
            yield f"downloads/{folder}/{path.name}", path.read_bytes()


def offline_page(html: str, folder: str) -> str:
    """One page for file://: folder links end in index.html, the worker shim loads first."""

    def link(found: re.Match[str]) -> str:
        url, rest = found["url"], found["rest"] or ""
        if url.startswith("/"):
            return found[0]
        if url.endswith("/") or url in (".", ".."):
            url = url.rstrip("/") + "/index.html" if url not in ("", "./") else "index.html"
        elif url == "" and not rest:
            url = "index.html"
        url = url.replace("downloads/latest/", f"downloads/{folder}/")
        return f'{found["attr"]}{url}{rest}"'

    html = _LINK.sub(link, html)
    return _BUNDLE.sub(lambda m: f'<script src="{m["root"]}{SHIM_PATH}"></script>{m[0]}', html, count=1)


def offline_index(text: str) -> str:
    """Material's search index with every location a file: ``releases/#x`` → ``releases/index.html#x``."""
    index = json.loads(text)
    for doc in index["docs"]:
        path, _, anchor = str(doc["location"]).partition("#")
        if path == "" or path.endswith("/"):
            path += "index.html"
        doc["location"] = path + (f"#{anchor}" if anchor else "")
    return json.dumps(index, separators=(",", ":"))


def add_to_sums(folder: Path, name: str, digest: str) -> None:
    """List ``name`` in ``folder``'s SHA256SUMS, keeping it sorted by file name."""
    sums = folder / CHECKSUMS
    lines = [line for line in sums.read_text(encoding="utf-8").splitlines() if line]
    lines.append(f"{digest}  {name}")
    lines.sort(key=lambda line: line.partition("  ")[2])
    sums.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8", newline="\n")
