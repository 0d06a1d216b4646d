"""Where a record that the CSV reader refused went wrong: the byte, the line, the column.

The reader (reader.py) stops at the first record it cannot parse; these
read the file again around that record, leniently, to say where a
contributor should look: the first byte that is not UTF-8, the column of a
quote never closed, of a cell too long, or of text after a closing quote.
Only a broken file pays for them.
"""

from __future__ import annotations

import csv
from pathlib import Path

from amnistia.data.catalogue import make_problem
from amnistia.data.problems import Problem

BOM = b"\xef\xbb\xbf"


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
    line = header.decode("utf-8", "replace").rstrip("\r\n").replace("\r", " ")
    names = next(csv.reader([line]), [])
    index = len(_lenient_cells(before + "x")) - 1
    return names[index] if 0 <= index < len(names) else ""


def _record_text(file: Path, start_line: int) -> str:
    with file.open(encoding="utf-8", errors="replace", newline="") as handle:
        return "".join(handle.readlines()[start_line - 1 :])


def last_column(file: Path, start_line: int, header: list[str]) -> str:
    """The column whose cell opened the quote that never closes, read leniently."""
    index = len(_lenient_cells(_record_text(file, start_line))) - 1
    return header[index] if 0 <= index < len(header) else ""


def longest_column(file: Path, start_line: int, header: list[str]) -> str:
    """The column of the longest cell of the record starting on ``start_line``, read leniently."""
    lengths = _lenient_cells(_record_text(file, start_line))
    index = lengths.index(max(lengths))
    return header[index] if 0 <= index < len(header) else ""


def _lenient_cells(text: str) -> list[int]:
    """The length of each cell of the record ``text`` starts with, read without ``csv``'s size limit."""
    lengths = [0]
    quoted = False
    position = 0
    while position < len(text):
        char = text[position]
        if quoted and char == '"' and text.startswith('"', position + 1):
            lengths[-1] += 1
            position += 1
        elif char == '"' and (quoted or lengths[-1] == 0):
            quoted = not quoted
        elif not quoted and char == ",":
            lengths.append(0)
        elif not quoted and char in "\r\n":
            break
        else:
            lengths[-1] += 1
        position += 1
    return lengths


def text_after_quote(file: Path, start_line: int, header: list[str]) -> tuple[int, str]:
    """The line and column of the first cell with text after its closing quote."""
    text = _record_text(file, start_line)
    index, line, position = 0, start_line, 0
    quoted = closed = False
    at_start = True
    while position < len(text):
        char = text[position]
        if char == "\n":
            line += 1
        if quoted:
            if char == '"' and text[position + 1 : position + 2] == '"':
                position += 1
            elif char == '"':
                quoted, closed = False, True
        elif char == ",":
            index, at_start, closed = index + 1, True, False
            position += 1
            continue
        elif closed or char in "\r\n":
            break  # text after the closing quote (or the end of the record)
        elif char == '"' and at_start:
            quoted = True
        at_start = False
        position += 1
    return line, header[index] if 0 <= index < len(header) else ""
