"""Translations: the Spanish catalog is complete and the validator speaks Spanish."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from amnistia.catalogs import collect_messages
from amnistia.i18n import LOCALE_DIR, read_catalog
from amnistia.site.formatting import Formatter
from support import ROOT, invoke

PLACEHOLDER = re.compile(r"\{[a-z_]+\}|%\([a-z_]+\)[sd]")


def spanish_catalog():  # type: ignore[no-untyped-def]
    with (LOCALE_DIR / "es" / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle, locale="es")


def test_every_message_has_a_spanish_translation() -> None:
    catalog = spanish_catalog()
    missing = []
    for msgid in collect_messages(ROOT):
        message = catalog.get(msgid)
        strings = message.string if message else ""
        if not (all(strings) if isinstance(strings, tuple | list) else strings):
            missing.append(msgid)
    assert not missing, f"{len(missing)} untranslated, e.g. {missing[:5]} (run make messages, then translate)"


def test_translations_keep_their_placeholders() -> None:
    for message in spanish_catalog():
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = set(PLACEHOLDER.findall(ids[-1]))
        for string in strings:
            if string:
                assert set(PLACEHOLDER.findall(string)) == wanted, (message.id, string)


def test_validator_speaks_spanish(mini_package: Path) -> None:
    path = mini_package / "datasets" / "releases.csv"
    path.write_text(path.read_text().replace(",exact,91,", ",exact,9x1,"))
    result = invoke("validate", str(mini_package), "--lang", "es")
    assert result.code == 1
    first = result.out.splitlines()[0]
    assert first.startswith("datasets/releases.csv:2:value: ")
    assert "número entero" in first
    assert "inválido" in result.out.splitlines()[-1] or "no válido" in result.out.splitlines()[-1]


@pytest.mark.parametrize(
    ("language", "qualifier", "low", "high", "expected"),
    [
        ("en", "more-than", 600, None, "more than 600"),
        ("es", "more-than", 600, None, "más de 600"),
        ("en", "range", 444, 450, "444–450"),
        ("es", "at-most", 40, None, "como máximo 40"),
        ("es", "exact", 3200, None, "3.200"),
        ("en", "exact", 3200, None, "3,200"),
        ("en", "approximately", 214, None, "about 214"),
        ("es", "exact", None, None, "desconocido"),
    ],
)
def test_figures_read_as_reported(language: str, qualifier: str, low: int, high: int, expected: str) -> None:
    assert Formatter(language).qualified(qualifier, low, high) == expected


def test_our_po_reader_agrees_with_babel() -> None:
    """The validator reads catalogs without Babel (it starts faster); both must read the same."""
    import gettext
    import io

    from babel.messages.mofile import write_mo

    catalog = spanish_catalog()
    compiled = io.BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    reference = gettext.GNUTranslations(compiled)
    ours = read_catalog((LOCALE_DIR / "es" / "LC_MESSAGES" / "messages.po").read_text(encoding="utf-8"))
    checked = 0
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            for n in (0, 1, 2, 5, 1_000_000):
                assert ours.ngettext(*message.id[:2], n) == reference.ngettext(*message.id[:2], n)
        else:
            assert ours.gettext(message.id) == reference.gettext(message.id), message.id
        checked += 1
    assert checked > 300


# The glossary (src/amnistia/catalogs.py writes it at the top of the Spanish
# catalog; docs/*/methodology.md shows it to readers): who counts is never
# called a source, and the founding article has one name.
COUNTER_WORDS = ("contador", "quién cuenta", "quien cuenta", "quién contó", "quien contó", "quien lo contó")
COUNTER_MSGID = re.compile(r"\bcounters?\b(?!\.csv)|\bwho counts\b", re.IGNORECASE)
PUBLICATION_MSGID = re.compile(r"\bsources?\b|\bpublications?\b", re.IGNORECASE)


def _texts(message) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    ids = message.id if isinstance(message.id, tuple) else (message.id,)
    strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
    return " ".join(ids), " ".join(strings)


def test_the_spanish_catalog_keeps_the_glossary() -> None:
    text = (LOCALE_DIR / "es" / "LC_MESSAGES" / "messages.po").read_text(encoding="utf-8")
    header = text[: text.index('msgid ""')]
    for term in ('"quién cuenta" / "contador"', '"publicación" / "fuente"', '"artículo fundador"'):
        assert term in header, f"the glossary in the catalog's header lost {term}"
    problems = []
    for message in spanish_catalog():
        if not message.id:
            continue
        english, spanish = _texts(message)
        lowered = spanish.casefold()
        if COUNTER_MSGID.search(english):
            if not any(word in lowered for word in COUNTER_WORDS):
                problems.append(f"counter not translated as contador / quién cuenta: {english[:80]!r}")
            if "fuente" in lowered and not PUBLICATION_MSGID.search(english):
                problems.append(f"a counter called fuente: {english[:80]!r}")
        if "founding article" in english.casefold() and "artículo fundador" not in lowered:
            problems.append(f"founding article not translated as artículo fundador: {english[:80]!r}")
        if "fundacional" in lowered:
            problems.append(f"artículo fundacional: {english[:80]!r}")
    assert not problems, "\n".join(problems)


def test_the_glossary_survives_make_messages() -> None:
    """Regenerating the catalogs keeps the glossary and translators' comments."""
    from amnistia.catalogs import HEADERS

    assert "contador" in HEADERS["es"] and "artículo fundador" in HEADERS["es"]
