"""Collect every string readers see, to keep the translation catalogs complete.

``make messages`` runs this: it gathers the msgids from the code and
templates (gettext calls), the problem catalogue, the value labels, the page
titles, mkdocs.yml and the package's own schema titles and descriptions, and
merges them into locale/<lang>/LC_MESSAGES/messages.po, keeping existing
translations. A test asserts that every msgid has a Spanish translation.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from amnistia.data.catalogue import CATALOGUE
from amnistia.i18n import LANGUAGES, LOCALE_DIR, SOURCE_LANGUAGE
from amnistia.site.labels import DATA_PHRASES, ENUM_LABELS
from amnistia.site.pages import PAGES

PACKAGE_DIR = Path(__file__).resolve().parent
FIXED_DATE = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
DEFAULT_HEADER = """\
# Translations for amnistia.
# Copyright (C) 2026 amnistia contributors
# This file is distributed under the same license as the amnistia project."""
HEADERS = {
    # The glossary keeps apart the two things the project exists to keep apart
    # (tests/test_i18n.py checks the catalog against it).
    "es": """\
# Spanish translations for amnistia.
# Copyright (C) 2026 amnistia contributors
# This file is distributed under the same license as the amnistia project.
#
# Glossary: one word for each thing, everywhere.
#   counter (who produces a figure: Foro Penal, the government, PUD...)
#       -> "quién cuenta" / "contador" (never "fuente")
#   publication, source (the article or page that reports a figure)
#       -> "publicación" / "fuente"
#   founding article -> "artículo fundador" (never "artículo fundacional")
#   political prisoners -> "presos políticos", attributed to whoever counts them""",
}
METHODS = [
    ("**.py", "python"),
    ("templates/**.j2", "jinja2"),
    ("theme/**.html", "jinja2"),
]
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}


def collect_messages(project: Path) -> dict[str, str | tuple[str, str]]:
    """Every msgid (and plural pair) with where it comes from."""
    found: dict[str, str | tuple[str, str]] = {}

    def add(message: str | tuple[str, ...], origin: str) -> None:
        if isinstance(message, tuple):
            singular, plural = message[0], message[1]
            if singular:
                found.setdefault(singular, (singular, plural))
        elif message and message.strip():
            found.setdefault(message, origin)

    for filename, _lineno, message, _comments, _context in extract_from_dir(
        PACKAGE_DIR,
        method_map=METHODS,
        keywords=KEYWORDS,
        options_map={"templates/**.j2": {"extensions": "jinja2.ext.i18n"}},
    ):
        add(message, filename)
    for code, entry in CATALOGUE.items():
        for text in (entry.message, entry.hint, entry.private):
            add(text, f"catalogue:{code}")
    for field, labels in ENUM_LABELS.items():
        for text in labels.values():
            add(text, f"labels:{field}")
    for field, phrases in DATA_PHRASES.items():
        for text in phrases.values():
            add(text, f"phrases:{field}")
    for spec in PAGES:
        add(spec.title, "pages")
    for text in _mkdocs_strings(project / "mkdocs.yml"):
        add(text, "mkdocs.yml")
    for text in _descriptor_strings(project / "datapackage.json"):
        add(text, "datapackage.json")
    return found


def _mkdocs_strings(path: Path) -> Iterator[str]:
    if not path.is_file():
        return
    config = yaml.safe_load(path.read_text(encoding="utf-8"))
    for key in ("site_name", "site_description", "copyright"):
        if config.get(key):
            yield str(config[key]).strip()
    for item in config.get("nav", []):
        yield from item.keys()
    for palette in config.get("theme", {}).get("palette", []):
        if "toggle" in palette:
            yield palette["toggle"]["name"]


def _descriptor_strings(path: Path) -> Iterator[str]:
    if not path.is_file():
        return
    descriptor: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    for resource in descriptor.get("resources", []):
        yield from (resource.get("title", ""), resource.get("description", ""))
        for field in resource.get("schema", {}).get("fields", []):
            yield from (field.get("title", ""), field.get("description", ""))


def update_catalogs(project: Path) -> dict[str, int]:
    """Merge the collected msgids into each language's .po; return untranslated counts."""
    messages = collect_messages(project)
    untranslated = {}
    for language in LANGUAGES:
        if language == SOURCE_LANGUAGE:
            continue
        path = LOCALE_DIR / language / "LC_MESSAGES" / "messages.po"
        old = _read(path, language)
        new = Catalog(
            locale=language,
            project="amnistia",
            version="",
            copyright_holder="amnistia contributors",
            msgid_bugs_address="",
            creation_date=FIXED_DATE,  # a fixed date keeps the file's diff to what changed
            revision_date=FIXED_DATE,
            charset="utf-8",
            fuzzy=False,
            header_comment=HEADERS.get(language, DEFAULT_HEADER),
        )
        for msgid, origin in sorted(messages.items()):
            key: str | tuple[str, str] = origin if isinstance(origin, tuple) else msgid
            previous = old.get(msgid) if old else None
            string: Any = previous.string if previous else ("", "") if isinstance(key, tuple) else ""
            new.add(
                key,
                string,
                auto_comments=[] if isinstance(origin, tuple) else [origin],
                user_comments=list(previous.user_comments) if previous else [],
            )
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as handle:
            write_po(handle, new, width=100, omit_header=False, sort_output=True)
        untranslated[language] = sum(1 for m in new if m.id and not _translated(m.string))
    return untranslated


def _read(path: Path, language: str) -> Catalog | None:
    if not path.is_file():
        return None
    with path.open("rb") as handle:
        return read_po(handle, locale=language)


def _translated(string: Any) -> bool:
    if isinstance(string, (tuple, list)):
        return all(string)
    return bool(string)


def main() -> int:
    counts = update_catalogs(Path.cwd())
    for language, count in counts.items():
        print(f"{language}: {count} untranslated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
