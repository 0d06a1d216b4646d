"""Plan every generated page of one language: its Markdown and its HTML fragments.

A page is Markdown (title, headings, prose: all from our templates and
translation catalogs) holding placeholders; data tables and charts are HTML
fragments rendered by Jinja with every value escaped, and put in place after
the engine has built the pages (see fragments.py). Markdown is slow on big tables and could
read formatting into a contributor's text; HTML rendered here cannot.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from amnistia.i18n import N_
from amnistia.site.changelog import Changelog
from amnistia.site.context import TopicContext
from amnistia.site.model import SiteData
from amnistia.site.offline import offline_name
from amnistia.site.paging import PAGE_ROWS, SECTION_ROWS, ChunkWriter, PagedRows, page_folder, paginate
from amnistia.site.render import make_environment
from amnistia.site.table_rows import RowRenderers

log = logging.getLogger(__name__)

FRAGMENT_MARK = "<!-- amnistia-fragment:{name} -->"


@dataclass(frozen=True)
class PageSpec:
    slug: str
    """The file name without .md, and the URL path: /<slug>/ (index is /)."""
    title: str
    """English title, a msgid in the catalogs."""
    template: str | None
    """Jinja template of a generated page; None for a hand-written one in docs/<lang>/."""


PAGES: tuple[PageSpec, ...] = (
    PageSpec("index", N_("Home"), "pages/index.md.j2"),
    PageSpec("releases", N_("Releases"), "pages/releases.md.j2"),
    PageSpec("detentions", N_("Detentions"), "pages/detentions.md.j2"),
    PageSpec("exclusions", N_("Exclusions"), "pages/exclusions.md.j2"),
    PageSpec("timeline", N_("Timeline"), "pages/timeline.md.j2"),
    PageSpec("sources", N_("Sources"), "pages/sources.md.j2"),
    PageSpec("data", N_("Data"), "pages/data.md.j2"),
    PageSpec("changelog", N_("Changelog"), "pages/changelog.md.j2"),
    PageSpec("methodology", N_("Methodology"), None),
    PageSpec("about", N_("About"), None),
    PageSpec("contribute", N_("How to contribute a correction"), None),
)


@dataclass
class PagePlan:
    slug: str
    markdown: str
    fragments: dict[str, str] = field(default_factory=dict)
    tables: int = 0
    """Long tables whose further rows went into chunk files."""


@dataclass
class SiteInputs:
    """Everything the pages show besides the rows: downloads, versions."""

    downloads: Sequence[Any] = ()
    """Files under downloads/latest/."""
    changelog: Changelog | None = None
    version_files: dict[str, list[str]] = field(default_factory=dict)
    """File names under downloads/<version>/, by version."""
    latest_version: str = ""
    """The version under downloads/latest/: the newest release, else the working copy."""

    @property
    def offline_name(self) -> str:
        """The offline copy's file name under downloads/latest/ (see offline.py)."""
        return offline_name(self.latest_version)


def plan_pages(
    data: SiteData,
    language: str,
    inputs: SiteInputs,
    chunks: ChunkWriter | None = None,
    jinja_cache: Path | None = None,
) -> list[PagePlan]:
    """Render every generated page of ``language``; long tables' further rows go to ``chunks``."""
    environment = make_environment(language, jinja_cache)
    context = TopicContext(data, language)
    specs = [spec for spec in PAGES if spec.template is not None]
    # Generic: one page per resource, driven by its schema alone (not in the navigation).
    specs += [
        PageSpec(
            resource_slug(str(resource["name"])),
            str(resource.get("title", resource["name"])),
            "pages/resource.md.j2",
        )
        for resource in data.descriptor.get("resources", [])
    ]
    writer = chunks or ChunkWriter(None)
    plans = []
    for number, spec in enumerate(specs, start=1):
        plans.append(_plan_page(environment, context, spec, language, inputs, writer))
        log.info("pages (%s): %d/%d planned (%s)", language, number, len(specs), spec.slug)
    return plans


def resource_slug(name: str) -> str:
    return f"data/{name}"


def _plan_page(
    environment: jinja2.Environment,
    context: TopicContext,
    spec: PageSpec,
    language: str,
    inputs: SiteInputs,
    chunks: ChunkWriter,
) -> PagePlan:
    assert spec.template is not None
    plan = PagePlan(spec.slug, "")
    depth = 0 if spec.slug == "index" else spec.slug.count("/") + 1
    root = "../" * depth
    site_root = root + ("../" if language != "en" else "")
    common: dict[str, Any] = dict(
        ctx=context, root=root, site_root=site_root, page_rows=PAGE_ROWS, section_rows=SECTION_ROWS
    )

    def fragment(template: str, **values: Any) -> Markup:
        name = f"{spec.slug.replace('/', '__')}-{len(plan.fragments) + 1}"
        plan.fragments[name] = environment.get_template(template).render(common, **values)
        return Markup(FRAGMENT_MARK.format(name=name))

    macros: Any = environment.get_template("macros.html.j2").module
    renderers = RowRenderers(context, root, macros.cite)

    def paged(rows: Sequence[Any], kind: str, first: int, resource: str, **values: Any) -> PagedRows:
        """Called by a table's template: its ``first`` rows, the rest written as chunks.

        ``kind`` names the row renderer (site/table_rows.py), else the row
        template fragments/rows/<kind>.html.j2.
        """
        plan.tables += 1
        render_rows = renderers.renderer(kind, **values)
        if render_rows is None:
            row_template = environment.get_template(f"fragments/rows/{kind}.html.j2")

            def render_rows(part: Sequence[Any]) -> str:
                return row_template.render(common, rows=part, **values)

        def write(table: str, number: int, html: str, count: int) -> None:
            chunks.write(page_folder(spec.slug), table, number, html, count)

        return paginate(rows, first, resource, f"t{plan.tables}", render_rows, write)

    common["paged"] = paged

    resource = next(
        (
            r
            for r in context.data.descriptor.get("resources", [])
            if resource_slug(str(r["name"])) == spec.slug
        ),
        None,
    )
    plan.markdown = environment.get_template(spec.template).render(
        ctx=context,
        resource=resource,
        data=context.data,
        spec=spec,
        fragment=fragment,
        inputs=inputs,
        language=language,
    )
    return plan
