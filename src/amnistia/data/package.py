"""Validate a data package folder: the descriptor, then each file in one pass, then the keys.

Stages run in order and each only sees what the previous one could read, so
one broken file yields one clear problem instead of a cascade. Each table is
read once, as a stream: its cells, keys and editorial claims are checked as
each row goes by, and its rows are kept only when the caller asks for them
(the build does; ``amnistia validate`` does not).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from amnistia.data.catalogue import make_problem
from amnistia.data.claims import SOURCES, Publications, TableClaims
from amnistia.data.descriptor import Descriptor, read_descriptor
from amnistia.data.json_locations import join_location
from amnistia.data.keys import KeyRegistry, TableKeys, key_fields
from amnistia.data.paths import resource_path_problem
from amnistia.data.problems import Problem, Report
from amnistia.data.reader import CsvStream, Table
from amnistia.data.table_pass import check_rows, compile_checks, compile_rules
from amnistia.i18n import _

log = logging.getLogger(__name__)

MAY_BE_EMPTY = "amnistia:mayBeEmpty"
CASE_CHECKED = ("datasets", "docs")
"""Folders whose entries must differ by more than case (checked at any depth)."""
"""Resource property: true when the table may have a header and no rows (else that is an error)."""


@dataclass
class LoadedPackage:
    """A package folder as read: its descriptor and, when asked for, every table that could be read."""

    folder: Path
    descriptor: Descriptor | None
    tables: dict[str, Table] = field(default_factory=dict)
    """The well-formed rows of each readable table; empty unless loaded with ``keep_rows``."""
    schemas: dict[str, dict[str, Any]] = field(default_factory=dict)
    paths: dict[str, str] = field(default_factory=dict)


def load_and_validate(
    folder: Path, today: dt.date | None = None, *, keep_rows: bool = True
) -> tuple[Report, LoadedPackage]:
    """Read and check ``folder``; the loaded package is usable only when the report is valid.

    With ``keep_rows=False`` nothing of the tables is kept: memory stays that
    of one batch of rows and the keys, however long the files.
    """
    today = today or dt.date.today()
    report = Report()
    descriptor, problems = read_descriptor(folder)
    report.extend(problems)
    loaded = LoadedPackage(folder, descriptor)
    if descriptor is None:
        return report, loaded
    resources = descriptor.resources
    report.resources = len(resources)
    for resource in resources:
        loaded.paths[str(resource["name"])] = str(resource["path"])
        loaded.schemas[str(resource["name"])] = resource["schema"]
    registry = KeyRegistry(wanted=_referenced_keys(resources))
    publications = Publications(loaded.paths.get(SOURCES, "datasets/sources.csv"))
    for index in _reading_order(resources):
        resource = resources[index]
        name = str(resource["name"])
        log.debug("checking %s", resource["path"])
        table = _check_resource(
            folder, descriptor, index, today, registry, publications, loaded, report, keep_rows
        )
        if table is None:
            registry.unreadable.add(name)
            registry.waiting = [w for w in registry.waiting if w.path != loaded.paths[name]]
            continue
        registry.complete.add(name)
        report.rows += table.row_count
        if keep_rows:
            loaded.tables[name] = table
    report.extend(registry.resolve())
    report.extend(case_collisions(folder, loaded.paths.values()))
    # Keep the descriptor's order, which the site and downloads follow.
    loaded.tables = {name: loaded.tables[name] for name in loaded.paths if name in loaded.tables}
    return report, loaded


def _check_resource(
    folder: Path,
    descriptor: Descriptor,
    index: int,
    today: dt.date,
    registry: KeyRegistry,
    publications: Publications,
    loaded: LoadedPackage,
    report: Report,
    keep_rows: bool,
) -> Table | None:
    """Check one resource's file in one pass; its rows (or only its count), or None when unreadable."""
    resource = descriptor.resources[index]
    name, path, schema = str(resource["name"]), str(resource["path"]), resource["schema"]
    code = resource_path_problem(folder, path)
    if code is not None:
        location = join_location(join_location("resources", index), "path")
        report.extend([descriptor.problem(code, location, value=path)])
        return None
    stale = list(_stale_integrity(descriptor, index, folder / path))
    if stale:
        report.extend(stale)
        return None
    expected = [str(f.get("name", "")) for f in schema["fields"]]
    stream = CsvStream(folder / path, path, expected)
    if stream.fatal is not None:
        report.extend(stream.problems)
        report.extend([stream.fatal])
        return None
    header_problem = _check_header(stream.header, expected, path)
    if header_problem is not None:
        for _row in stream.records():
            pass  # still report the blank and ragged rows
        report.extend(stream.problems)
        report.extend([header_problem])
        return None
    rules = compile_rules(schema)
    checks = compile_checks(schema, stream.header, rules, today, stream.hidden_formulas)
    keys = TableKeys(name, path, schema, stream.header, rules, registry, loaded.paths)
    stream.on_ragged = keys.remember_ragged
    claims = TableClaims(name, path, stream.header, schema, publications)
    table = Table(path, stream.header)
    problems = check_rows(stream, checks, keys, claims, table if keep_rows else None)
    if stream.fatal is not None:
        # Rows read before the file broke are not worth reporting: it must be saved again whole.
        kept = [p for p in stream.problems if p.code == "byte-order-mark"]
        report.extend([*kept, stream.fatal])
        return None
    table.row_count = stream.row_count
    if stream.row_count == 0 and resource.get(MAY_BE_EMPTY) is not True:
        report.extend([make_problem("empty-table", path, 1)])
    report.extend(stream.problems)
    report.extend(problems)
    report.extend(claims.finish(readable=True))
    return table


