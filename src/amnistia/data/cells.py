"""Cell checks any package needs and Table Schema cannot express.

- Text starting with = + - @ tab or CR is run as a formula by spreadsheets
  (CSV injection): contributors' cells must never execute on a reader's machine.
  So is text right after a separator inside a cell (``ok;=cmd()``): a
  spreadsheet that splits on ; , | or tab makes that a cell of its own.
- Whole numbers are plain ASCII digits, with no sign, space or leading zero
  (Python's ``int``, and so frictionless, also reads ``+5``, `` 7``, ``012``,
  ``１２`` and ``١٢``). A count (a field whose minimum is 0 or more) takes
  no sign at all, so ``-91`` is named as a sign, not as a small number; no
  field takes ``-0``. Dates are ``YYYY-MM-DD`` zero-padded in ASCII digits
  (``strptime`` reads ``2026-2-5``): a guessed date is a wrong date.
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
from amnistia.data.field_types import field_format, make_reader
from amnistia.i18n import _

EARLIEST = dt.date(1999, 1, 1)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
SEPARATORS = ";,|\t"
"""What a spreadsheet may split a cell on when it opens the file with other settings."""
RISKY_TEXT = re.compile(r"^[=+\-@\t\r]|[;,|\t][=+\-@]")
"""A formula trigger at the start of a cell or right after a separator inside it."""
_AFTER_SEPARATOR = re.compile(r"[;,|\t][=+\-@]")
_PLAIN_INTEGER = re.compile(r"0|-?[1-9][0-9]*")
_PLAIN_COUNT = re.compile(r"0|[1-9][0-9]*")
_PLAIN_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
EXCERPT = 12
"""Characters of a cell a problem may quote around the offending one (see table_pass.py)."""
_WEB = re.compile(r"^https?://[^\s]+$", re.IGNORECASE)
_PARTIAL_DATE = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")

Check = Callable[[str], Finding | None]


def compile_cell_rules(field: dict[str, Any], today: dt.date, hidden_formulas: bool = True) -> Explain | None:
    """The editorial rules of ``field`` as one function; None when none applies to it.

    ``hidden_formulas`` false means the file holds no separator followed by a
    formula trigger anywhere (reader.py scanned it): only cell starts are checked.
    """
    checks: list[Check] = []
    name = str(field.get("name", ""))
    kind = field.get("type", "string")
    if kind in ("string", "list"):
        checks.append(_formula if hidden_formulas else _formula_start)
    if kind == "integer" and field.get("bareNumber", True):
        checks.append(_plain_integer(field))
    if kind == "date" and field_format(field) == "default":
        checks.append(_plain_date(field))
    if name == "url" or field.get("format") == "uri":
        checks.append(_web_address)
    partial = is_partial_date(field)
    if kind == "date" or partial:
        checks.append(_date_check(partial, today))
    if not checks:
        return None

    def explain(cell: str) -> list[Finding]:
        found = [check(cell) for check in checks]
        return [finding for finding in found if finding is not None]

    return explain


def _formula_start(cell: str) -> Finding | None:
    if cell.startswith(FORMULA_STARTS):
        return "formula-injection", {"value": excerpt(cell, 0), "char": _visible(cell[0])}
    return None


def _formula(cell: str) -> Finding | None:
    if cell.startswith(FORMULA_STARTS):
        return _formula_start(cell)
    found = _AFTER_SEPARATOR.search(cell)
    if found is None:
        return None
    at = found.start() + 1
    return "formula-after-separator", {
        "value": excerpt(cell, at),
        "separator": _visible(cell[found.start()]),
        "char": _visible(cell[at]),
        "column": at + 1,
    }


def _plain_integer(field: dict[str, Any]) -> Check:
    """Cells Table Schema reads as integers but that are not plain digits."""
    read = make_reader(field)
    how = _("write plain digits, with no sign, spaces or leading zeros: 12, not +12, 012 or １２")
    minimum = field.get("constraints", {}).get("minimum")
    count = isinstance(minimum, int) and not isinstance(minimum, bool) and minimum >= 0
    plain = _PLAIN_COUNT if count else _PLAIN_INTEGER

    def check(cell: str) -> Finding | None:
        if plain.fullmatch(cell) or read(cell) is None:
            return None  # plain, or not a number at all (Table Schema says so)
        return "type-error", {
            "value": _shorten(cell),
            "expected": _("a whole number in plain digits"),
            "how": how,
        }

    return check


def _plain_date(field: dict[str, Any]) -> Check:
    """Cells ``strptime`` reads as dates but that are not zero-padded YYYY-MM-DD."""
    read = make_reader(field)
    how = _("write the date as YYYY-MM-DD with two-digit months and days: 2026-02-05, not 2026-2-5")

    def check(cell: str) -> Finding | None:
        if _PLAIN_DATE.fullmatch(cell) or read(cell) is None:
            return None
        return "type-error", {"value": _shorten(cell), "expected": _("a date written YYYY-MM-DD"), "how": how}

    return check


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


def is_partial_date(field: dict[str, Any]) -> bool:
    """A string column holding YYYY-MM or YYYY-MM-DD (a date known to the month): cells.py checks it."""
    pattern = str(field.get("constraints", {}).get("pattern", ""))
    return field.get("type") == "string" and pattern.startswith("^[0-9]{4}-[0-9]{2}")


def _visible(char: str) -> str:
    return {"\t": _("a tab"), "\r": _("a carriage return")}.get(char, f'"{char}"')


def excerpt(cell: str, at: int, size: int = EXCERPT) -> str:
    """At most ``size`` characters of ``cell`` from just before ``at``, marked where cut."""
    start = max(0, at - 2)
    part = cell[start : start + size]
    shown = ("…" if start else "") + part + ("…" if start + size < len(cell) else "")
    return shown.replace("\t", "\\t").replace("\r", "\\r").replace("\n", "\\n")


def _shorten(cell: str, limit: int = 60) -> str:
    cell = cell.replace("\t", "\\t").replace("\r", "\\r").replace("\n", "\\n")
    return cell if len(cell) <= limit else cell[: limit - 1] + "…"
