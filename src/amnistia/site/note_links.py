"""Row and publication ids in notes become links to the row they name.

A note says where a reader can check it: "Same 144 as JEP's count of
releases under the law (row jep-2026-03-02-144)", "UN experts asked …
(cooperativa-2026-02-19)". Left as text, such an id is a code only a
maintainer can look up; linked, it takes the reader to that row of the
site (a publication on the sources page, an event on the timeline).

This runs on one language's finished pages, fragments in: an id becomes a
link only when it is the id of a row of the data and some page of that
language holds an element with that id, so a link never points nowhere and
an ordinary hyphenated word is never taken for a reference. Only the text
of notes (``<span class="am-note">``) is touched; the words stay as written.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

_NOTE = re.compile(r'(<span class="am-note"[^>]*>)([^<]*)(</span>)')
_ID_ATTRIBUTE = re.compile(r'\sid="([a-z0-9]+(?:-[a-z0-9]+)+)"')
_TOKEN = re.compile(r"(?<![\w#/-])([a-z0-9]+(?:-[a-z0-9]+)+)(?![\w-])")


def link_note_references(site_dir: Path, row_ids: Iterable[str]) -> int:
    """Link the row ids in the notes of ``site_dir``'s pages; how many links were made."""
    wanted = set(row_ids)
    pages = {path: path.read_text(encoding="utf-8") for path in sorted(site_dir.rglob("*.html"))}
    anchors: dict[str, PurePosixPath] = {}
    for path, text in pages.items():
        page = PurePosixPath(path.relative_to(site_dir).as_posix())
        for found in _ID_ATTRIBUTE.finditer(text):
            if found.group(1) in wanted:
                anchors.setdefault(found.group(1), page)
    made = 0
    for path, text in pages.items():
        if 'class="am-note"' not in text:
            continue
        page = PurePosixPath(path.relative_to(site_dir).as_posix())
        linked, count = _link_notes(text, page, anchors)
        if count:
            path.write_text(linked, encoding="utf-8")
            made += count
    return made


def _link_notes(text: str, page: PurePosixPath, anchors: dict[str, PurePosixPath]) -> tuple[str, int]:
    count = 0

    def note(found: re.Match[str]) -> str:
        nonlocal count

        def reference(token: re.Match[str]) -> str:
            nonlocal count
            target = anchors.get(token.group(1))
            if target is None:
                return token.group(0)
            count += 1
            return f'<a href="{_href(page, target)}#{token.group(1)}">{token.group(1)}</a>'

        return found.group(1) + _TOKEN.sub(reference, found.group(2)) + found.group(3)

    return _NOTE.sub(note, text), count


def _href(page: PurePosixPath, target: PurePosixPath) -> str:
    """The link from ``page`` to the folder of ``target`` (directory URLs): "", "../sources/"."""
    if target == page:
        return ""
    relative = os.path.relpath(target.parent.as_posix() or ".", page.parent.as_posix() or ".")
    return "" if relative == "." else relative + "/"
