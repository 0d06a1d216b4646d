"""The SVG chart: structure, accessibility, honest ranges, escaping, determinism, size."""

from __future__ import annotations

import datetime
import re
import xml.etree.ElementTree as ET

import pytest

from amnistia.site.chart_axes import WIDTH, nice_scale
from amnistia.site.charts import Point, Series, render_chart

SVG = "{http://www.w3.org/2000/svg}"
MONTHS = ("ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic")


def spanish_date(day: datetime.date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]}"


def spanish_number(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def point(day: int, low: int, qualifier: str = "exact", high: int | None = None, month: int = 2) -> Point:
    when = datetime.date(2026, month, day)
    return Point(when, low, high, qualifier, f"{spanish_date(when)}: {low} ({qualifier})")


def render(series: list[Series], **options: object) -> str:
    arguments: dict[str, object] = {
        "title": "Excarcelados",
        "description": "Cifras reportadas a lo largo del tiempo.",
        "chart_id": "chart-test",
        "date_label": spanish_date,
        "number_label": spanish_number,
    }
    arguments.update(options)
    return render_chart(series, **arguments)  # type: ignore[arg-type]


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def series_groups(root: ET.Element, key: str) -> list[ET.Element]:
    return [g for g in root.iter(f"{SVG}g") if f"am-series--{key}" in g.get("class", "").split()]


def markers(root: ET.Element, key: str) -> list[ET.Element]:
    """The marker elements of one series, in drawing order (those carrying a <title>)."""
    return [m for g in series_groups(root, key) for m in g if m.find(f"{SVG}title") is not None]


def path_numbers(d: str) -> list[float]:
    return [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", d)]


FORO = Series(
    "foro-penal",
    "Foro Penal",
    (point(1, 100), point(10, 250, "approximately"), point(19, 448), point(5, 600, "at-least", month=3)),
)
GOBIERNO = Series(
    "gobierno",
    "Gobierno",
    (point(3, 200), point(12, 500, "range", 700), point(20, 900, "at-most"), point(1, 1000, month=3)),
)
ONLY_RANGES = Series("ong", "ONG", (point(4, 300, "range", 350), point(25, 400, "range", 420)))


def test_root_is_a_labelled_responsive_image() -> None:
    root = parse(render([FORO, GOBIERNO]))
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    title_id, desc_id = root.get("aria-labelledby", "").split()
    (title,) = [el for el in root if el.tag == f"{SVG}title"]
    (desc,) = [el for el in root if el.tag == f"{SVG}desc"]
    assert (title.get("id"), title.text) == (title_id, "Excarcelados")
    assert (desc.get("id"), desc.text) == (desc_id, "Cifras reportadas a lo largo del tiempo.")
    assert root.get("width") == "100%" and root.get("height") is None
    _, _, width, height = (float(n) for n in root.get("viewBox", "").split())
    assert width == WIDTH and 250 <= height <= 480
    assert float(root.get("font-size", "0")) >= 12


def test_one_polyline_per_series_with_two_or_more_non_range_points() -> None:
    single = Series("single", "Single", (point(2, 10), point(8, 20, "range", 30)))
    root = parse(render([FORO, GOBIERNO, ONLY_RANGES, single]))
    lines = {
        key: [p for g in series_groups(root, key) for p in g.iter(f"{SVG}polyline")]
        for key in ("foro-penal", "gobierno", "ong", "single")
    }
    assert [len(lines[key]) for key in ("foro-penal", "gobierno", "ong", "single")] == [1, 1, 0, 0]
    assert len(lines["foro-penal"][0].get("points", "").split()) == 4
    assert len(lines["gobierno"][0].get("points", "").split()) == 3  # the range is left out of the line


def test_line_runs_left_to_right_whatever_the_input_order() -> None:
    shuffled = Series(FORO.key, FORO.name, tuple(reversed(FORO.points)))
    root = parse(render([shuffled]))
    (line,) = root.iter(f"{SVG}polyline")
    xs = [float(pair.split(",")[0]) for pair in line.get("points", "").split()]
    assert xs == sorted(xs)
    assert render([shuffled]) == render([FORO])


def test_range_is_a_bar_from_low_to_high_and_never_a_midpoint() -> None:
    root = parse(render([GOBIERNO]))
    (bar,) = [
        m for m in markers(root, "gobierno") if m.tag == f"{SVG}path" and "am-range" in m.get("class", "")
    ]
    x, y_low, y_high = path_numbers(bar.get("d", ""))[:3]
    assert y_high < y_low  # the high end is above the low end on screen
    # Compare against the exact points around it: y grows downwards as values grow.
    exact = {m.find(f"{SVG}title").text: m for m in markers(root, "gobierno")}  # type: ignore[union-attr]
    y_200 = float(exact["3 feb: 200 (exact)"].get("cy", ""))
    assert y_low < y_200
    (line,) = root.iter(f"{SVG}polyline")
    vertices = [tuple(float(n) for n in pair.split(",")) for pair in line.get("points", "").split()]
    assert all(vx != x for vx, _ in vertices)  # the line does not pass through the range's day
    midpoint = (y_low + y_high) / 2
    assert all(abs(vy - midpoint) > 0.05 for _, vy in vertices)


def test_reversed_range_still_spans_both_ends() -> None:
    backwards = Series("b", "B", (point(2, 700, "range", 500),))
    forwards = Series("b", "B", (Point(datetime.date(2026, 2, 2), 500, 700, "range", "2 feb: 700 (range)"),))
    assert render([backwards]) == render([forwards])


def test_marker_titles_are_the_labels() -> None:
    root = parse(render([FORO, GOBIERNO]))
    for s in (FORO, GOBIERNO):
        titles = [m.find(f"{SVG}title").text for m in markers(root, s.key)]  # type: ignore[union-attr]
        assert titles == [p.label for p in sorted(s.points, key=lambda p: p.day)]


@pytest.mark.parametrize(
    ("qualifier", "shape"),
    [
        ("exact", "filled-circle"),
        ("approximately", "hollow-circle"),
        ("nearly", "hollow-circle"),
        ("more-than", "up"),
        ("at-least", "up"),
        ("at-least-approximately", "up"),
        ("at-most", "down"),
        ("range", "bar"),
        ("something-new", "hollow-circle"),  # unknown qualifiers never claim exactness
    ],
)
def test_marker_shape_says_the_qualifier(qualifier: str, shape: str) -> None:
    high = 600 if qualifier == "range" else None
    root = parse(render([Series("s", "S", (point(1, 400, qualifier, high), point(9, 500)))]))
    marker = markers(root, "s")[0]
    assert marker.find(f"{SVG}title").text == f"1 feb: 400 ({qualifier})"  # type: ignore[union-attr]
    if shape.endswith("circle"):
        assert marker.tag == f"{SVG}circle"
        assert (marker.get("fill") == "none") == (shape == "hollow-circle")
        return
    assert marker.tag == f"{SVG}path"
    numbers = path_numbers(marker.get("d", ""))
    if shape == "bar":
        _, y_low, y_high = numbers[:3]
        assert y_high < y_low
        return
    tip_y, base_y = numbers[1], numbers[3]
    assert (tip_y < base_y) == (shape == "up")


def test_text_is_escaped_everywhere() -> None:
    evil = "<script>alert(\"x\")</script> & 'co'"
    bad = Series('"><script>', evil, (Point(datetime.date(2026, 2, 1), 5, None, "exact", evil),))
    svg = render(
        [bad],
        title=evil,
        description=evil,
        chart_id='x" onload="alert(1)',
        date_label=lambda day: evil,
        number_label=lambda n: evil,
        qualifier_labels={"exact": evil},
    )
    root = parse(svg)
    assert not list(root.iter(f"{SVG}script")) and not list(root.iter("script"))
    assert all(not name.startswith("on") for el in root.iter() for name in el.attrib)
    texts = [el.text for el in root.iter() if el.tag in (f"{SVG}text", f"{SVG}title", f"{SVG}desc")]
    assert texts.count(evil) >= 6  # title, desc, marker, legend, a y label, an x label, shape legend
    assert root.get("id") == 'x" onload="alert(1)'


def test_control_characters_do_not_break_the_xml() -> None:
    parse(render([Series("s", "bell\x07", (point(1, 5),))], title="nul\x00"))


def test_output_is_deterministic() -> None:
    labels = {"exact": "exacta", "approximately": "aproximada", "range": "rango"}
    first = render([FORO, GOBIERNO, ONLY_RANGES], qualifier_labels=labels)
    again = render([FORO, GOBIERNO, ONLY_RANGES], qualifier_labels=dict(reversed(labels.items())))
    assert first == again


def test_coordinates_are_rounded_to_one_decimal() -> None:
    svg = render([FORO, GOBIERNO, ONLY_RANGES])
    numbers = re.findall(r'(?:x|y|cx|cy|d|points)="([^"]*)"', svg)
    assert numbers
    assert not [n for n in numbers if re.search(r"\d\.\d\d", n)]


@pytest.mark.parametrize(
    "series",
    [
        [],
        [Series("empty", "Empty", ())],
        [Series("a", "A", ()), Series("b", "B", ())],
    ],
)
def test_empty_input_says_the_description(series: list[Series]) -> None:
    description = (
        "Todavía no hay cifras para este indicador; esta frase es larga a propósito para que se parta."
    )
    root = parse(render(series, description=description))
    assert root.get("role") == "img"
    assert not list(root.iter(f"{SVG}polyline"))
    shown = " ".join(t.text or "" for t in root.iter(f"{SVG}text"))
    assert shown == description
    assert float(root.get("viewBox", "").split()[3]) < 200


@pytest.mark.parametrize(
    "points",
    [
        (point(1, 448),),
        (point(1, 448), point(1, 450, "approximately")),
        (point(1, 0), point(9, 0)),
        (point(1, 7), point(9, 7), point(20, 7)),
        (point(1, 5, "range", 5),),
    ],
)
def test_degenerate_data_does_not_divide_by_zero(points: tuple[Point, ...]) -> None:
    svg = render([Series("s", "S", points)])
    root = parse(svg)
    assert "nan" not in svg.lower() and "inf" not in svg.lower()
    assert len(markers(root, "s")) == len(points)


def test_series_differ_by_dash_and_colour() -> None:
    many = [Series(f"s{i}", f"S{i}", (point(1, i * 10), point(9, i * 20))) for i in range(6)]
    root = parse(render(many))
    lines = list(root.iter(f"{SVG}polyline"))
    assert len(lines) == 6
    assert len({line.get("stroke-dasharray") for line in lines}) == 6
    colours = {g.get("style") for i in range(6) for g in series_groups(root, f"s{i}")}
    assert len(colours) == 6
    assert all("var(--am-chart-" in (c or "") for c in colours)


def test_legend_names_every_series_and_shapes_only_when_asked() -> None:
    plain = parse(render([FORO, GOBIERNO]))
    words = [t.text for t in plain.iter(f"{SVG}text")]
    assert "Foro Penal" in words and "Gobierno" in words
    assert "exacta" not in words

    labels = {"exact": "exacta", "approximately": "aproximada", "at-most": "como máximo", "range": "rango"}
    root = parse(render([FORO, GOBIERNO], qualifier_labels=labels))
    words = [t.text for t in root.iter(f"{SVG}text")]
    assert {"exacta", "aproximada", "como máximo", "rango"} <= set(words)
    assert words.index("exacta") < words.index("aproximada") < words.index("como máximo")


def test_axes_use_the_given_labels_and_cover_every_high_end() -> None:
    root = parse(render([GOBIERNO, Series("big", "Big", (point(2, 10, "range", 5236),))]))
    y_labels = [t.text for g in root.iter(f"{SVG}g") if g.get("class") == "am-y" for t in g]
    assert y_labels[0] == "0" and y_labels[-1] == "6.000"
    x_labels = [t.text or "" for g in root.iter(f"{SVG}g") if g.get("class") == "am-x" for t in g]
    assert x_labels and all(re.fullmatch(r"\d{1,2} (feb|mar)", text) for text in x_labels)


def test_no_script_fonts_or_requests() -> None:
    svg = render([FORO, GOBIERNO, ONLY_RANGES], qualifier_labels={"exact": "exacta"})
    assert "<script" not in svg and "@import" not in svg and "@font-face" not in svg
    assert re.findall(r"https?://[^\"]*", svg) == ["http://www.w3.org/2000/svg"]


def test_fifty_points_across_four_series_stay_small() -> None:
    start = datetime.date(2026, 1, 8)
    qualifiers = ["exact", "approximately", "more-than", "at-most", "range", "nearly", "at-least"]
    series = []
    for s in range(4):
        points = []
        for i in range(50 // 4 + (1 if s < 50 % 4 else 0)):
            day = start + datetime.timedelta(days=i * 5 + s)
            qualifier = qualifiers[(i + s) % len(qualifiers)]
            low = 100 * i + 37 * s
            high = low + 150 if qualifier == "range" else None
            label = f"{spanish_date(day)}: {spanish_number(low)} (Organización de prueba {s})"
            points.append(Point(day, low, high, qualifier, label))
        series.append(Series(f"counter-{s}", f"Contador número {s}", tuple(points)))
    labels = {q: q.replace("-", " ") for q in qualifiers}
    svg = render(series, qualifier_labels=labels)
    assert sum(len(s.points) for s in series) == 50
    assert len(svg.encode()) < 15_000


@pytest.mark.parametrize(
    ("highest", "step", "top"),
    [(0, 1, 1), (1, 1, 1), (7, 2, 8), (448, 100, 500), (1000, 200, 1000), (5236, 1000, 6000), (99, 20, 100)],
)
def test_nice_scale(highest: int, step: int, top: int) -> None:
    assert nice_scale(highest) == (step, top)


def test_the_legend_never_names_one_qualifier_for_another() -> None:
    """A shape standing for several qualifiers names those it draws: "at least" is not "more than"."""
    from amnistia.site.context import QUALIFIER_SHAPES

    labels = {q: q.replace("-", " ") for q in QUALIFIER_SHAPES}
    at_least = Series("fp", "Foro Penal", (point(1, 600, "at-least"), point(3, 650, "nearly")))
    words = [t.text for t in parse(render([at_least], qualifier_labels=labels)).iter(f"{SVG}text")]
    assert "at least" in words and "nearly" in words
    assert "more than" not in words and "approximately" not in words
    both = Series("fp", "Foro Penal", (point(1, 600, "at-least"), point(2, 620, "more-than")))
    words = [t.text for t in parse(render([both], qualifier_labels=labels)).iter(f"{SVG}text")]
    assert "more than / at least" in words  # one marker, and the legend says which it groups
    ranges = Series("fa", "Founding article", (point(1, 444, "approximately-range", 450),))
    words = [t.text for t in parse(render([ranges], qualifier_labels=labels)).iter(f"{SVG}text")]
    assert "approximately range" in words
