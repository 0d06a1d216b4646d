"""Languages: gettext catalogs (locale/<lang>/LC_MESSAGES/messages.po) and formatting.

Catalogs are read from their .po source and compiled in memory, so a
translator's pull request only touches one text file and nothing compiled is
committed. English is the source language: its catalog is the identity.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import gettext
import io
import os
from functools import cache
from pathlib import Path

from babel import Locale
from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal

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
    with po.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    compiled = io.BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


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


class Formatter:
    """Numbers, dates and qualified figures as readers of one language write them."""

    def __init__(self, language: str) -> None:
        self.language = language
        # International English writes "2 Feb 2026", not the US "Feb 2, 2026".
        self.locale = Locale.parse("en_GB" if language == "en" else language)
        self.gettext = translations(language).gettext

    def number(self, value: int) -> str:
        return format_decimal(value, locale=self.locale)

    def date(self, day: dt.date, form: str = "long") -> str:
        return format_date(day, format=form, locale=self.locale)

    def qualified(self, qualifier: str, low: int | None, high: int | None) -> str:
        """A figure worded as its source qualified it: "more than 600", "444–450"."""
        _ = self.gettext
        if low is None:
            return _("unknown")
        n = self.number(low)
        if qualifier == "range" and high is not None:
            return _("{low}–{high}").format(low=n, high=self.number(high))
        words = {
            "exact": "{n}",
            "approximately": _("about {n}"),
            "more-than": _("more than {n}"),
            "at-least": _("at least {n}"),
            "at-most": _("at most {n}"),
            "nearly": _("nearly {n}"),
            "at-least-approximately": _("at least about {n}"),
        }
        return words.get(qualifier, "{n}").format(n=n)