def _stale_integrity(descriptor: Descriptor, index: int, file: Path) -> Iterator[Problem]:
    """A ``bytes`` or ``hash`` on a working resource that no longer matches its file.

    Working resources carry neither (amnistia release writes them into the
    frozen copy); one copied over, or left from an edit, would publish a
    checksum that the file does not have.
    """
    resource = descriptor.resources[index]
    location = join_location("resources", index)
    recorded_size = resource.get("bytes")
    if recorded_size is not None and recorded_size != file.stat().st_size:
        yield descriptor.problem(
            "resource-hash-stale",
            join_location(location, "bytes"),
            key="bytes",
            file=resource["path"],
            recorded=recorded_size,
            actual=file.stat().st_size,
        )
    recorded_hash = resource.get("hash")
    if isinstance(recorded_hash, str):
        algorithm, _sep, digest = recorded_hash.rpartition(":")
        algorithm = algorithm or "md5"  # Data Package: a bare hash is MD5
        actual = _file_digest(file, algorithm)
        if actual is None or actual != digest.lower():
            yield descriptor.problem(
                "resource-hash-stale",
                join_location(location, "hash"),
                key="hash",
                file=resource["path"],
                recorded=recorded_hash,
                actual=f"{algorithm}:{actual}" if actual else _("not computable"),
            )


def _file_digest(file: Path, algorithm: str) -> str | None:
    try:
        digest = hashlib.new(algorithm)
    except ValueError:
        return None
    with file.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def case_collisions(folder: Path, paths: Iterable[str]) -> list[Problem]:
    """Files or folders whose names differ only in case: one file on Windows and macOS.

    Every folder under ``datasets/`` (released versions included) and
    ``docs/`` is looked at. Of each such group, the entries no resource names
    are reported (all but one when none or several are named), each against
    the one kept.
    """
    named = set(paths)
    problems = []
    for root in CASE_CHECKED:
        for parent, folders, files in os.walk(folder / root):
            folders.sort()
            groups: dict[str, list[str]] = {}
            for name in sorted([*folders, *files]):
                relative = (Path(parent) / name).relative_to(folder).as_posix()
                groups.setdefault(name.casefold(), []).append(relative)
            for group in groups.values():
                if len(group) < 2:
                    continue
                kept = next((path for path in group if path in named), group[0])
                problems += [
                    make_problem("path-case-collision", path, 0, value=path, other=kept)
                    for path in group
                    if path != kept
                ]
    return problems


def _referenced_keys(resources: list[dict[str, Any]]) -> set[tuple[str, tuple[str, ...]]]:
    """Every (resource, fields) some foreign key points at: the values worth keeping."""
    wanted = set()
    for resource in resources:
        for key in resource["schema"].get("foreignKeys", []):
            reference = key.get("reference", {})
            target = str(reference.get("resource") or resource["name"])
            wanted.add((target, key_fields(reference.get("fields"))))
    return wanted


def _reading_order(resources: list[dict[str, Any]]) -> list[int]:
    """Resource indexes, each after the tables it points at (and the sources it cites).

    Then most foreign keys and every citation are checked as their row is
    read; only keys into the table itself (or around a cycle) wait for the end.
    """
    names = {str(r["name"]): i for i, r in enumerate(resources)}
    order: list[int] = []
    visiting: set[int] = set()

    def visit(index: int) -> None:
        if index in order or index in visiting:
            return
        visiting.add(index)
        for target in _depends_on(resources[index]):
            if target in names:
                visit(names[target])
        order.append(index)

    for index in range(len(resources)):
        visit(index)
    return order


def _depends_on(resource: dict[str, Any]) -> list[str]:
    schema = resource["schema"]
    targets = [str(key.get("reference", {}).get("resource") or "") for key in schema.get("foreignKeys", [])]
    cites = any(f.get("name") == "sources" and f.get("type") == "list" for f in schema.get("fields", []))
    if cites:
        targets.insert(0, SOURCES)
    return [t for t in targets if t and t != resource["name"]]


def _check_header(found: list[str], expected: list[str], path: str) -> Problem | None:
    if found == expected:
        return None
    for column, name in enumerate(expected):
        if column >= len(found) or found[column] != name:
            got = (
                _('"{name}" in column {number}').format(name=found[column], number=column + 1)
                if column < len(found)
                else _("no column {number}").format(number=column + 1)
            )
            return make_problem(
                "header-mismatch",
                path,
                1,
                name,
                found=got,
                expected=f'"{name}"',
                expected_all=",".join(expected),
            )
    extra = found[len(expected)]
    return make_problem(
        "header-mismatch",
        path,
        1,
        extra,
        found=_('an extra column "{name}"').format(name=extra),
        expected=_("{number} columns").format(number=len(expected)),
        expected_all=",".join(expected),
    )
