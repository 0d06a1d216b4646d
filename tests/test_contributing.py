"""The contributor's path: one guide in two places, examples the tools really print, templates, owners.

The guide's source is docs/<lang>/contribute.md (the site's page); the
repository-root CONTRIBUTING.md and CONTRIBUYENDO.md are made from it by
`make guides`. Its examples are checked against what `amnistia validate`
and `amnistia diff` print for the mistakes it describes, and what it says
about reliability labels against the schema and the data.
"""

from __future__ import annotations

import csv
import fnmatch
import json
import re
from pathlib import Path

import pytest
import yaml

from amnistia.guides import GENERATED_PAGES, GUIDES, GuideError, render_guide, write_guides
from support import LATEST, ROOT, copy_project, invoke

LANGUAGES = ("en", "es")
GITHUB = ROOT / ".github"


def _page(language: str) -> str:
    return (ROOT / "docs" / language / "contribute.md").read_text(encoding="utf-8")


def _prose(language: str) -> str:
    """The page with its line breaks as spaces, to find phrases that wrap."""
    return " ".join(_page(language).split())


def _descriptor() -> dict[str, object]:
    descriptor: dict[str, object] = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))
    return descriptor


def _resources() -> dict[str, dict[str, object]]:
    return {r["name"]: r for r in _descriptor()["resources"]}  # type: ignore[attr-defined]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_repository_guide_is_the_site_page(language: str) -> None:
    written = (ROOT / GUIDES[language]).read_text(encoding="utf-8")
    assert written == render_guide(ROOT, language), f"{GUIDES[language]} is stale: run make guides"
    # Same words; only the site links point to repository files.
    unlinked = re.sub(r"\]\([^)]*\)", "]", written.split("\n", 2)[2])
    assert unlinked == re.sub(r"\]\([^)]*\)", "]", _page(language))
    for target in re.findall(r"\]\(([^)#]+)", written):
        if not target.startswith(("http://", "https://")):
            assert (ROOT / target).exists(), (
                f"{GUIDES[language]} links to {target}, which is not in the repository"
            )


def test_the_guide_copies_point_generated_pages_to_what_they_are_made_from() -> None:
    assert all((ROOT / path).exists() for path in GENERATED_PAGES.values())
    assert "](datapackage.json)" in render_guide(ROOT, "en")


