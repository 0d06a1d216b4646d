"""Keys across rows: unique fields, primary keys and foreign keys, in one pass.

Each table keeps, per key, only its values (and the line each was last seen
on, to name it in a duplicate's message): a million rows cost a set of a
million ids, never the rows. A foreign key into a table already read is
checked at once; one into a table not yet complete (itself, or a later one)
is checked against what has been read so far, and what is not found yet
waits for the end, when every table is complete.

Values compare as their types read them, like frictionless: in an integer
key "01" and "1" are the same value.
"""

from __future__ import annotations

from collections.abc import Callable, Container, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import filterfalse
from typing import Any

from amnistia.data.batches import Batch
from amnistia.data.catalogue import make_problem
from amnistia.data.field_rules import FieldRules
from amnistia.data.problems import Problem, ProblemList

ROWS_CHECKED_ONE_BY_ONE = 16
"""A batch with a key problem is halved until it is this small, then checked row by row."""

KeyOf = Callable[[Sequence[str]], Any]
"""A record's value of one key: the typed cell, or a tuple of them for several fields."""


def key_fields(value: object) -> tuple[str, ...]:
    """A key's fields as Table Schema writes them: one name or a list of names."""
    if isinstance(value, str):
        return (value,)
    return tuple(str(name) for name in value) if isinstance(value, list) else ()


class _NoCell(str):
    """A cell a short row does not have: never a value, whatever the missing values."""


_NO_CELL = _NoCell()


def _value_of(rule: FieldRules, padded: bool) -> Callable[[str], Any]:
    if padded:
        return lambda cell: None if cell is _NO_CELL else rule.value(cell)
    return rule.value


def _key_of(
    header: Sequence[str], rules: Mapping[str, FieldRules], fields: tuple[str, ...], padded: bool = False
) -> KeyOf:
    """How to read one key of a record; ``padded`` records may hold cells a short row lacked."""
    if len(fields) == 1 and rules[fields[0]].is_text and not padded:
        # The usual key, an id: the cell itself unless it is a missing value.
        index, missing = header.index(fields[0]), rules[fields[0]].missing
        return lambda record: None if record[index] in missing else record[index]
    columns = [(header.index(name), _value_of(rules[name], padded)) for name in fields]
    if len(columns) == 1:
        index, value = columns[0]
        return lambda record: value(record[index])
    return lambda record: tuple(value(record[index]) for index, value in columns)


def _is_empty(key: Any) -> bool:
    return key is None or (isinstance(key, tuple) and all(part is None for part in key))


def _new_and_distinct(keys: Sequence[Any], seen: dict[Any, int]) -> bool:
    """Whether no two of ``keys`` are equal and none has been seen before."""
    return len(set(keys)) == len(keys) and seen.keys().isdisjoint(keys)


@dataclass
class _Waiting:
    """A foreign key value not found while its target table was still being read."""

    path: str
    line: int
    label: str
    key: Any
    shown: str
    target: tuple[str, tuple[str, ...]]
    where: str


@dataclass
class KeyRegistry:
    """Every table's key values, for the foreign keys that point at them."""

    wanted: set[tuple[str, tuple[str, ...]]]
    """(resource, fields) pairs some foreign key points at: only these are kept."""
    values: dict[tuple[str, tuple[str, ...]], Container[Any]] = field(default_factory=dict)
    complete: set[str] = field(default_factory=set)
    unreadable: set[str] = field(default_factory=set)
    waiting: list[_Waiting] = field(default_factory=list)

    def resolve(self) -> list[Problem]:
        """Foreign key values that no table holds, now that all are read."""
        problems = ProblemList()
        for item in self.waiting:
            if item.target[0] in self.unreadable:
                continue
            if item.key not in self.values.get(item.target, ()):
                problems.append(
                    _foreign_key_problem(item.path, item.line, item.label, item.shown, item.where)
                )
        self.waiting.clear()
        return problems


