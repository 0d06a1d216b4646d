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

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from amnistia.data.characters import CharacterFinding, check_line

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
