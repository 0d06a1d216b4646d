"""The axes of a chart: round value steps and calendar-aligned date ticks that fit."""

from __future__ import annotations

import datetime
import itertools
import math
from collections.abc import Callable, Iterator

WIDTH = 420  # user units; phones show it at ~330 px: 16-unit text stays >= 12 px
FONT = 16
PLOT_RIGHT = WIDTH - 12
MAX_Y_INTERVALS = 6


def nice_scale(highest: int) -> tuple[int, int]:
    """Return a round tick step and the axis maximum (a multiple of it) covering ``highest``."""
    highest = max(highest, 1)
    magnitude = 10 ** max(len(str(highest)) - 2, 0)
    while True:
        for factor in (1, 2, 5):
            step = factor * magnitude
            if math.ceil(highest / step) <= MAX_Y_INTERVALS:
                return step, math.ceil(highest / step) * step
        magnitude *= 10


def date_ticks(
    first: datetime.date,
    last: datetime.date,
    date_label: Callable[[datetime.date], str],
    x_of: Callable[[datetime.date], float],
) -> list[tuple[datetime.date, str]]:
    """Return the densest run of calendar-aligned ticks whose labels do not overlap."""
    if first == last:
        return [(first, date_label(first))]
    for unit, step in _TICK_STEPS:
        if (last - first).days / _APPROX_DAYS[unit] / step > (PLOT_RIGHT - 40) / 30:
            continue  # far too many ticks to fit: skip without labelling them
        ticks = [(day, date_label(day)) for day in _calendar(unit, step, first, last)]
        if len(ticks) >= 2 and _labels_fit([(x_of(day), text) for day, text in ticks]):
            return ticks
    return [(first, date_label(first)), (last, date_label(last))]


_TICK_STEPS = (
    ("day", 1),
    ("day", 2),
    ("week", 1),
    ("half-month", 1),
    ("month", 1),
    ("month", 2),
    ("month", 3),
    ("month", 6),
    ("year", 1),
    ("year", 2),
    ("year", 5),
    ("year", 10),
    ("year", 25),
    ("year", 50),
    ("year", 100),
)
_APPROX_DAYS = {"day": 1.0, "week": 7.0, "half-month": 15.2, "month": 30.4, "year": 365.2}


def _calendar(unit: str, step: int, first: datetime.date, last: datetime.date) -> Iterator[datetime.date]:
    """Yield the days from ``first`` to ``last`` that start a ``step``-sized calendar unit."""
    if unit in ("day", "week"):
        day = first
        while day <= last:
            ordinal = day.toordinal()
            if (unit == "day" and ordinal % step == 0) or (unit == "week" and day.weekday() == 0):
                yield day
            day += datetime.timedelta(days=1)
        return
    months = 12 if unit == "year" else 1
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        index = year * 12 + month - 1
        if index % (months * step) == 0:
            for day_of_month in (1, 15) if unit == "half-month" else (1,):
                day = datetime.date(year, month, day_of_month)
                if first <= day <= last:
                    yield day
        year, month = divmod(index + 1, 12)
        month += 1


def _labels_fit(ticks: list[tuple[float, str]]) -> bool:
    return all(
        b[0] - a[0] >= (text_width(a[1]) + text_width(b[1])) / 2 + 10 for a, b in itertools.pairwise(ticks)
    )


def text_width(text: str) -> float:
    """Estimate rendered width: we cannot measure text at build time, so err wide."""
    return len(text) * FONT * 0.58
