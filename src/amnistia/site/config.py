"""Check mkdocs.yml before anything loads it: no code may run from it.

MkDocs loads its configuration with an unsafe YAML loader (``!!python/name``
tags build Python objects) and runs the files named under ``hooks:`` during
the build. Contributors edit mkdocs.yml by pull request, so it is read here
with PyYAML's safe loader, node by node (to locate each problem), and only
the settings the site uses are accepted; the build writes everything else.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from amnistia.data.catalogue import make_problem
from amnistia.data.problems import Problem
from amnistia.i18n import N_, _

CONFIG_NAME = "mkdocs.yml"
ALLOWED_KEYS = frozenset(
    [
        "site_name",
        "site_description",
        "site_url",
        "site_author",
        "copyright",
        "repo_url",
        "repo_name",
        "edit_uri",
        "theme",
        "markdown_extensions",
        "extra_css",
        "extra_javascript",
        "extra",
        "nav",
    ]
)
WHY_REFUSED = {
    "hooks": N_("hooks run Python code during the build"),
    "plugins": N_("plugins run Python code during the build; the build chooses them itself"),
    "docs_dir": N_("the build chooses the folders itself"),
    "site_dir": N_("the build chooses the folders itself"),
}
_NOT_USED = N_("the site does not use this setting")
THEME_KEYS = frozenset(["name", "features", "palette", "icon", "logo", "favicon", "font", "language"])
# Extensions are Python modules imported by name: only those shipped with
# Python-Markdown and PyMdown Extensions, never a module of the repository.
_MARKDOWN_EXTENSION = re.compile(
    r"^(abbr|admonition|attr_list|def_list|footnotes|md_in_html|tables|toc|sane_lists|smarty"
    r"|markdown\.extensions\.[a-z_]+|pymdownx\.[a-z_]+)$"
)
_LOCAL_ASSET = re.compile(r"^assets/[A-Za-z0-9_.-]+\.(css|js)$")
_PYTHON_TAG = "tag:yaml.org,2002:python/"


def check_site_config(folder: Path) -> Iterator[Problem]:
    """Yield what makes ``folder/mkdocs.yml`` unsafe or unusable; nothing when it is fine."""
    if (folder / CONFIG_NAME).exists():
        yield from load_site_config(folder)[1]


def load_site_config(folder: Path) -> tuple[dict[str, Any] | None, list[Problem]]:
    """The settings of mkdocs.yml, read safely; None with problems when refused."""
    path = folder / CONFIG_NAME
    if not path.is_file() or path.is_symlink():
        detail = _("there is no mkdocs.yml file in the package folder")
        return None, [make_problem("site-config", CONFIG_NAME, 0, detail=detail)]
    try:
        text = path.read_text(encoding="utf-8")
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except (UnicodeDecodeError, yaml.YAMLError) as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        detail = _("it is not valid YAML ({problem})").format(problem=getattr(error, "problem", error))
        return None, [make_problem("site-config", CONFIG_NAME, line, detail=detail)]
    if not isinstance(root, yaml.MappingNode):
        detail = _("it must be a mapping of settings (name: value)")
        return None, [make_problem("site-config", CONFIG_NAME, 1, detail=detail)]
    problems = list(_python_tags(root)) + list(_check_settings(root))
    if problems:
        return None, problems
    return yaml.safe_load(text), []


def _python_tags(node: yaml.Node) -> Iterator[Problem]:
    """``!!python/...`` tags, which MkDocs' loader would turn into running code."""
    if node.tag.startswith(_PYTHON_TAG):
        detail = _('the tag "{tag}" would run Python code when MkDocs loads the file').format(
            tag="!!" + node.tag.removeprefix("tag:yaml.org,2002:")
        )
        yield make_problem("site-config", CONFIG_NAME, node.start_mark.line + 1, detail=detail)
    children: list[yaml.Node] = []
    if isinstance(node, yaml.MappingNode):
        children = [part for pair in node.value for part in pair]
    elif isinstance(node, yaml.SequenceNode):
        children = list(node.value)
    for child in children:
        yield from _python_tags(child)


def _check_settings(root: yaml.MappingNode) -> Iterator[Problem]:
    for key_node, value in root.value:
        key = str(key_node.value)
        line = key_node.start_mark.line + 1
        if key not in ALLOWED_KEYS:
            reason = _(WHY_REFUSED.get(key, "the site does not use this setting"))
            detail = _('the setting "{key}" is not allowed: {reason}').format(key=key, reason=reason)
            yield make_problem("site-config", CONFIG_NAME, line, key, detail=detail)
        elif key == "theme":
            yield from _check_theme(value)
        elif key == "markdown_extensions":
            yield from _check_extensions(value)
        elif key in ("extra_css", "extra_javascript"):
            yield from _check_assets(key, value)


def _check_theme(node: yaml.Node) -> Iterator[Problem]:
    if not isinstance(node, yaml.MappingNode):
        return
    for key_node, value in node.value:
        key = str(key_node.value)
        line = key_node.start_mark.line + 1
        if key not in THEME_KEYS:
            detail = _('the theme setting "{key}" is not allowed: the build sets it itself').format(key=key)
            yield make_problem("site-config", CONFIG_NAME, line, f"theme.{key}", detail=detail)
        elif key == "name" and value.value != "material":
            detail = _('the theme must be "material"')
            yield make_problem("site-config", CONFIG_NAME, line, "theme.name", detail=detail)


def _check_extensions(node: yaml.Node) -> Iterator[Problem]:
    if not isinstance(node, yaml.SequenceNode):
        return
    for item in node.value:
        name_node = item.value[0][0] if isinstance(item, yaml.MappingNode) and item.value else item
        name = str(name_node.value)
        if not _MARKDOWN_EXTENSION.match(name):
            detail = _(
                "the Markdown extension \"{name}\" is not one of Python-Markdown's or PyMdown's"
            ).format(name=name)
            line = name_node.start_mark.line + 1
            yield make_problem("site-config", CONFIG_NAME, line, "markdown_extensions", detail=detail)


def _check_assets(key: str, node: yaml.Node) -> Iterator[Problem]:
    if not isinstance(node, yaml.SequenceNode):
        return
    for item in node.value:
        if not isinstance(item, yaml.ScalarNode) or not _LOCAL_ASSET.match(str(item.value)):
            detail = _('"{value}" is not a file under assets/; pages load nothing from elsewhere').format(
                value=getattr(item, "value", "")
            )
            yield make_problem("site-config", CONFIG_NAME, item.start_mark.line + 1, key, detail=detail)
