"""Row-level differences between two versions of a data package.

Rows are matched by primary key, so an edited value shows as a change of
that row (old → new), not as a removal plus an addition. Schema changes are
reported separately because they break scripts: they decide the version bump.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from amnistia.releases.redactions import Redaction, redacted_cells
from amnistia.releases.rows import PackageView, read_view

__all__ = ["PackageDiff", "PackageView", "ResourceDiff", "diff_packages", "read_view", "suggested_bump"]

MAJOR, MINOR, PATCH = "major", "minor", "patch"
_BUMP_ORDER = {PATCH: 0, MINOR: 1, MAJOR: 2}


@dataclass(frozen=True)
class SchemaChange:
    kind: str
    """field-added, field-removed, field-retyped, constraints-changed, primary-key-changed."""
    field: str
    old: str = ""
    new: str = ""


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: str
    new: str
    redaction: Redaction | None = None
    """Set when ``old`` was removed from the released file: show why, not the marker."""


@dataclass(frozen=True)
class RowChange:
    key: str
    changes: tuple[FieldChange, ...]


@dataclass
class ResourceDiff:
    name: str
    status: str = "changed"
    """added, removed, changed or same."""
    added: list[dict[str, str]] = field(default_factory=list)
    removed: list[dict[str, str]] = field(default_factory=list)
    changed: list[RowChange] = field(default_factory=list)
    schema: list[SchemaChange] = field(default_factory=list)
    key: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return self.status == "same"

    def row_key(self, row: dict[str, str]) -> str:
        return ",".join(row.get(k, "") for k in self.key)


@dataclass
class PackageDiff:
    old: str
    new: str
    resources: list[ResourceDiff]

    @property
    def empty(self) -> bool:
        return all(r.empty for r in self.resources)

    def totals(self) -> tuple[int, int, int]:
        """Rows added, changed and removed over every resource."""
        return (
            sum(len(r.added) for r in self.resources),
            sum(len(r.changed) for r in self.resources),
            sum(len(r.removed) for r in self.resources),
        )


def diff_packages(old: PackageView, new: PackageView) -> PackageDiff:
    """Everything that differs between ``old`` and ``new``, resource by resource."""
    old_resources = {r["name"]: r for r in old.descriptor.get("resources", [])}
    new_resources = {r["name"]: r for r in new.descriptor.get("resources", [])}
    names = list(old_resources) + [n for n in new_resources if n not in old_resources]
    diffs = []
    for name in names:
        if name not in new_resources:
            diff = ResourceDiff(name, "removed", removed=list(old.rows.get(name, [])))
            diff.key = _key(old_resources[name])
        elif name not in old_resources:
            diff = ResourceDiff(name, "added", added=list(new.rows.get(name, [])))
            diff.key = _key(new_resources[name])
        else:
            diff = _diff_resource(name, old_resources[name], new_resources[name], old, new)
        diffs.append(diff)
    return PackageDiff(old.label, new.label, diffs)


def _key(resource: dict[str, Any]) -> list[str]:
    key = resource.get("schema", {}).get("primaryKey", [])
    if isinstance(key, str):
        return [key]
    if key:
        return list(key)
    return [f["name"] for f in resource.get("schema", {}).get("fields", [])]


def _diff_resource(
    name: str,
    old_resource: dict[str, Any],
    new_resource: dict[str, Any],
    old: PackageView,
    new: PackageView,
) -> ResourceDiff:
    diff = ResourceDiff(name, key=_key(new_resource))
    diff.schema = _diff_schema(old_resource.get("schema", {}), new_resource.get("schema", {}))
    old_key = _key(old_resource)
    before = {",".join(r.get(k, "") for k in old_key): r for r in old.rows.get(name, [])}
    after = {diff.row_key(r): r for r in new.rows.get(name, [])}
    shared_fields = [
        f["name"]
        for f in new_resource.get("schema", {}).get("fields", [])
        if any(f["name"] == g["name"] for g in old_resource.get("schema", {}).get("fields", []))
    ]
    for key, row in after.items():
        if key not in before:
            diff.added.append(row)
            continue
        changes = tuple(
            FieldChange(f, before[key].get(f, ""), row.get(f, ""))
            for f in shared_fields
            if before[key].get(f, "") != row.get(f, "")
        )
        if changes:
            diff.changed.append(RowChange(key, changes))
    diff.removed = [row for key, row in before.items() if key not in after]
    if not (diff.added or diff.removed or diff.changed or diff.schema):
        diff.status = "same"
    return diff


def _diff_schema(old: dict[str, Any], new: dict[str, Any]) -> list[SchemaChange]:
    before = {f["name"]: f for f in old.get("fields", [])}
    after = {f["name"]: f for f in new.get("fields", [])}
    changes = [SchemaChange("field-removed", n) for n in before if n not in after]
    changes += [
        SchemaChange("field-added", n, new=after[n].get("type", "string")) for n in after if n not in before
    ]
    for name in (n for n in after if n in before):
        old_type, new_type = before[name].get("type", "string"), after[name].get("type", "string")
        if old_type != new_type:
            changes.append(SchemaChange("field-retyped", name, old_type, new_type))
        old_limits, new_limits = (
            before[name].get("constraints", {}),
            after[name].get("constraints", {}),
        )
        if old_limits != new_limits:
            changes.append(
                SchemaChange("constraints-changed", name, _describe(old_limits), _describe(new_limits))
            )
    if old.get("primaryKey") != new.get("primaryKey"):
        changes.append(
            SchemaChange(
                "primary-key-changed",
                "",
                _describe(old.get("primaryKey")),
                _describe(new.get("primaryKey")),
            )
        )
    return changes


def _describe(value: Any) -> str:
    if isinstance(value, dict):
        return "; ".join(f"{k}={_describe(v)}" for k, v in sorted(value.items()))
    if isinstance(value, list):
        return ",".join(str(v) for v in value)
    return str(value)


def suggested_bump(diff: PackageDiff) -> str | None:
    """The bump semantic versioning asks for; None when nothing changed.

    Removed or renamed fields, retyped fields, removed rows or resources break
    what data users wrote against the old version: major. New fields, rows,
    resources or changed constraints: minor. Corrected values only: patch.
    """
    bump: str | None = None
    for resource in diff.resources:
        for level in _levels(resource):
            if bump is None or _BUMP_ORDER[level] > _BUMP_ORDER[bump]:
                bump = level
    return bump


def _levels(resource: ResourceDiff) -> list[str]:
    levels = []
    if resource.status == "removed" or resource.removed:
        levels.append(MAJOR)
    if any(c.kind in ("field-removed", "field-retyped", "primary-key-changed") for c in resource.schema):
        levels.append(MAJOR)
    if resource.status == "added" or resource.added:
        levels.append(MINOR)
    if any(c.kind in ("field-added", "constraints-changed") for c in resource.schema):
        levels.append(MINOR)
    if resource.changed:
        levels.append(PATCH)
    return levels


def bump_rank(level: str) -> int:
    return _BUMP_ORDER[level]


def annotate_diff(diff: PackageDiff, log: Sequence[Redaction], old: PackageView) -> PackageDiff:
    """``diff`` with each change of a redacted cell of ``old`` carrying its redaction."""
    cells = redacted_cells(log, old.label)
    if not cells:
        return diff
    paths = {str(r.get("name")): str(r.get("path")) for r in old.descriptor.get("resources", [])}
    for resource in diff.resources:
        path = paths.get(resource.name, "")
        resource.changed = [
            replace(
                row,
                changes=tuple(
                    replace(change, redaction=cells.get((path, row.key, change.field)))
                    for change in row.changes
                ),
            )
            for row in resource.changed
        ]
    return diff
