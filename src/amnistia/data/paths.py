"""Resource paths must name a real file inside the package folder.

A data package is published as-is; a path that is absolute, climbs out with
``..``, is a URL or a symbolic link could make the build read (and publish)
a file that is not part of the package.
"""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath

RESOURCE_NAME = re.compile(r"^[a-z][a-z0-9-]*$")
"""Resource names become file names and web addresses: nothing that can climb or hide."""
_URL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")


def resource_path_problem(folder: Path, path: str) -> str | None:
    """The catalogue code of what is wrong with ``path``, or None when it is safe."""
    if _URL.match(path):
        return "resource-path-url"
    posix = PurePosixPath(path.replace("\\", "/"))
    if posix.is_absolute() or re.match(r"^[a-zA-Z]:", path):
        return "resource-path-absolute"
    if ".." in posix.parts:
        return "resource-path-parent"
    root = folder.resolve()
    candidate = folder / posix
    # Any symlink on the way (the file or a folder above it) could point anywhere.
    current = folder
    for part in posix.parts:
        current = current / part
        if current.is_symlink():
            return "resource-path-symlink"
    if not candidate.resolve().is_relative_to(root):
        return "resource-path-outside"
    if not candidate.is_file():
        return "resource-path-missing"
    return None
