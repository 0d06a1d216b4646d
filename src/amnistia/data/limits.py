"""Sizes past which the validator refuses an input instead of reading it.

A contributor's pull request can hold anything; these keep one bad file from
taking the machine's memory or burying the one useful problem under a
million others. Each is far above what the real package needs.
"""

from __future__ import annotations

MAX_CSV_BYTES = 1024 * 1024 * 1024
"""A data file above 1 GB is refused before it is opened.

The largest today is a few KB; a person-level registry of a million rows
shaped like releases.csv (with notes in both languages) is about 250 MB,
and the reading streams, so its size costs time, not memory.
"""

MAX_DESCRIPTOR_BYTES = 5 * 1024 * 1024
"""datapackage.json above 5 MB is refused before it is parsed (it is about 40 KB)."""

MAX_DESCRIPTOR_DEPTH = 32
"""Objects and lists nested deeper than this in datapackage.json (it needs 7)."""

MAX_CELL_CHARS = 10_000
"""A cell longer than this is an error: the longest note or quote is a few hundred characters."""

PROBLEMS_SHOWN = 1_000
"""The text output lists this many problems, then says how many more there are."""

PROBLEMS_KEPT = 10_000
"""Problems kept in memory (and listed by --format json); past it they are only counted."""
