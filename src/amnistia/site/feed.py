"""An Atom feed of releases, so data users can subscribe to new versions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape


@dataclass(frozen=True)
class FeedEntry:
    version: str
    day: dt.date
    title: str
    summary: str
    anchor: str


def render_feed(title: str, language: str, entries: Sequence[FeedEntry], page: str = "./") -> str:
    """Atom 1.0, entries newest first; links are relative to the feed (changelog/feed.xml)."""
    updated = max((e.day for e in entries), default=dt.date(1999, 1, 1))
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{escape(language)}">',
        f"  <title>{escape(title)}</title>",
        f"  <id>urn:amnistia:releases:{escape(language)}</id>",
        f"  <updated>{_stamp(updated)}</updated>",
        f'  <link rel="alternate" type="text/html" href="{escape(page)}"/>',
        '  <link rel="self" type="application/atom+xml" href="feed.xml"/>',
        "  <author><name>amnistia contributors</name></author>",
    ]
    for entry in entries:
        lines += [
            "  <entry>",
            f"    <title>{escape(entry.title)}</title>",
            f"    <id>urn:amnistia:release:{escape(entry.version)}</id>",
            f"    <updated>{_stamp(entry.day)}</updated>",
            f'    <link rel="alternate" type="text/html" href="{escape(page)}#{escape(entry.anchor)}"/>',
            f'    <summary type="text">{escape(entry.summary)}</summary>',
            "  </entry>",
        ]
    lines.append("</feed>")
    return "\n".join(lines) + "\n"


def _stamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"
