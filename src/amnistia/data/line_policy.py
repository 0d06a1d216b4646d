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
from pathlib import Path

from amnistia.data.characters import CharacterFinding, check_line, check_text

CHUNK = 1 << 18
"""Characters scanned at a time by ``needs_watching``."""


@dataclass(frozen=True)
class Scan:
    """What one fast pass over a file's text found."""

    watch: bool
    """Something may break the policy: read the file line by line (LineWatcher)."""
    hidden_formulas: bool
    """A separator followed by a formula trigger occurs: check inside every text cell."""


def scan_file(file: Path) -> Scan:
    """One fast pass over the whole text of ``file``, before it is read as CSV.

    String methods over large chunks cost a fraction of a per-line or
    per-cell check; only a file in which something is found pays for those.
    A file that is not UTF-8 is left to the reader, which says so.
    """
    carry = ""
    watch = hidden = False
    try:
        with file.open(encoding="utf-8-sig", newline="") as handle:
            while chunk := handle.read(CHUNK):
                text = carry + chunk
                carry = text[-1] if text.endswith(("\r", ";", ",", "|", "\t")) else ""
                body = text[:-1] if carry else text
                watch = watch or check_text(body) or _mixed_endings(body)
                hidden = hidden or _has_formula_pair(body)
                if watch and hidden:
                    break
    except UnicodeDecodeError:
        return Scan(watch=False, hidden_formulas=True)
    return Scan(watch=watch or carry == "\r", hidden_formulas=hidden)


def _has_formula_pair(text: str) -> bool:
    """Whether a separator is followed by a formula trigger anywhere in ``text``."""
    if not any(trigger in text for trigger in "-=+@"):
        return False
    # Every date holds a "-": rather than a search of the whole text for each
    # of its pairs, the text's bytes become three symbols (separator, trigger,
    # other) and one search finds "separator then trigger". UTF-8 keeps every
    # ASCII character a byte of its own.
    return _PAIR in text.encode("utf-8", "surrogatepass").translate(_PAIR_TABLE)


def _mixed_endings(text: str) -> bool:
    returns = text.count("\r")
    return bool(returns) and not returns == text.count("\r\n") == text.count("\n")


_PAIR_TABLE = bytes(0 if chr(b) in ";,|\t" else 1 if chr(b) in "=+-@" else 2 for b in range(256))
_PAIR = b"\x00\x01"

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
