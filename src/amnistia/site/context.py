"""What templates may ask of the data, worded for one language.

Templates stay declarative: every formatting decision (how a qualifier
reads, how an unknown date is shown, which sources a figure cites) lives
here, testable without Jinja.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from babel.numbers import format_decimal
from markupsafe import Markup

from amnistia.i18n import N_
from amnistia.releases.diff import ResourceDiff, SchemaChange
from amnistia.site.formatting import Formatter
from amnistia.site.labels import label, phrase
from amnistia.site.model import Claim, Counter, Event, SiteData, Source


@dataclass(frozen=True)
class ClaimGroup:
    """The figures of one measure, with each counter's latest total."""

    measure: str
    claims: list[Claim]
    latest: list[Claim]

    @property
    def disagree(self) -> bool:
        """Counters report different numbers for what they call the same thing."""
        values = {(c.qualifier, c.value, c.value_high) for c in self.latest}
        return len(self.latest) > 1 and len(values) > 1


class PageContext:
    """Formatting and lookups for one language, shared by all pages."""

    def __init__(self, data: SiteData, language: str) -> None:
        self.data = data
        self.language = language
        self.fmt = Formatter(language)
        self._ = self.fmt.gettext

    # Words
    def label(self, field: str, value: str) -> str:
        return label(field, value, self.language)

    def publisher(self, source: Source) -> str:
        return phrase("publisher", source.publisher, self.language)

    def agency(self, source: Source) -> str:
        return phrase("agency", source.agency, self.language)

    def legal_basis(self, text: str) -> str:
        return phrase("legal_basis", text, self.language)

    def text(self, english: str, spanish: str) -> str:
        """The row's own text in this language (events, exclusions, counters)."""
        return spanish if self.language == "es" and spanish else english

    def note_language(self, english: str, spanish: str) -> str:
        """The language ``text(english, spanish)`` is written in."""
        return "es" if self.language == "es" and spanish else "en"

    def number(self, value: int) -> str:
        return self.fmt.number(value)

    def figure(self, claim: Claim) -> str:
        return self.fmt.qualified(claim.qualifier, claim.value, claim.value_high)

    def date(self, day: dt.date | None, form: str = "long") -> str:
        return self.fmt.date(day, form) if day else self._("date unknown")

    def as_of(self, claim: Claim) -> str:
        """When a figure applies, saying so when it is only the publication date."""
        if claim.as_of is None:
            return self._("date unknown")
        day = self.fmt.date(claim.as_of, "medium")
        if claim.as_of_basis == "publication":
            return self._("c. {date}").format(date=day)
        if claim.as_of_basis == "stated-span":
            return self._("{date}, first day of a span").format(date=day)
        return day

    def month(self, text: str) -> str:
        """A YYYY-MM month as readers write it ("January 2026")."""
        year, month = text.split("-")
        form = "MMMM 'de' y" if self.language == "es" else "MMMM y"
        return self.fmt.date(dt.date(int(year), int(month), 1), form)

    def published(self, source: Source) -> str:
        if not source.published:
            return self._("date unknown")
        if len(source.published) == 7:
            return self.month(source.published)
        return self.fmt.date(dt.date.fromisoformat(source.published), "medium")

    def event_date(self, event: Event) -> str:
        if event.date is not None:
            return self.fmt.date(event.date, "long")
        return self.text(event.date_text_en, event.date_text_es) or self._("date unknown")

    def counter_name(self, counter_id: str) -> str:
        counter = self.data.counters.get(counter_id)
        return self.text(counter.name, counter.name_es) if counter else counter_id

    def sources(self, ids: Iterable[str]) -> list[Source]:
        return [self.data.sources[i] for i in ids if i in self.data.sources]

    # Groupings
    def groups(self, resource: str, measures: Sequence[str]) -> list[ClaimGroup]:
        """The resource's claims by measure, in the schema's order, each sorted by date."""
        by_measure: dict[str, list[Claim]] = defaultdict(list)
        for claim in self.data.claims.get(resource, []):
            by_measure[claim.measure].append(claim)
        return [
            ClaimGroup(measure, ordered_claims(by_measure[m]), latest_by_counter(by_measure[m]))
            for measure in measures
            if (m := measure) in by_measure
        ]

    def measures(self, resource: str) -> list[str]:
        """The measure codes of ``resource`` in the order its schema lists them."""
        for item in self.data.descriptor.get("resources", []):
            if item.get("name") == resource:
                for field in item["schema"]["fields"]:
                    if field["name"] == "measure":
                        return list(field.get("constraints", {}).get("enum", []))
        return []

    def translate(self, english: str) -> str:
        """Schema titles and descriptions are msgids in the catalogs."""
        return self._(english) if english else ""

    def size(self, count: int) -> str:
        if count < 1000:
            return self._("{n} bytes").format(n=self.number(count))
        kilo = count / 1000
        unit, value = ("MB", kilo / 1000) if kilo >= 1000 else ("kB", kilo)
        return f"{format_decimal(round(value, 1), locale=self.fmt.locale)} {unit}"

    def constraints(self, field: dict[str, Any], resource: dict[str, Any], schema: dict[str, Any]) -> str:
        """A field's constraints and keys, in words."""
        _ = self._
        limits = field.get("constraints", {})
        words = []
        if limits.get("required"):
            words.append(_("required"))
        if limits.get("unique"):
            words.append(_("unique"))
        if field.get("name") in _as_list(schema.get("primaryKey")):
            words.append(_("primary key"))
        for name in ("minimum", "maximum"):
            if name in limits:
                words.append(f"{_(name)} {limits[name]}")
        if "pattern" in limits:
            words.append(_("pattern") + f" {limits['pattern']}")
        if field.get("type") == "list":
            words.append(_('separated by "{delimiter}"').format(delimiter=field.get("delimiter", ",")))
        for key in schema.get("foreignKeys", []):
            if field.get("name") in _as_list(key.get("fields")):
                target = key["reference"].get("resource") or resource.get("name", "")
                columns = ", ".join(_as_list(key["reference"].get("fields")))
                words.append(_("refers to {target}.{columns}").format(target=target, columns=columns))
        return "; ".join(words) or "—"

    def schema_change(self, change: SchemaChange) -> Markup:
        _ = self._
        words = {
            "field-added": _("field added: {field} ({new})"),
            "field-removed": _("field removed: {field}"),
            "field-retyped": _("field {field} changed type: {old} → {new}"),
            "constraints-changed": _("constraints of {field} changed: {old} → {new}"),
            "primary-key-changed": _("primary key changed: {old} → {new}"),
        }
        template = Markup.escape(words.get(change.kind, change.kind + " {field}"))
        # Names, types and constraints are the schema's own words, in any language: code.
        code = Markup("<code>{}</code>").format
        return template.format(
            field=code(change.field),
            old=code(change.old) if change.old else "—",
            new=code(change.new) if change.new else "—",
        )

    def zip_name(self, version: str) -> str:
        return f"{self.data.descriptor.get('name', 'package')}-{version}.zip"

    def package_files(self, downloads: Sequence[Any]) -> list[Any]:
        return [d for d in downloads if d.resource is None]

    def resource_files(self, downloads: Sequence[Any], resource: str) -> list[Any]:
        return [d for d in downloads if d.resource == resource]

    def rows(self, resource: str) -> list[dict[str, str]]:
        return self.data.rows.get(resource, [])

    def diff_rows(self, diff: ResourceDiff) -> list[tuple[str, str, str, str, str, str]]:
        """A table's row-level changes as (kind, row key, field, before, after, redaction), added first.

        A redacted "before" is never shown: the redaction's date and reason take its place.
        """
        rows = [("added", diff.row_key(row), "", "", "", "") for row in diff.added]
        for row in diff.changed:
            for c in row.changes:
                redacted = ""
                if c.redaction is not None:
                    redacted = self._("Redacted on %(date)s: %(reason)s") % {
                        "date": self.date(c.redaction.day),
                        "reason": c.redaction.reason_in(self.language),
                    }
                rows.append(("changed", row.key, c.field, "" if redacted else c.old, c.new, redacted))
        rows += [("removed", diff.row_key(row), "", "", "", "") for row in diff.removed]
        return rows

    def row_count(self, resource: str) -> int:
        return len(self.data.rows.get(resource, []))


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def ordered_claims(claims: Sequence[Claim]) -> list[Claim]:
    """Totals by date (unknown dates last), each followed by its breakdown rows."""
    parts: dict[str, list[Claim]] = defaultdict(list)
    totals: list[Claim] = []
    for claim in claims:
        (parts[claim.part_of] if claim.part_of else totals).append(claim)
    ordered = []
    for total in sorted(totals, key=_date_then_counter):
        ordered.append(total)
        ordered.extend(parts.pop(total.id, []))
    for orphans in parts.values():  # parts whose total is in another measure
        ordered.extend(orphans)
    return ordered