class TableKeys:
    """The unique fields, primary key and foreign keys of one table, checked as its rows come."""

    def __init__(
        self,
        name: str,
        path: str,
        schema: dict[str, Any],
        header: Sequence[str],
        rules: Mapping[str, FieldRules],
        registry: KeyRegistry,
        paths: Mapping[str, str],
    ) -> None:
        self.name = name
        self.path = path
        self.registry = registry
        self.header = header
        self.rules = rules
        primary = key_fields(schema.get("primaryKey", []))
        self.primary: tuple[tuple[str, ...], KeyOf, dict[Any, int]] | None = None
        if primary and all(name in rules for name in primary):
            self.primary = (primary, _key_of(header, rules, primary), {})
        unique = [(name,) for name, rule in rules.items() if rule.unique and (name,) != primary]
        self.unique: list[tuple[tuple[str, ...], KeyOf, dict[Any, int]]] = [
            (fields, _key_of(header, rules, fields), {}) for fields in unique
        ]
        self._padded_keys = {
            fields: _key_of(header, rules, fields, padded=True)
            for fields in [primary, *unique, *(f for t, f in registry.wanted if t == name)]
            if fields and all(f in rules for f in fields)
        }
        self.kept: list[tuple[tuple[str, ...], KeyOf, set[Any]]] = []
        for target_name, fields in registry.wanted:
            if target_name != name or not all(f in rules for f in fields):
                continue
            seen = self._seen_of(fields)
            if seen is None:
                values: set[Any] = set()
                self.kept.append((fields, _key_of(header, rules, fields), values))
                seen = values
            registry.values[(name, fields)] = seen
        self.foreign: list[tuple[str, KeyOf, tuple[str, tuple[str, ...]], str]] = []
        for key in schema.get("foreignKeys", []):
            fields = key_fields(key.get("fields"))
            reference = key.get("reference", {})
            target = str(reference.get("resource") or name)
            columns = key_fields(reference.get("fields"))
            if not all(f in rules for f in fields) or target in registry.unreadable:
                continue
            where = f"the {', '.join(columns)} column of {paths.get(target, path)}"
            self.foreign.append((",".join(fields), _key_of(header, rules, fields), (target, columns), where))
        self._field_indexes = {name: header.index(name) for name in header}

    @property
    def active(self) -> bool:
        """Whether this table has any key to check at all."""
        return bool(self.unique or self.primary or self.kept or self.foreign)

    def _seen_of(self, fields: tuple[str, ...]) -> set[Any] | dict[Any, int] | None:
        if self.primary is not None and self.primary[0] == fields:
            return self.primary[2]
        return next((seen for key, _of, seen in self.unique if key == fields), None)

    def check(self, line: int, record: Sequence[str], problems: list[Problem]) -> None:
        """Record this row's keys; append its duplicate and dangling values to ``problems``."""
        for fields, key_of, seen in self.unique:
            key = key_of(record)
            if key is not None:
                self._remember(fields, key, seen, line, record, problems)
        if self.primary is not None:
            fields, key_of, seen = self.primary
            key = key_of(record)
            if key is None or (type(key) is tuple and _is_empty(key)):
                # Primary key fields are required, whatever their constraints say.
                description = self.rules[fields[0]].description
                problems.append(
                    make_problem("required", self.path, line, ",".join(fields), description=description)
                )
            else:
                earlier = seen.get(key)
                seen[key] = line  # like frictionless, a third copy names the second
                if earlier is not None:
                    self._duplicate(fields, earlier, line, record, problems)
        for _fields, key_of, values in self.kept:
            key = key_of(record)
            if not _is_empty(key):
                values.add(key)
        values_of = self.registry.values
        for label, key_of, target, where in self.foreign:
            key = key_of(record)
            if key is None or (type(key) is tuple and _is_empty(key)):
                continue
            found = values_of.get(target)
            if found is None or key not in found:
                self._dangling(label, key, target, where, line, record, problems)

    def check_batch(self, batch: Batch, problems: list[Problem]) -> None:
        """check() for records that follow one another: set operations when every key is sound.

        A batch whose keys are all present, new and distinct, and whose foreign
        keys all point at values already read, is recorded at once. Any other
        is halved, each half in turn, down to a few rows that go through
        check() row by row, which names each problem.
        """
        staged = self._sound_keys(batch)
        if staged is None:
            if len(batch.lines) > ROWS_CHECKED_ONE_BY_ONE:
                half = len(batch.lines) // 2
                self.check_batch(Batch(batch.lines[:half], batch.records[:half]), problems)
                self.check_batch(Batch(batch.lines[half:], batch.records[half:]), problems)
                return
            for line, record in zip(batch.lines, batch.records, strict=True):
                self.check(line, record, problems)
            return
        for seen, keys in staged:
            seen.update(zip(keys, batch.lines, strict=True))
        for fields, key_of, values in self.kept:
            values.update(self._present(fields, key_of, batch))

    def _sound_keys(self, batch: Batch) -> list[tuple[dict[Any, int], Sequence[Any]]] | None:
        """(seen values, the batch's keys) to record when all its keys are sound; else None."""
        staged: list[tuple[dict[Any, int], Sequence[Any]]] = []
        if self.primary is not None:
            fields, key_of, seen = self.primary
            keys = self._keys(fields, key_of, batch)
            empty = None in keys or (len(fields) > 1 and any(map(_is_empty, keys)))
            if empty or not _new_and_distinct(keys, seen):
                return None
            staged.append((seen, keys))
        for fields, key_of, seen in self.unique:
            keys = self._keys(fields, key_of, batch)
            if None in keys or not _new_and_distinct(keys, seen):
                return None  # an empty unique cell is fine, but rare: check() sorts it out
            staged.append((seen, keys))
        values_of = self.registry.values
        for label, key_of, target, _where in self.foreign:
            found = values_of.get(target)
            wanted = self._present(tuple(label.split(",")), key_of, batch)
            if wanted and (found is None or not all(map(found.__contains__, wanted))):
                return None
        return staged

    def _keys(self, fields: tuple[str, ...], key_of: KeyOf, batch: Batch) -> Sequence[Any]:
        """The batch's values of one key, row by row (None where a row has none)."""
        if len(fields) == 1 and self.rules[fields[0]].is_text:
            cells = batch.columns[self._field_indexes[fields[0]]]
            missing = self.rules[fields[0]].missing
            return cells if missing.isdisjoint(cells) else [None if c in missing else c for c in cells]
        return list(map(key_of, batch.records))

    def _present(self, fields: tuple[str, ...], key_of: KeyOf, batch: Batch) -> set[Any]:
        """The batch's distinct values of one key, leaving out rows that have none."""
        keys = set(self._keys(fields, key_of, batch))
        keys.discard(None)
        return keys if len(fields) == 1 else set(filterfalse(_is_empty, keys))

    def _dangling(
        self,
        label: str,
        key: Any,
        target: tuple[str, tuple[str, ...]],
        where: str,
        line: int,
        record: Sequence[str],
        problems: list[Problem],
    ) -> None:
        """A foreign key value not (or not yet) in its target: a problem now, or at the end."""
        shown = ",".join(record[self._field_indexes[name]] for name in label.split(","))
        if target[0] in self.registry.complete:
            problems.append(_foreign_key_problem(self.path, line, label, shown, where))
        else:
            self.registry.waiting.append(_Waiting(self.path, line, label, key, shown, target, where))

    def remember_ragged(self, line: int, record: Sequence[str]) -> None:
        """Count the keys of a row with too few or too many cells, without reporting on it.

        Its own problem is the cell count; but its id exists, and other rows
        may point at it or repeat it (frictionless counts it the same way).
        """
        width = len(self.header)
        padded = list(record[:width]) + [_NO_CELL] * (width - len(record))
        silent: list[Problem] = []
        keys = self._padded_keys
        for fields, _key, seen in self.unique:
            key = keys[fields](padded)
            if key is not None:
                self._remember(fields, key, seen, line, padded, silent)
        if self.primary is not None:
            fields, _key, seen = self.primary
            key = keys[fields](padded)
            if not _is_empty(key):
                self._remember(fields, key, seen, line, padded, silent)
        for fields, _key, values in self.kept:
            key = keys[fields](padded)
            if not _is_empty(key):
                values.add(key)

    def _remember(
        self,
        fields: tuple[str, ...],
        key: Any,
        seen: dict[Any, int],
        line: int,
        record: Sequence[str],
        problems: list[Problem],
    ) -> None:
        earlier = seen.get(key)
        seen[key] = line  # like frictionless, a third copy names the second
        if earlier is not None:
            self._duplicate(fields, earlier, line, record, problems)

    def _duplicate(
        self, fields: tuple[str, ...], earlier: int, line: int, record: Sequence[str], problems: list[Problem]
    ) -> None:
        shown = ",".join(record[self._field_indexes[name]] for name in fields)
        private = all(self.rules[name].private for name in fields)
        problems.append(
            make_problem(
                "unique", self.path, line, ",".join(fields), private=private, value=shown, other_line=earlier
            )
        )


def _foreign_key_problem(path: str, line: int, label: str, shown: str, where: str) -> Problem:
    return make_problem("foreign-key", path, line, label, value=shown, target=where)
