"""The shipped package is valid, complete against the reference, and attributes every figure."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from privacy_support import name_hash, private_names_in
from support import ROOT, invoke

DATASETS = ROOT / "datasets"
CHECKLIST = Path(__file__).parent / "data" / "reference-figures.csv"


def read_rows(name: str) -> list[dict[str, str]]:
    with (DATASETS / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_shipped_package_is_valid() -> None:
    result = invoke("validate", str(ROOT))
    assert result.code == 0, result.out
    assert result.out.startswith("valid: 8 resources")


with CHECKLIST.open(encoding="utf-8", newline="") as _handle:
    CHECKLIST_ROWS = list(csv.DictReader(_handle))


@pytest.mark.parametrize(
    "figure",
    CHECKLIST_ROWS,
    ids=[f"{r['resource']}-{r['as_of'] or 'undated'}-{r['counter']}-{r['value']}" for r in CHECKLIST_ROWS],
)
def test_every_reference_figure_is_in_the_datasets(figure: dict[str, str]) -> None:
    """A figure of the reference dropped by an edit fails here, by name; so does one that lost a word.

    Beyond the number, the checklist holds what the reference says around it:
    the qualifier ("roughly 444–450" is an approximately-range, not a range),
    how its date is known (a span of days is stated-span, not one stated day),
    the agency it came through (none where the reference credits the counter
    alone) and the period it counts from (PUD's "since January" has a month,
    not a day). A row whose number is right but whose words narrowed fails,
    naming which of them.
    """
    keys = ("as_of", "qualifier", "value", "value_high", "counter")
    words = ("as_of_basis", "via", "period_start", "period_month")
    wanted = tuple(figure[k] for k in keys)
    same = [row for row in read_rows(figure["resource"]) if tuple(row[k] for k in keys) == wanted]
    assert same, f"{figure['resource']}: {dict(zip(keys, wanted, strict=True))} missing ({figure['note']})"
    expected = {k: figure[k] for k in words}
    found = [{k: row.get(k, "") for k in words} for row in same]
    assert expected in found, (
        f"{figure['resource']}: {dict(zip(keys, wanted, strict=True))} ({figure['note']}) "
        f"should have {expected}, has {found}"
    )


def test_the_checklist_says_how_each_figure_is_qualified_and_dated() -> None:
    """Every checklist row names its as-of basis, so a narrowed date cannot pass unnoticed."""
    bases = {"stated", "stated-span", "publication", "unknown"}
    assert all(r["as_of_basis"] in bases for r in CHECKLIST_ROWS)
    assert all((r["as_of_basis"] == "unknown") == (r["as_of"] == "") for r in CHECKLIST_ROWS)
    founding = [
        r for r in CHECKLIST_ROWS if r["counter"] == "founding-article" and r["resource"] == "releases"
    ]
    assert [r["qualifier"] for r in founding] == ["approximately-range"]  # "roughly 444–450"


def test_checklist_covers_every_resource_with_figures() -> None:
    assert {r["resource"] for r in CHECKLIST_ROWS} == {
        "releases",
        "detentions",
        "exclusion-counts",
        "hunger-strikes",
    }
    assert len(CHECKLIST_ROWS) >= 60


def test_founding_article_claims_are_its_own() -> None:
    def claims(name: str) -> list[tuple[str, str, str]]:
        return [
            (r["qualifier"], r["value"], r["value_high"])
            for r in read_rows(name)
            if r["counter"] == "founding-article" and "founding-article" in r["sources"].split(";")
        ]

    assert ("approximately-range", "444", "450") in claims("releases")  # "roughly 444–450"
    assert ("more-than", "600", "") in claims("detentions")
    assert ("exact", "174", "") in claims("exclusion-counts")
    strikes = [r for r in read_rows("hunger-strikes") if r["counter"] == "founding-article"]
    assert [(r["as_of"], r["qualifier"], r["value"]) for r in strikes] == [("2026-02-24", "more-than", "200")]
    approvals = [
        r for r in read_rows("events") if r["sources"] == "founding-article" and r["date"] == "2026-02-20"
    ]
    assert approvals and all(r["disputed"] == "true" for r in approvals)


def test_founding_article_citations_are_sources_without_url() -> None:
    cited = {r["id"]: r for r in read_rows("sources") if r["cited_by"] == "founding-article"}
    assert sorted(cited) == ["cited-1", "cited-2", "cited-3", "cited-4"]
    assert all(r["url"] == "" for r in cited.values())
    assert cited["cited-4"]["title"].startswith("More than 200 inmates launch hunger strike")


def test_disputed_dates_appear_side_by_side() -> None:
    approval = [r for r in read_rows("events") if r["dispute"] == "approval-date"]
    assert sorted(r["date"] for r in approval) == ["2026-02-19", "2026-02-20"]
    strike = {r["id"]: r for r in read_rows("events") if r["dispute"] == "rodeo-strike-start"}
    assert len(strike) == 2 and all(r["disputed"] == "true" for r in strike.values())
    assert {r["date"] or r["date_text_en"] for r in strike.values()} == {
        "2026-02-20",
        "A Sunday (no date given)",
    }


def test_no_private_individual_is_named_in_any_version() -> None:
    """Working copy, every released version, the descriptors and the hand-written pages."""
    found = [
        *private_names_in(DATASETS),
        *private_names_in(ROOT / "datapackage.json"),
        *private_names_in(ROOT / "docs"),
    ]
    assert not found, found


def test_no_private_individual_is_named_on_the_site(site: Path) -> None:
    """Pages, search indexes, sitemaps, feeds and every download, archives included."""
    assert not private_names_in(site)


def test_the_guard_finds_a_hashed_name(tmp_path: Path) -> None:
    planted = tmp_path / "page.html"
    planted.write_text("<p>Un preso, Zorbatrix Quellmarrow, dijo…</p>", encoding="utf-8")
    hashes = frozenset([name_hash("Zorbatrix Quellmarrow")])
    assert private_names_in(tmp_path, hashes) == [f"{planted}: word 3"]  # "p" is word 0
