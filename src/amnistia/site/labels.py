"""Readable labels for the package's coded values, marked for translation.

The CSVs hold stable codes (``more-than``, ``full-releases``); readers see these
labels, translated through the gettext catalogs. A code with no label here is
shown as written, with hyphens as spaces, so a new enum value never breaks the
site (the data dictionary lists it either way).
"""

from __future__ import annotations

import re

from amnistia.i18n import N_, translations

ENUM_LABELS: dict[str, dict[str, str]] = {
    "measure": {
        "released-since-jan-8": N_("Released since January 2026"),
        "government-release-claims": N_("Releases claimed by the government before the law"),
        "due-for-amnesty": N_("People due for amnesty"),
        "released-under-law": N_("Released under the amnesty law"),
        "released-by-military-courts": N_("Released by military courts (not under the amnesty)"),
        "full-releases": N_("\u201cFull releases\u201d claimed by the government"),
        "applications": N_("Applications for amnesty"),
        "restrictive-measures-beneficiaries": N_("People on restrictive measures who benefit"),
        "releases-unspecified": N_("Releases, unspecified"),
        "political-prisoners-held": N_("Political prisoners still held"),
        "arrested-after-2024-election": N_("Arrested after the 2024 election"),
        "military-excluded": N_("Military excluded from the amnesty"),
        "excluded-total": N_("People excluded from the amnesty"),
        "excluded-cases-for-review": N_("Excluded cases submitted for review"),
        "military-amnesty-requested": N_("Military for whom amnesty was requested"),
        "military-rebellion-prisoners": N_("Prisoners held for military rebellion"),
        "military-detainees": N_("Military detainees"),
        "strikers": N_("People on hunger strike"),
    },
    "subgroup": {
        "military": N_("military"),
        "civilian": N_("civilians"),
        "women": N_("women"),
        "men": N_("men"),
        "adults": N_("adults"),
        "minors": N_("minors"),
        "from-prison": N_("from prison"),
        "restrictive-measures": N_("under restrictive measures"),
        "before-law": N_("before the law"),
        "after-law": N_("after the law"),
        "other": N_("others"),
    },
    "qualifier": {
        "exact": N_("exact"),
        "approximately": N_("approximately"),
        "more-than": N_("more than"),
        "at-least": N_("at least"),
        "at-most": N_("at most"),
        "nearly": N_("nearly"),
        "range": N_("range"),
        "approximately-range": N_("approximate range"),
        "at-least-approximately": N_("at least approximately"),
    },
    "as_of_basis": {
        "stated": N_("stated by the source"),
        "stated-span": N_("first day of a span stated by the source"),
        "publication": N_("date of publication"),
        "unknown": N_("unknown"),
    },
    "published_basis": {
        "in-text": N_("in the text"),
        "from-url": N_("from the address"),
        "listing": N_("from a listing"),
        "unknown": N_("how it is known is not recorded"),
    },
    "reliability": {
        "reliable-wire-copy": N_("reliable wire copy"),
        "outlet": N_("outlet"),
        "reprint-aggregator": N_("reprint or aggregator: cite with caution"),
        "do-not-cite": N_("do not cite"),
        "unassessed": N_("not yet assessed"),
    },
    "kind": {
        "ngo": N_("NGO"),
        "government": N_("government"),
        "opposition": N_("opposition"),
        "media": N_("media"),
        "united-nations": N_("United Nations"),
        "relatives": N_("relatives"),
        "experts": N_("experts"),
        "unnamed": N_("not named"),
        "excluded-offence": N_("excluded offence"),
        "scope-limit": N_("limit of the law's scope"),
        "disputed": N_("disputed eligibility"),
        "legal-limbo": N_("legal limbo"),
    },
    "status": {
        "added": N_("new table"),
        "removed": N_("table removed"),
        "changed": N_("changed"),
    },
    "bump": {
        "major": N_("major release: may break scripts"),
        "minor": N_("minor release: additions"),
        "patch": N_("patch release: corrections"),
    },
    "date_basis": {
        "stated": N_("stated"),
        "reported": N_("date reported"),
        "approximate": N_("approximate"),
    },
}


def label(field: str, value: str, language: str) -> str:
    """The translated label of a coded ``value`` of ``field``."""
    english = ENUM_LABELS.get(field, {}).get(value)
    if english is None:
        return value.replace("-", " ")
    return translations(language).gettext(english)


# Free-text values that are the project's own words, not a publication's name
# or title: translated like the labels above. Anything else is shown as written.
DATA_PHRASES: dict[str, dict[str, str]] = {
    "publisher": {
        "Founding article of this project (publisher unknown)": N_(
            "Founding article of this project (publisher unknown)"
        ),
        "Unknown (cited by the founding article)": N_("Unknown (cited by the founding article)"),
    },
    "agency": {
        "AP (Spanish)": N_("AP (Spanish)"),
    },
}
_ARTICLE = re.compile(r"Article (\d+[a-z]?)")


def phrase(field: str, value: str, language: str) -> str:
    """``value`` of a free-text ``field`` in ``language`` when it is one of our phrases."""
    gettext = translations(language).gettext
    article = _ARTICLE.fullmatch(value) if field == "legal_basis" else None
    if article:
        return gettext("Article %(number)s") % {"number": article.group(1)}
    english = DATA_PHRASES.get(field, {}).get(value)
    return value if english is None else gettext(english)
