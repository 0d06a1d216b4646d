"""Table Schema types: read one cell as its field's type and format, or refuse it.

Each reader turns a cell's text into a typed value (int, Decimal, date, …) or
None when the text is not of that type. They are built once per field and
follow frictionless' readers closely, so that both engines accept and refuse
the same cells (tests/test_differential.py holds them to it): integers are
what ``int`` reads after trimming spaces, numbers what ``Decimal`` reads, dates
what ``strptime`` reads with the field's format.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

Reader = Callable[[str], Any]
"""A cell's text to its typed value; None when the text is not of the type."""

DEFAULT_TRUE = ("true", "True", "TRUE", "1")
DEFAULT_FALSE = ("false", "False", "FALSE", "0")
_NOT_BARE = re.compile(r"((^[^-\d]*)|(\D*$))")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:\S*$")
_UUID = re.compile(r"^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$")
_DURATION = re.compile(r"^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$")


def field_format(field: dict[str, Any]) -> str:
    """The field's format, without the ``fmt:`` prefix of Table Schema v1."""
    return str(field.get("format", "default")).removeprefix("fmt:")


def make_reader(field: dict[str, Any]) -> Reader:
    """The reader of ``field``'s type and format."""
    kind = str(field.get("type", "string"))
    builder = _BUILDERS.get(kind, _read_any)
    return builder(field)


def _read_any(_field: dict[str, Any]) -> Reader:
    return lambda cell: cell


def _read_string(field: dict[str, Any]) -> Reader:
    form = field_format(field)
    if form == "email":
        return lambda cell: cell if _EMAIL.match(cell) else None
    if form == "uri":
        return lambda cell: cell if _URI.match(cell) else None
    if form == "uuid":
        return lambda cell: cell if _UUID.match(cell) else None
    if form == "binary":
        return _read_base64
    return lambda cell: cell


def _read_base64(cell: str) -> str | None:
    try:
        base64.b64decode(cell)
    except ValueError:
        return None
    return cell


def _read_integer(field: dict[str, Any]) -> Reader:
    bare = field.get("bareNumber", True)

    def read(cell: str) -> int | None:
        text = cell.strip() if bare else _NOT_BARE.sub("", cell.strip())
        try:
            return int(text)
        except ValueError:
            return None

    return read


def _read_number(field: dict[str, Any]) -> Reader:
    bare = field.get("bareNumber", True)
    group = str(field.get("groupChar", ""))
    decimal = str(field.get("decimalChar", "."))
    processed = any(key in field for key in ("bareNumber", "groupChar", "decimalChar"))
    kind: Callable[[str], Any] = float if field.get("floatNumber") else Decimal

    def read(cell: str) -> Any:
        text = cell.strip()
        if processed:
            if not bare:
                text = _NOT_BARE.sub("", text)
            text = text.replace(group, "") if group else text
            if decimal != "." and "." in text:
                return None
            text = text.replace(decimal, ".")
        try:
            return kind(text)
        except (ValueError, InvalidOperation):
            return None

    return read


def _read_boolean(field: dict[str, Any]) -> Reader:
    mapping = {str(value): True for value in field.get("trueValues", DEFAULT_TRUE)}
    mapping.update({str(value): False for value in field.get("falseValues", DEFAULT_FALSE)})
    return mapping.get


def _read_date(field: dict[str, Any]) -> Reader:
    form = field_format(field)
    if form == "any":
        return _with_dateutil(lambda parsed: parsed.date())
    pattern = "%Y-%m-%d" if form == "default" else form

    def read(cell: str) -> dt.date | None:
        # The usual YYYY-MM-DD is read without strptime, which is ten times slower.
        if form == "default" and len(cell) == 10 and cell[4] == "-" and cell[7] == "-" and cell.isascii():
            year, month, day = cell[:4], cell[5:7], cell[8:]
            if year.isdigit() and month.isdigit() and day.isdigit():
                try:
                    return dt.date(int(year), int(month), int(day))
                except ValueError:
                    return None
        try:
            return dt.datetime.strptime(cell, pattern).date()
        except ValueError:
            return None

    return read


