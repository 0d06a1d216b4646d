"""Faults during a build: each ends in one clear line, a non-zero exit, and the old site as it was.

Real faults where the machine allows them: signals sent to a real build
process at many moments, a second build started beside a running one, a
full disk and read-only folders made with tmpfs and bind mounts in a
private mount namespace (root only), and an exception raised in each stage.
"""

from __future__ import annotations

import importlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from amnistia.build_state import STAMP
from amnistia.cli import EXIT_INTERRUPTED, EXIT_OK
from amnistia.site import publish
from amnistia.site.publish import check_downloads
from support import copy_project, invoke, seed_download_cache, snapshot

FAULTS = Path(__file__).parent / "faults"
LOCK_ALLOWED = {".out.lock"}


def _one_clear_line(stderr: str) -> None:
    assert "Traceback" not in stderr, stderr
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert lines and lines[0].startswith("amnistia: "), stderr
    assert len(lines) <= 2 and lines[-1].endswith("is unchanged"), stderr


def _leftovers(tmp_path: Path) -> set[str]:
    return {p.name for p in tmp_path.iterdir() if p.name.startswith(".out")} - LOCK_ALLOWED


@pytest.fixture(autouse=True)
def _warm_cache(tmp_path: Path) -> None:
    """Builds into tmp_path find the released versions' downloads and offline copies made."""
    seed_download_cache(tmp_path)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, float]:
    """A project, its site, and how long one build takes here (to aim the signals)."""
    tmp_path = tmp_path_factory.mktemp("faults")
    project = copy_project(tmp_path)
    out = tmp_path / "previous"
    assert invoke("build", str(project), "--out", str(out)).code == 0
    # The faults strike forced rebuilds, whose caches are warm: time one of
    # those, not the cold first build, or the signals arrive after the end.
    start = time.monotonic()
    assert invoke("build", str(project), "--out", str(out), "--force").code == 0
    return project, out, time.monotonic() - start


def _start_build(project: Path, out: Path, ignoring_sigint: bool = False) -> subprocess.Popen[str]:
    # --force: the previous site was built from these very inputs, so without
    # it the build would rightly stop at "up to date" and there'd be no fault.
    command = [sys.executable, "-m", "amnistia.cli", "build", str(project), "--out", str(out), "--force"]
    if ignoring_sigint:  # as a shell starts `cmd &`, or nohup does
        command = ["sh", "-c", 'trap "" INT; exec "$@"', "sh", *command]
    return subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_until_writing(process: subprocess.Popen[str], lock: Path) -> None:
    """Until the build holds the output's lock: past start-up (a loaded machine's is slow), inside
    the signal handling, about to write. Aiming from a fixed delay instead once killed the process
    before its handlers existed."""
    deadline = time.monotonic() + 60
    while process.poll() is None and time.monotonic() < deadline:
        if lock.exists() and lock.read_text().strip() == str(process.pid):
            return
        time.sleep(0.01)


@pytest.mark.parametrize(
    ("signum", "moment"),
    [(signal.SIGTERM, m) for m in (0.15, 0.5, 0.8, 1.0)] + [(signal.SIGINT, 0.6)],
)
def test_a_signal_at_any_moment_leaves_the_old_site(
    built: tuple[Path, Path, float], tmp_path: Path, signum: signal.Signals, moment: float
) -> None:
    project, previous, duration = built
    out = tmp_path / "out"
    shutil.copytree(previous, out)
    before = snapshot(out)
    process = _start_build(project, out)
    _wait_until_writing(process, tmp_path / ".out.lock")
    time.sleep(duration * moment)
    process.send_signal(signum)
    stdout, stderr = process.communicate(timeout=120)
    assert _leftovers(tmp_path) == set()
    if process.returncode == EXIT_INTERRUPTED:
        _one_clear_line(stderr)
        assert "interrupted" in stderr
        assert snapshot(out) == before
        return
    # Late: the new site was already in place. The signal was let go (the
    # build ends as built) or it struck the exiting process; either way the
    # output is the whole new site, never a mix, and nothing claims "unchanged".
    assert process.returncode in (EXIT_OK, -signum), stderr
    assert "unchanged" not in stderr
    _assert_whole_rebuild(out, before)
    if process.returncode == EXIT_OK:
        assert stdout.startswith("built: "), stdout


