"""Read a CSV file exactly as written, one record at a time, with its physical line.

Frictionless guesses another encoding when a file is not UTF-8 and quietly
accepts an unterminated quote (swallowing the rest of the file into one cell).
This reader refuses both, and knows the line on which every record starts, so
a problem in a cell that spans several lines still points at the right line.

It streams: only the record being checked is in memory, so a file of a
million rows costs what one row costs. A file that turns out to be unreadable
part-way (not UTF-8, a quote never closed) ends as one fatal problem; the
caller drops whatever it found in the rows before, since the file as a whole
cannot be trusted.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from amnistia.data.catalogue import make_problem
from amnistia.data.problems import Problem

BOM = b"\xef\xbb\xbf"


@dataclass
class Table:
    """The well-formed rows of one CSV file, kept as read (for the build)."""

    path: str
    header: list[str]
    records: list[list[str]] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    """Physical line on which each kept record starts (the header is line 1)."""
    row_count: int = 0
    """Data records in the file, including the blank and ragged ones that are not kept."""

    def rows(self) -> Iterator[tuple[int, dict[str, str]]]:
        """Each well-formed data row as (line, {column: cell})."""
        header = self.header
        for line, record in zip(self.lines, self.records, strict=True):
            yield line, dict(zip(header, record, strict=True))


class CsvStream:
    """One CSV file opened for a single pass: the header now, the records on demand.

    ``problems`` collects what does not stop the reading (a byte-order mark,
    blank and ragged rows); ``fatal`` is set when the file cannot be read as
    CSV at all, after which no record is yielded.
    """

    def __init__(self, file: Path, path: str, expected_header: list[str]) -> None:
        self.file = file
        self.path = path
        self.problems: list[Problem] = []
        self.fatal: Problem | None = None
        self.header: list[str] = []
        self.row_count = 0
        self.on_ragged: Callable[[int, list[str]], None] | None = None
        """Called with each record whose cell count is wrong (its keys still count, as in frictionless)."""
        self._binary = file.open("rb")
        if self._binary.read(len(BOM)) == BOM:
            self.problems.append(make_problem("byte-order-mark", path, 1))
        else:
            self._binary.seek(0)
        self._text = io.TextIOWrapper(self._binary, encoding="utf-8", newline="")
        self._reader = csv.reader(self._text, strict=True)
        self._consumed = 0
        first = self._next_record()
        if self.fatal is None and (first is None or not any(first[1])):
            self._fail(
                make_problem("empty-file", path, 1, expected=",".join(expected_header) or "(see the schema)")
            )
        elif first is not None:
            self.header = first[1]

    def records(self) -> Iterator[tuple[int, list[str]]]:
        """Each well-formed data record as (line, cells); blank and ragged ones become problems."""
        width = len(self.header)
        header = self.header
        problems = self.problems
        path = self.path
        try:
            while self.fatal is None:
                found = self._next_record()
                if found is None:
                    return
                line, record = found
                self.row_count += 1
                first = record[0] if record else ""
                if len(record) == width and first and not first.isspace():
                    yield line, record  # the common case, decided on the first cell
                elif all(cell.strip() == "" for cell in record):
                    problems.append(make_problem("blank-row", path, line))
                elif len(record) != width:
                    code = "extra-cell" if len(record) > width else "missing-cell"
                    column = header[len(record)] if len(record) < width else ""
                    problems.append(make_problem(code, path, line, column, found=len(record), expected=width))
                    if self.on_ragged is not None:
                        self.on_ragged(line, record)
                else:
                    yield line, record
        finally:
            self.close()

    def close(self) -> None:
        self._text.close()

    def _next_record(self) -> tuple[int, list[str]] | None:
        """The next record and the line it starts on; None at the end or on a fatal problem."""
        reader = self._reader
        try:
            record = next(reader)
        except StopIteration:
            return None
        except UnicodeDecodeError as error:
            found = encoding_problem(self.file, self.path)
            self._fail(found or make_problem("csv-syntax", self.path, self._consumed + 1, detail=str(error)))
            return None
        except csv.Error as error:
            start = self._consumed + 1
            if "unexpected end of data" in str(error):
                column = _last_column(self.file, start, self.header)
                self._fail(make_problem("unterminated-quote", self.path, start, column))
            else:
                self._fail(make_problem("csv-syntax", self.path, reader.line_num, detail=str(error)))
            return None
        line = self._consumed + 1
        self._consumed = reader.line_num
        return line, record

    def _fail(self, problem: Problem) -> None:
        # A file that is not UTF-8 is reported as such even when a CSV error
        # comes first: re-saving it as UTF-8 is the fix to make before any other.
        if problem.code != "encoding-error":
            problem = encoding_problem(self.file, self.path) or problem
        self.fatal = problem
        self.close()


def encoding_problem(file: Path, path: str) -> Problem | None:
    """The first byte of ``file`` that is not UTF-8, as a problem; None when it is all UTF-8.

    Decodes line by line: a newline byte never occurs inside a UTF-8
    sequence, so each line decodes on its own.
    """
    header: bytes | None = None
    with file.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if number == 1 and raw.startswith(BOM):
                raw = raw[len(BOM) :]
            if header is None:
                header = raw
            try:
                raw.decode("utf-8")
            except UnicodeDecodeError as error:
                prefix = raw[: error.start].decode("utf-8", "replace")
                return make_problem(
                    "encoding-error",
                    path,
                    number,
                    _column_of(header, prefix) if number > 1 else "",
                    byte=f"0x{raw[error.start]:02X}",
                    column=len(prefix) + 1,
                )
    return None


def _column_of(header: bytes, before: str) -> str:
    """The header name of the column a line's text ``before`` the bad byte ends in, read leniently.

    Assumes the record starts at the beginning of its line, which holds for
    all but cells spanning several lines; then the field is simply unknown.
    """
    names = next(csv.reader([header.decode("utf-8", "replace").rstrip("\r\n")]), [])
    index = len(next(csv.reader([before + "x"]), [])) - 1
    return names[index] if 0 <= index < len(names) else ""


def _last_column(file: Path, start_line: int, header: list[str]) -> str:
    """The column whose cell opened the quote that never closes, read leniently."""
    with file.open(encoding="utf-8", errors="replace", newline="") as handle:
        lines = handle.readlines()[start_line - 1 :]
    cells = next(csv.reader(io.StringIO("".join(lines), newline="")), [])
    index = len(cells) - 1
    return header[index] if 0 <= index < len(header) else ""
