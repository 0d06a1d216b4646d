"""The folders show the pipeline, and imports only go down it.

data/ (reading and checking) imports nothing of amnistia but i18n;
releases/ may use data/; site/ may use both; the top (cli, build,
validate, bench, catalogs) uses everything. No module imports itself back
through another, and none grows past 400 lines.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

SOURCE = Path(__file__).resolve().parent.parent / "src" / "amnistia"
LAYERS = {"i18n": 0, "data": 1, "releases": 2, "site": 3}
TOP = 4
MAX_LINES = 400


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SOURCE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for path in sorted(SOURCE.rglob("*.py")):
        name = _module_name(path)
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("amnistia"):
                found.add(node.module)
            elif isinstance(node, ast.Import):
                found.update(a.name for a in node.names if a.name.startswith("amnistia"))
        graph[name] = found - {name}
    return graph


def _layer(module: str) -> int:
    parts = module.split(".")
    return LAYERS.get(parts[1], TOP) if len(parts) > 1 else TOP


def test_imports_only_go_down_the_pipeline() -> None:
    upward = [
        f"{module} imports {target}"
        for module, targets in _imports().items()
        for target in targets
        if _layer(target) > _layer(module)
    ]
    assert not upward, upward


def test_no_import_cycles() -> None:
    graph = _imports()
    cycles = []

    def visit(module: str, path: list[str]) -> None:
        for target in sorted(graph.get(module, ())):
            if target in path:
                cycles.append(" → ".join([*path[path.index(target) :], target]))
            elif target in graph and len(path) < 30:
                visit(target, [*path, target])

    for module in graph:
        visit(module, [module])
    assert not cycles, sorted(set(cycles))[:5]


@pytest.mark.parametrize("path", sorted(SOURCE.rglob("*.py")), ids=lambda p: _module_name(p))
def test_modules_stay_small(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{path.name} has {lines} lines: split it by what changes together"


def test_validate_loads_no_site_engine() -> None:
    """`amnistia validate` starts fast: no MkDocs, Jinja, openpyxl or Babel behind it.

    Nor frictionless: it is imported only when a descriptor is checked.
    """
    heavy = ("mkdocs", "jinja2", "openpyxl", "babel", "markdown", "nh3", "frictionless")
    code = (
        "import sys, amnistia.cli, amnistia.validate; "
        f"print(','.join(m for m in {heavy!r} if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "", f"imported on the validate path: {result.stdout.strip()}"
