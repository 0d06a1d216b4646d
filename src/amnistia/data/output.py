"""Print a Report for people (text), tools (json) or GitHub Actions (github).

GitHub shows at most 10 error and 10 warning annotations per step, and 50 per
job; it drops the rest without a word. So the github format annotates the
first 10 of each kind, the 10th saying how many more there are, and the
whole list goes to the job summary (``render_job_summary``) as Markdown.
The validate step is the only one of the job that annotates, so its 20 at
most stay within the 50 of the job.

A text listing (and each list of the job summary) stops after
``PROBLEMS_SHOWN`` problems and says how many more there are; the counts in
the last line are always complete, and ``json`` lists every problem kept
(the first ``limits.PROBLEMS_KEPT`` found; the report counts the rest, and the CLI
says so on standard error).
"""

from __future__ import annotations

import json
import re

from amnistia.data.limits import PROBLEMS_SHOWN
from amnistia.data.problems import Problem, Report, Severity
from amnistia.i18n import _, ngettext

ANNOTATIONS_PER_KIND = 10
"""GitHub's limit per step for each of ``::error`` and ``::warning``."""


def render_report(report: Report, fmt: str, show_warnings: bool = False) -> str:
    """The whole report as text ready to print."""
    if fmt == "json":
        return json.dumps([p.to_dict() for p in report], indent=2, ensure_ascii=False) + "\n"
    if fmt == "github":
        return _github_annotations(report) + _summary(report, show_warnings=True)
    listed = [p for p in report if show_warnings or p.severity is Severity.ERROR]
    found = report.count(Severity.ERROR) + (report.count(Severity.WARNING) if show_warnings else 0)
    lines = [_text_entry(problem) for problem in listed[:PROBLEMS_SHOWN]]
    return "".join(lines) + _truncation(len(lines), found) + _summary(report, show_warnings)


def _truncation(shown: int, found: int) -> str:
    """The line that says a list was cut, with the full count; empty when it was not."""
    if found <= shown:
        return ""
    return (
        _(
            "… and {more} more problems not listed: {shown} of {total} are shown above. "
            "Fix these and run again, or use --format json for a longer list"
        ).format(more=f"{found - shown:,}", shown=f"{shown:,}", total=f"{found:,}")
        + "\n"
    )


def unlisted_note(report: Report) -> str:
    """For --format json: how many problems were found past those kept; empty when none were."""
    dropped = report.dropped(Severity.ERROR) + report.dropped(Severity.WARNING)
    if not dropped:
        return ""
    return (
        _(
            "amnistia: {more} more problems were found and not listed: the JSON holds the first "
            "{kept} found. Fix these and run again"
        ).format(more=f"{dropped:,}", kept=f"{report.problems.limit:,}")
        + "\n"
    )


def _summary(report: Report, show_warnings: bool) -> str:
    warnings = report.count(Severity.WARNING)
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
    error_count = report.count(Severity.ERROR)
    errors = ngettext("%(num)d error", "%(num)d errors", error_count) % {"num": error_count}
    return _("invalid: {errors} in {counted}").format(errors=errors, counted=counted) + "\n"


def render_job_summary(report: Report) -> str:
    """Every problem as Markdown for the job summary, where GitHub's annotation limits do not apply."""
    lines = [f"### amnistia validate: {_summary(report, show_warnings=True).strip()}", ""]
    errors = [p for p in report if p.severity is Severity.ERROR]
    warnings = [p for p in report if p.severity is Severity.WARNING]
    if not errors and not warnings:
        return "\n".join(lines)
    lines.append(
        _(
            "GitHub annotates at most the first {shown} errors and the first {shown} warnings; "
            "every one is listed here, in reading order."
        ).format(shown=ANNOTATIONS_PER_KIND)
    )
    lines.append("")
    if errors:
        lines += _code_block(errors, report.count(Severity.ERROR))
    if warnings:
        found = report.count(Severity.WARNING)
        count = ngettext("%(num)d warning", "%(num)d warnings", found) % {"num": found}
        lines += [f"<details><summary>{count}</summary>", "", *_code_block(warnings, found), "</details>", ""]
    return "\n".join(lines)


def _code_block(problems: list[Problem], found: int) -> list[str]:
    shown = problems[:PROBLEMS_SHOWN]
    listing = "".join(_text_entry(p) for p in shown) + _truncation(len(shown), found)
    # A code block shows the contributors' values as they are: nothing in them becomes
    # a link, an image or a mention. Its fence is longer than any run of backticks inside.
    longest = max((len(run) for run in re.findall(r"`+", listing)), default=0)
    fence = "`" * max(3, longest + 1)
    return [f"{fence}text", listing.rstrip("\n"), fence, ""]


def _text_entry(problem: Problem) -> str:
    label = "" if problem.severity is Severity.ERROR else _("warning: ")
    return f"{problem.location}: {label}{problem.message}\n  → {problem.hint}\n"


def _github_annotations(report: Report) -> str:
    lines = []
    for severity in (Severity.ERROR, Severity.WARNING):
        problems = [p for p in report if p.severity is severity]
        shown = problems[:ANNOTATIONS_PER_KIND]
        more = report.count(severity) - len(shown)
        for number, problem in enumerate(shown, start=1):
            note = _more_note(severity, more) if more and number == len(shown) else ""
            lines.append(_github_line(problem, note))
    return "".join(lines)


def _more_note(severity: Severity, more: int) -> str:
    if severity is Severity.ERROR:
        text = ngettext(
            "…and %(num)d more error: see the job summary",
            "…and %(num)d more errors: see the job summary",
            more,
        )
    else:
        text = ngettext(
            "…and %(num)d more warning: see the job summary",
            "…and %(num)d more warnings: see the job summary",
            more,
        )
    return text % {"num": more}


def _github_line(problem: Problem, note: str = "") -> str:
    """A workflow command GitHub shows on the changed line of the pull request."""
    kind = "error" if problem.severity is Severity.ERROR else "warning"
    props = [f"file={_escape_property(problem.path)}"]
    if problem.line:
        props.append(f"line={problem.line}")
    title = f"{problem.code}" + (f" ({problem.field})" if problem.field else "")
    props.append(f"title={_escape_property(title)}")
    body = f"{problem.message}\n→ {problem.hint}" + (f"\n\n{note}" if note else "")
    return f"::{kind} {','.join(props)}::{_escape_data(body)}\n"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")
