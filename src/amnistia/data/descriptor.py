"""Load datapackage.json and check it before any data is read.

Frictionless validates descriptors but reports problems without saying where
they are, and stops at the first unknown field type. Here each field, each
resource and the package are checked separately so that every problem names
its JSON location (``resources[2].schema.fields[3].type``) and line.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from amnistia.data.catalogue import make_problem
from amnistia.data.descriptor_cache import known_valid, remember_valid
from amnistia.data.descriptor_text import check_descriptor_text
from amnistia.data.json_locations import duplicate_keys, join_location, json_lines, nesting_depth
from amnistia.data.limits import MAX_DESCRIPTOR_BYTES, MAX_DESCRIPTOR_DEPTH
from amnistia.data.paths import RESOURCE_NAME
from amnistia.data.problems import Problem, Severity
from amnistia.i18n import _

DESCRIPTOR_NAME = "datapackage.json"

FIELD_TYPES = frozenset(
    [
        "string",
        "number",
        "integer",
        "boolean",
        "object",
        "array",
        "list",
        "date",
        "time",
        "datetime",
        "year",
        "yearmonth",
        "duration",
        "geopoint",
        "geojson",
        "any",
    ]
)
_PROPERTY = re.compile(r" at property '([^']*)'")
SEMVER = re.compile(r"(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)")
PROFILE_NAMES = frozenset(["data-package", "tabular-data-package", "data-resource", "tabular-data-resource"])
"""Profiles frictionless knows by name; anything else would be fetched or read from disk."""


UNPARSED = frozenset(["descriptor-json", "descriptor-too-deep", "file-too-large"])
"""Problems after which datapackage.json could not be parsed at all."""


class PackageNotFound(Exception):
    """The folder holds no datapackage.json: a usage error, not a data error."""


@dataclass
class Descriptor:
    """The parsed datapackage.json and where each of its values sits."""

    data: dict[str, Any]
    lines: dict[str, int]

    def line_of(self, location: str) -> int:
        """Line of ``location``, or of its nearest enclosing value."""
        while location:
            if location in self.lines:
                return self.lines[location]
            location = re.sub(r"(\.[^.\[]*|\[\d+\])$", "", location)
        return 1

    def problem(self, code: str, location: str, **params: object) -> Problem:
        return make_problem(code, DESCRIPTOR_NAME, self.line_of(location), location, **params)

    @property
    def resources(self) -> list[dict[str, Any]]:
        resources = self.data.get("resources")
        if not isinstance(resources, list):
            return []
        return [r for r in resources if isinstance(r, dict)]


def read_descriptor(folder: Path) -> tuple[Descriptor | None, list[Problem]]:
    """Parse ``folder/datapackage.json``; None with problems when it cannot be used."""
    path = folder / DESCRIPTOR_NAME
    if not path.is_file():
        raise PackageNotFound(f"no {DESCRIPTOR_NAME} in {folder}")
    size = path.stat().st_size
    if size > MAX_DESCRIPTOR_BYTES:
        limit = MAX_DESCRIPTOR_BYTES / 1024 / 1024
        found = make_problem(
            "file-too-large", DESCRIPTOR_NAME, 0, size=f"{size / 1024 / 1024:,.1f}", limit=f"{limit:,.1f}"
        )
        return None, [found]
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        detail = _("it is not UTF-8")
        return None, [make_problem("descriptor-json", DESCRIPTOR_NAME, line, detail=detail)]
    depth, deepest_line = nesting_depth(text)
    if depth > MAX_DESCRIPTOR_DEPTH:
        found = make_problem(
            "descriptor-too-deep", DESCRIPTOR_NAME, deepest_line, depth=depth, limit=MAX_DESCRIPTOR_DEPTH
        )
        return None, [found]
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        detail = _("{problem} (column {column})").format(problem=error.msg, column=error.colno)
        return None, [make_problem("descriptor-json", DESCRIPTOR_NAME, error.lineno, detail=detail)]
    repeated = duplicate_keys(text)
    if repeated:
        return None, [
            make_problem(
                "descriptor-duplicate-key", DESCRIPTOR_NAME, line, location, key=location.rsplit(".", 1)[-1]
            )
            for location, line in repeated
        ]
    descriptor = Descriptor(data if isinstance(data, dict) else {}, json_lines(text))
    if not isinstance(data, dict):
        detail = _("the descriptor must be a JSON object ({ … })")
        return None, [descriptor.problem("descriptor-invalid", "", detail=detail)]
    # Before frictionless sees the descriptor (it would fetch a remote profile
    # or dialect; a bad name would become an output path), and never skipped
    # by the cache: only frictionless' answer is remembered.
    unsafe = list(_check_references(descriptor))
    if unsafe:
        return None, unsafe
    if known_valid(raw):
        return descriptor, []
    problems = list(check_descriptor(descriptor))
    if not problems:  # a warning too is not remembered: it must show on every run
        remember_valid(raw)
    usable = not any(p.severity is Severity.ERROR for p in problems)
    return (descriptor if usable else None), problems


def check_descriptor(descriptor: Descriptor) -> Iterator[Problem]:
    """Yield what is wrong with the descriptor's structure, fields and keys (its references are safe)."""
    data = descriptor.data
    resources = data.get("resources")
    if not isinstance(resources, list) or not resources:
        detail = _("resources must be a non-empty list of resources")
        yield descriptor.problem("descriptor-invalid", "resources", detail=detail)
        return
    # Package-level properties are checked with a stand-in resource, so that
    # resource problems are reported once each, at their own location below.
    stub = {
        "name": "stub",
        "path": "stub.csv",
        "profile": "tabular-data-resource",
        "schema": {"fields": [{"name": "stub", "type": "string"}]},
    }
    yield from _frictionless_problems(
        descriptor, "", lambda: _frictionless().Package.metadata_validate({**data, "resources": [stub]})
    )
    yield from _check_version(descriptor)
    yield from _check_path_cases(descriptor)
    for code, location, params in check_descriptor_text(data):
        yield descriptor.problem(code, location, **params)
    names = {r.get("name") for r in resources if isinstance(r, dict)}
    seen: set[Any] = set()
    for index, resource in enumerate(resources):
        location = join_location("resources", index)
        if isinstance(resource, dict) and resource.get("name") in seen:
            detail = _(
                'another resource is already named "{name}"; every resource needs its own name'
            ).format(name=resource.get("name"))
            yield descriptor.problem("descriptor-invalid", join_location(location, "name"), detail=detail)
        if isinstance(resource, dict):
            seen.add(resource.get("name"))
        if not isinstance(resource, dict):
            detail = _("each resource must be a JSON object")
            yield descriptor.problem("descriptor-invalid", location, detail=detail)
            continue
        yield from _check_resource(descriptor, location, resource, names)


