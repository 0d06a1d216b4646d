"""The character policy for every string in datapackage.json.

Titles, descriptions and field names reach pages and downloads in both
languages, so they follow the rules a cell follows (characters.py): no
control or invisible characters, Unicode NFC, and a warning for likely
mojibake. A line break is allowed: a description may have paragraphs.
Each problem names the JSON location of the string and the character's
place in it, never the whole string.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from amnistia.data.characters import check_line, check_text, describe
from amnistia.data.json_locations import join_location

TextFinding = tuple[str, str, dict[str, object]]
"""A problem's code, the JSON location of its string, and the catalogue's parameters."""


def check_descriptor_text(data: Any) -> Iterator[TextFinding]:
    """Yield each character of a string in ``data`` that the policy refuses or doubts."""
    for location, text in _strings(data, ""):
        if not check_text(text):
            continue  # the fast answer: nothing to find (nearly every string)
        offset = 0
        for part in text.split("\n"):
            for finding in check_line(part):
                params: dict[str, object] = {
                    "column": offset + finding.column,
                    "char": describe(finding.text[0]),
                }
                if finding.code == "mojibake":
                    params["value"] = finding.text
                yield finding.code, location, params
            offset += len(part) + 1


def _strings(node: Any, location: str) -> Iterator[tuple[str, str]]:
    if isinstance(node, str):
        yield location, node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _strings(value, join_location(location, str(key)))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _strings(value, join_location(location, index))
