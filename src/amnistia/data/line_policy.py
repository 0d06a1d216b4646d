"""The physical lines of a CSV file, watched as the CSV reader takes them.

Between the decoded text and ``csv.reader`` sits one generator that sees
every physical line once, with its line ending: it applies the character
policy (characters.py), notices a lone carriage return or a change of line
ending, and counts the characters of the record being read, so that an
overlong cell is found without measuring every cell of every row.

Line endings: LF or CRLF, the same throughout the file. A carriage return
alone ends a line on old Macs and nowhere else; a file that mixes endings
has been pasted together from two editors, and the place where they meet
is worth a look.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from amnistia.data.broken_records import BOM
from amnistia.data.characters import CharacterFinding, check_line, wide_characters, wide_text_may_break

CHUNK = 1 << 20
"""Bytes scanned at a time by ``scan_file``."""


@dataclass(frozen=True)
class Scan:
    """What one fast pass over a file's bytes found."""

    watch: bool
    """Something may break the policy: read the file line by line (LineWatcher)."""
    hidden_formulas: bool
    """A separator followed by a formula trigger occurs: check inside every text cell."""
    longest_line: int
    """Bytes of the longest physical line: no cell on one line can have more characters."""


def scan_file(file: Path) -> Scan:
    """One fast pass over the whole of ``file``, before it is read as CSV.

    Byte methods over large chunks cost a fraction of a per-line or per-cell
    check, and of decoding the text; only a file in which something is found
    pays for those. Bytes that are not UTF-8 make the reading careful, and
    the reader says what they are.
    """
    endings = Endings()
    watch = hidden = False
    carry = b""
    before = ""  # the last characters outside ASCII, which the next ones might combine with
    longest = partial = 0  # partial: the bytes of the line the last chunk ended in
    with file.open("rb") as handle:
        if handle.read(len(BOM)) != BOM:
            handle.seek(0)  # a byte-order mark is the reader's to report, not a character of the text
        while True:
            chunk = handle.read(CHUNK)
            data = carry + chunk
            if not data:
                break
            # A character cut by the chunk's end, or a separator or carriage return
            # whose next byte decides what it means, waits for the next chunk.
            end = len(data) if not chunk else _whole_end(data)
            body, carry = data[:end], data[end:]
            classes = body.translate(_CLASSES)
            if not watch and not body.isascii():
                wide = wide_characters(body)
                watch = wide is None or wide_text_may_break(before + wide) or _only_marks(before)
                before = (before + (wide or ""))[-_BEFORE:]
            watch = watch or _CONTROL in classes or endings.mixed(body)
            hidden = hidden or _PAIR in classes
            lines = body.split(b"\n")
            longest = max(longest, partial + len(lines[0]), max(map(len, lines)))
            partial = len(lines[-1]) if len(lines) > 1 else partial + len(lines[0])
            if not chunk:
                break
    return Scan(watch=watch, hidden_formulas=hidden, longest_line=longest)


def _only_marks(text: str) -> bool:
    """Combining marks only, as far back as the scan keeps: too long a run to judge by its end."""
    return len(text) == _BEFORE and all(unicodedata.combining(char) for char in text)


def _whole_end(data: bytes) -> int:
    """Where ``data`` can be cut: before a last character whose bytes have not all come, and
    before a last separator or carriage return."""
    end = len(data)
    start = end - 1
    while start > end - 4 and start > 0 and 0x80 <= data[start] < 0xC0:
        start -= 1  # back over continuation bytes to the character's first byte
    lead = data[start]
    if lead >= 0xC0 and start + (2 if lead < 0xE0 else 3 if lead < 0xF0 else 4) > end:
        end = start
    if end and data[end - 1] in _WAITS:
        end -= 1
    return end


@dataclass
class Endings:
    """The line endings met so far, over the chunks of one file."""

    kinds: set[bytes] = field(default_factory=set)

    def mixed(self, data: bytes) -> bool:
        """Whether ``data`` holds a lone carriage return, or an ending other than the ones before."""
        if b"\r" not in data:
            if b"\n" in data:
                self.kinds.add(b"\n")
            return len(self.kinds) > 1
        returns, pairs = data.count(b"\r"), data.count(b"\r\n")
        if returns != pairs:
            return True
        self.kinds.add(b"\r\n")
        if data.count(b"\n") != pairs:
            self.kinds.add(b"\n")
        return len(self.kinds) > 1


# Each byte becomes one of four symbols: separator, formula trigger, refused control, other.
# One search then finds "a separator then a trigger" (a formula hidden after a separator,
# which every text cell must then be checked for), another any control character.
# UTF-8 keeps every ASCII character a byte of its own.
_CONTROLS = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])
_CLASSES = bytes(
    0 if chr(b) in ";,|\t" else 1 if chr(b) in "=+-@" else 3 if b in _CONTROLS else 2 for b in range(256)
)
_PAIR = b"\x00\x01"
_CONTROL = b"\x03"
_WAITS = b"\r;,|\t"
_BEFORE = 32
"""Characters outside ASCII carried from one chunk to the next: a starter and its marks."""

_ENDING_NAMES = {"\n": "LF", "\r\n": "CRLF", "\r": "CR"}


@dataclass
class LineWatcher:
    """Feeds ``csv.reader`` and remembers what it saw on the lines of the current record."""

    number: int = 0
    """Physical lines handed out so far."""
    chars: int = 0
    """Characters of the record being read (line endings excluded)."""
    pending: list[tuple[int, CharacterFinding]] = field(default_factory=list)
    """(line, finding) on the lines of the record being read."""
    endings: list[tuple[int, str, dict[str, object]]] = field(default_factory=list)
    """(line, code, parameters) of line-ending problems: each kind once per file."""
    _first_ending: tuple[int, str] | None = None
    _reported: set[str] = field(default_factory=set)

    def lines(self, text: Iterable[str]) -> Iterator[str]:
        """Every line of ``text``, unchanged, while noting what the policy says of it."""
        for line in text:
            self.number += 1
            body = line.rstrip("\r\n")
            if len(body) != len(line):
                self._note_ending(line[len(body) :])
            self.chars += len(body)
            found = check_line(body)
            if found:
                self.pending += [(self.number, finding) for finding in found]
            yield line

    def next_record(self) -> None:
        """The current record is complete: start counting the next one."""
        self.chars = 0
        self.pending.clear()

    def _note_ending(self, ending: str) -> None:
        if ending == "\r":
            self._once("lone-carriage-return", {})
            return
        if self._first_ending is None:
            self._first_ending = (self.number, ending)
        elif ending != self._first_ending[1]:
            first_line, first = self._first_ending
            params = {
                "found": _ENDING_NAMES[ending],
                "expected": _ENDING_NAMES[first],
                "first_line": first_line,
            }
            self._once("mixed-line-endings", params)

    def _once(self, code: str, params: dict[str, object]) -> None:
        if code not in self._reported:
            self._reported.add(code)
            self.endings.append((self.number, code, params))
