"""Rows checked a batch at a time, each check judging distinct values, not cells.

Most checks look at one cell, or a few cells of the same row, and nothing
else: a date column, a qualifier with its value, the sources a row cites
with the date it gives. Columns repeat a handful of values (a measure, a
counter, a date), so a batch of rows holds far fewer distinct values than
cells. Each distinct value is judged once; the values found good are
remembered (up to a bound, for columns of free text or ids), and only a
value found wrong sends the check back over the batch, to name the line of
each row that holds it. Sets, ``zip`` and ``map`` do the per-cell work at C
speed: a batch is turned into columns once, and a check reads its columns.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import compress, repeat
from operator import getitem
from typing import TypeVar

from amnistia.data.problems import Problem

Value = TypeVar("Value", bound=Hashable)
Found = TypeVar("Found")

GOOD_REMEMBERED = 10_000
"""Good values remembered per check: every repeated value, bounded for free text and ids."""


@dataclass(frozen=True)
class Batch:
    """Well-formed records that follow one another in a file, as rows and as columns."""

    lines: Sequence[int]
    """The physical line each record starts on."""
    records: list[list[str]]
    columns: list[tuple[str, ...]] = field(init=False)
    """The same cells by column: ``columns[i][n]`` is ``records[n][i]``."""

    def __post_init__(self) -> None:
        # Every record of a batch has the header's width (reader.py), so nothing is cut off.
        object.__setattr__(self, "columns", list(zip(*self.records, strict=True)))


def first_characters(cells: Iterable[str]) -> Iterator[str]:
    """Each cell's first character ("" for an empty cell), for a set to test all at once."""
    return map(getitem, cells, repeat(_FIRST))


_FIRST = slice(0, 1)


def judge_distinct(
    values: Iterable[Value], good: set[Value], judge: Callable[[Value], list[Found]]
) -> dict[Value, list[Found]]:
    """The values not already known good, judged once each: the wrong ones, with what is wrong."""
    wrong: dict[Value, list[Found]] = {}
    for value in set(values).difference(good):
        found = judge(value)
        if found:
            wrong[value] = found
        elif len(good) < GOOD_REMEMBERED:
            good.add(value)
    return wrong


def lines_with(
    wrong: dict[Value, list[Found]], values: Sequence[Value], lines: Sequence[int]
) -> Iterator[tuple[int, list[Found]]]:
    """(line, what is wrong) for each row whose value (``values`` holds one per row) is wrong."""
    for number in compress(range(len(values)), map(wrong.__contains__, values)):
        yield lines[number], wrong[values[number]]


def add_in_line_order(problems: list[Problem], found: list[Problem]) -> None:
    """Append a batch's ``found`` to ``problems`` row by row, as a reader goes; within a row,
    in the order the checks found them (the sort is stable)."""
    found.sort(key=_line)
    problems.extend(found)


def _line(problem: Problem) -> int:
    return problem.line