def latest_by_counter(claims: Sequence[Claim]) -> list[Claim]:
    """Each counter's most recent dated total, ordered by counter."""
    latest: dict[str, Claim] = {}
    for claim in sorted((c for c in claims if not c.part_of and c.as_of), key=_date_then_counter):
        latest[claim.counter] = claim
    return [latest[k] for k in sorted(latest)]


def _date_then_counter(claim: Claim) -> tuple[int, dt.date, str, str]:
    return (claim.as_of is None, claim.as_of or dt.date.min, claim.counter, claim.id)


@dataclass(frozen=True)
class Card:
    """One headline figure on the home page: what each counter reports."""

    key: str
    title: str
    page: str
    groups: list[ClaimGroup]
    anchor: str = ""
    """Section of the page the card links to, when the page holds several topics."""


class TopicContext(PageContext):
    """What this package's topic pages (home, timeline, sources) need."""

    HEADLINES: tuple[tuple[str, str, str, str, tuple[str, ...]], ...] = (
        ("released", N_("Released"), "releases", "releases",
         ("released-since-jan-8", "released-under-law", "full-releases")),
        ("detained", N_("Still detained"), "detentions", "detentions", ("political-prisoners-held",)),
        ("excluded", N_("Excluded from the amnesty"), "exclusions", "exclusion-counts",
         ("excluded-total", "military-excluded", "excluded-cases-for-review")),
        ("strike", N_("On hunger strike"), "exclusions", "hunger-strikes", ("strikers",)),
    )  # fmt: skip

    def headline_cards(self) -> list[Card]:
        """Each counter's latest figure per measure, each with its counter, date and publication.

        No span across counters ("from 500 to 900"): its ends would be different
        counters' figures on different days, joined in the site's own voice.
        """
        cards = []
        for key, title, page, resource, measures in self.HEADLINES:
            groups = [g for g in self.groups(resource, measures) if g.latest]
            anchor = resource if resource == "hunger-strikes" else ""
            cards.append(Card(key, self._(title), page, groups, anchor))
        return cards

    def dated_events(self) -> list[Event]:
        return sorted((e for e in self.data.events if e.date), key=lambda e: (e.date, e.id))

    def undated_events(self) -> list[Event]:
        return [e for e in self.data.events if not e.date]

    def rivals(self) -> dict[str, list[Event]]:
        """For each disputed event, the rows giving the competing dates."""
        by_key: dict[str, list[Event]] = defaultdict(list)
        for event in self.data.events:
            if event.dispute:
                by_key[event.dispute].append(event)
        return {
            event.id: [o for o in by_key[event.dispute] if o.id != event.id]
            for event in self.data.events
            if event.dispute
        }

    def counters(self) -> list[Counter]:
        return sorted(self.data.counters.values(), key=lambda c: self.counter_name(c.id).casefold())

    def sorted_sources(self) -> list[Source]:
        """Publications by reliability (do-not-cite last), then by id."""
        order = ["reliable-wire-copy", "outlet", "reprint-aggregator", "unassessed", "do-not-cite"]
        rank = {name: index for index, name in enumerate(order)}
        return sorted(self.data.sources.values(), key=lambda s: (rank.get(s.reliability, 9), s.id))

    def missing(self, source: Source) -> str:
        names = {"url": self._("address"), "title": self._("title"), "published": self._("date")}
        return self._("unknown {parts}").format(parts=", ".join(names[m] for m in source.missing))

    def chart_fragment(self, fragment: Callable[..., Markup], resource: str, measure: str) -> Markup:
        """An SVG chart of one measure over time, one line per counter, with its table."""
        from amnistia.site.charts import Point, Series, render_chart

        claims = sorted(
            (
                c
                for c in self.data.claims.get(resource, [])
                if c.measure == measure and not c.part_of and c.as_of and c.value is not None
            ),
            key=_date_then_counter,
        )
        by_counter: dict[str, list[Point]] = defaultdict(list)
        for claim in claims:
            assert claim.as_of is not None and claim.value is not None
            by_counter[claim.counter].append(
                Point(
                    day=claim.as_of,
                    low=claim.value,
                    high=claim.value_high,
                    qualifier=claim.qualifier,
                    label=f"{self.as_of(claim)}: {self.figure(claim)} ({self.counter_name(claim.counter)})",
                )
            )
        # Identical figures would be drawn on top of each other: one marker says it.
        series = [
            Series(key=key, name=self.counter_name(key), points=tuple(dict.fromkeys(points)))
            for key, points in sorted(by_counter.items())
        ]
        title = self.label("measure", measure)
        svg = render_chart(
            series,
            title=title,
            description=self._(
                "Reported figures over time, one line per counter. Ranges are drawn as "
                "vertical bars. The table below the chart gives the same numbers."
            ),
            chart_id=f"chart-{measure}",
            date_label=lambda day: self.fmt.date(day, "d MMM"),
            number_label=self.number,
            qualifier_labels={q: self.label("qualifier", q) for q in QUALIFIER_SHAPES},
        )
        return fragment("fragments/chart.html.j2", svg=svg, caption=title, claims=claims, resource=resource)


QUALIFIER_SHAPES = (
    "exact", "approximately", "nearly", "more-than", "at-least", "at-least-approximately", "at-most", "range",
    "approximately-range",
)  # fmt: skip
"""Every qualifier the legend may name: one marker shape may stand for several, and the legend says which."""
