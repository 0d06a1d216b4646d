"""Languages: gettext catalogs (locale/<lang>/LC_MESSAGES/messages.po) and formatting.

Catalogs are read from their .po source, so a translator's pull request only
touches one text file and nothing compiled is committed. They are parsed
here, without Babel, because the validator prints translated messages and
must start fast; Babel formats numbers and dates for the site only
(site/formatting.py). English is the source language: its catalog is the
identity.
"""

from __future__ import annotations

import ast
import contextvars
import gettext
import os
import re
from collections.abc import Callable
from functools import cache
from pathlib import Path

LANGUAGES = ("en", "es")
SOURCE_LANGUAGE = "en"
LOCALE_DIR = Path(__file__).parent / "locale"

_active: contextvars.ContextVar[str] = contextvars.ContextVar("language", default=SOURCE_LANGUAGE)


def N_(message: str) -> str:
    """Mark a string for translation without translating it yet (for tables of labels)."""
    return message


@cache
def translations(language: str) -> gettext.NullTranslations:
    """The compiled catalog of ``language`` (identity for English)."""
    po = LOCALE_DIR / language / "LC_MESSAGES" / "messages.po"
    if language == SOURCE_LANGUAGE or not po.is_file():
        return gettext.NullTranslations()
    return read_catalog(po.read_text(encoding="utf-8"))


_PO_LINE = re.compile(r'^(msgid|msgid_plural|msgstr(?:\[(\d+)\])?)\s+(".*")\s*$|^(".*")\s*$')
_PLURAL_FORMS = re.compile(r"plural=([^;]+);?")


class Catalog(gettext.NullTranslations):
    """A parsed .po catalog: untranslated and fuzzy entries fall back to English."""

    def __init__(self, messages: dict[str, list[str]], plural: Callable[[int], int]) -> None:
        super().__init__()
        self.messages = messages
        self.plural = plural

    def gettext(self, message: str) -> str:
        forms = self.messages.get(message)
        return forms[0] if forms and forms[0] else message

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        forms = self.messages.get(singular)
        index = self.plural(n)
        if forms and index < len(forms) and forms[index]:
            return forms[index]
        return singular if n == 1 else plural


def read_catalog(text: str) -> Catalog:
    """Parse the entries of a .po file (msgid, msgid_plural, msgstr, msgstr[n])."""
    messages: dict[str, list[str]] = {}
    for block in re.split(r"\n\s*\n", text):
        if re.search(r"^#,.*\bfuzzy\b", block, re.MULTILINE):
            continue
        parts: dict[str, str] = {}
        key = ""
        for line in block.splitlines():
            found = _PO_LINE.match(line.strip())
            if not found:
                continue
            if found.group(1):
                key = found.group(1).replace("[", "").replace("]", "")
                parts[key] = ast.literal_eval(found.group(3))
            elif key:
                parts[key] += ast.literal_eval(found.group(4))
        if "msgid" not in parts:
            continue
        if "msgid_plural" in parts:
            count = len([k for k in parts if k.startswith("msgstr") and k != "msgstr"])
            messages[parts["msgid"]] = [parts.get(f"msgstr{i}", "") for i in range(count)]
        else:
            messages[parts["msgid"]] = [parts.get("msgstr", "")]
    header = messages.pop("", [""])[0]
    found = _PLURAL_FORMS.search(header)
    plural = gettext.c2py(found.group(1)) if found else (lambda n: int(n != 1))
    return Catalog(messages, plural)


def set_language(language: str) -> None:
    """Translate what follows (problem messages, labels) into ``language``."""
    _active.set(language if language in LANGUAGES else SOURCE_LANGUAGE)


def language_from_environment() -> str:
    """The user's language from LC_ALL / LC_MESSAGES / LANG, when we have it."""
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable, "")
        if value:
            code = value.split("_")[0].split(".")[0].lower()
            return code if code in LANGUAGES else SOURCE_LANGUAGE
    return SOURCE_LANGUAGE


def _(message: str) -> str:
    """Translate ``message`` into the active language."""
    return translations(_active.get()).gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """Translate a message that depends on a count into the active language."""
    return translations(_active.get()).ngettext(singular, plural, count)