def test_a_link_the_repository_copy_cannot_follow_stops_make_guides(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    page = project / "docs" / "en" / "contribute.md"
    page.write_text(
        page.read_text(encoding="utf-8") + "\nSee the [timeline](timeline.md).\n", encoding="utf-8"
    )
    with pytest.raises(GuideError, match=r"timeline\.md"):
        write_guides(project)
    assert not (project / "CONTRIBUTING.md").exists()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_dictionary_links_name_every_resource(language: str) -> None:
    anchors = re.findall(r"\]\(data\.md#([a-z0-9-]+)\)", _page(language))
    assert sorted(anchors) == sorted(_resources())
    for name, resource in _resources().items():
        assert f"`{resource['path']}`" in _page(language), name


def test_the_site_page_links_to_the_dictionary_sections(site: Path) -> None:
    data = (site / "data" / "index.html").read_text(encoding="utf-8")
    for page in (site / "contribute" / "index.html", site / "es" / "contribute" / "index.html"):
        html = page.read_text(encoding="utf-8")
        anchors = set(re.findall(r'href="\.\./data/#([a-z0-9-]+)"', html))
        assert anchors == set(_resources()), page
    es_data = (site / "es" / "data" / "index.html").read_text(encoding="utf-8")
    for name in _resources():
        assert f'id="{name}"' in data and f'id="{name}"' in es_data


def _code_blocks(text: str) -> list[str]:
    return re.findall(r"^```\n(.*?)^```$", text, re.MULTILINE | re.DOTALL)


def _without_line_numbers(text: str) -> str:
    # Rows may be inserted above the example rows; the messages must stay exact.
    return re.sub(r"^(datasets/[a-z-]+\.csv):\d+:", r"\1:N:", text, flags=re.MULTILINE)


def _break_the_three_rows(project: Path) -> None:
    """The three mistakes the guide describes, made to the rows it names."""
    path = project / "datasets" / "releases.csv"
    with path.open(encoding="utf-8", newline="") as file:
        rows = list(csv.reader(file))
    header = rows[0]
    edits = {
        "fp-2026-02-24-91": ("sources", "ap-wtop-2026-02-24", "ap-wtop-2026-02-25"),
        "gov-2026-02-24-3200": ("value", "3200", "3,200"),
        "gov-2026-03-01-5491": ("qualifier", "exact", "about"),
    }
    for row in rows[1:]:
        if row[0] in edits:
            field, old, new = edits.pop(row[0])
            assert row[header.index(field)] == old
            row[header.index(field)] = new
    assert not edits, f"rows missing from releases.csv: {sorted(edits)}"
    with path.open("w", encoding="utf-8", newline="") as file:
        csv.writer(file, lineterminator="\n").writerows(rows)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_guides_examples_are_what_validate_prints(tmp_path: Path, language: str) -> None:
    project = copy_project(tmp_path)
    _break_the_three_rows(project)
    page = _page(language)
    for row_id in ("fp-2026-02-24-91", "gov-2026-02-24-3200", "gov-2026-03-01-5491"):
        assert f"`{row_id}`" in page
    result = invoke("validate", str(project), "--warnings", "--lang", language)
    assert result.code == 1
    printed = _without_line_numbers(result.out)
    examples = [block for block in _code_blocks(page) if block.startswith("datasets/")]
    assert len(examples) == 2  # the three errors, and a warning
    errors = _without_line_numbers(examples[0])
    assert errors.count("\n  → ") == 3
    assert printed.startswith(errors)
    assert _without_line_numbers(examples[1]) in printed
    # The annotation the guide quotes is the github format's.
    github = invoke("validate", str(project), "--format", "github").out
    assert ',title=type-error (value)::"3,200" is not a whole number%0A→ write digits only' in github
    assert "`type-error (value)`" in page and '`"3,200" is not a whole number`' in page


def test_the_guides_diff_row_is_what_diff_prints(tmp_path: Path) -> None:
    (tmp_path / "base").mkdir()
    (tmp_path / "head").mkdir()
    base = copy_project(tmp_path / "base")
    head = copy_project(tmp_path / "head")
    releases = head / "datasets" / "releases.csv"
    text = releases.read_text(encoding="utf-8")
    releases.write_text(re.sub(r"^(fp-2026-02-24-91,.*?,exact,)91,", r"\g<1>92,", text, flags=re.MULTILINE))
    result = invoke("diff", str(base), "working", "--package", str(head), "--format", "markdown")
    assert result.code == 0
    header = "| | row | field | old | new |"
    row = "| ~ | `fp-2026-02-24-91` | value | `91` | `92` |"
    assert header in result.out and row in result.out
    for language in LANGUAGES:
        assert f"{header}\n| --- | --- | --- | --- | --- |\n{row}\n" in _page(language)


def _reliability_meanings() -> dict[str, str]:
    """The schema's own words for each reliability label."""
    sources = _resources()["sources"]
    field = next(f for f in sources["schema"]["fields"] if f["name"] == "reliability")  # type: ignore[index]
    meanings = dict(re.findall(r"([a-z-]+): (.*?)(?:; |\.$)", field["description"]))
    assert list(meanings) == field["constraints"]["enum"]
    return meanings


def test_the_reliability_table_says_what_the_schema_says() -> None:
    rows = dict(re.findall(r"^\| `([a-z-]+)` \| (.+?) \|$", _page("en"), re.MULTILINE))
    meanings = _reliability_meanings()
    assert {label: rows[label] for label in meanings} == meanings
    spanish = dict(re.findall(r"^\| `([a-z-]+)` \| (.+?) \|$", _page("es"), re.MULTILINE))
    assert all(spanish.get(label) for label in meanings)


def test_the_reliability_notes_the_guide_quotes_are_in_the_data() -> None:
    with (ROOT / "datasets" / "sources.csv").open(encoding="utf-8", newline="") as file:
        notes = [(row["reliability"], row["reliability_note"]) for row in csv.DictReader(file)]
    for language in LANGUAGES:
        quoted = re.findall(r'"([^"]+)" (?:for a|para un) `([a-z-]+)`', _prose(language))
        assert len(quoted) == 2
        for note, label in quoted:
            assert any(lab == label and text.startswith(note) for lab, text in notes), note


def test_the_privacy_rule_and_its_reason_are_in_both_languages() -> None:
    assert "## Why no private individual is named" in _page("en")
    assert "## Por qué no se nombra a ningún particular" in _page("es")
    assert "a released version never changes" in _prose("en")
    assert "una versión publicada no cambia nunca" in _prose("es")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_guide_previews_with_make_serve(language: str) -> None:
    page = _page(language)
    assert "make serve" in page and "http://127.0.0.1:8000" in page
    for target in re.findall(r"^make ([a-z-]+)$", page, re.MULTILINE):
        assert re.search(rf"^{target}:", (ROOT / "Makefile").read_text(), re.MULTILINE), target


def test_the_wrong_figure_form_asks_for_the_publication() -> None:
    form = yaml.safe_load((GITHUB / "ISSUE_TEMPLATE" / "wrong-figure.yml").read_text(encoding="utf-8"))
    assert form["name"] == "This figure is wrong / Esta cifra es incorrecta"
    fields = {item["id"]: item for item in form["body"] if "id" in item}
    assert len(fields) == len([item for item in form["body"] if "id" in item])  # ids are unique
    for needed in ("url", "publisher", "date", "quote"):
        assert fields[needed]["validations"]["required"] is True, needed
    allowed = {"markdown", "input", "textarea", "dropdown", "checkboxes"}
    assert all(item["type"] in allowed for item in form["body"])
    for item in fields.values():
        assert " / " in item["attributes"]["label"], "labels are in English and Spanish"
    config = yaml.safe_load((GITHUB / "ISSUE_TEMPLATE" / "config.yml").read_text(encoding="utf-8"))
    assert config == {"blank_issues_enabled": False}


def test_the_pull_request_template_is_bilingual_and_lists_the_checks() -> None:
    template = (GITHUB / "PULL_REQUEST_TEMPLATE.md").read_text(encoding="utf-8")
    assert "## Which publication says so / Qué publicación lo dice" in template
    assert "## What changed / Qué cambió" in template
    boxes = re.findall(r"^- \[ \] (.+)$", template, re.MULTILINE)
    assert len(boxes) == 8 and all(" / " in box for box in boxes)
    for words in ("`datasets/sources.csv`", "`qualifier`", "`datasets/versions/`", "No private individual"):
        assert any(words in box for box in boxes), words


def _owners(path: str, rules: list[tuple[str, list[str]]]) -> list[str]:
    """GitHub's CODEOWNERS rule for one file: the last matching pattern wins."""
    owners: list[str] = []
    for pattern, names in rules:
        anchored = pattern.lstrip("/")
        if pattern.endswith("/"):
            matched = path.startswith(anchored)
        else:
            matched = fnmatch.fnmatch(path, anchored) or path.startswith(anchored + "/")
        if matched:
            owners = names
    return owners


def _codeowners() -> list[tuple[str, list[str]]]:
    rules = []
    for line in (GITHUB / "CODEOWNERS").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            pattern, *names = line.split()
            assert pattern.startswith("/") and names == ["@amnistia/maintainers"], line
            rules.append((pattern, names))
    return rules


def test_codeowners_guard_what_judges_the_data_and_leave_the_data_open() -> None:
    rules = _codeowners()
    for pattern, _names in rules:
        assert (ROOT / pattern.strip("/")).exists(), f"{pattern} matches nothing"
    guarded = [
        "src/amnistia/data/catalogue.py",
        "src/amnistia/cli.py",
        "tests/test_shipped_data.py",
        "tests/data/reference-figures.csv",
        "datapackage.json",
        f"datasets/versions/{LATEST}/releases.csv",
        ".github/workflows/pull-request.yml",
        ".github/CODEOWNERS",
        ".github/PULL_REQUEST_TEMPLATE.md",
        ".github/ISSUE_TEMPLATE/wrong-figure.yml",
        "Makefile",
        "pyproject.toml",
        "requirements.lock",
        "mkdocs.yml",
        ".ci/run",
    ]
    for path in guarded:
        assert _owners(path, rules) == ["@amnistia/maintainers"], path
    for path in ("datasets/releases.csv", "datasets/sources.csv", "docs/en/contribute.md", "CONTRIBUTING.md"):
        assert _owners(path, rules) == [], path
