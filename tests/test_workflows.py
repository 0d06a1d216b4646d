"""The GitHub Actions workflows: linted, hardened, and running only commands that exist.

actionlint (with shellcheck on every ``run:`` script) and zizmor run here,
offline, on the real files; the diff and comment steps' scripts are run in
bash on a real git repository, with a stand-in for the ``gh`` command only
(it answers as the GitHub API would, and records what would be posted).
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from amnistia.cli import build_parser
from support import ROOT, copy_project

WORKFLOWS = ROOT / ".github" / "workflows"
BIN = Path(sys.executable).parent
SHA_PIN = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_./-]+@[0-9a-f]{40}$")
VERSION_COMMENT = re.compile(r"#\s*v\d+\.\d+\.\d+\s*$")
# GitHub runs `run:` scripts as `bash --noprofile --norc -eo pipefail {0}`.
GITHUB_BASH = ["bash", "--noprofile", "--norc", "-eo", "pipefail"]


def _files() -> list[Path]:
    files = sorted(WORKFLOWS.glob("*.yml"))
    assert [f.name for f in files] == ["diff-comment.yml", "publish.yml", "pull-request.yml"]
    return files


def _load(path: Path) -> dict[Any, Any]:
    workflow: dict[Any, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    # YAML 1.1 reads the key `on` as the boolean true.
    workflow["on"] = workflow.pop(True, workflow.get("on"))
    return workflow


def _steps(workflow: dict[Any, Any]) -> Iterator[dict[str, Any]]:
    for job in workflow["jobs"].values():
        yield from job.get("steps", [])


def _step(name: str, step_name: str) -> dict[str, Any]:
    return next(s for s in _steps(_load(WORKFLOWS / name)) if s.get("name") == step_name)


def _run(command: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, capture_output=True, text=True, check=False, timeout=120, **kwargs)


def _actionlint(folder: Path, *files: Path) -> subprocess.CompletedProcess[str]:
    command = [str(BIN / "actionlint"), "-no-color", "-shellcheck", str(BIN / "shellcheck"), "-pyflakes="]
    return _run([*command, *map(str, files)], cwd=folder)


def _zizmor(target: Path) -> subprocess.CompletedProcess[str]:
    command = [str(BIN / "zizmor"), "--offline", "--no-progress", "--color", "never", str(target)]
    return _run(command, cwd=target)


def test_actionlint_reports_nothing() -> None:
    result = _actionlint(ROOT, *_files())
    assert result.returncode == 0 and result.stdout == "", result.stdout + result.stderr


def test_zizmor_reports_nothing_offline() -> None:
    result = _zizmor(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout + result.stderr


def test_the_linters_do_find_problems(tmp_path: Path) -> None:
    """Both tools really run: an unsafe workflow is reported by each."""
    workflows = tmp_path / ".github" / "workflows"
    workflows.mkdir(parents=True)
    unsafe = workflows / "unsafe.yml"
    unsafe.write_text(
        "on: pull_request_target\n"
        "jobs:\n"
        "  build:\n"
        "    runs-on: ubuntu-24.04\n"
        "    steps:\n"
        "      - uses: actions/checkout@v7\n"
        "        with:\n"
        "          ref: ${{ github.event.pull_request.head.sha }}\n"
        "      - run: echo ${{ github.event.pull_request.title }} > $GITHUB_STEP_SUMMARY\n",
        encoding="utf-8",
    )
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    linted = _actionlint(tmp_path, unsafe)
    assert linted.returncode == 1
    assert "SC2086" in linted.stdout  # shellcheck ran on the script
    assert "github.event.pull_request.title" in linted.stdout  # untrusted input in a script
    audited = _zizmor(tmp_path)
    assert audited.returncode != 0
    assert "dangerous-triggers" in audited.stdout and "unpinned-uses" in audited.stdout


def test_no_workflow_runs_on_pull_request_target() -> None:
    for path in _files():
        assert "pull_request_target" not in path.read_text(encoding="utf-8"), path.name
    triggers = {path.name: set(_load(path)["on"]) for path in _files()}
    assert triggers == {
        "pull-request.yml": {"pull_request"},
        "diff-comment.yml": {"workflow_run"},
        "publish.yml": {"push"},
    }


def test_every_action_is_pinned_by_a_full_commit_sha_with_its_version() -> None:
    uses = 0
    for path in _files():
        for line in path.read_text(encoding="utf-8").splitlines():
            match = re.match(r"^\s*(?:-\s+)?uses:\s*(\S+)(.*)$", line)
            if match:
                uses += 1
                assert SHA_PIN.match(match[1]), f"{path.name}: {match[1]} is not pinned by commit SHA"
                assert VERSION_COMMENT.search(match[2]), f"{path.name}: {match[1]} needs a # vX.Y.Z comment"
        for step in _steps(_load(path)):
            if "uses" in step:
                assert SHA_PIN.match(step["uses"]), step["uses"]
    assert uses >= 7


def test_permissions_are_empty_by_default_and_granted_per_job() -> None:
    granted = {}
    for path in _files():
        workflow = _load(path)
        assert workflow["permissions"] == {}, path.name
        for name, job in workflow["jobs"].items():
            assert isinstance(job["permissions"], dict), f"{path.name}: {name}"
            assert all(level in ("read", "write") for level in job["permissions"].values())
            granted[f"{path.name}:{name}"] = job["permissions"]
    assert granted == {
        "pull-request.yml:check": {"contents": "read"},
        "diff-comment.yml:comment": {"actions": "read", "pull-requests": "write"},
        "publish.yml:build": {"contents": "read", "pages": "read"},
        "publish.yml:deploy": {"pages": "write", "id-token": "write"},
    }


def test_checkouts_keep_no_credentials_and_the_comment_workflow_checks_out_nothing() -> None:
    for path in _files():
        for step in _steps(_load(path)):
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] is False, path.name
    comment = _load(WORKFLOWS / "diff-comment.yml")
    assert not any("checkout" in step.get("uses", "") for step in _steps(comment))
    assert not any(re.search(r"\bgit\b|make|\.venv", step.get("run", "")) for step in _steps(comment))


def test_deploys_never_interleave() -> None:
    publish = _load(WORKFLOWS / "publish.yml")
    assert publish["on"] == {"push": {"branches": ["main"]}}
    assert publish["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    assert publish["jobs"]["deploy"]["needs"] == "build"


def test_the_ruleset_requires_code_owners_and_a_check_that_exists() -> None:
    """The ruleset maintainers import (README) protects main with a check a workflow really runs."""
    ruleset = json.loads((ROOT / ".github" / "rulesets" / "main.json").read_text(encoding="utf-8"))
    rules = {rule["type"]: rule.get("parameters", {}) for rule in ruleset["rules"]}
    assert ruleset["target"] == "branch" and ruleset["enforcement"] == "active"
    assert ruleset["conditions"]["ref_name"]["include"] == ["~DEFAULT_BRANCH"]
    assert {"deletion", "non_fast_forward"} <= set(rules)
    assert rules["pull_request"]["require_code_owner_review"] is True
    assert rules["pull_request"]["required_approving_review_count"] >= 1
    assert rules["pull_request"]["dismiss_stale_reviews_on_push"] is True
    checks = {c["context"] for c in rules["required_status_checks"]["required_status_checks"]}
    pull_request = _load(WORKFLOWS / "pull-request.yml")
    job_names = {job.get("name", key) for key, job in pull_request["jobs"].items()}
    assert checks and checks <= job_names, (checks, job_names)
    owners = (ROOT / ".github" / "CODEOWNERS").read_text(encoding="utf-8")
    for guarded in ("/src/", "/tests/", "/datapackage.json", "/datasets/versions/", "/.github/"):
        assert re.search(rf"^{re.escape(guarded)}\s+@", owners, re.MULTILINE), guarded


def _makefile_targets() -> set[str]:
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    return set(re.findall(r"^([A-Za-z][\w.-]*)\s*:(?!=)", text, re.MULTILINE))


def _simple_commands(script: str) -> Iterator[list[str]]:
    """Each simple command of a shell script, as words, stopping at redirections."""
    for line in script.replace("\\\n", " ").splitlines():
        lexer = shlex.shlex(line, posix=True, punctuation_chars=True)
        lexer.whitespace_split = True
        lexer.commenters = "#"
        words: list[str] = []
        redirected = False
        for token in lexer:
            if token in (";", "&&", "||", "|", "&"):
                if words:
                    yield words
                words, redirected = [], False
            elif token in (">", ">>", "<", "2>", ">&"):
                redirected = True
            elif not redirected:
                words.append(token)
        if words:
            yield words


def test_every_command_the_workflows_run_exists() -> None:
    """A `make X` is a Makefile target; an `amnistia ...` parses with the real CLI."""
    targets, parser = _makefile_targets(), build_parser()
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    variables = set(re.findall(r"^([A-Z_]+)\s*\?=", makefile, re.MULTILINE))
    seen: set[str] = set()
    for path in _files():
        for step in _steps(_load(path)):
            for words in _simple_commands(step.get("run", "")):
                if words[0] == "make":
                    for target in (w for w in words[1:] if not w.startswith("-")):
                        if "=" in target:  # a variable: the Makefile must declare it
                            name = target.split("=", 1)[0]
                            assert name in variables, (
                                f"{path.name}: make variable {name} is not in the Makefile"
                            )
                            continue
                        assert target in targets, f"{path.name}: make {target} is not in the Makefile"
                        seen.add(f"make {target}")
                elif words[0].endswith(".venv/bin/amnistia"):
                    try:
                        parser.parse_args(words[1:])
                    except SystemExit:
                        pytest.fail(f"{path.name}: amnistia {' '.join(words[1:])} is not a valid command")
                    seen.add(f"amnistia {words[1]}")
                elif ".venv/bin/" in words[0]:
                    pytest.fail(f"{path.name}: {words[0]} is not a command the package installs")
    assert seen == {"make install", "make test", "make site", "amnistia validate", "amnistia diff"}
    assert "make install" in (ROOT / "README.md").read_text(encoding="utf-8")


def _git(folder: Path, *args: str) -> None:
    identity = ["-c", "user.name=Test", "-c", "user.email=test@example.invalid", "-c", "commit.gpgsign=false"]
    subprocess.run(["git", *identity, *args], cwd=folder, check=True, capture_output=True)


def test_the_diff_step_shows_the_changed_row_old_to_new(tmp_path: Path) -> None:
    workspace = copy_project(tmp_path)
    _git(workspace, "init", "-q")
    _git(workspace, "add", ".")
    _git(workspace, "commit", "-q", "-m", "base")
    releases = workspace / "datasets" / "releases.csv"
    text = releases.read_text(encoding="utf-8")
    assert ",exact,91," in text
    releases.write_text(text.replace(",exact,91,", ",exact,92,", 1), encoding="utf-8")
    _git(workspace, "commit", "-q", "-am", "correction")
    (workspace / ".venv" / "bin").mkdir(parents=True)
    (workspace / ".venv" / "bin" / "amnistia").symlink_to(BIN / "amnistia")
    runner_temp = tmp_path / "runner-temp"
    runner_temp.mkdir()
    summary = tmp_path / "summary.md"
    env = {
        **os.environ,
        "GITHUB_WORKSPACE": str(workspace),
        "RUNNER_TEMP": str(runner_temp),
        "GITHUB_STEP_SUMMARY": str(summary),
        "PR_NUMBER": "42",
    }
    script = _step("pull-request.yml", "Diff the rows against the base branch")["run"]
    result = _run([*GITHUB_BASH, "-c", script], cwd=workspace, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    diff = (runner_temp / "row-diff" / "diff.md").read_text(encoding="utf-8")
    assert "base → working copy: 0 rows added, 1 changed, 0 removed" in diff
    assert "| ~ | `fp-2026-02-24-91` | value | `91` | `92` |" in diff
    assert str(tmp_path) not in diff  # no runner path in the comment
    assert summary.read_text(encoding="utf-8") == diff
    assert (runner_temp / "row-diff" / "pr-number").read_text(encoding="utf-8") == "42\n"


FAKE_GH = '''#!{python}
"""Stands in for the gh CLI: answers like the GitHub API, records what would be posted."""
import json, os, sys
args = sys.argv[1:]
state = os.environ["FAKE_GH_STATE"]
with open(os.path.join(state, "calls"), "a") as log:
    log.write(json.dumps(args) + "\\n")
if "--method" in args:
    body = next(a for a in args if a.startswith("body=@"))[len("body=@"):]
    with open(os.path.join(state, "posted"), "w") as out:
        json.dump({{"method": args[args.index("--method") + 1], "path": args[3],
                   "body": open(body).read()}}, out)
elif args[:2] == ["api", "--paginate"] and args[2].endswith("/comments"):
    print(os.environ.get("FAKE_GH_EXISTING", ""))
elif args[0] == "api" and "/pulls/" in args[1] and args[2:] == ["--jq", ".head.sha"]:
    print(os.environ["FAKE_GH_HEAD"])
else:
    sys.exit("fake gh: unexpected call")
'''


def _comment(tmp_path: Path, pr_number: str, head: str = "a" * 40, existing: str = "", diff: str = "") -> Any:
    artifact = tmp_path / "row-diff"
    artifact.mkdir(exist_ok=True)
    (artifact / "pr-number").write_text(pr_number, encoding="utf-8")
    (artifact / "diff.md").write_text(diff or "### Data changes: base → working copy\n", encoding="utf-8")
    fake_bin, state = tmp_path / "bin", tmp_path / "gh-state"
    fake_bin.mkdir(exist_ok=True)
    state.mkdir(exist_ok=True)
    (fake_bin / "gh").write_text(FAKE_GH.format(python=sys.executable), encoding="utf-8")
    (fake_bin / "gh").chmod(0o755)
    env = {
        "PATH": f"{fake_bin}{os.pathsep}{os.environ['PATH']}",
        "RUNNER_TEMP": str(tmp_path),
        "GH_TOKEN": "not-a-token",
        "GH_REPO": "amnistia/amnistia",
        "HEAD_SHA": "a" * 40,
        "RUN_URL": "https://github.invalid/run/1",
        "DIFF": str(artifact / "diff.md"),
        "PR_FILE": str(artifact / "pr-number"),
        "FAKE_GH_STATE": str(state),
        "FAKE_GH_HEAD": head,
        "FAKE_GH_EXISTING": existing,
    }
    script = _step("diff-comment.yml", "Create or edit the comment")["run"]
    result = _run([*GITHUB_BASH, "-c", script], cwd=tmp_path, env=env)
    calls = (state / "calls").read_text().splitlines() if (state / "calls").exists() else []
    posted = (state / "posted").read_text() if (state / "posted").exists() else None
    return result, calls, None if posted is None else yaml.safe_load(posted)


@pytest.mark.parametrize("number", ["42; curl evil.invalid", "", "4 2", "-1", "1e3", "../42"])
def test_the_comment_refuses_a_pull_request_number_that_is_not_digits(tmp_path: Path, number: str) -> None:
    result, calls, posted = _comment(tmp_path, number + "\n")
    assert result.returncode == 1
    assert "not a number" in result.stdout
    assert calls == [] and posted is None


def test_the_comment_goes_only_to_the_pull_request_that_ran_this_head(tmp_path: Path) -> None:
    result, calls, posted = _comment(tmp_path, "42\n", head="b" * 40)
    assert result.returncode == 0 and "nothing posted" in result.stdout
    assert posted is None and len(calls) == 1


def test_the_first_push_creates_the_comment(tmp_path: Path) -> None:
    result, _, posted = _comment(tmp_path, "42\n")
    assert result.returncode == 0, result.stderr
    assert posted["method"] == "POST" and posted["path"] == "repos/amnistia/amnistia/issues/42/comments"
    assert posted["body"].startswith("<!-- amnistia-row-diff -->\n### Data changes: base → working copy\n")


def test_later_pushes_edit_the_same_comment(tmp_path: Path) -> None:
    result, calls, posted = _comment(tmp_path, "42\n", existing="987654")
    assert result.returncode == 0, result.stderr
    assert posted["method"] == "PATCH" and posted["path"] == "repos/amnistia/amnistia/issues/comments/987654"
    listing = yaml.safe_load(calls[1])
    assert listing[:3] == ["api", "--paginate", "repos/amnistia/amnistia/issues/42/comments"]
    # Only the bot's own comment that starts with the marker is edited.
    assert 'select(.user.login == "github-actions[bot]"' in listing[-1]
    assert 'startswith("<!-- amnistia-row-diff -->")' in listing[-1]


def test_a_diff_too_long_for_a_comment_points_to_the_job_summary(tmp_path: Path) -> None:
    result, _, posted = _comment(tmp_path, "42\n", diff="| x |\n" * 20_000)
    assert result.returncode == 0, result.stderr
    assert "too long for a comment" in posted["body"] and "| x |" not in posted["body"]
    assert len(posted["body"]) < 65_536
