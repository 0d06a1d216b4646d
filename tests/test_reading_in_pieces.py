"""The findings do not depend on where the reading cuts a file (issue 12).

The first scan reads each file in chunks of bytes (line_policy.CHUNK) and
the checks take its records in batches (reader.BATCH_ROWS). A character cut
in two, a separator or a carriage return at the end of a chunk, a duplicate
id in the next batch, a foreign key to a row later in the same batch, a
ragged row in the middle of one: none may change what is found. Every bad
input of the suite, and generated packages with seeded errors, are checked
with the usual sizes and with tiny ones, and the problems are the same, in
the same order.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path

import pytest

from amnistia.data import line_policy, reader
from amnistia.data.cells import FORMULA_STARTS
from amnistia.data.characters import COMPOSES_AFTER_ASCII
from amnistia.data.package import load_and_validate
from differential_support import write_package
from test_strict_inputs import CASES as STRICT_CASES
from test_validate_bad_inputs import CASES as BAD_CASES
from test_validate_bad_inputs import Breaker

TODAY = dt.date(2026, 12, 1)
CASES = [(name, breaker) for name, breaker, _location, _code in [*BAD_CASES, *STRICT_CASES]]
TINY = [(1, 1), (3, 2), (7, 5)]
"""(scan chunk in bytes, batch in records): every cut a file can have, and then some."""

Seen = list[tuple[str, int, str, str, str, str]]


def _problems(folder: Path) -> Seen:
    report, _loaded = load_and_validate(folder, TODAY, keep_rows=False)
    return [(p.path, p.line, p.field, p.code, p.severity.value, p.message) for p in report.problems]


def _cut_small(monkeypatch: pytest.MonkeyPatch, chunk: int, batch: int) -> None:
    monkeypatch.setattr(line_policy, "CHUNK", chunk)
    monkeypatch.setattr(reader, "BATCH_ROWS", batch)


@pytest.mark.parametrize(("name", "breaker"), CASES, ids=[c[0] for c in CASES])
def test_every_bad_input_is_found_alike_however_the_files_are_cut(
    mini_package: Path, monkeypatch: pytest.MonkeyPatch, name: str, breaker: Breaker
) -> None:
    folder = mini_package
    breaker(folder)
    usual = _problems(folder)
    assert usual, f"{name}: the broken package must have problems"
    for chunk, batch in TINY:
        with monkeypatch.context() as patch:
            _cut_small(patch, chunk, batch)
            assert _problems(folder) == usual, f"{name}: chunks of {chunk} bytes, batches of {batch}"


@pytest.mark.parametrize("seed", [1, 2])
def test_seeded_errors_across_many_batches_are_found_alike(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int
) -> None:
    write_package(tmp_path, rows=1_500, seed=seed, errors_per_kind=3)
    usual = _problems(tmp_path)
    assert {"unique", "foreign-key", "type-error"} <= {p[3] for p in usual}
    for chunk, batch in [(97, 1), (4096, 7), (1 << 16, 64)]:
        with monkeypatch.context() as patch:
            _cut_small(patch, chunk, batch)
            assert _problems(tmp_path) == usual, f"chunks of {chunk} bytes, batches of {batch}"


def test_marks_an_ascii_letter_can_take_are_all_looked_for() -> None:
    """The scan deletes ASCII bytes before its NFC check: marks that compose with them must be a yes."""
    composing = set()
    for point in range(0x110000):
        decomposition = unicodedata.decomposition(chr(point))
        parts = decomposition.split()
        if len(parts) == 2 and not decomposition.startswith("<") and int(parts[0], 16) < 0x80:
            composing.add(chr(int(parts[1], 16)))
    assert composing
    assert all(COMPOSES_AFTER_ASCII.fullmatch(mark) for mark in composing)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Jose\u0301", "not-nfc"),  # e + combining acute: the one the deleted ASCII hides
        ("\u1100\u1161", "not-nfc"),  # two Hangul letters that NFC joins into one
        ("\u0591\u05b0", "not-nfc"),  # two marks in the wrong order
        ("\u212b", "not-nfc"),  # ANGSTROM SIGN, never NFC
        ("a\u200bb", "invisible-character"),
        ("x\u0085y", "control-character"),
        ("l\u2028m", "invisible-character"),
        ("Ã±o", "mojibake"),
    ],
)
def test_a_refused_character_at_every_place_of_a_chunk_is_found(
    mini_package: Path, monkeypatch: pytest.MonkeyPatch, text: str, code: str
) -> None:
    folder = mini_package
    sources = folder / "datasets" / "counters.csv"
    original = sources.read_text(encoding="utf-8")
    sources.write_text(re.sub("Foro Penal", f"Foro {text}", original, count=1), encoding="utf-8")
    for chunk in (1, 2, 3, 4, 5, 1 << 20):
        with monkeypatch.context() as patch:
            _cut_small(patch, chunk, 1)
            found = {p[3] for p in _problems(folder) if p[0].endswith("counters.csv")}
        assert code in found, f"chunks of {chunk} bytes: {found}"


def test_formula_triggers_are_single_characters() -> None:
    """table_pass.py finds them among the cells' first characters, a set lookup each."""
    assert FORMULA_STARTS and all(len(trigger) == 1 for trigger in FORMULA_STARTS)
