"""Zensical 0.0.73 (Material's successor, Beta), run as its own program.

Zensical reads mkdocs.yml, so it builds from the configuration written for
MkDocs (engine_config.py), translated here where it differs:

- docs_dir and site_dir must lie inside the configuration's folder and be
  relative (an absolute docs_dir makes 0.0.73 panic: "invariant:
  Id(Format(Path(RootDir)))", zensical#376). Each language therefore gets a
  project folder of its own, ``zensical-<lang>/`` beside the configuration:
  the pages are moved into it for the build and back afterwards, and the
  built site is moved out to ``build.site_dir``. A folder of its own also
  keeps the two languages, built side by side, from sharing Zensical's
  ``.cache/``.
- theme.variant is "classic", Material's look (Zensical's default,
  "modern", is a new design).
- Links to anchors are not validated (``validation.anchors: ignore``), as
  MkDocs does not fail on them either: the rows a page links to (a
  publication on the sources page) are put in by fragments.py after the
  engine has run, so the engine cannot see their ids.

Everything else (theme overrides in custom_dir, the search plugin's
language and separator, extra, nav, strict) is read as MkDocs reads it.
Zensical runs in a child process, like ProperDocs: it is a Rust program
behind a Python command line, and a panic must not take amnistia with it.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

from amnistia.site.engine import LanguageBuild, SiteBuildError

log = logging.getLogger(__name__)

CONFIG_NAME = "mkdocs.yml"
DOCS, SITE = "docs", "site"


def zensical_config(config: dict[str, Any]) -> dict[str, Any]:
    """The MkDocs configuration ``config``, translated for Zensical's project folder."""
    translated = dict(config, docs_dir=DOCS, site_dir=SITE)
    translated["theme"] = {"variant": "classic", **config.get("theme", {})}
    translated["validation"] = {"anchors": "ignore"}
    return translated


class ZensicalEngine:
    def build(self, build: LanguageBuild, verbose: bool) -> Path:
        project = build.config_path.parent / f"zensical-{build.language}"
        shutil.rmtree(project, ignore_errors=True)
        project.mkdir()
        config = yaml.safe_load(build.config_path.read_text(encoding="utf-8"))
        text = yaml.safe_dump(zensical_config(config), allow_unicode=True, sort_keys=True)
        (project / CONFIG_NAME).write_text(text, encoding="utf-8")
        os.rename(build.docs_dir, project / DOCS)
        try:
            done = _run(project, verbose)
        finally:
            os.rename(project / DOCS, build.docs_dir)
        if done.returncode != 0:
            raise SiteBuildError(f"Zensical ({build.language}): {failure(done.stdout + done.stderr)}")
        shutil.rmtree(build.site_dir, ignore_errors=True)  # replaced whole, as MkDocs cleans it
        os.rename(project / SITE, build.site_dir)
        shutil.rmtree(project)
        return build.site_dir


def _run(project: Path, verbose: bool) -> subprocess.CompletedProcess[str]:
    # --clean: no cache from an earlier build is trusted (the folder is new anyway).
    command = [sys.executable, "-m", "zensical", "build", "--clean", "--strict", "--config-file", CONFIG_NAME]
    done = subprocess.run(command, cwd=project, capture_output=True, text=True, check=False)
    if verbose:
        for line in (done.stdout + done.stderr).splitlines():
            log.info("zensical: %s", line)
    return done


def failure(output: str) -> str:
    """Zensical's first complaint as ``file:line:col: message``, else its last line of output."""
    lines = [line.strip() for line in _ANSI.sub("", output).splitlines() if line.strip()]
    issues = [i for i, line in enumerate(lines) if line.startswith(("Warning:", "Error:"))]
    if not issues:
        return lines[-1] if lines else "failed without a message"
    first = lines[issues[0]]
    where = next((m.group(1) for m in map(_WHERE.search, lines[issues[0] :]) if m), None)
    more = f" (and {len(issues) - 1} more)" if len(issues) > 1 else ""
    message = first.split(":", 1)[1].strip()
    return f"{where}: {message}{more}" if where else f"{message}{more}"


_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_WHERE = re.compile(r"\[ (\S+:\d+:\d+) \]")

ENGINE = ZensicalEngine()
