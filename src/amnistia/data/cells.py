"""Cell checks any package needs and Table Schema cannot express.

- Text starting with = + - @ tab or CR is run as a formula by spreadsheets
  (CSV injection): contributors' cells must never execute on a reader's machine.
- Addresses must be http or https: javascript:, file: or data: links are not
  publications.
- Dates must fall between 1999-01-01 (the start of the amnesty's period) and
  today: a future or pre-1999 date is a typo.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

from amnistia.data.catalogue import make_problem
from amnistia.data.problems import Problem
from amnistia.data.reader import Table
from amnistia.i18n import _

EARLIEST = dt.date(1999, 1, 1)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_WEB = re.compile(r"^https?://[^\s]+$", re.IGNORECASE)
_PARTIAL_DATE = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")


def check_cells(table: Table, schema: dict[str, Any], today: dt.date) -> Iterator[Problem]:
    """Yield formula-injection, address and date-range problems of one table."""
    fields = [f for f in schema.get("fields", []) if isinstance(f, dict)]
    text = [f["name"] for f in fields if f.get("type", "string") in ("string", "list")]
    urls = [f["name"] for f in fields if f["name"] == "url" or f.get("format") == "uri"]
    partial = {f["name"] for f in fields if _is_partial_date(f)}
    dates = [f["name"] for f in fields if f.get("type") == "date"] + sorted(partial)
    for line, row in table.rows():
        for name in text:
            cell = row.get(name, "")
            if cell.startswith(FORMULA_STARTS):
                yield make_problem(
                    "formula-injection",
                    table.path,
                    line,
                    name,
                    value=_shorten(cell),
                    char=_visible(cell[0]),
                )
        for name in urls:
            cell = row.get(name, "")
            if cell and not _WEB.match(cell):
                yield make_problem("url-scheme", table.path, line, name, value=_shorten(cell))
        for name in dates:
            cell = row.get(name, "")
            when = parse_partial_date(cell)
            if when is None and cell and name in partial:
                yield make_problem(
                    "type-error",
                    table.path,
                    line,
                    name,
                    value=cell,
                    expected=_("a real date"),
                    how=_(
                        "write YYYY-MM-DD, or YYYY-MM when only the month is known; "
                        "leave the cell empty when the date is unknown"
                    ),
                )
            if when is not None and not (when[0] >= EARLIEST and when[1] <= today):
                yield make_problem(
                    "date-out-of-range",
                    table.path,
                    line,
                    name,
                    value=cell,
                    earliest=EARLIEST.isoformat(),
                    latest=today.isoformat(),
                )


def parse_partial_date(cell: str) -> tuple[dt.date, dt.date] | None:
    """The first and last day a YYYY-MM-DD or YYYY-MM cell can mean; None if not a date."""
    found = _PARTIAL_DATE.match(cell.strip())
    if not found:
        return None
    year, month, day = found.groups()
    try:
        if day:
            exact = dt.date(int(year), int(month), int(day))
            return exact, exact
        first = dt.date(int(year), int(month), 1)
    except ValueError:
        return None
    following = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return first, following - dt.timedelta(days=1)


def _is_partial_date(field: dict[str, Any]) -> bool:
    pattern = str(field.get("constraints", {}).get("pattern", ""))
    return field.get("type") == "string" and pattern.startswith("^[0-9]{4}-[0-9]{2}")


def _visible(char: str) -> str:
    return {"\t": _("a tab"), "\r": _("a carriage return")}.get(char, f'"{char}"')


def _shorten(cell: str, limit: int = 60) -> str:
    cell = cell.replace("\t", "\\t").replace("\r", "\\r").replace("\n", "\\n")
    return cell if len(cell) <= limit else cell[: limit - 1] + "…"
