"""Validate a data package folder: the descriptor, then each file, then the claims.

Stages run in order and each only sees what the previous one could read, so
one broken file yields one clear problem instead of a cascade.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from frictionless import FrictionlessException, Package

from amnistia.data.catalogue import make_problem
from amnistia.data.cells import check_cells
from amnistia.data.claims import check_claims
from amnistia.data.descriptor import Descriptor, read_descriptor
from amnistia.data.json_locations import join_location
from amnistia.data.paths import resource_path_problem
from amnistia.data.problems import Problem, Report
from amnistia.data.reader import Table, read_table
from amnistia.data.table_schema import check_table_schema
from amnistia.i18n import _

log = logging.getLogger(__name__)


@dataclass
class LoadedPackage:
    """A package folder as read: its descriptor and every table that could be read."""

    folder: Path
    descriptor: Descriptor | None
    tables: dict[str, Table] = field(default_factory=dict)
    schemas: dict[str, dict[str, Any]] = field(default_factory=dict)
    paths: dict[str, str] = field(default_factory=dict)


def load_and_validate(folder: Path, today: dt.date | None = None) -> tuple[Report, LoadedPackage]:
    """Read and check ``folder``; the loaded package is usable only when the report is valid."""
    today = today or dt.date.today()
    report = Report()
    descriptor, problems = read_descriptor(folder)
    report.extend(problems)
    loaded = LoadedPackage(folder, descriptor)
    if descriptor is None:
        return report, loaded
    report.resources = len(descriptor.resources)
    for index, resource in enumerate(descriptor.resources):
        table = _read_resource(folder, descriptor, index, resource, report)
        name = str(resource["name"])
        loaded.paths[name] = str(resource["path"])
        loaded.schemas[name] = resource["schema"]
        if table is not None:
            loaded.tables[name] = table
            report.rows += table.row_count
    frictionless_package = Package(_with_readable_resources(descriptor, loaded), basepath=str(folder))
    for name, table in loaded.tables.items():
        log.debug("checking %s", table.path)
        report.extend(check_cells(table, loaded.schemas[name], today))
        try:
            report.extend(
                check_table_schema(frictionless_package, name, table, loaded.schemas[name], loaded.paths)
            )
        except FrictionlessException as error:
            report.extend([make_problem("table-error", table.path, 0, detail=str(error.error.note))])
        report.extend(check_cells(table, loaded.schemas[name], today))
    report.extend(check_claims(loaded.tables, loaded.schemas))
    return report, loaded


def _read_resource(
    folder: Path, descriptor: Descriptor, index: int, resource: dict[str, Any], report: Report
) -> Table | None:
    path = str(resource["path"])
    location = join_location(join_location("resources", index), "path")
    code = resource_path_problem(folder, path)
    if code is not None:
        report.extend([descriptor.problem(code, location, value=path)])
        return None
    header = [str(f.get("name", "")) for f in resource["schema"]["fields"]]
    table, problems = read_table((folder / path).read_bytes(), path, header)
    report.extend(problems)
    if table is None:
        return None
    header_problem = _check_header(table, resource["schema"])
    if header_problem is not None:
        report.extend([header_problem])
        return None
    return table


def _check_header(table: Table, schema: dict[str, Any]) -> Problem | None:
    expected = [str(f.get("name", "")) for f in schema["fields"]]
    found = table.header
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
                table.path,
                1,
                name,
                found=got,
                expected=f'"{name}"',
                expected_all=",".join(expected),
            )
    extra = found[len(expected)]
    return make_problem(
        "header-mismatch",
        table.path,
        1,
        extra,
        found=_('an extra column "{name}"').format(name=extra),
        expected=_("{number} columns").format(number=len(expected)),
        expected_all=",".join(expected),
    )


def _with_readable_resources(descriptor: Descriptor, loaded: LoadedPackage) -> dict[str, Any]:
    """The descriptor with only the resources whose files could be read.

    Frictionless would otherwise re-read (and guess at) the broken files while
    resolving foreign keys.
    """
    data = dict(descriptor.data)
    readable = set(loaded.tables)
    resources = []
    for resource in descriptor.resources:
        if resource.get("name") not in readable:
            continue
        schema = dict(resource["schema"])
        # A key into a file that could not be read would only repeat its problem.
        schema["foreignKeys"] = [
            key
            for key in schema.get("foreignKeys", [])
            if key.get("reference", {}).get("resource") in ("", None, resource.get("name"))
            or key.get("reference", {}).get("resource") in readable
        ]
        resources.append({**resource, "schema": schema})
    data["resources"] = resources
    return data
