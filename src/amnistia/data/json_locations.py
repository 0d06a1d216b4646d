"""Where each value sits in a JSON document, so problems can name a line.

The standard ``json`` module forgets positions once it has parsed. This walks
an already-valid document once and records the line on which every value
starts, keyed by its location in the dotted form contributors read:
``resources[2].schema.fields[0].type``.
"""

from __future__ import annotations

import json

_WHITESPACE = " \t\n\r"
_DECODER = json.JSONDecoder()


def json_lines(text: str) -> dict[str, int]:
    """Map each location in the valid JSON ``text`` to the line its value starts on."""
    lines: dict[str, int] = {}
    _Walker(text, lines).value(0, "")
    return lines


def join_location(parent: str, key: str | int) -> str:
    """Append an object key or an array index to a dotted location."""
    if isinstance(key, int):
        return f"{parent}[{key}]"
    return f"{parent}.{key}" if parent else key


class _Walker:
    def __init__(self, text: str, lines: dict[str, int]) -> None:
        self.text = text
        self.lines = lines

    def skip(self, pos: int) -> int:
        while pos < len(self.text) and self.text[pos] in _WHITESPACE:
            pos += 1
        return pos

    def line_at(self, pos: int) -> int:
        return self.text.count("\n", 0, pos) + 1

    def value(self, pos: int, location: str) -> int:
        pos = self.skip(pos)
        self.lines[location] = self.line_at(pos)
        char = self.text[pos]
        if char == "{":
            return self.object(pos + 1, location)
        if char == "[":
            return self.array(pos + 1, location)
        _, end = _DECODER.raw_decode(self.text, pos)
        return int(end)

    def object(self, pos: int, location: str) -> int:
        pos = self.skip(pos)
        if self.text[pos] == "}":
            return pos + 1
        while True:
            pos = self.skip(pos)
            key, pos = _DECODER.raw_decode(self.text, pos)
            pos = self.skip(pos) + 1  # the colon
            pos = self.skip(self.value(pos, join_location(location, str(key))))
            if self.text[pos] == "}":
                return pos + 1
            pos += 1  # the comma

    def array(self, pos: int, location: str) -> int:
        pos = self.skip(pos)
        if self.text[pos] == "]":
            return pos + 1
        index = 0
        while True:
            pos = self.skip(self.value(pos, join_location(location, index)))
            index += 1
            if self.text[pos] == "]":
                return pos + 1
            pos += 1
