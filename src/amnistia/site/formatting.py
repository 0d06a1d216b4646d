"""Numbers, dates and qualified figures as readers of each language write them (Babel)."""

from __future__ import annotations

import datetime as dt

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal

from amnistia.i18n import translations


class Formatter:
    """Numbers, dates and qualified figures as readers of one language write them."""

    def __init__(self, language: str) -> None:
        self.language = language
        # International English writes "2 Feb 2026", not the US "Feb 2, 2026".
        self.locale = Locale.parse("en_GB" if language == "en" else language)
        self.gettext = translations(language).gettext
        # Babel takes tens of microseconds a call and tables repeat the same
        # few dates and figures: each is formatted once per language.
        self._numbers: dict[int, str] = {}
        self._dates: dict[tuple[dt.date, str], str] = {}
        self._figures: dict[tuple[str, int | None, int | None], str] = {}

    def number(self, value: int) -> str:
        text = self._numbers.get(value)
        if text is None:
            text = self._numbers[value] = format_decimal(value, locale=self.locale)
        return text

    def date(self, day: dt.date, form: str = "long") -> str:
        text = self._dates.get((day, form))
        if text is None:
            text = self._dates[day, form] = format_date(day, format=form, locale=self.locale)
        return text

    def qualified(self, qualifier: str, low: int | None, high: int | None) -> str:
        """A figure worded as its source qualified it: "more than 600", "444–450"."""
        text = self._figures.get((qualifier, low, high))
        if text is None:
            text = self._figures[qualifier, low, high] = self._qualified(qualifier, low, high)
        return text

    def _qualified(self, qualifier: str, low: int | None, high: int | None) -> str:
        _ = self.gettext
        if low is None:
            return _("unknown")
        n = self.number(low)
        if qualifier == "range" and high is not None:
            return _("{low}–{high}").format(low=n, high=self.number(high))
        if qualifier == "approximately-range" and high is not None:
            return _("about {low}–{high}").format(low=n, high=self.number(high))
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
