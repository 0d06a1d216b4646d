"""The github format past GitHub's limits: 10 annotations of each kind per step, 50 per job.

GitHub drops annotations past its limits without a word, so the output must
cap them itself, say how many more there are, and put every problem in the
job summary.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from amnistia.data.output import ANNOTATIONS_PER_KIND, render_job_summary, render_report
from amnistia.data.problems import Problem, Report, Severity
from support import invoke

GITHUB_PER_JOB = 50


def _report(errors: int, warnings: int) -> Report:
    problems = [
        Problem("datasets/releases.csv", line, "value", "type-error", f'"{line},000" is wrong', "digits only")
        for line in range(2, 2 + errors)
    ]
    problems += [
        Problem(
            "datasets/sources.csv",
            line,
            "url",
            "incomplete-source",
            "this citation is incomplete",
            "add it",
            Severity.WARNING,
        )
        for line in range(2, 2 + warnings)
    ]
    return Report(problems, resources=8, rows=300)


def _annotations(output: str, kind: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith(f"::{kind} ")]


def test_annotations_are_capped_and_the_last_one_counts_the_rest() -> None:
    output = render_report(_report(errors=63, warnings=14), "github")
    errors, warnings = _annotations(output, "error"), _annotations(output, "warning")
    assert len(errors) == len(warnings) == ANNOTATIONS_PER_KIND == 10
    assert len(errors) + len(warnings) <= GITHUB_PER_JOB
    # The first ten in reading order, the tenth naming how many are left out.
    assert [int(re.search(r",line=(\d+),", e)[1]) for e in errors] == list(range(2, 12))  # type: ignore[index]
    assert errors[-1].endswith("%0A%0A…and 53 more errors: see the job summary")
    assert warnings[-1].endswith("%0A%0A…and 4 more warnings: see the job summary")
    assert not any("more error" in e for e in errors[:-1])
    assert output.splitlines()[-1] == "invalid: 63 errors in 8 resources, 300 rows, 14 warnings"


def test_under_the_limit_every_problem_is_annotated_and_nothing_is_said_about_more() -> None:
    output = render_report(_report(errors=10, warnings=1), "github")
    assert len(_annotations(output, "error")) == 10
    assert len(_annotations(output, "warning")) == 1
    assert "more error" not in output and "job summary" not in output


def test_one_more_is_singular() -> None:
    output = render_report(_report(errors=11, warnings=0), "github")
    assert _annotations(output, "error")[-1].endswith("…and 1 more error: see the job summary")


def test_the_job_summary_holds_every_problem() -> None:
    report = _report(errors=63, warnings=14)
    summary = render_job_summary(report)
    assert summary.startswith(
        "### amnistia validate: invalid: 63 errors in 8 resources, 300 rows, 14 warnings"
    )
    for line in range(2, 65):
        assert f'datasets/releases.csv:{line}:value: "{line},000" is wrong\n  → digits only\n' in summary
    for line in range(2, 16):
        assert f"datasets/sources.csv:{line}:url: warning: this citation is incomplete\n" in summary
    # Errors first, in a code block; the warnings folded below them.
    assert summary.index(":64:value:") < summary.index("<details><summary>14 warnings</summary>")
    assert summary.index("<details><summary>14 warnings</summary>") < summary.index("sources.csv:2:url:")


def test_the_summary_fence_cannot_be_closed_by_a_value() -> None:
    report = Report([Problem("datasets/events.csv", 3, "note", "x", "cell holds ```` and <img>", "fix")])
    summary = render_job_summary(report)
    fence = re.search(r"^(`+)text$", summary, re.MULTILINE)
    assert fence is not None and len(fence[1]) == 5
    assert summary.rstrip().endswith("`" * 5)


def _broken_package(package: Path, bad_rows: int) -> None:
    """Append rows whose value has a thousands separator: one type error each."""
    path = package / "datasets" / "releases.csv"
    header, first, *rest = path.read_text(encoding="utf-8").splitlines()
    cells = first.split(",")
    value = header.split(",").index("value")
    added = []
    for number in range(bad_rows):
        row = list(cells)
        row[0] = f"bad-row-{number:03d}"
        row[value] = f'"{number + 1},200"'
        added.append(",".join(row))
    path.write_text("\n".join([header, first, *rest, *added]) + "\n", encoding="utf-8")


def test_validate_writes_the_whole_list_to_githubs_job_summary(
    mini_package: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _broken_package(mini_package, bad_rows=60)
    summary = tmp_path / "step-summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    result = invoke("validate", str(mini_package), "--format", "github")
    assert result.code == 1
    errors = _annotations(result.out, "error")
    assert len(errors) == 10
    assert errors[0].startswith("::error file=datasets/releases.csv,line=4,title=type-error (value)::")
    assert errors[-1].endswith("…and 50 more errors: see the job summary")
    written = summary.read_text(encoding="utf-8")
    assert written.startswith("earlier step\n### amnistia validate: invalid: 60 errors")  # appended
    located = re.findall(r"^datasets/releases\.csv:(\d+):value: ", written, re.MULTILINE)
    assert [int(line) for line in located] == list(range(4, 64))


def test_summary_option_and_spanish(
    mini_package: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    _broken_package(mini_package, bad_rows=12)
    summary = tmp_path / "summary.md"
    result = invoke(
        "validate", str(mini_package), "--format", "github", "--lang", "es", "--summary", str(summary)
    )
    assert result.code == 1
    assert _annotations(result.out, "error")[-1].endswith("…y 2 errores más: vea el resumen del trabajo")
    assert "GitHub anota como mucho los primeros 10 errores" in summary.read_text(encoding="utf-8")


def test_text_format_writes_no_summary_unless_asked(
    mini_package: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    assert invoke("validate", str(mini_package)).code == 0
    assert not summary.exists()


def test_an_unwritable_summary_is_a_usage_error(mini_package: Path, tmp_path: Path) -> None:
    result = invoke("validate", str(mini_package), "--summary", str(tmp_path / "missing" / "summary.md"))
    assert result.code == 2
    assert "cannot write the summary" in result.err
