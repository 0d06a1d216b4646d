"""Find names that must never be published, without writing them down here.

The names of private individuals that the sources mention (strikers,
relatives, detainees) are kept only as sha256 hashes of their lower-case
words, so this test suite does not itself publish what it guards against.
Every run of one to three words of every text (CSV, JSON, HTML, XML, the
members of ZIP and XLSX archives) is hashed and compared.
"""

from __future__ import annotations

import contextlib
import hashlib
import html
import json
import re
import unicodedata
import zipfile
from collections.abc import Iterator
from pathlib import Path

PRIVATE_NAMES = frozenset(
    [
        "0d166a553f5fe6c18c2a821e8eeebb74bacad811149e18876ad6f8be42fc4014",  # a relative quoted by AFP
        "74b761deace52d4203feda18b21c9f86609f0702a8dbe3973e2465aa62aee920",  # a striker's first name
        "30578c9392a97d5a487239156869a9dc785380b2259da86d8b288f80537038fb",  # the same striker
        "b0c22019db2ef6fbbdbe35f3114c46694acae6dd47ff65b9cbe49eec74b75835",  # the general redacted in 1.2.1
    ]
)
_WORD = re.compile(r"\w+")
_TEXT = (".csv", ".json", ".html", ".xml", ".md", ".txt", ".cff", ".bib", ".yml", ".js")


def name_hash(words: str) -> str:
    return hashlib.sha256(" ".join(_WORD.findall(words.lower())).encode("utf-8")).hexdigest()


def _texts(path: Path) -> Iterator[tuple[str, str]]:
    if path.suffix in (".zip", ".xlsx"):
        with zipfile.ZipFile(path) as archive:
            for member in archive.namelist():
                yield f"{path}!{member}", archive.read(member).decode("utf-8", errors="replace")
    elif path.suffix in _TEXT or path.name == "SHA256SUMS":
        yield str(path), path.read_text(encoding="utf-8", errors="replace")


def private_names_in(root: Path, hashes: frozenset[str] = PRIVATE_NAMES) -> list[str]:
    """Where under ``root`` one of the hashed names appears (file and word position)."""
    found = []
    paths = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
    for path in paths:
        for where, text in _texts(path):
            # JSON, HTML and XML may escape accents; compare what a reader would see.
            if where.endswith(".json"):
                with contextlib.suppress(ValueError):
                    text = json.dumps(json.loads(text), ensure_ascii=False)
            words = _WORD.findall(unicodedata.normalize("NFC", html.unescape(text)).lower())
            for size in (1, 2, 3):
                for start in range(len(words) - size + 1):
                    digest = hashlib.sha256(" ".join(words[start : start + size]).encode()).hexdigest()
                    if digest in hashes:
                        found.append(f"{where}: word {start}")
    return found
