"""Render reported counts over time as a static, accessible SVG line chart.

One line per counter; the marker shape says how exact each figure is, and a
range is a vertical bar from its low to its high end, never a midpoint. Series
differ by colour (Okabe-Ito) *and* dash pattern, so colour is never the only
cue. Text and axes use ``currentColor``; series colours are CSS custom
properties (``--am-chart-1`` …) with fallbacks that keep 3:1 contrast on both
white and Material's dark background for the first four series.

The output is plain SVG: no script, fonts or requests, deterministic bytes.
"""

from __future__ import annotations

import datetime
import html
import math
import re
import textwrap
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from amnistia.site.chart_axes import FONT, PLOT_RIGHT, WIDTH, date_ticks, nice_scale, text_width

ROW = 22  # height of one legend row
PLOT_TOP = 12
PLOT_BOTTOM = 272
X_PAD = 12  # keeps the first and last markers off the axes

# Okabe-Ito, reordered: the first four keep 3:1 contrast on white and on dark
# backgrounds; black becomes currentColor so it follows the theme; yellow is
# left out (1.3:1 on white).
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "currentColor", "#E69F00", "#56B4E9")
DASHES = ("none", "8 4", "2 3", "12 3 3 3", "5 5", "12 3 3 3 3 3", "1 5", "16 6")

CIRCLE, HOLLOW, UP, DOWN, RANGE = "circle", "hollow", "up", "down", "range"
SHAPES = {
    "exact": CIRCLE,
    "approximately": HOLLOW,
    "nearly": HOLLOW,
    "more-than": UP,
    "at-least": UP,
    "at-least-approximately": UP,
    "at-most": DOWN,
    "range": RANGE,
    "approximately-range": RANGE,
}
SHAPE_ORDER = (CIRCLE, HOLLOW, UP, DOWN, RANGE)


@dataclass(frozen=True)
class Point:
    """One reported figure of one counter."""

    day: datetime.date
    low: int
    """The value; for a range its low end."""
    high: int | None
    """The high end of a range, else None."""
    qualifier: str
    """exact | approximately | more-than | at-least | at-most | nearly | range | at-least-approximately."""
    label: str
    """Accessible text for this point, already translated."""

    @property
    def is_range(self) -> bool:
        """Whether this point is drawn as a bar from low to high."""
        return SHAPES.get(self.qualifier) == RANGE and self.high is not None and self.high != self.low

    @property
    def top(self) -> int:
        """The largest number this figure can mean."""
        return max(self.low, self.high if self.high is not None else self.low)


@dataclass(frozen=True)
class Series:
    """The figures of one counter; ``key`` is a stable id, ``name`` the legend text."""

    key: str
    name: str
    points: tuple[Point, ...]


def render_chart(
    series: Sequence[Series],
    *,
    title: str,
    description: str,
    chart_id: str,
    date_label: Callable[[datetime.date], str],
    number_label: Callable[[int], str],
    qualifier_labels: Mapping[str, str] | None = None,
) -> str:
    """Return one ``<svg>`` element with ``<title>`` and ``<desc>``, labelled for screen readers.

    Series are styled by their position in ``series`` (the caller sorts them);
    series without points are left out of the plot and the legend.
    """
    drawn = [(index, s) for index, s in enumerate(series) if s.points]
    if not drawn:
        return _render_empty(title=title, description=description, chart_id=chart_id)

    points = [p for _, s in drawn for p in s.points]
    y_step, y_max = nice_scale(max(p.top for p in points))
    y_labels = [(v, number_label(v)) for v in range(0, y_max + 1, y_step)]
    left = math.ceil(max(text_width(text) for _, text in y_labels)) + 10

    first, last = min(p.day for p in points), max(p.day for p in points)
    span = (last - first).days
    inner = PLOT_RIGHT - left - 2 * X_PAD

    def x_of(day: datetime.date) -> float:
        if span == 0:
            return left + X_PAD + inner / 2
        return left + X_PAD + (day - first).days / span * inner

    def y_of(value: int) -> float:
        return PLOT_BOTTOM - value / y_max * (PLOT_BOTTOM - PLOT_TOP)

    body: list[str] = []
    x_ticks = date_ticks(first, last, date_label, x_of)
    grid = "".join(f"M{_n(left)} {_n(y_of(v))}H{PLOT_RIGHT}" for v, _ in y_labels[1:])
    grid += "".join(f"M{_n(x_of(day))} {PLOT_TOP}V{PLOT_BOTTOM}" for day, _ in x_ticks)
    body.append(f'<path class="am-grid" d="{grid}" fill="none" stroke="currentColor" stroke-opacity=".15"/>')
    axis = f"M{_n(left)} {PLOT_TOP}V{PLOT_BOTTOM}H{PLOT_RIGHT}"
    body.append(f'<path class="am-axis" d="{axis}" fill="none" stroke="currentColor"/>')
    body.append('<g class="am-y" text-anchor="end">')
    body.extend(
        f'<text x="{_n(left - 6)}" y="{_n(y_of(v) + FONT * 0.35)}">{_esc(text)}</text>'
        for v, text in y_labels
    )
    body.append("</g>")
    body.append('<g class="am-x" text-anchor="middle">')
    body.extend(_x_label(x_of(day), text) for day, text in x_ticks)
    body.append("</g>")

    ordered = [(index, s, sorted(s.points, key=_point_order)) for index, s in drawn]
    for index, s, pts in ordered:
        line = [p for p in pts if not p.is_range]
        if len(line) >= 2:
            coords = " ".join(f"{_n(x_of(p.day))},{_n(y_of(p.low))}" for p in line)
            body.append(
                f'<g {_series_attrs(index, s.key)}><polyline points="{coords}" fill="none" '
                f'stroke="currentColor" stroke-width="2.5" stroke-dasharray="{_dash(index)}" '
                'stroke-linejoin="round"/></g>'
            )
    for index, s, pts in ordered:
        body.append(f"<g {_series_attrs(index, s.key)}>")
        body.extend(_marker(p, x_of(p.day), y_of) for p in pts)
        body.append("</g>")

    legend, height = _legend(drawn, points, qualifier_labels, top=PLOT_BOTTOM + FONT + 26)
    body.extend(legend)
    return _svg(chart_id, title, description, height, body)


