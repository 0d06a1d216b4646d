"""Write CONTRIBUTING.md and CONTRIBUYENDO.md from the site's contribute pages.

The contributor's guide has one source: docs/<lang>/contribute.md, the
site's page "How to contribute a correction". GitHub shows a guide from the
repository root, so ``make guides`` copies each page there, with its
site-relative links rewritten to files that exist in the repository; a test
fails when a copy drifts from its page.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

GUIDES = {"en": "CONTRIBUTING.md", "es": "CONTRIBUYENDO.md"}
"""The repository-root file of each language's guide."""
GENERATED_PAGES = {"data": "datapackage.json", "sources": "datasets/sources.csv"}
"""Generated site pages have no file in the repository: their links go to what they are made from."""
_PAGE_LINK = re.compile(r"\]\(([a-z0-9-]+)\.md(#[a-z0-9-]+)?\)")


class GuideError(Exception):
    """A page links to something the repository copy cannot point to."""


def render_guide(project: Path, language: str) -> str:
    """The repository-root guide of ``language``, made from its site page."""
    page = Path("docs") / language / "contribute.md"
    text = (project / page).read_text(encoding="utf-8")

    def repository_link(match: re.Match[str]) -> str:
        slug, anchor = match[1], match[2] or ""
        if (project / "docs" / language / f"{slug}.md").is_file():
            return f"](docs/{language}/{slug}.md{anchor})"
        if slug in GENERATED_PAGES:
            return f"]({GENERATED_PAGES[slug]})"
        raise GuideError(
            f"{page} links to {slug}.md, which is neither a hand-written page nor in GENERATED_PAGES"
        )

    header = f"<!-- Made from {page} by `make guides`: edit that page, then run make guides. -->\n\n"
    return header + _PAGE_LINK.sub(repository_link, text)


def write_guides(project: Path) -> list[Path]:
    """Write every language's guide at the root of ``project``."""
    # Render both before writing either: a broken page leaves both copies as they were.
    guides = {project / name: render_guide(project, language) for language, name in GUIDES.items()}
    for target, text in guides.items():
        target.write_text(text, encoding="utf-8")
    return list(guides)


if __name__ == "__main__":
    for path in write_guides(Path(sys.argv[1] if len(sys.argv) > 1 else ".")):
        print(f"wrote {path}")
