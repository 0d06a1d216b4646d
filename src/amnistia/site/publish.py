"""Put a finished site in place without ever losing the last good one.

The build writes everything in a staging folder beside the output
(``.build.<pid>.staging``) and only a complete, checked tree replaces the
output, by two renames with signals held back between them. Around that:

* a lock (``.build.lock``, holding the builder's pid) keeps two builds of
  the same output from interleaving; the kernel releases it when the
  process dies, however it dies;
* staging folders of builds that no longer run, and an output left aside
  by a swap that was cut short, are cleaned or restored at the next start;
* before the swap, every file under ``downloads/`` must be listed in its
  folder's ``SHA256SUMS`` and match it, and nothing may be unlisted.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import re
import shutil
import signal
import threading
from collections.abc import Iterator
from pathlib import Path

SUMS = "SHA256SUMS"
_STAGING = re.compile(r"^\.(?P<out>.+)\.(?P<pid>\d+)\.staging$")
_ASIDE = re.compile(r"^\.(?P<out>.+)\.old-(?P<pid>\d+)$")
_STOPPING = (signal.SIGINT, signal.SIGTERM)


class BuildLocked(Exception):
    """Another build is writing the same output (a usage error: wait for it)."""


class BuildInterrupted(BaseException):
    """SIGINT or SIGTERM arrived; the build stopped and the old site stands.

    A BaseException, like KeyboardInterrupt, so that no ``except Exception``
    in a library (MkDocs wraps page errors) turns it into something else.
    """


class ManifestError(Exception):
    """The built downloads do not match their checksums: nothing is published."""


@contextlib.contextmanager
def output_lock(out: Path) -> Iterator[None]:
    """Hold the lock of ``out`` for the whole build; refuse when someone else holds it."""
    path = out.with_name(f".{out.name}.lock")
    handle = path.open("a+", encoding="utf-8")
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "unknown"
            raise BuildLocked(
                f"another build (pid {holder}) is writing {out}; wait for it to finish, or stop it"
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        yield
    finally:
        handle.close()  # closing releases the flock


def recover(out: Path) -> None:
    """Undo what an earlier build left when it was killed (call with the lock held)."""
    if not out.parent.is_dir():
        return
    for leftover in out.parent.iterdir():
        staging = _STAGING.match(leftover.name)
        if staging and staging["out"] == out.name:
            shutil.rmtree(leftover, ignore_errors=True)
        aside = _ASIDE.match(leftover.name)
        if aside and aside["out"] == out.name:
            if out.exists():
                shutil.rmtree(leftover, ignore_errors=True)
            else:  # killed between the two renames of a swap: the old site comes back
                os.rename(leftover, out)


def new_staging(out: Path) -> Path:
    staging = out.with_name(f".{out.name}.{os.getpid()}.staging")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    return staging


@contextlib.contextmanager
def interruptible() -> Iterator[None]:
    """Turn SIGINT and SIGTERM into BuildInterrupted; on leaving, restore handlers and mask.

    Our own handler for SIGINT too, not Python's KeyboardInterrupt: one that
    escapes code run by ``PyRun_String`` (as some compiled modules do while
    importing) marks the interpreter, which then ends itself by SIGINT at exit
    whatever the build reported. A signal the caller ignored (``nohup``, a
    background job) stays ignored. Once ``swap_into_place`` has put the new
    site in place, both are let go until the end (``_let_go``): stopping can
    no longer keep the old site, and "unchanged" would be untrue.
    """

    def stop(signum: int, frame: object) -> None:
        raise BuildInterrupted(signal.Signals(signum).name)

    if threading.current_thread() is not threading.main_thread():
        yield  # signals reach the main thread only (the preview server builds in another)
        return
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, ())
    previous = {signum: signal.getsignal(signum) for signum in _STOPPING}
    try:
        for signum, handler in previous.items():
            if handler not in (signal.SIG_IGN, None):  # None: set outside Python, left alone
                signal.signal(signum, stop)
        yield
    except KeyboardInterrupt:  # raised by hand, or arrived before our handler
        raise BuildInterrupted("SIGINT") from None
    finally:
        for signum, handler in previous.items():
            if handler is not None:
                signal.signal(signum, handler)
        # A signal handled while blocking (CPython runs handlers there) must not leave it blocked.
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)


def interruption(error: BaseException) -> BuildInterrupted | None:
    """The BuildInterrupted behind ``error``, when something wrapped it.

    Python wraps what a handler raises in some places: during class creation,
    ``__set_name__`` turns it into a RuntimeError (a lazy import cut short).
    """
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        if isinstance(current, BuildInterrupted):
            return current
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return None


def _let_go() -> None:
    """Ignore the stopping signals, discarding one held back (POSIX), until ``interruptible`` ends."""
    if threading.current_thread() is threading.main_thread():
        for signum in _STOPPING:
            if signal.getsignal(signum) is not None:  # as interruptible: not one set outside Python
                signal.signal(signum, signal.SIG_IGN)


def check_downloads(site: Path) -> None:
    """Every download folder's SHA256SUMS lists exactly its files, and each one matches."""
    downloads = site / "downloads"
    if not downloads.is_dir():
        raise ManifestError("the built site has no downloads/ folder")
    for folder in sorted(p for p in downloads.iterdir()):
        if not folder.is_dir() or folder.is_symlink():
            raise ManifestError(f"downloads/{folder.name} is not a folder of one version's files")
        sums = folder / SUMS
        if not sums.is_file():
            raise ManifestError(f"downloads/{folder.name} has no {SUMS}")
        listed = {}
        for line in sums.read_text(encoding="utf-8").splitlines():
            digest, _, name = line.partition("  ")
            listed[name] = digest
        present = {p.name for p in folder.iterdir()} - {SUMS}
        if present != set(listed):
            extra = sorted(present - set(listed)) or sorted(set(listed) - present)
            raise ManifestError(
                f"downloads/{folder.name}: {SUMS} does not list exactly its files ({extra[0]})"
            )
        for name, digest in listed.items():
            path = folder / name
            if path.is_symlink() or hashlib.sha256(path.read_bytes()).hexdigest() != digest:
                raise ManifestError(f"downloads/{folder.name}/{name} does not match {SUMS}")


def swap_into_place(new: Path, out: Path) -> None:
    """Replace ``out`` by ``new`` with renames: never a half-written ``out``.

    Signals are held back between the renames, so an interruption lands
    before the first (nothing changed) or after the second. After the second
    the new site is out and a signal is let go: only the old copy is left
    to remove, and the build ends as built. Call it inside ``interruptible``.
    """
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _STOPPING)
    try:
        if out.exists():
            aside = out.with_name(f".{out.name}.old-{os.getpid()}")
            os.rename(out, aside)
            try:
                os.rename(new, out)
            except OSError:
                os.rename(aside, out)
                raise
        else:
            aside = None
            new.rename(out)
        _let_go()
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)
    if aside is not None:
        shutil.rmtree(aside, ignore_errors=True)
