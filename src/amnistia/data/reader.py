"""Read a CSV file exactly as written, remembering each record's physical line.

Frictionless guesses another encoding when a file is not UTF-8 and quietly
accepts an unterminated quote (swallowing the rest of the file into one cell).
This reader refuses both, and keeps the line on which every record starts, so
a problem in a cell that spans several lines still points at the right line.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field

from amnistia.data.catalogue import make_problem
from amnistia.data.problems import Problem

BOM = b"\xef\xbb\xbf"


@dataclass
class Table:
    """The records of one CSV file; record 0 is the header."""

    path: str
    records: list[list[str]]
    lines: list[int]
    """Physical line on which each record starts (the header is line 1)."""
    ragged: set[int] = field(default_factory=set)
    """Indexes of records whose cell count differs from the header's, or that are blank."""

    @property
    def header(self) -> list[str]:
        return self.records[0] if self.records else []

    def rows(self) -> Iterator[tuple[int, dict[str, str]]]:
        """Each well-formed data row as (line, {column: cell})."""
        header = self.header
        for index in range(1, len(self.records)):
            if index not in self.ragged:
                yield self.lines[index], dict(zip(header, self.records[index], strict=True))

    @property
    def row_count(self) -> int:
        return max(len(self.records) - 1, 0)

    def line_of_record(self, number: int) -> int:
        """Physical line of frictionless' 1-based row number (header = 1)."""
        if 1 <= number <= len(self.lines):
            return self.lines[number - 1]
        return 0


def read_table(raw: bytes, path: str, header: list[str] | None = None) -> tuple[Table | None, list[Problem]]:
    """Decode and parse ``raw``; None when the file cannot be read as CSV."""
    problems: list[Problem] = []
    if raw.startswith(BOM):
        problems.append(make_problem("byte-order-mark", path, 1))
        raw = raw[len(BOM) :]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line_start = raw.rfind(b"\n", 0, error.start) + 1
        problems.append(
            make_problem(
                "encoding-error",
                path,
                raw.count(b"\n", 0, error.start) + 1,
                _column_of_offset(raw, error.start),
                byte=f"0x{raw[error.start]:02X}",
                column=len(raw[line_start : error.start].decode("utf-8", "replace")) + 1,
            )
        )
        return None, problems
    table, parse_problems = _parse(text, path, ",".join(header or []))
    return table, problems + parse_problems


def _parse(text: str, path: str, header: str) -> tuple[Table | None, list[Problem]]:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records: list[list[str]] = []
    lines: list[int] = []
    consumed = 0
    try:
        for record in reader:
            records.append(record)
            lines.append(consumed + 1)
            consumed = reader.line_num
    except csv.Error as error:
        start = consumed + 1
        if "unexpected end of data" in str(error):
            column = _last_column(text, start, records[0] if records else [])
            return None, [make_problem("unterminated-quote", path, start, column)]
        return None, [make_problem("csv-syntax", path, reader.line_num, detail=str(error))]
    if not records or not any(records[0]):
        return None, [make_problem("empty-file", path, 1, expected=header or "(see the schema)")]
    problems: list[Problem] = []
    table = Table(path, records, lines)
    width = len(records[0])
    for index in range(1, len(records)):
        record = records[index]
        if all(cell.strip() == "" for cell in record):
            table.ragged.add(index)
            problems.append(make_problem("blank-row", path, lines[index]))
        elif len(record) != width:
            table.ragged.add(index)
            code = "extra-cell" if len(record) > width else "missing-cell"
            column = _column_name(records[0], len(record), width)
            problems.append(make_problem(code, path, lines[index], column, found=len(record), expected=width))
    return table, problems


def _column_name(header: list[str], found: int, width: int) -> str:
    """The first column a ragged row misses, or empty when it has too many."""
    return header[found] if found < width else ""


def _column_of_offset(raw: bytes, offset: int) -> str:
    """The header name of the column holding byte ``offset``, read leniently.

    Assumes the record starts at the beginning of its line, which holds for
    all but cells spanning several lines; then the field is simply unknown.
    """
    header_end = raw.find(b"\n")
    line_start = raw.rfind(b"\n", 0, offset) + 1
    if header_end < 0 or line_start == 0:
        return ""
    header = next(csv.reader([raw[:header_end].decode("utf-8", "replace").rstrip("\r")]), [])
    before = raw[line_start:offset].decode("utf-8", "replace")
    index = len(next(csv.reader([before + "x"]), [])) - 1
    return header[index] if 0 <= index < len(header) else ""


def _last_column(text: str, start_line: int, header: list[str]) -> str:
    """The column whose cell opened the quote that never closes, read leniently."""
    rest = "".join(io.StringIO(text, newline="").readlines()[start_line - 1 :])
    cells = next(csv.reader(io.StringIO(rest, newline="")), [])
    index = len(cells) - 1
    return header[index] if 0 <= index < len(header) else ""
