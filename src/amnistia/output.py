"""Print a Report for people (text), tools (json) or GitHub Actions (github)."""

from __future__ import annotations

import json

from amnistia.problems import Problem, Report, Severity


def render_report(report: Report, fmt: str, show_warnings: bool = False) -> str:
    """The whole report as text ready to print."""
    if fmt == "json":
        return json.dumps([p.to_dict() for p in report], indent=2, ensure_ascii=False) + "\n"
    if fmt == "github":
        return "".join(_github_line(p) for p in report) + _summary(report, show_warnings=True)
    lines = []
    for problem in report:
        if problem.severity is Severity.WARNING and not show_warnings:
            continue
        label = "" if problem.severity is Severity.ERROR else "warning: "
        lines.append(f"{problem.location}: {label}{problem.message}\n  → {problem.hint}\n")
    return "".join(lines) + _summary(report, show_warnings)


def _summary(report: Report, show_warnings: bool) -> str:
    warnings = len(report.warnings)
    counted = f"{report.resources} resources, {report.rows} rows, {_plural(warnings, 'warning')}"
    if warnings and not show_warnings:
        counted += " (list them with --warnings)"
    if report.valid:
        return f"valid: {counted}\n"
    return f"invalid: {_plural(len(report.errors), 'error')} in {counted}\n"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _github_line(problem: Problem) -> str:
    """A workflow command GitHub shows on the changed line of the pull request."""
    kind = "error" if problem.severity is Severity.ERROR else "warning"
    props = [f"file={_escape_property(problem.path)}"]
    if problem.line:
        props.append(f"line={problem.line}")
    title = f"{problem.code}" + (f" ({problem.field})" if problem.field else "")
    props.append(f"title={_escape_property(title)}")
    body = _escape_data(f"{problem.message}\n→ {problem.hint}")
    return f"::{kind} {','.join(props)}::{body}\n"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")
