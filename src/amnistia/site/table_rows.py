"""The rows of the long tables, rendered in Python: 50 times faster than a Jinja row.

A Jinja row of a measure's table costs ~250 µs (every function call in a
template goes through Jinja's runtime, every label through gettext), so a
100,000-row table took a minute per language. These renderers write the
very markup the row templates wrote (tests/test_table_rows.py holds them
to it), escaping every value with markupsafe as autoescape did, and
compute each repeated piece (a date, a figure, a counter, a list of
sources) once per language.

Each renderer takes a page's rows and returns their HTML, for the first
page in the page and for the chunks alike (site/paging.py).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from markupsafe import Markup, escape

from amnistia.i18n import N_
from amnistia.site.context import PageContext
from amnistia.site.model import Claim

RowRenderer = Callable[[Sequence[Any]], str]


class RowRenderers:
    """The row renderers of one page: its language, and the links relative to it."""

    def __init__(self, ctx: PageContext, root: str, cite: Callable[..., Any]) -> None:
        self.ctx = ctx
        self.root = root
        self._cite_macro = cite
        gettext = ctx.fmt.gettext
        self._ = {m: str(Markup(gettext(m)) % {}) for m in _LABELS}
        self._via = Markup(gettext(N_("via %(agency)s")))
        self._since = Markup(gettext(N_("since %(date)s")))
        self._since_month = Markup(gettext(N_("since %(month)s")))
        self._cells: dict[Any, str] = {}
        self._cites: dict[tuple[str, ...], str] = {}

    def renderer(self, kind: str, **values: Any) -> RowRenderer | None:
        """The renderer of ``kind`` (a row template's name), or None to render it with Jinja."""
        if kind == "resource":
            names = [str(f["name"]) for f in values["fields"]]
            return lambda rows: self.resource(rows, names)
        return {"claims": self.claims, "chart": self.chart}.get(kind)

    def resource(self, rows: Sequence[dict[str, str]], names: Sequence[str]) -> str:
        """Every cell of a resource's rows, as written (fragments/resource-rows.html.j2)."""
        cells = self._cells
        out = []
        for row in rows:
            parts = ["    <tr>"]
            for name in names:
                value = row.get(name, "")
                html = cells.get(value)
                if html is None:
                    html = cells[value] = f"<td>{escape(value)}</td>"
                parts.append(html)
            parts.append("</tr>\n")
            out.append("".join(parts))
        return "".join(out)

    def chart(self, claims: Sequence[Claim]) -> str:
        """The chart's table of numbers (fragments/chart.html.j2)."""
        out = []
        for claim in claims:
            out.append(
                f'      <tr><td data-sort="{escape(claim.as_of)}">{self._as_of(claim)}</td>'
                f"<td>{self._counter(claim.counter)}</td>"
                f'<td data-sort="{escape(claim.value)}">{self._figure(claim)}</td></tr>\n'
            )
        return "".join(out)

    def claims(self, claims: Sequence[Claim]) -> str:
        """A measure's figures (fragments/claims.html.j2)."""
        _ = self._
        out = []
        for claim in claims:
            value = "" if claim.value is None else claim.value
            of_which = f'<span class="am-of-which">{_["of which"]}</span> ' if claim.part_of else ""
            via = f' <span class="am-via">{self._via % {"agency": claim.via}}</span>' if claim.via else ""
            has_details = claim.subgroup or claim.place or claim.period_start or claim.period_month
            has_notes = claim.quote or claim.note or claim.note_es
            out.append(
                f'    <tr id="{escape(claim.id)}"{_PART if claim.part_of else ""}>\n'
                f'      <td data-label="{_["As of"]}" data-sort="{escape(claim.as_of or "")}">'
                f"{self._as_of(claim)}</td>\n"
                f'      <td data-label="{_["Figure"]}" data-sort="{escape(value)}" class="am-figure">'
                f"{of_which}{self._figure(claim)}</td>\n"
                f'      <td data-label="{_["Counted by"]}">{self._counter(claim.counter)}{via}</td>\n'
                f'      <td data-label="{_["Details"]}"{"" if has_details else _EMPTY}>'
                f"{self._details(claim)}\n      </td>\n"
                f'      <td data-label="{_["Sources"]}">{self._cite(claim.sources)}</td>\n'
                f'      <td data-label="{_["Quote and note"]}"{"" if has_notes else _EMPTY}>'
                f"{self._quote(claim.quote, claim.quote_lang)} {self._note(claim.note, claim.note_es)}</td>\n"
                f"    </tr>\n"
            )
        return "".join(out)

    def _as_of(self, claim: Claim) -> str:
        key = ("as_of", claim.as_of, claim.as_of_basis)
        html = self._cells.get(key)
        if html is None:
            html = self._cells[key] = str(escape(self.ctx.as_of(claim)))
        return html

    def _figure(self, claim: Claim) -> str:
        key = ("figure", claim.qualifier, claim.value, claim.value_high)
        html = self._cells.get(key)
        if html is None:
            html = self._cells[key] = str(escape(self.ctx.figure(claim)))
        return html

    def _counter(self, counter: str) -> str:
        key = ("counter", counter)
        html = self._cells.get(key)
        if html is None:
            html = self._cells[key] = str(escape(self.ctx.counter_name(counter)))
        return html

    def _details(self, claim: Claim) -> str:
        key = ("details", claim.subgroup, claim.place, claim.period_start, claim.period_month)
        html = self._cells.get(key)
        if html is None:
            details: list[Any] = []
            if claim.subgroup:
                details.append(self.ctx.label("subgroup", claim.subgroup))
            if claim.place:
                details.append(claim.place)
            if claim.period_start:
                details.append(self._since % {"date": self.ctx.date(claim.period_start, "medium")})
            elif claim.period_month:
                details.append(self._since_month % {"month": self.ctx.month(claim.period_month)})
            html = self._cells[key] = str(Markup("; ").join(details))
        return html

    def _cite(self, sources: tuple[str, ...]) -> str:
        html = self._cites.get(sources)
        if html is None:
            html = self._cites[sources] = str(self._cite_macro(self.ctx, self.root, sources))
        return html

    def _quote(self, text: str, lang: str) -> str:
        if not text:
            return ""
        return f'<q lang="{escape(lang)}">{escape(text)}</q>' if lang else f"<q>{escape(text)}</q>"

    def _note(self, english: str, spanish: str) -> str:
        text = self.ctx.text(english, spanish)
        if not text:
            return ""
        # Say which language the note is in when it is not the page's, so screen readers read it right.
        written = self.ctx.note_language(english, spanish)
        lang = "" if written == self.ctx.language else f' lang="{written}"'
        return f'<span class="am-note"{lang}>{escape(text)}</span>'


_LABELS = (N_("As of"), N_("Figure"), N_("Counted by"), N_("Details"), N_("Sources"), N_("Quote and note"),
           N_("of which"))  # fmt: skip
_PART = ' class="am-part"'
_EMPTY = ' class="am-empty"'