def _check_version(descriptor: Descriptor) -> Iterator[Problem]:
    """The working version, when given, is X.Y.Z: releases compare and bump it."""
    version = descriptor.data.get("version")
    if version is not None and not (isinstance(version, str) and SEMVER.fullmatch(version)):
        yield descriptor.problem("version-form", "version", value=version)


def _check_path_cases(descriptor: Descriptor) -> Iterator[Problem]:
    """Two resource paths that only differ in case are one file on Windows and macOS."""
    first: dict[str, str] = {}
    for index, resource in enumerate(descriptor.resources):
        path = resource.get("path")
        if not isinstance(path, str):
            continue
        other = first.setdefault(path.casefold(), path)
        if other != path:
            location = join_location(join_location("resources", index), "path")
            yield descriptor.problem("path-case-collision", location, value=path, other=other)


def _check_references(descriptor: Descriptor) -> Iterator[Problem]:
    """Resource names that are not plain, and profiles, dialects or schemas kept elsewhere."""
    yield from _check_profile(descriptor, "", descriptor.data)
    for index, resource in enumerate(descriptor.resources):
        location = join_location("resources", index)
        name = resource.get("name")
        if not isinstance(name, str) or not RESOURCE_NAME.match(name):
            yield descriptor.problem("resource-name", join_location(location, "name"), value=name)
        yield from _check_profile(descriptor, location, resource)
        for key in ("dialect", "schema"):
            value = resource.get(key)
            if isinstance(value, str):
                fix = _("write the {key} inline in datapackage.json, as a JSON object").format(key=key)
                yield descriptor.problem(
                    "descriptor-remote", join_location(location, key), key=key, value=value, fix=fix
                )


