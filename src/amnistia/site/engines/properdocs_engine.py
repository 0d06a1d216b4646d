"""ProperDocs with Material: the maintained fork of MkDocs 1.6, in a child process.

ProperDocs makes every later ``import mkdocs`` load ProperDocs instead (so
that Material's plugins find it), which must not happen inside a process
that may build with MkDocs afterwards: it runs in its own interpreter, from
the same environment. The theme's bytecode cache is not used here.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from amnistia.site.engine import LanguageBuild, SiteBuildError


class ProperDocsEngine:
    def build(self, build: LanguageBuild, verbose: bool) -> Path:
        command = [
            sys.executable,
            "-m",
            "properdocs",
            "build",
            "--strict",
            "--config-file",
            str(build.config_path),
        ]
        if not verbose:
            command.append("--quiet")
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            lines = [line for line in (done.stderr or done.stdout).splitlines() if line.strip()]
            raise SiteBuildError(f"ProperDocs ({build.language}): {lines[-1] if lines else done.returncode}")
        return build.site_dir


ENGINE = ProperDocsEngine()
