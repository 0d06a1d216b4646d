"""What Table Schema says about one field, compiled once and asked of every cell.

A field's rules (missing values, required, type and format, enum, pattern,
minimum and maximum, minLength and maxLength) become one function that finds
what is wrong with a cell, in the catalogue's plain language. Keys (unique,
primaryKey, foreignKeys) compare values across rows and live in keys.py.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any

from amnistia.data.field_types import Reader, make_reader
from amnistia.i18n import N_, _

Finding = tuple[str, dict[str, object]]
"""A problem before it has a place: its catalogue code and the message's parameters."""

Explain = Callable[[str], list[Finding]]

_TYPE_WORDS = {
    "integer": (
        N_("a whole number"),
        N_(
            "write digits only, with no thousands separators, spaces or words "
            "(3200, not 3,200); put words such as 'about' in the qualifier column"
        ),
    ),
    "number": (N_("a number"), N_("write digits with a dot for decimals, no thousands separators")),
    "date": (
        N_("a date written YYYY-MM-DD"),
        N_("write the date as year-month-day, e.g. 2026-02-19; leave the cell empty when unknown"),
    ),
    "boolean": (N_("true or false"), N_("write true or false")),
    "list": (N_("a list"), N_("separate the items with semicolons and no spaces")),
}
_BOUNDS: dict[str, tuple[str, Callable[[Any, Any], bool]]] = {
    "minimum": ("minimum", operator.ge),
    "maximum": ("maximum", operator.le),
    "exclusiveMinimum": ("minimum", operator.gt),
    "exclusiveMaximum": ("maximum", operator.lt),
}


@dataclass(frozen=True)
class FieldRules:
    """One field's compiled Table Schema rules."""

    name: str
    read: Reader
    """Text to typed value; None when it is not of the field's type."""
    missing: frozenset[str]
    explain: Explain
    """What is wrong with a cell, in reading order; empty when nothing is."""
    unique: bool
    description: str
    is_text: bool
    """A string of the default format: its value is the cell itself."""
    private: bool = False
    """Free text (a note, a quote, a name): its problems never quote the cell (table_pass.py)."""

    def value(self, cell: str) -> Any:
        """The cell's typed value, as keys compare it; None when missing or of the wrong type."""
        return None if cell in self.missing else self.read(cell)


def compile_field(
    field: dict[str, Any], missing_values: Collection[str], private: bool = False
) -> FieldRules:
    """Compile ``field``'s rules; ``missing_values`` are the schema's (a field may give its own)."""
    name = str(field["name"])
    kind = str(field.get("type", "string"))
    read = make_reader(field)
    missing = frozenset(str(v) for v in field.get("missingValues", missing_values))
    limits: dict[str, Any] = field.get("constraints", {})
    description = str(field.get("description", N_("see the data dictionary")))
    required = bool(limits.get("required"))
    checks = _constraint_checks(kind, read, limits, description)
    expected, how = _TYPE_WORDS.get(kind, (kind, description))

    def explain(cell: str) -> list[Finding]:
        if cell in missing:
            if required:
                return [("required", {"description": _lower_first(_(description))})]
            return []
        value = read(cell)
        if value is None:
            return [("type-error", {"value": cell, "expected": _(expected), "how": _(how)})]
        return [finding(cell) for test, finding in checks if not test(value)]

    unique = bool(limits.get("unique"))
    is_text = kind == "string" and field.get("format", "default") == "default"
    return FieldRules(name, read, missing, explain, unique, _lower_first(_(description)), is_text, private)


Test = Callable[[Any], bool]
Check = tuple[Test, Callable[[str], Finding]]


def _constraint_checks(kind: str, read: Reader, limits: dict[str, Any], description: str) -> list[Check]:
    """Each constraint as (test of a typed value, its finding), in frictionless' order."""
    checks: list[Check] = []
    for name in ("minLength", "maxLength"):
        if name in limits:
            checks.append(_length_check(name, int(limits[name]), description))
    for name, (code, compare) in _BOUNDS.items():
        if name in limits:
            checks.append(_bound_check(code, compare, limits[name], read, description))
    if "pattern" in limits and kind == "string":
        # Table Schema patterns match the whole value, as in XML Schema.
        pattern = re.compile(str(limits["pattern"]))
        checks.append(
            (
                lambda value: pattern.fullmatch(value) is not None,
                lambda cell: ("pattern", _params(cell, description=description)),
            )
        )
    if "enum" in limits:
        checks.append(_enum_check(limits["enum"], read))
    return checks


def _length_check(name: str, size: int, description: str) -> Check:
    compare = operator.ge if name == "minLength" else operator.le
    rule = f"{name} {size}"

    def test(value: Any) -> bool:
        return bool(compare(len(value), size))

    return test, lambda cell: ("length", _params(cell, rule=rule, description=description))


def _bound_check(
    code: str, compare: Callable[[Any, Any], bool], limit: Any, read: Reader, description: str
) -> Check:
    bound = read(limit) if isinstance(limit, str) else limit

    def test(value: Any) -> bool:
        # NaN is never within bounds (it is not even equal to itself).
        return bool(value == value and compare(value, bound))

    return test, lambda cell: (code, _params(cell, limit=limit, description=description))


def _enum_check(values: list[Any], read: Reader) -> Check:
    typed = [read(item) if isinstance(item, str) else item for item in values]
    shown = ", ".join(str(item) for item in values)
    allowed: Collection[Any]
    try:
        allowed = frozenset(typed)
    except TypeError:  # lists and JSON objects are not hashable
        allowed = typed
    return (lambda value: value in allowed), lambda cell: ("enum", {"value": cell, "allowed": shown})


def _params(cell: str, **params: object) -> dict[str, object]:
    """A finding's parameters; descriptions come from the schema and are translated."""
    if "description" in params:
        params["description"] = _(str(params["description"]))
    return {"value": cell, **params}


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]
