"""Read a CSV file exactly as written, a batch of records at a time, each with its physical line.

Frictionless guesses another encoding when a file is not UTF-8 and quietly
accepts an unterminated quote (swallowing the rest of the file into one cell).
This reader refuses both, and knows the line on which every record starts, so
a problem in a cell that spans several lines still points at the right line.

The strict reading policy, each with its own problem:

- the file is at most ``MAX_CSV_BYTES`` (limits.py), refused unread above;
- UTF-8 (UTF-16 is named as such), without a byte-order mark (a warning);
- fields separated by commas (a file saved with semicolons or tabs is named
  as such instead of failing on its header);
- a quoted cell ends at its closing quote: no text after it, no quote left open;
- LF or CRLF line endings, the same throughout; no carriage return alone;
- the characters of characters.py: no control or invisible characters, NFC,
  mojibake as a warning;
- no cell longer than ``MAX_CELL_CHARS``;
- a header and at least one row (an empty table needs ``amnistia:mayBeEmpty``
  on its resource; package.py checks that).

It streams: only the batch being checked is in memory (BATCH_ROWS records),
so a file of a million rows costs what a few hundred rows cost. A file that turns out to be unreadable
part-way (not UTF-8, a quote never closed) ends as one fatal problem; the
caller drops whatever it found in the rows before, since the file as a whole
cannot be trusted.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import chain
from operator import itemgetter
from pathlib import Path

from amnistia.data.broken_records import (
    BOM,
    encoding_problem,
    last_column,
    longest_column,
    text_after_quote,
)
from amnistia.data.catalogue import make_problem
from amnistia.data.characters import describe
from amnistia.data.limits import MAX_CELL_CHARS, MAX_CSV_BYTES
from amnistia.data.line_policy import LineWatcher, scan_file
from amnistia.data.problems import Problem, ProblemList
from amnistia.i18n import N_, _

UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
OTHER_DELIMITERS = {";": N_("semicolons"), "\t": N_("tabs"), "|": N_("vertical bars")}
"""Separators spreadsheets offer besides the comma, by how the message names them."""


BATCH_ROWS = 256
"""Records read and checked at a time: enough that the checks run at C speed over
each column, few enough to stay small in memory and to isolate a bad row."""

LinedRecords = tuple[Sequence[int], list[list[str]]]
"""Records that follow one another in the file, and the physical line each starts on."""

_first = itemgetter(0)


def _starts_well(record: list[str], width: int) -> bool:
    """The header's width and a first cell that is not blank: nearly every record, told by its first cell."""
    first = record[0] if record else ""
    return len(record) == width and bool(first) and not first.isspace()


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
    blank and ragged rows, a character the policy refuses); ``fatal`` is set
    when the file cannot be read as CSV at all, after which no record is yielded.
    """

    def __init__(self, file: Path, path: str, expected_header: list[str]) -> None:
        self.file = file
        self.path = path
        self.problems: list[Problem] = ProblemList()
        self.fatal: Problem | None = None
        self.header: list[str] = []
        self.expected = expected_header
        self.row_count = 0
        self.on_ragged: Callable[[int, list[str]], None] | None = None
        """Called with each record whose cell count is wrong (its keys still count, as in frictionless)."""
        self._text: io.TextIOWrapper | None = None
        self.hidden_formulas = True
        size = file.stat().st_size
        if size > MAX_CSV_BYTES:
            self.fatal = make_problem(
                "file-too-large", path, 0, size=_megabytes(size), limit=_megabytes(MAX_CSV_BYTES)
            )
            return
        binary = file.open("rb")
        start = binary.read(4096)
        if start.startswith(UTF16_BOMS) or _looks_utf16(start):
            binary.close()
            self.fatal = make_problem("utf-16", path, 1)
            return
        binary.seek(0)
        if start.startswith(BOM):
            self.problems.append(make_problem("byte-order-mark", path, 1))
            binary.seek(len(BOM))
        self._text = io.TextIOWrapper(binary, encoding="utf-8", newline="")
        self._watcher = LineWatcher()
        # Nearly every file is clean: one fast scan says so, and then the CSV
        # reader takes its lines directly, without the line-by-line watcher.
        scan = scan_file(file)
        self._short_lines = scan.longest_line <= MAX_CELL_CHARS
        """No line is longer than a cell may be: only a record over several lines needs measuring."""
        self.hidden_formulas = scan.hidden_formulas
        """Whether a cell may hide a formula after a separator (else only cell starts need a look)."""
        lines = self._watcher.lines(self._text) if scan.watch else self._text
        self._watching = scan.watch
        self._reader = csv.reader(lines, strict=True)
        first = self._next_record()
        if self.fatal is None and (first is None or not any(first[1])):
            self._fail(
                make_problem("empty-file", path, 1, expected=",".join(expected_header) or "(see the schema)")
            )
        elif first is not None:
            self.header = first[1]
            self._check_delimiter()

    def batches(self, size: int = 0) -> Iterator[LinedRecords]:
        """The well-formed data records, a batch at a time, each with the line it starts on.

        Blank and ragged records become problems, and a ragged one is handed to
        ``on_ragged``, between batches: a batch ends before each such record,
        so whoever checks the batches sees every record in the file's order.
        """
        if self.fatal is not None:
            return
        size = size or BATCH_ROWS
        try:
            yield from (
                self._runs(self._careful_records(), size) if self._watching else self._clean_batches(size)
            )
        finally:
            self.close()

    def records(self) -> Iterator[tuple[int, list[str]]]:
        """Each well-formed data record as (line, cells); blank and ragged ones become problems."""
        for lines, records in self.batches():
            yield from zip(lines, records, strict=True)

    def _careful_records(self) -> Iterator[tuple[int, list[str]]]:
        """Every record of a file whose lines the watcher must see, one at a time."""
        while (found := self._next_record()) is not None:
            self.row_count += 1
            yield found

    def _clean_batches(self, size: int) -> Iterator[LinedRecords]:
        """batches() for a file the first scan found clean: the csv reader's own loop.

        Nothing is pending from a line watcher (there is none). A batch is
        read whole; when every record has the header's width, a first cell
        that is not blank and no cell over the size limit (nearly always), it
        goes as it is. Otherwise its records are sorted one by one.
        """
        reader, width, limit = self._reader, len(self.header), MAX_CELL_CHARS
        end = reader.line_num
        while True:
            records: list[list[str]] = []
            ends: list[int] = []
            try:
                for record in reader:
                    records.append(record)
                    ends.append(reader.line_num)
                    if len(records) == size:
                        break
            except UnicodeDecodeError as error:
                found = encoding_problem(self.file, self.path)
                start = (ends[-1] if ends else end) + 1
                self._fail(found or make_problem("csv-syntax", self.path, start, detail=str(error)))
                return
            except csv.Error as error:
                self._fail(self._syntax_problem(str(error), (ends[-1] if ends else end) + 1))
                return
            if not records:
                return
            # Where each record starts: one line after the previous one ended.
            one_line_each = ends[-1] - end == len(records)
            lines: Sequence[int] = (
                range(end + 1, ends[-1] + 1) if one_line_each else [end + 1, *(e + 1 for e in ends[:-1])]
            )
            end = ends[-1]
            self.row_count += len(records)
            if (
                set(map(len, records)) == {width}
                and all(map(str.strip, map(_first, records)))
                and (
                    (one_line_each and self._short_lines)
                    or max(map(len, chain.from_iterable(records))) <= limit
                )
            ):
                yield lines, records
            else:
                yield from self._runs(zip(lines, records, strict=True), len(records))

    def _runs(self, found: Iterable[tuple[int, list[str]]], size: int) -> Iterator[LinedRecords]:
        """Records in runs of at most ``size`` well-formed ones; each odd record ends a run, alone.

        In a clean file a record over the size limit is odd too: _next_record,
        which measures it in the careful reading, has not seen it.
        """
        width = len(self.header)
        lines: list[int] = []
        records: list[list[str]] = []
        for line, record in found:
            if _starts_well(record, width) and not self._unmeasured_and_long(record):
                lines.append(line)
                records.append(record)
                if len(records) == size:
                    yield lines, records
                    lines, records = [], []
                continue
            if records:
                yield lines, records
                lines, records = [], []
            for odd in self._odd_record(line, record, width):
                yield [odd[0]], [odd[1]]
        if records and self.fatal is None:
            yield lines, records

    def _odd_record(self, start: int, record: list[str], width: int) -> Iterator[tuple[int, list[str]]]:
        """A record not passed at once: blank, ragged, or (in a clean file) a cell too long."""
        if self._unmeasured_and_long(record):
            self._check_cell_sizes(start, record)
        if _starts_well(record, width):
            yield start, record
        elif all(cell.strip() == "" for cell in record):
            self.problems.append(make_problem("blank-row", self.path, start))
        elif len(record) != width:
            code = "extra-cell" if len(record) > width else "missing-cell"
            column = self.header[len(record)] if len(record) < width else ""
            self.problems.append(
                make_problem(code, self.path, start, column, found=len(record), expected=width)
            )
            if self.on_ragged is not None:
                self.on_ragged(start, record)
        else:
            yield start, record

    def _unmeasured_and_long(self, record: list[str]) -> bool:
        """A record long enough that a cell may pass the size limit, which the clean reading has not
        measured (the careful one measures every record, in _next_record)."""
        return not self._watching and sum(map(len, record)) > MAX_CELL_CHARS

    def close(self) -> None:
        if self._text is not None:
            self._text.close()

    def _next_record(self) -> tuple[int, list[str]] | None:
        """The next record and the line it starts on; None at the end or on a fatal problem."""
        watcher = self._watcher
        start = self._reader.line_num + 1
        try:
            record = next(self._reader)
        except StopIteration:
            return None
        except UnicodeDecodeError as error:
            found = encoding_problem(self.file, self.path)
            self._fail(found or make_problem("csv-syntax", self.path, start, detail=str(error)))
            return None
        except csv.Error as error:
            self._fail(self._syntax_problem(str(error), start))
            return None
        if watcher.pending:
            self._place_characters(start, record)
        if watcher.endings:
            self._place_endings(record)
        if sum(map(len, record)) > MAX_CELL_CHARS:
            self._check_cell_sizes(start, record)
        watcher.next_record()
        return start, record

    def _syntax_problem(self, error: str, start: int) -> Problem:
        if "unexpected end of data" in error:
            return make_problem(
                "unterminated-quote", self.path, start, last_column(self.file, start, self.header)
            )
        if "field larger than field limit" in error:
            return make_problem(
                "cell-too-large",
                self.path,
                start,
                longest_column(self.file, start, self.header),
                size=_("more than {limit}").format(limit=f"{csv.field_size_limit():,}"),
                limit=f"{MAX_CELL_CHARS:,}",
            )
        if "expected after" in error:
            line, column = text_after_quote(self.file, start, self.header)
            return make_problem("text-after-quote", self.path, line, column)
        return make_problem("csv-syntax", self.path, self._reader.line_num, detail=error)

    def _column_name(self, index: int) -> str:
        names = self.header or self.expected
        return names[index] if 0 <= index < len(names) else ""

    def _place_characters(self, start: int, record: list[str]) -> None:
        """Name the column of each character the policy found on this record's lines."""
        for line, finding in self._watcher.pending:
            index = next((i for i, cell in enumerate(record) if finding.text in cell), -1)
            # A bad character in the header is named by the column it should have been.
            names = self.expected if start == 1 else (self.header or self.expected)
            column = names[index] if 0 <= index < len(names) else ""
            params: dict[str, object] = {"column": finding.column, "char": describe(finding.text[0])}
            if finding.code == "mojibake":
                params["value"] = finding.text
            self.problems.append(make_problem(finding.code, self.path, line, column, **params))

    def _check_cell_sizes(self, start: int, record: list[str]) -> None:
        for index, cell in enumerate(record):
            if len(cell) > MAX_CELL_CHARS:
                self.problems.append(
                    make_problem(
                        "cell-too-large",
                        self.path,
                        start,
                        self._column_name(index),
                        size=f"{len(cell):,}",
                        limit=f"{MAX_CELL_CHARS:,}",
                    )
                )

    def _check_delimiter(self) -> None:
        """A header of one cell holding the expected names joined by another separator."""
        if len(self.header) != 1 or len(self.expected) < 2:
            return
        for delimiter, name in OTHER_DELIMITERS.items():
            if len(self.header[0].split(delimiter)) >= 2:
                self._fail(make_problem("wrong-delimiter", self.path, 1, separators=_(name)))
                return

    def _place_endings(self, record: list[str]) -> None:
        """A line ending inside a quoted cell is that cell's; one that ends the row has no field."""
        for line, code, params in self._watcher.endings:
            breaks = "\r" if code == "lone-carriage-return" else "\n"
            index = next((i for i, cell in enumerate(record) if breaks in cell), -1)
            names = self.header or self.expected
            column = names[index] if 0 <= index < len(names) else ""
            self.problems.append(make_problem(code, self.path, line, column, **params))
        self._watcher.endings.clear()

    def _fail(self, problem: Problem) -> None:
        # A file that is not UTF-8 is reported as such even when a CSV error
        # comes first: re-saving it as UTF-8 is the fix to make before any other.
        if problem.code != "encoding-error":
            problem = encoding_problem(self.file, self.path) or problem
        self.fatal = problem
        self.close()


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:,.1f}"


def _looks_utf16(start: bytes) -> bool:
    """UTF-16 without a byte-order mark: Latin text leaves a NUL in every other byte."""
    if len(start) < 4:
        return False
    even, odd = start[0::2].count(0), start[1::2].count(0)
    return max(even, odd) >= len(start) // 4 and min(even, odd) <= max(even, odd) // 8