def _read_datetime(field: dict[str, Any]) -> Reader:
    form = field_format(field)
    if form == "any":
        return _with_dateutil(lambda parsed: parsed)
    if form != "default":
        return _strptime(form, lambda parsed: parsed)

    def read(cell: str) -> dt.datetime | None:
        # Like frictionless: at least YYYY-MM-DDTHH:MM:SS, never a shorter form.
        if len(cell) < 19 or cell[16] != ":":
            return None
        try:
            return dt.datetime.fromisoformat(cell)
        except ValueError:
            return None

    return read


def _read_time(field: dict[str, Any]) -> Reader:
    form = field_format(field)
    if form == "any":
        return _with_dateutil(lambda parsed: parsed.timetz())
    if form != "default":
        return _strptime(form, lambda parsed: parsed.timetz())

    def read(cell: str) -> dt.time | None:
        if len(cell) < 8 or cell[5] != ":":
            return None
        try:
            return dt.time.fromisoformat(cell)
        except ValueError:
            return None

    return read


def _strptime(form: str, keep: Callable[[dt.datetime], Any]) -> Reader:
    def read(cell: str) -> Any:
        try:
            return keep(dt.datetime.strptime(cell, form))
        except ValueError:
            return None

    return read


def _with_dateutil(keep: Callable[[Any], Any]) -> Reader:
    """Format "any": whatever dateutil understands, imported only for such fields."""
    from dateutil import parser  # type: ignore[import-untyped]

    def read(cell: str) -> Any:
        try:
            return keep(parser.parse(cell))
        except (ValueError, OverflowError):
            return None

    return read


def _read_year(_field: dict[str, Any]) -> Reader:
    def read(cell: str) -> int | None:
        if len(cell) != 4:
            return None
        try:
            year = int(cell)
        except ValueError:
            return None
        return year if 0 <= year <= 9999 else None

    return read


def _read_yearmonth(_field: dict[str, Any]) -> Reader:
    def read(cell: str) -> tuple[int, int] | None:
        parts = cell.split("-")
        if len(parts) != 2:
            return None
        try:
            year, month = int(parts[0]), int(parts[1])
        except ValueError:
            return None
        return (year, month) if 1 <= month <= 12 else None

    return read


def _read_list(field: dict[str, Any]) -> Reader:
    delimiter = str(field.get("delimiter", ","))
    item = make_reader({"name": field.get("name"), "type": field.get("itemType", "string")})

    def read(cell: str) -> tuple[Any, ...] | None:
        items = tuple(item(part) for part in cell.split(delimiter))
        return None if any(value is None for value in items) else items

    return read


def _read_duration(_field: dict[str, Any]) -> Reader:
    return lambda cell: cell if _DURATION.match(cell) else None


def _read_json(expected: type) -> Callable[[dict[str, Any]], Reader]:
    def build(_field: dict[str, Any]) -> Reader:
        def read(cell: str) -> Any:
            try:
                value = json.loads(cell)
            except ValueError:
                return None
            return cell if isinstance(value, expected) else None

        return read

    return build


def _read_geopoint(field: dict[str, Any]) -> Reader:
    form = field_format(field)

    def read(cell: str) -> tuple[Decimal, Decimal] | None:
        try:
            if form == "array":
                lon, lat = json.loads(cell)
            elif form == "object":
                value = json.loads(cell)
                if len(value) != 2:
                    return None
                lon, lat = value["lon"], value["lat"]
            else:
                lon, lat = (part.strip() for part in cell.split(","))
            point = (Decimal(str(lon)), Decimal(str(lat)))
        except (ValueError, TypeError, KeyError, InvalidOperation):
            return None
        return point if -180 <= point[0] <= 180 and -90 <= point[1] <= 90 else None

    return read


_BUILDERS: dict[str, Callable[[dict[str, Any]], Reader]] = {
    "any": _read_any,
    "string": _read_string,
    "integer": _read_integer,
    "number": _read_number,
    "boolean": _read_boolean,
    "date": _read_date,
    "datetime": _read_datetime,
    "time": _read_time,
    "year": _read_year,
    "yearmonth": _read_yearmonth,
    "list": _read_list,
    "duration": _read_duration,
    "object": _read_json(dict),
    "array": _read_json(list),
    "geojson": _read_json(dict),
    "geopoint": _read_geopoint,
}
