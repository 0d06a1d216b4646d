"""Print a PackageDiff for people (text), pull requests (markdown) and tools (json)."""

from __future__ import annotations

import json
import re
from typing import Any

from amnistia.releases.diff import PackageDiff, ResourceDiff, SchemaChange, suggested_bump

SCHEMA_WORDS = {
    "field-added": "field added",
    "field-removed": "field removed",
    "field-retyped": "field type changed",
    "constraints-changed": "constraints changed",
    "primary-key-changed": "primary key changed",
}


def render_diff(diff: PackageDiff, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(diff_to_dict(diff), indent=2, ensure_ascii=False) + "\n"
    if fmt == "markdown":
        return _markdown(diff)
    return _text(diff)


def diff_to_dict(diff: PackageDiff) -> dict[str, Any]:
    added, changed, removed = diff.totals()
    return {
        "old": diff.old,
        "new": diff.new,
        "suggested_bump": suggested_bump(diff),
        "totals": {"added": added, "changed": changed, "removed": removed},
        "resources": [
            {
                "name": r.name,
                "status": r.status,
                "primary_key": r.key,
                "schema": [{"kind": c.kind, "field": c.field, "old": c.old, "new": c.new} for c in r.schema],
                "added": r.added,
                "removed": r.removed,
                "changed": [
                    {
                        "key": c.key,
                        "fields": [{"field": f.field, "old": f.old, "new": f.new} for f in c.changes],
                    }
                    for c in r.changed
                ],
            }
            for r in diff.resources
            if not r.empty
        ],
    }


def schema_words(change: SchemaChange) -> str:
    words = SCHEMA_WORDS.get(change.kind, change.kind)
    subject = f" {change.field}" if change.field else ""
    if change.kind == "field-added":
        return f"{words}:{subject} ({change.new})"
    if change.old or change.new:
        return f"{words}{subject}: {change.old or '—'} → {change.new or '—'}"
    return f"{words}{subject}"


def _headline(diff: PackageDiff) -> str:
    added, changed, removed = diff.totals()
    bump = suggested_bump(diff)
    tail = f"; suggested release: {bump}" if bump else ""
    rows = "row" if added == 1 else "rows"
    return f"{diff.old} → {diff.new}: {added} {rows} added, {changed} changed, {removed} removed{tail}"


def _text(diff: PackageDiff) -> str:
    if diff.empty:
        return f"{diff.old} → {diff.new}: no changes\n"
    lines = [_headline(diff)]
    for resource in (r for r in diff.resources if not r.empty):
        lines.append("")
        lines.append(f"{resource.name} ({resource.status}): {_counts(resource)}")
        for change in resource.schema:
            lines.append(f"  ! {schema_words(change)}")
        for row in resource.added:
            lines.append(f"  + {resource.row_key(row)}  {_glimpse(row, resource.key)}")
        for row_change in resource.changed:
            lines.append(f"  ~ {row_change.key}")
            for field in row_change.changes:
                lines.append(f"      {field.field}: {_show(field.old)} → {_show(field.new)}")
        for row in resource.removed:
            lines.append(f"  - {resource.row_key(row)}  {_glimpse(row, resource.key)}")
    return "\n".join(lines) + "\n"


def _glimpse(row: dict[str, str], key: list[str], fields: int = 4) -> str:
    """A few of a row's values, so a reviewer sees what was added or removed."""
    shown = [f"{k}={v}" for k, v in row.items() if v and k not in key][:fields]
    return f"({', '.join(shown)})" if shown else ""


def _counts(resource: ResourceDiff) -> str:
    parts = [
        f"{len(resource.added)} added",
        f"{len(resource.changed)} changed",
        f"{len(resource.removed)} removed",
    ]
    if resource.schema:
        parts.append(f"{len(resource.schema)} schema changes")
    return ", ".join(parts)


def _show(value: str) -> str:
    return f'"{value}"' if value else "(empty)"


def _cell(value: str) -> str:
    """Markdown table cell as a code span: a contributor's text is shown, never read as markup.

    Links, images, HTML and @mentions in a cell would otherwise come alive in
    the pull-request comment and the job summary. Line breaks show as ⏎.
    """
    if not value:
        return "*(empty)*"
    text = value.replace("\r\n", "\n").replace("\n", " ⏎ ").replace("|", "\\|")
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _markdown(diff: PackageDiff) -> str:
    out = [f"### Data changes: {diff.old} → {diff.new}", ""]
    if diff.empty:
        return "\n".join([*out, "No changes.", ""])
    out += [_headline(diff), ""]
    out += [
        "| resource | added | changed | removed | schema changes |",
        "| --- | ---: | ---: | ---: | --- |",
    ]
    for resource in (r for r in diff.resources if not r.empty):
        schema = "<br>".join(f"**{_cell(schema_words(c))}**" for c in resource.schema) or "—"
        out.append(
            f"| {resource.name}{' (' + resource.status + ')' if resource.status != 'changed' else ''} "
            f"| {len(resource.added)} | {len(resource.changed)} | {len(resource.removed)} | {schema} |"
        )
    for resource in (r for r in diff.resources if r.added or r.removed or r.changed):
        out += ["", f"<details><summary>{resource.name}: row-level changes</summary>", ""]
        out += ["| | row | field | old | new |", "| --- | --- | --- | --- | --- |"]
        for row in resource.added:
            out.append(f"| + | {_cell(resource.row_key(row))} | | | {_cell(_glimpse(row, resource.key))} |")
        for row_change in resource.changed:
            for field in row_change.changes:
                old, new = _cell(field.old), _cell(field.new)
                out.append(f"| ~ | {_cell(row_change.key)} | {field.field} | {old} | {new} |")
        for row in resource.removed:
            out.append(f"| − | {_cell(resource.row_key(row))} | | {_cell(_glimpse(row, resource.key))} | |")
        out += ["", "</details>"]
    return "\n".join(out) + "\n"