def _check_profile(descriptor: Descriptor, location: str, node: dict[str, Any]) -> Iterator[Problem]:
    for key in ("profile", "$schema"):
        value = node.get(key)
        if value is None or (isinstance(value, str) and value in PROFILE_NAMES):
            continue
        fix = _("use the profile's name ({names}), or leave it out").format(
            names=", ".join(sorted(PROFILE_NAMES))
        )
        yield descriptor.problem(
            "descriptor-remote", join_location(location, key), key=key, value=value, fix=fix
        )


def _check_resource(
    descriptor: Descriptor, location: str, resource: dict[str, Any], names: set[Any]
) -> Iterator[Problem]:
    if not isinstance(resource.get("path"), str):
        detail = _("this resource needs a path: one CSV file in the package folder")
        yield descriptor.problem("descriptor-invalid", location, detail=detail)
    schema = resource.get("schema")
    if not isinstance(schema, dict) or not isinstance(schema.get("fields"), list):
        detail = _("this resource needs a schema with a list of fields")
        yield descriptor.problem("descriptor-invalid", join_location(location, "schema"), detail=detail)
        return
    field_problems = []
    fields_location = join_location(join_location(location, "schema"), "fields")
    for index, field in enumerate(schema["fields"]):
        field_location = join_location(fields_location, index)
        kind = field.get("type", "string") if isinstance(field, dict) else None
        if kind not in FIELD_TYPES:
            known = ", ".join(sorted(FIELD_TYPES))
            detail = _('"{kind}" is not a Table Schema field type; use one of {known}').format(
                kind=kind, known=known
            )
            where = join_location(field_location, "type") if isinstance(field, dict) else field_location
            field_problems.append(descriptor.problem("descriptor-invalid", where, detail=detail))
            continue
        field_problems += _frictionless_problems(
            descriptor,
            field_location,
            lambda f=field: _frictionless().Schema.metadata_validate({"fields": [f]}),
        )
    yield from field_problems
    if field_problems:
        return  # the resource as a whole cannot be checked with broken fields
    # The path is checked against the folder later (checks/paths.py), with
    # clearer messages than frictionless' "path is not safe".
    checkable = {**resource, "path": "stub.csv"}
    yield from _frictionless_problems(
        descriptor, location, lambda: _frictionless().Package.metadata_validate({"resources": [checkable]})
    )
    yield from _check_keys(descriptor, location, schema, names)


def _check_keys(
    descriptor: Descriptor, location: str, schema: dict[str, Any], names: set[Any]
) -> Iterator[Problem]:
    """Foreign keys must point at resources and fields that exist."""
    keys = schema.get("foreignKeys", [])
    if not isinstance(keys, list):
        return
    for index, key in enumerate(keys):
        key_location = join_location(join_location(join_location(location, "schema"), "foreignKeys"), index)
        reference = key.get("reference", {}) if isinstance(key, dict) else {}
        target = reference.get("resource") if isinstance(reference, dict) else None
        if target not in ("", None) and target not in names:
            detail = _('the foreign key points at a resource named "{target}", which does not exist').format(
                target=target
            )
            yield descriptor.problem(
                "descriptor-invalid",
                join_location(join_location(key_location, "reference"), "resource"),
                detail=detail,
            )


def _frictionless_problems(descriptor: Descriptor, location: str, validate: Any) -> list[Problem]:
    """Run one frictionless metadata check and locate what it reports."""
    try:
        errors = list(validate())
    except _frictionless().FrictionlessException as exception:
        errors = [exception.error]
    problems = []
    for error in errors:
        note = str(error.note)
        found = _PROPERTY.search(note)
        where = location
        if found:
            for part in found.group(1).split("/"):
                where = join_location(where, int(part) if part.isdigit() else part)
            note = note[: found.start()]
        problems.append(descriptor.problem("descriptor-invalid", where, detail=_plain(note)))
    return problems


def _frictionless() -> Any:
    """frictionless, imported when a descriptor is first checked: it takes half a second."""
    import frictionless

    return frictionless


def _plain(note: str) -> str:
    """Frictionless notes are terse; keep them but make them a sentence."""
    note = note.strip().rstrip(".")
    return note[:1].lower() + note[1:] if note else "this part of the descriptor is not valid"
