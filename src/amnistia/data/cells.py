"""Cell checks any package needs and Table Schema cannot express.

- Text starting with = + - @ tab or CR is run as a formula by spreadsheets
  (CSV injection): contributors' cells must never execute on a reader's machine.
- Addresses must be http or https: javascript:, file: or data: links are not
  publications.
- Dates must fall between 1999-01-01 (the start of the amnesty's period) and
  today: a future or pre-1999 date is a typo.

Each field's rules are compiled once; the table pass asks them of every cell,
before Table Schema's, so that theirs is the problem a reader sees first.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from amnistia.data.field_rules import Explain, Finding
from amnistia.i18n import _

EARLIEST = dt.date(1999, 1, 1)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_WEB = re.compile(r"^https?://[^\s]+$", re.IGNORECASE)
_PARTIAL_DATE = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")

Check = Callable[[str], Finding | None]


def compile_cell_rules(field: dict[str, Any], today: dt.date) -> Explain | None:
    """The editorial rules of ``field`` as one function; None when none applies to it."""
    checks: list[Check] = []
    name = str(field.get("name", ""))
    kind = field.get("type", "string")
    if kind in ("string", "list"):
        checks.append(_formula)
    if name == "url" or field.get("format") == "uri":
        checks.append(_web_address)
    partial = _is_partial_date(field)
    if kind == "date" or partial:
        checks.append(_date_check(partial, today))
    if not checks:
        return None

    def explain(cell: str) -> list[Finding]:
        found = [check(cell) for check in checks]
        return [finding for finding in found if finding is not None]

    return explain


def _formula(cell: str) -> Finding | None:
    if not cell.startswith(FORMULA_STARTS):
        return None
    return "formula-injection", {"value": _shorten(cell), "char": _visible(cell[0])}


def _web_address(cell: str) -> Finding | None:
    if not cell or _WEB.match(cell):
        return None
    return "url-scheme", {"value": _shorten(cell)}


def _date_check(partial: bool, today: dt.date) -> Check:
    """Real dates within 1999..today; YYYY-MM counts as its whole month."""

    def check(cell: str) -> Finding | None:
        when = parse_partial_date(cell)
        if when is None and cell and partial:
            how = _(
                "write YYYY-MM-DD, or YYYY-MM when only the month is known; "
                "leave the cell empty when the date is unknown"
            )
            return "type-error", {"value": cell, "expected": _("a real date"), "how": how}
        if when is not None and not (when[0] >= EARLIEST and when[1] <= today):
            return "date-out-of-range", {
                "value": cell,
                "earliest": EARLIEST.isoformat(),
                "latest": today.isoformat(),
            }
        return None

    return check


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