def _x_label(x: float, text: str) -> str:
    # Keep the outermost labels inside the viewBox instead of clipping them.
    half = text_width(text) / 2
    anchor = ""
    if x - half < 0:
        anchor, x = ' text-anchor="start"', 0
    elif x + half > WIDTH:
        anchor, x = ' text-anchor="end"', WIDTH
    return f'<text x="{_n(x)}" y="{PLOT_BOTTOM + 6 + FONT}"{anchor}>{_esc(text)}</text>'


def _marker(point: Point, x: float, y_of: Callable[[int], float]) -> str:
    title = f"<title>{_esc(point.label)}</title>"
    if point.is_range:
        other = point.high if point.high is not None else point.low
        low, high = y_of(min(point.low, other)), y_of(point.top)
        d = f"M{_n(x)} {_n(low)}V{_n(high)}M{_n(x - 5)} {_n(low)}h10M{_n(x - 5)} {_n(high)}h10"
        return f'<path class="am-range" d="{d}" stroke="currentColor" stroke-width="2.5">{title}</path>'
    return _shape(_drawn_shape(point), x, y_of(point.low), title)


def _shape(shape: str, x: float, y: float, inner: str = "") -> str:
    if shape == CIRCLE:
        return f'<circle class="am-exact" cx="{_n(x)}" cy="{_n(y)}" r="5">{inner}</circle>'
    if shape == HOLLOW:
        return (
            f'<circle class="am-approx" cx="{_n(x)}" cy="{_n(y)}" r="5" fill="none" '
            f'stroke="currentColor" stroke-width="2">{inner}</circle>'
        )
    if shape == RANGE:
        d = f"M{_n(x)} {_n(y - 6)}V{_n(y + 6)}M{_n(x - 4)} {_n(y - 6)}h8M{_n(x - 4)} {_n(y + 6)}h8"
        return f'<path class="am-range" d="{d}" stroke="currentColor" stroke-width="2">{inner}</path>'
    # Triangles point the way the true value may lie.
    tip, base, name = (y - 7, y + 5, "am-up") if shape == UP else (y + 7, y - 5, "am-down")
    d = f"M{_n(x)} {_n(tip)}L{_n(x + 6)} {_n(base)}H{_n(x - 6)}Z"
    return f'<path class="{name}" d="{d}">{inner}</path>'


def _legend(
    drawn: list[tuple[int, Series]],
    points: list[Point],
    qualifier_labels: Mapping[str, str] | None,
    *,
    top: int,
) -> tuple[list[str], int]:
    """Lay out the series legend, then the marker-shape legend; return elements and the SVG height."""
    items: list[tuple[float, Callable[[float, float], str]]] = []
    for index, s in drawn:
        items.append((34 + text_width(s.name), _series_key(index, s)))
    rows, y = _flow(items, top)
    shapes = _shape_words(points, qualifier_labels or {})
    if shapes:
        entries = [(16 + text_width(text), _shape_key(shape, text)) for shape, text in shapes]
        more, y = _flow(entries, y + ROW / 2 + 2)
        rows.extend(more)
    return rows, y