def _assert_whole_rebuild(out: Path, before: dict[str, str]) -> None:
    """``out`` is a complete rebuild of the same inputs: the same files with the same bytes."""
    check_downloads(out)
    after = snapshot(out)
    assert after != before, "the old site stands untouched, yet no interruption was reported"
    assert set(after) == set(before)
    differing = {key for key in after if after[key].split(":")[0] != before[key].split(":")[0]}
    assert differing <= {STAMP}, sorted(differing)[:5]


def test_a_signal_after_the_swap_is_let_go(
    built: tuple[Path, Path, float], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SIGTERM while the old copy is being removed: the new site is out, so the build ends as built."""
    project, previous, _ = built
    out = tmp_path / "out"
    shutil.copytree(previous, out)
    before = snapshot(out)
    remove, handlers = shutil.rmtree, []
    ours = signal.getsignal(signal.SIGTERM)

    def removing(path: object, *args: object, **kwargs: object) -> None:
        if ".old-" in str(path):  # the old site, set aside by the swap
            handlers.append(signal.getsignal(signal.SIGTERM))
            if handlers[-1] is not signal.SIG_DFL:  # which would end pytest itself
                os.kill(os.getpid(), signal.SIGTERM)
        remove(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(publish.shutil, "rmtree", removing)
    result = invoke("build", str(project), "--out", str(out), "--force")
    assert handlers == [signal.SIG_IGN]
    assert result.code == EXIT_OK, result.err
    assert signal.getsignal(signal.SIGTERM) == ours  # restored after the build
    _assert_whole_rebuild(out, before)
    assert _leftovers(tmp_path) == set()


def test_an_ignored_sigint_stays_ignored(built: tuple[Path, Path, float], tmp_path: Path) -> None:
    """A build started with SIGINT ignored (``nohup``, a background job) is not stopped by it."""
    project, previous, duration = built
    out = tmp_path / "out"
    shutil.copytree(previous, out)
    before = snapshot(out)
    process = _start_build(project, out, ignoring_sigint=True)
    _wait_until_writing(process, tmp_path / ".out.lock")
    time.sleep(duration * 0.3)
    process.send_signal(signal.SIGINT)
    stdout, stderr = process.communicate(timeout=120)
    assert process.returncode == EXIT_OK, stderr
    assert stdout.startswith("built: ")
    _assert_whole_rebuild(out, before)


EMBEDDED = """
import ctypes, sys
from amnistia.site.publish import BuildInterrupted, interruptible

run = ctypes.pythonapi.PyRun_String
run.restype = ctypes.py_object
run.argtypes = [ctypes.c_char_p, ctypes.c_int, ctypes.py_object, ctypes.py_object]
SIGINT_NOW = b"import os, signal, time\\nos.kill(os.getpid(), signal.SIGINT)\\ntime.sleep(10)\\n"
try:
    with interruptible():
        run(SIGINT_NOW, 257, {}, {})  # 257: Py_file_input
except BuildInterrupted:
    sys.exit(130)
sys.exit(1)
"""


def test_sigint_in_embedded_code_does_not_end_the_interpreter_by_signal(tmp_path: Path) -> None:
    """Some compiled modules run Python through ``PyRun_String`` while importing. A KeyboardInterrupt
    escaping there marks the interpreter, which then kills itself by SIGINT at exit whatever the
    build reported: CI saw exit -2 after "interrupted". The build's own handler raises instead."""
    (tmp_path / "embedded.py").write_text(EMBEDDED, encoding="utf-8")
    done = subprocess.run(  # with -m, as the CLI runs: `python -m amnistia.cli`
        [sys.executable, "-m", "embedded"], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == EXIT_INTERRUPTED, done.stderr


def test_an_interruption_wrapped_by_python_is_still_an_interruption() -> None:
    """A signal during class creation comes out of ``__set_name__`` wrapped in a RuntimeError (3.11)."""

    class Cut:
        def __set_name__(self, owner: type, name: str) -> None:
            raise publish.BuildInterrupted("SIGINT")

    with pytest.raises(BaseException) as raised:
        type("File", (), {"name": Cut()})
    found = publish.interruption(raised.value)
    assert found is not None and str(found) == "SIGINT"
    assert publish.interruption(RuntimeError("a bug")) is None


def test_a_killed_build_is_cleaned_up_by_the_next(built: tuple[Path, Path, float], tmp_path: Path) -> None:
    project, previous, duration = built
    out = tmp_path / "out"
    shutil.copytree(previous, out)
    before = snapshot(out)
    process = _start_build(project, out)
    _wait_until_writing(process, tmp_path / ".out.lock")
    time.sleep(duration * 0.5)
    process.kill()  # SIGKILL: nothing can clean up
    process.communicate(timeout=60)
    if process.returncode == 0:
        pytest.skip("the build finished before it could be killed")
    assert snapshot(out) == before
    assert invoke("build", str(project), "--out", str(out), "--force").code == 0
    assert _leftovers(tmp_path) == set()


def test_two_builds_at_once_do_not_interleave(built: tuple[Path, Path, float], tmp_path: Path) -> None:
    project, previous, _ = built
    out = tmp_path / "out"
    shutil.copytree(previous, out)
    first = _start_build(project, out)
    lock = tmp_path / ".out.lock"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (lock.exists() and lock.read_text().strip()):
        time.sleep(0.05)
    second = invoke("build", str(project), "--out", str(out), "--force")
    assert second.code == 2
    assert f"another build (pid {first.pid}) is writing {out}" in second.err
    assert "Traceback" not in second.err
    _, stderr = first.communicate(timeout=120)
    assert first.returncode == 0, stderr
    assert _leftovers(tmp_path) == set()


def _can_mount() -> bool:
    if os.geteuid() != 0 or shutil.which("unshare") is None:
        return False
    probe = subprocess.run(["unshare", "-m", "mount", "-t", "tmpfs", "tmpfs", "/mnt"], capture_output=True)
    return probe.returncode == 0


@pytest.mark.skipif(not _can_mount(), reason="needs root and mount namespaces (CI has both)")
@pytest.mark.parametrize(
    ("mode", "words"),
    [
        ("full", "No space left on device"),
        ("readonly-out", "the site could not be written"),
        ("readonly-parent", "Read-only file system"),
    ],
)
def test_disk_faults_leave_the_old_site(
    built: tuple[Path, Path, float], tmp_path: Path, mode: str, words: str
) -> None:
    project, previous, _ = built
    result = subprocess.run(
        [
            "unshare",
            "-m",
            sys.executable,
            str(FAULTS / "on_small_disk.py"),
            mode,
            str(project),
            str(previous),
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome["code"] != 0, outcome
    _one_clear_line(outcome["stderr"])
    assert words in outcome["stderr"], outcome["stderr"]
    assert outcome["same"], "the previous site changed"
    # The lock, and the download cache (a partial entry has no manifest and is never trusted).
    assert set(outcome["beside"]) <= {".build.lock", ".cache"}, outcome["beside"]


STAGES = [
    ("amnistia.validate", "validate_project"),
    ("amnistia.build", "fingerprint"),
    ("amnistia.build_stages", "read_site_data"),
    ("amnistia.build_stages", "read_changelog"),
    ("amnistia.build_stages", "write_all_downloads"),
    ("amnistia.build_stages", "plan_pages"),
    ("amnistia.build_stages", "run_engine"),
    ("amnistia.build_stages", "insert_fragments"),
    ("amnistia.build_stages", "index_fragments"),
    ("amnistia.build_stages", "_write_feed"),
    ("amnistia.build", "write_stamp"),
    ("amnistia.build", "check_downloads"),
    ("amnistia.build", "swap_into_place"),
]


@pytest.mark.parametrize("fault", [OSError(28, "No space left on device", "x"), RuntimeError("a bug")])
@pytest.mark.parametrize("stage", STAGES, ids=lambda s: s[1])
def test_an_exception_in_any_stage_leaves_the_old_site(
    built: tuple[Path, Path, float],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    stage: tuple[str, str],
    fault: Exception,
) -> None:
    project, previous, _ = built
    out = tmp_path / "out"
    shutil.copytree(previous, out)
    before = snapshot(out)

    def broken(*args: object, **kwargs: object) -> None:
        raise fault

    module = importlib.import_module(stage[0])
    assert hasattr(module, stage[1]), f"the build has no stage {stage} any more: update this list"
    monkeypatch.setattr(module, stage[1], broken)
    result = invoke("build", str(project), "--out", str(out), "--force")
    assert result.code == 1
    _one_clear_line(result.err)
    assert snapshot(out) == before
    assert _leftovers(tmp_path) == set()
