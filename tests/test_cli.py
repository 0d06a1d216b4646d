"""The validate command's contract: exit codes, formats, usage errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from support import ROOT, invoke


def test_usage_error_exits_2(tmp_path: Path) -> None:
    assert invoke("validate", str(tmp_path)).code == 2  # no datapackage.json
    assert invoke("validate", str(tmp_path / "missing")).code == 2
    assert invoke("validate", "--format", "yaml").code == 2
    assert invoke().code == 2


def test_missing_descriptor_says_what_to_do(tmp_path: Path) -> None:
    result = invoke("validate", str(tmp_path))
    assert "no datapackage.json" in result.err
    assert "→" in result.err


def test_json_format_lists_every_problem_with_all_keys(mini_package: Path) -> None:
    (mini_package / "datasets" / "releases.csv").write_text(
        (mini_package / "datasets" / "releases.csv").read_text().replace(",exact,91,", ",exact,9x1,")
    )
    result = invoke("validate", str(mini_package), "--format", "json")
    problems = json.loads(result.out)
    assert result.code == 1
    keys = {"path", "line", "field", "code", "message", "hint", "severity"}
    assert all(set(p) == keys for p in problems)
    errors = [p for p in problems if p["severity"] == "error"]
    assert [(p["path"], p["line"], p["field"], p["code"]) for p in errors] == [
        ("datasets/releases.csv", 2, "value", "type-error")
    ]
    assert any(p["severity"] == "warning" for p in problems)


def test_github_format_annotates_the_line(mini_package: Path) -> None:
    path = mini_package / "datasets" / "releases.csv"
    path.write_text(path.read_text().replace(",exact,91,", ",exact,9x1,"))
    result = invoke("validate", str(mini_package), "--format", "github")
    assert result.code == 1
    first = result.out.splitlines()[0]
    assert first.startswith("::error file=datasets/releases.csv,line=2,title=type-error (value)::")
    assert "::warning file=datasets/sources.csv," in result.out


def test_warnings_do_not_fail_and_are_listed_on_request(mini_package: Path) -> None:
    quiet = invoke("validate", str(mini_package))
    loud = invoke("validate", str(mini_package), "--warnings")
    assert quiet.code == loud.code == 0
    assert "warning:" not in quiet.out and "list them with --warnings" in quiet.out
    expected = "datasets/sources.csv:5:url: warning: this citation is incomplete; unknown: address, date"
    assert expected in loud.out


def test_crlf_and_multiline_cells_keep_physical_lines(mini_package: Path) -> None:
    path = mini_package / "datasets" / "sources.csv"
    text = path.read_text().replace(",unassessed,", ",unrated,")  # row starting on line 5
    path.write_bytes(text.replace("\n", "\r\n").encode())
    result = invoke("validate", str(mini_package))
    assert result.code == 1
    assert result.out.startswith("datasets/sources.csv:5:reliability: ")


def test_installed_entry_point_runs() -> None:
    amnistia = Path(sys.executable).parent / "amnistia"
    completed = subprocess.run(
        [str(amnistia), "validate", str(ROOT)], capture_output=True, text=True, check=False
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert completed.stdout.startswith("valid:")


def test_every_command_has_help_and_is_documented() -> None:
    """Like datasette: a command nobody can discover in the README does not exist for users."""
    from amnistia.cli import build_parser

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = build_parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    assert set(commands) == {"validate", "build", "release", "diff", "redact", "serve"}
    for name in commands:
        result = invoke(name, "--help")
        assert result.code == 0 and result.out.startswith(f"usage: amnistia {name}")
        assert f"amnistia {name}" in readme or (name == "build" and "make site" in readme), name


def test_validate_never_loads_the_site_stack(tmp_path: Path) -> None:
    """Validation stays light: no MkDocs, Jinja or openpyxl import on the contributor's path."""
    code = (
        "import sys; from amnistia.cli import main; main(['validate', sys.argv[1]]); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('mkdocs', 'jinja2', 'openpyxl')))"
    )
    completed = subprocess.run(
        [sys.executable, "-c", code, str(ROOT)], capture_output=True, text=True, check=False
    )
    assert completed.stdout.strip().endswith("[]"), completed.stdout