def _flow(items: list[tuple[float, Callable[[float, float], str]]], top: float) -> tuple[list[str], int]:
    """Place entries centred on row ``top`` and on, wrapping as needed; return them and their bottom edge."""
    out: list[str] = []
    x, y = 0.0, top
    for width, draw in items:
        if x > 0 and x + width > WIDTH:
            x, y = 0.0, y + ROW
        out.append(draw(x, y))
        x += width + 18
    return out, math.ceil(y + ROW / 2)


def _series_key(index: int, s: Series) -> Callable[[float, float], str]:
    def draw(x: float, y: float) -> str:
        return (
            f'<g {_series_attrs(index, s.key)}><path d="M{_n(x)} {_n(y)}h28" stroke="currentColor" '
            f'stroke-width="2.5" stroke-dasharray="{_dash(index)}"/></g>'
            f'<text x="{_n(x + 34)}" y="{_n(y + FONT * 0.35)}">{_esc(s.name)}</text>'
        )

    return draw


def _shape_key(shape: str, text: str) -> Callable[[float, float], str]:
    def draw(x: float, y: float) -> str:
        return (
            _shape(shape, x + 5, y) + f'<text x="{_n(x + 16)}" y="{_n(y + FONT * 0.35)}">{_esc(text)}</text>'
        )

    return draw


def _shape_words(points: list[Point], labels: Mapping[str, str]) -> list[tuple[str, str]]:
    """Return (shape, words) for each marker shape the chart uses and that ``labels`` can name."""
    used = {(p.qualifier, _drawn_shape(p)) for p in points}
    entries: list[tuple[str, str]] = []
    for shape in SHAPE_ORDER:
        here = {q for q, s in used if s == shape}
        if not here:
            continue
        # Name every qualifier this shape stands for here, so a legend never says
        # "more than" for an "at least"; only when none can be named, any word of the shape.
        known = [q for q in SHAPES if q in here and q in labels]
        known = known or [q for q, s in SHAPES.items() if s == shape and q in labels]
        if known:
            entries.append((shape, " / ".join(labels[q] for q in known)))
    return entries


def _drawn_shape(point: Point) -> str:
    shape = SHAPES.get(point.qualifier, HOLLOW)  # unknown: do not claim exactness
    if shape == RANGE and not point.is_range:
        return HOLLOW
    return shape


def _render_empty(*, title: str, description: str, chart_id: str) -> str:
    lines = textwrap.wrap(_clean(description), width=int((WIDTH - 20) / (FONT * 0.58))) or [""]
    height = 24 + len(lines) * ROW
    body = ['<g text-anchor="middle">']
    body.extend(
        f'<text x="{WIDTH // 2}" y="{_n(12 + ROW * (i + 0.5) + FONT * 0.35)}">{_esc(line)}</text>'
        for i, line in enumerate(lines)
    )
    body.append("</g>")
    return _svg(chart_id, title, description, height, body)


def _svg(chart_id: str, title: str, description: str, height: int, body: list[str]) -> str:
    ident = _esc(chart_id)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" id="{ident}" class="am-chart-svg" '
        f'viewBox="0 0 {WIDTH} {height}" width="100%" role="img" '
        f'aria-labelledby="{ident}-title {ident}-desc" font-size="{FONT}" fill="currentColor">'
        f'<title id="{ident}-title">{_esc(title)}</title><desc id="{ident}-desc">{_esc(description)}</desc>'
        + "".join(body)
        + "</svg>"
    )


def _series_attrs(index: int, key: str) -> str:
    slot = index % len(PALETTE)
    colour = f"var(--am-chart-{slot + 1},{PALETTE[slot]})"
    return f'class="am-series am-series--{_esc(_css_name(key))}" style="color:{colour}"'


def _dash(index: int) -> str:
    return DASHES[index % len(DASHES)]


def _point_order(point: Point) -> tuple[datetime.date, int, int, str, str]:
    return (point.day, point.low, point.top, point.qualifier, point.label)


def _css_name(key: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]", "-", key)


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text: str) -> str:
    return _NOT_XML.sub("", text)


def _esc(text: str) -> str:
    return html.escape(_clean(text), quote=True)


def _n(value: float) -> str:
    """Format a coordinate with at most one decimal, so output is small and stable."""
    text = f"{value:.1f}"
    if text.endswith(".0"):
        text = text[:-2]
    return "0" if text == "-0" else text
