"""Each released version's offline copy: the site of its own frozen package, built once and kept.

A version's zip (site/offline.py) must show that version's figures, not
today's: it is made from the site built from a temporary project whose
working copy is the version's frozen descriptor and tables, with the
versions released up to it (so its changelog is the one of that day) and
this project's docs/ and mkdocs.yml. The frozen files are only read.

It is built once, into the download cache beside the version's other
downloads, and listed in their SHA256SUMS and manifest: later builds copy it
while every file verifies (releases/download_cache.py), so it does not
change when the templates or pages do. It is built again when the version's
cached downloads are (a change to the code that writes downloads, a lost
cache), and when the frozen files of that version or of any before it no
longer are what it was made from: after a redaction, since its changelog
shows the older versions' values, a removed name must leave it too.

A version that this code cannot build (its frozen package no longer
validates, or a template fails on it) fails the whole build, naming the
version: a site missing a version's copy, or one showing other figures
under that version's name, is never published.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import shutil
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from amnistia.releases.download_cache import add_to_cache, epoch_of, history_key, made_from
from amnistia.releases.downloads import DownloadFile
from amnistia.releases.manifest import INDEX, read_index
from amnistia.releases.redactions import LOG
from amnistia.releases.versions import Release
from amnistia.site.engine import SiteBuildError
from amnistia.site.offline import offline_name, write_offline_copy

log = logging.getLogger(__name__)

VersionSite = Callable[[Path, Path], Path]
"""Build the project in the first folder into the second, without offline copies; return the site."""

HANDWRITTEN = ("docs", "mkdocs.yml")
"""What a version's site takes from the project as it is now: its pages and configuration."""


def add_offline_copy(
    package: Path,
    release: Release,
    releases: Sequence[Release],
    cached: Path,
    files: list[DownloadFile],
    build: VersionSite,
) -> list[DownloadFile]:
    """``release``'s downloads in ``cached`` with its offline copy among them; build it if missing."""
    version = str(release.version)
    name = offline_name(version)
    origin = history_key([r for r in releases if r.version <= release.version])
    if any(f.name == name for f in files):
        if made_from(cached, name) == origin:
            log.info("offline copy %s: reused from the download cache", version)
            return files
        log.info("offline copy %s: its versions' frozen files changed (a redaction)", version)
    log.info("offline copy %s: building the site of the frozen package (once)", version)
    with tempfile.TemporaryDirectory(prefix=f".offline-{version}-", dir=cached.parent) as temporary:
        work = Path(temporary)
        project = version_project(package, release, releases, work / "project")
        try:
            site = build(project, work / "site")
        except OSError:
            raise  # the disk or a folder, not the version: said as for any build
        except Exception as error:  # a template failing on old data raises anything: name the version
            said = str(error) if isinstance(error, SiteBuildError) else f"{type(error).__name__}: {error}"
            raise SiteBuildError(
                f"the offline copy of version {version} cannot be built from its frozen package "
                f"with this code: {said} --> make the templates handle that version again; "
                "its published copy is in .cache/downloads/ of the last build that made it"
            ) from error
        target = work / name
        moment = dt.datetime.fromtimestamp(epoch_of(release.date), dt.UTC)
        write_offline_copy(site, version, version, target, moment)
        return add_to_cache(cached, target, files, "zip", origin)


def version_project(package: Path, release: Release, releases: Sequence[Release], folder: Path) -> Path:
    """A project whose working copy is ``release`` as frozen, in ``folder``; return it.

    The resources lose their ``hash`` and ``bytes`` (a working resource
    carries none) and point into datasets/ again; the versions up to
    ``release`` come along with their index and the redaction log.
    """
    versions = folder / "datasets" / "versions"
    versions.mkdir(parents=True)
    descriptor = json.loads(json.dumps(release.descriptor))
    for resource in descriptor.get("resources", []):
        resource.pop("hash", None)
        resource.pop("bytes", None)
        frozen = str(resource["path"])
        shutil.copyfile(release.folder / frozen, folder / "datasets" / frozen)
        resource["path"] = f"datasets/{frozen}"
    text = json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n"
    (folder / "datapackage.json").write_text(text, encoding="utf-8", newline="\n")
    earlier = [r for r in releases if r.version <= release.version]
    for older in earlier:
        shutil.copytree(older.folder, versions / str(older.version))
    numbers = {str(r.version) for r in earlier}
    index = [entry for entry in read_index(package) if str(entry.get("version")) in numbers]
    (folder / INDEX).write_text(json.dumps({"releases": index}, indent=2) + "\n", encoding="utf-8")
    if (package / LOG).is_file():
        shutil.copyfile(package / LOG, folder / LOG)
    for name in HANDWRITTEN:
        source = package / name
        if source.is_dir():
            shutil.copytree(source, folder / name)
        elif source.is_file():
            shutil.copyfile(source, folder / name)
    return folder
