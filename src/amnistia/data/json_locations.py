"""Where each value sits in a JSON document, so problems can name a line.

The standard ``json`` module forgets positions once it has parsed. This walks
an already-valid document once and records the line on which every value
starts, keyed by its location in the dotted form contributors read:
``resources[2].schema.fields[0].type``.
"""

from __future__ import annotations

import bisect
import json
import re

_SPACE = re.compile(r"[ \t\n\r]+")
"""JSON's whitespace, which the walker steps over."""
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_BRACKET = re.compile(r"[\[\]{}]")
_DECODER = json.JSONDecoder()


def json_lines(text: str) -> dict[str, int]:
    """Map each location in the valid JSON ``text`` to the line its value starts on."""
    lines: dict[str, int] = {}
    _Walker(text, lines).value(0, "")
    return lines


def duplicate_keys(text: str) -> list[tuple[str, int]]:
    """Each key that repeats one of its object's keys in the valid JSON ``text``, with its line.

    ``json`` keeps the last of two equal keys without a word, so an edit can
    hide the value a reviewer reads: every repetition is a problem.
    """
    walker = _Walker(text, {})
    walker.value(0, "")
    return walker.duplicates


def nesting_depth(text: str) -> tuple[int, int]:
    """The deepest nesting of objects and lists in JSON ``text``, and the line where it is reached.

    Counted without parsing (strings are skipped), so a document nested too
    deep for the parser is measured before it is parsed.
    """
    deepest, line_of_deepest, depth = 0, 1, 0
    flat = _STRING.sub('""', text)  # a JSON string holds no raw line break: lines are kept
    for bracket in _BRACKET.finditer(flat):
        depth += 1 if bracket.group() in "[{" else -1
        if depth > deepest:
            deepest, line_of_deepest = depth, flat.count("\n", 0, bracket.start()) + 1
    return deepest, line_of_deepest


def join_location(parent: str, key: str | int) -> str:
    """Append an object key or an array index to a dotted location."""
    if isinstance(key, int):
        return f"{parent}[{key}]"
    return f"{parent}.{key}" if parent else key


class _Walker:
    def __init__(self, text: str, lines: dict[str, int]) -> None:
        self.text = text
        self.lines = lines
        self.duplicates: list[tuple[str, int]] = []
        # Where each line starts: a line number is a binary search, not a count from the top.
        self._line_starts = [0, *(m.end() for m in re.finditer("\n", text))]

    def skip(self, pos: int) -> int:
        found = _SPACE.match(self.text, pos)
        return found.end() if found else pos

    def line_at(self, pos: int) -> int:
        return bisect.bisect_right(self._line_starts, pos)

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
        keys: set[str] = set()
        while True:
            pos = self.skip(pos)
            start = pos
            key, pos = _DECODER.raw_decode(self.text, pos)
            if key in keys:
                self.duplicates.append((join_location(location, str(key)), self.line_at(start)))
            keys.add(key)
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
