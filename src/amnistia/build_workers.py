"""Run one language's build in a forked process while the parent builds another.

The two languages share only the validated rows, which a fork hands over
without copying or pickling them; each writes its own folders. On a machine
without fork (or with one core) the work runs in the parent, in order.
A failure in the child is raised in the parent when it joins: a refused
page is the same SiteBuildError either way.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import sys
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection

from amnistia.site.engine import SiteBuildError

log = logging.getLogger(__name__)


def can_fork() -> bool:
    return sys.platform == "linux" and (os.cpu_count() or 1) > 1


class LanguageWorker:
    """``work`` started now, in a child process when ``parallel``; ``join`` waits and re-raises."""

    def __init__(self, work: Callable[[], None], parallel: bool) -> None:
        self._process: multiprocessing.process.BaseProcess | None = None
        self._result: Connection | None = None
        if parallel and can_fork():
            context = multiprocessing.get_context("fork")
            receive, send = context.Pipe(duplex=False)
            self._process = context.Process(target=_child, args=(work, send), daemon=True)
            self._process.start()
            send.close()
            self._result = receive
        else:
            self._work: Callable[[], None] | None = work

    def stop(self) -> None:
        """End the child now (the build was interrupted or failed elsewhere) and wait for it."""
        if self._process is not None and self._process.is_alive():
            self._process.terminate()
            self._process.join(timeout=10)
            if self._process.is_alive():
                self._process.kill()
                self._process.join()

    def join(self) -> None:
        if self._process is None:
            work, self._work = self._work, None
            if work is not None:
                work()
            return
        assert self._result is not None
        try:
            outcome = self._result.recv()
        except EOFError:
            outcome = ("crash", f"the build process ended with code {self._process.exitcode}")
        self._process.join()
        kind, message = outcome
        if kind == "refused":
            raise SiteBuildError(message)
        if kind == "crash":
            raise RuntimeError(f"a language's build failed:\n{message}")


def _child(work: Callable[[], None], send: Connection) -> None:
    # The parent owns the interruption: Ctrl-C reaches the whole process group,
    # and the parent then stops this child with SIGTERM, which must end it
    # quietly (the parent's handler, inherited by the fork, would raise here).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:
        work()
        outcome = ("done", "")
    except SiteBuildError as error:
        outcome = ("refused", str(error))
    except BaseException:  # everything reaches the parent, which decides
        outcome = ("crash", traceback.format_exc())
    send.send(outcome)
    send.close()
