"""The Python row renderers write exactly what the Jinja row templates wrote, escaping included.

The reference templates below are the row loops the table fragments held
before the rows moved to site/table_rows.py (50 times faster); the shipped
rows and hostile ones must render the same through both, in both languages.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from amnistia.site.context import TopicContext
from amnistia.site.model import Claim, SiteData, read_site_data
from amnistia.site.render import make_environment
from amnistia.site.table_rows import RowRenderers
from amnistia.validate import validate_project
from support import ROOT

REFERENCE = {
    "claims": """{% from "macros.html.j2" import cite, quote, note %}
{% for claim in rows %}
    <tr id="{{ claim.id }}"{% if claim.part_of %} class="am-part"{% endif %}>
      <td data-label="{{ _("As of") }}" data-sort="{{ claim.as_of or '' }}">{{ ctx.as_of(claim) }}</td>
      <td data-label="{{ _("Figure") }}" data-sort="{{ claim.value if claim.value is not none else '' }}" \
class="am-figure">{% if claim.part_of %}<span class="am-of-which">{{ _("of which") }}</span> {% endif %}\
{{ ctx.figure(claim) }}</td>
      <td data-label="{{ _("Counted by") }}">{{ ctx.counter_name(claim.counter) }}{% if claim.via %} \
<span class="am-via">{{ _("via %(agency)s", agency=claim.via) }}</span>{% endif %}</td>
      <td data-label="{{ _("Details") }}"{% if not (claim.subgroup or claim.place or claim.period_start \
or claim.period_month) %} class="am-empty"{% endif %}>
        {%- set details = [] -%}
        {%- if claim.subgroup %}{% set _ignored = details.append(ctx.label("subgroup", claim.subgroup)) %}\
{% endif -%}
        {%- if claim.place %}{% set _ignored = details.append(claim.place) %}{% endif -%}
        {%- if claim.period_start %}{% set _ignored = details.append(_("since %(date)s", \
date=ctx.date(claim.period_start, "medium"))) %}{% elif claim.period_month %}{% set _ignored = \
details.append(_("since %(month)s", month=ctx.month(claim.period_month))) %}{% endif -%}
        {{ details|join("; ") }}
      </td>
      <td data-label="{{ _("Sources") }}">{{ cite(ctx, root, claim.sources) }}</td>
      <td data-label="{{ _("Quote and note") }}"{% if not (claim.quote or claim.note or claim.note_es) %} \
class="am-empty"{% endif %}>{{ quote(ctx, claim.quote, claim.quote_lang) }} \
{{ note(ctx, claim.note, claim.note_es) }}</td>
    </tr>
{% endfor %}
""",
    "chart": """{% for claim in rows %}
      <tr><td data-sort="{{ claim.as_of }}">{{ ctx.as_of(claim) }}</td><td>\
{{ ctx.counter_name(claim.counter) }}</td><td data-sort="{{ claim.value }}">{{ ctx.figure(claim) }}</td></tr>
{% endfor %}
""",
    "resource": """{% for row in rows %}
    <tr>{% for field in fields %}<td>{{ row.get(field.name, "") }}</td>{% endfor %}</tr>
{% endfor %}
""",
}
HOSTILE = "<script>alert(\"x\")</script> & 'quoted' <b>"


@pytest.fixture(scope="module")
def data() -> SiteData:
    report, loaded = validate_project(ROOT)
    assert report.valid
    return read_site_data(loaded)


def hostile_claims(claims: list[Claim]) -> list[Claim]:
    """Every optional part of a row filled (and emptied) with text that must stay text."""
    changed = []
    for index, claim in enumerate(claims[:12]):
        full = index % 2 == 0
        changed.append(
            dataclasses.replace(
                claim,
                id=f"{claim.id}-{HOSTILE}",
                part_of=claim.id if index % 3 == 0 else "",
                via=HOSTILE if full else "",
                place=HOSTILE if full else "",
                subgroup="women" if full else "",
                quote=HOSTILE if full else "",
                quote_lang="es" if index % 4 == 0 else "",
                note=HOSTILE if index % 3 else "",
                note_es=HOSTILE + " es" if index % 3 == 1 else "",
                period_month="2026-01" if index % 4 == 1 else "",
                as_of=None if index == 5 else claim.as_of,
            )
        )
    return changed


@pytest.mark.parametrize("language", ["en", "es"])
def test_rows_render_as_the_templates_did(data: SiteData, language: str) -> None:
    environment = make_environment(language)
    ctx = TopicContext(data, language)
    root = "../"
    macros: Any = environment.get_template("macros.html.j2").module
    renderers = RowRenderers(ctx, root, macros.cite)
    claims = [c for rows in data.claims.values() for c in rows]
    cases: list[tuple[str, list[Any], dict[str, Any]]] = [
        ("claims", claims + hostile_claims(claims), {}),
        ("chart", [c for c in claims if c.as_of and c.value is not None], {}),
    ]
    for resource in data.descriptor["resources"]:
        rows = list(data.rows[resource["name"]])
        rows.append({str(f["name"]): HOSTILE for f in resource["schema"]["fields"]})
        cases.append(("resource", rows, {"fields": resource["schema"]["fields"]}))
    for kind, rows, values in cases:
        expected = environment.from_string(REFERENCE[kind]).render(ctx=ctx, root=root, rows=rows, **values)
        render = renderers.renderer(kind, **values)
        assert render is not None
        got = render(rows)
        assert got == expected, kind
        if kind != "chart":  # a chart's row holds no text of the row itself
            assert "<script>" not in got and "&lt;script&gt;" in got
        assert got == render(rows), "the second rendering (from the memo) differs"


def test_other_rows_stay_with_their_templates(data: SiteData) -> None:
    renderers = RowRenderers(TopicContext(data, "en"), "", lambda *args: "")
    assert renderers.renderer("sources") is None and renderers.renderer("diff") is None
