"""Print a Report for people (text), tools (json) or GitHub Actions (github)."""

from __future__ import annotations

import json

from amnistia.data.problems import Problem, Report, Severity
from amnistia.i18n import _, ngettext


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
        label = "" if problem.severity is Severity.ERROR else _("warning: ")
        lines.append(f"{problem.location}: {label}{problem.message}\n  → {problem.hint}\n")
    return "".join(lines) + _summary(report, show_warnings)


def _summary(report: Report, show_warnings: bool) -> str:
    warnings = len(report.warnings)
    counted = ", ".join(
        (
            ngettext("%(num)d resource", "%(num)d resources", report.resources) % {"num": report.resources},
            ngettext("%(num)d row", "%(num)d rows", report.rows) % {"num": report.rows},
            ngettext("%(num)d warning", "%(num)d warnings", warnings) % {"num": warnings},
        )
    )
    if warnings and not show_warnings:
        counted += " " + _("(list them with --warnings)")
    if report.valid:
        return _("valid: {counted}").format(counted=counted) + "\n"
    errors = ngettext("%(num)d error", "%(num)d errors", len(report.errors)) % {"num": len(report.errors)}
    return _("invalid: {errors} in {counted}").format(errors=errors, counted=counted) + "\n"


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
