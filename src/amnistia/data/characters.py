"""Which characters a cell may hold: the reader's character policy.

The tables are edited by hand and published in two languages, so text must
look like what it is:

- **Control characters** (C0 and C1, DEL) are refused. A tab is allowed
  (a cell that starts with one is caught as a formula, cells.py); a line
  break is allowed inside a quoted cell, where it is part of the text.
- **Invisible characters** are refused: zero-width spaces and joiners
  (U+200B–U+200F, U+2060), the bidirectional controls (U+202A–U+202E,
  U+2066–U+2069, U+061C) that can make text display in another order than
  it is read, a byte-order mark (U+FEFF) inside the text, and the Unicode
  line and paragraph separators (U+2028, U+2029).
- **Text not in Unicode NFC** is refused: "é" typed as "e" plus a combining
  accent looks the same but compares, sorts and searches differently.
- **Mojibake** (UTF-8 read as Latin-1 and saved again: ``Ã±`` for ``ñ``,
  ``â€™`` for ``’``) is a warning: it is almost always a mistake, but the
  same letters can be meant.

Each check runs on a whole physical line, so clean lines (nearly all) cost
one regular-expression search.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_CONTROL = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
_INVISIBLE = "\u061c\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\u2028\u2029\ufeff"
_SUSPECT = re.compile(f"[{_CONTROL}{_INVISIBLE}]")
_IS_CONTROL = re.compile(f"[{_CONTROL}]")

# What UTF-8's continuation bytes (0x80-0xBF) become when read as Windows-1252 or Latin-1.
_CONTINUATION = "".join(
    sorted(
        {bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in range(0x80, 0xC0)}
        | {chr(b) for b in range(0x80, 0xC0)}
    )
)
_MOJIBAKE = re.compile(f"[ÂÃ][{re.escape(_CONTINUATION)}]|â€[{re.escape(_CONTINUATION)}]?")

_MOJIBAKE_STARTS = ("Ã", "Â", "â€")

_CONTROL_NAMES = {
    0x00: "NULL",
    0x07: "BELL",
    0x08: "BACKSPACE",
    0x0B: "LINE TABULATION",
    0x0C: "FORM FEED",
    0x1B: "ESCAPE",
    0x7F: "DELETE",
    0x85: "NEXT LINE",
}


@dataclass(frozen=True)
class CharacterFinding:
    """A character the policy refuses (or warns of), where it is on its line."""

    code: str
    """``control-character``, ``invisible-character``, ``not-nfc`` or ``mojibake``."""
    column: int
    """1-based position on the physical line."""
    text: str
    """The offending character (or, for mojibake, the garbled letters)."""


def describe(char: str) -> str:
    """A character as its code point and name: ``U+200B ZERO WIDTH SPACE``."""
    point = ord(char)
    name = unicodedata.name(char, "") or _CONTROL_NAMES.get(point, "CONTROL CHARACTER")
    return f"U+{point:04X} {name}"


def check_line(line: str) -> list[CharacterFinding]:
    """What the policy finds on one physical line (its line ending excluded); usually nothing."""
    found = []
    suspect = _SUSPECT.search(line)
    if suspect is not None:
        char = suspect.group()
        code = "control-character" if _IS_CONTROL.match(char) else "invisible-character"
        found.append(CharacterFinding(code, suspect.start() + 1, char))
    if line.isascii():
        return found
    position = first_not_nfc(line)
    if position is not None:
        found.append(CharacterFinding("not-nfc", position + 1, line[position]))
    garbled = _MOJIBAKE.search(line)
    if garbled is not None:
        found.append(CharacterFinding("mojibake", garbled.start() + 1, garbled.group()))
    return found


def check_text(text: str) -> bool:
    """Whether ``text`` (any number of lines) may hold anything ``check_line`` would find.

    Built from string methods that run at C speed over megabytes: every
    refused character is non-printable, and mojibake starts with one of
    three sequences. A yes may be wrong (a no-break space is not printable
    either); a no is always right.
    """
    # Line breaks (and, where there are any, tabs and carriage returns) become
    # spaces, which are printable: one copy of the text instead of three.
    flat = text.replace("\n", " ")
    for allowed in ("\r", "\t"):
        if allowed in flat:
            flat = flat.replace(allowed, " ")
    if not flat.isprintable():
        return True
    if text.isascii():
        return False
    if any(start in text for start in _MOJIBAKE_STARTS):
        return True
    return not unicodedata.is_normalized("NFC", text)


_ASCII = bytes(range(0x80))
COMPOSES_AFTER_ASCII = re.compile("[\u0300-\u036f]")
"""The combining marks that an ASCII letter (or ``<``, ``=``, ``>``) can take: "e" + U+0301 is "é"."""


def wide_characters(data: bytes) -> str | None:
    """The characters of UTF-8 ``data`` that are not ASCII, in order; None when it is not UTF-8.

    Deleting the ASCII bytes leaves every other character whole, and few: a
    Spanish text keeps about one byte in eighty.
    """
    try:
        return data.translate(None, _ASCII).decode("utf-8")
    except UnicodeDecodeError:
        return None


def wide_text_may_break(wide: str) -> bool:
    """Whether a text whose characters outside ASCII are ``wide`` may hold what ``check_line`` finds.

    A refused character or a mojibake start is found among them as it would
    be in the whole text. So is text that is not NFC, with one exception: a
    combining mark that the ASCII letter before it would absorb ("e" plus
    U+0301) looks like NFC once the letter is gone, so any such mark is a
    yes. The ASCII controls are for the caller, who sees the ASCII bytes
    (line_policy.py). Like check_text, a yes may be wrong; a no is always right.
    """
    return (
        _SUSPECT.search(wide) is not None
        or any(start in wide for start in _MOJIBAKE_STARTS)
        or COMPOSES_AFTER_ASCII.search(wide) is not None
        or not unicodedata.is_normalized("NFC", wide)
    )


def first_not_nfc(text: str) -> int | None:
    """The index of the first character that NFC would change; None when ``text`` is NFC."""
    if unicodedata.is_normalized("NFC", text):
        return None
    for index, char in enumerate(text):
        if unicodedata.combining(char) or unicodedata.normalize("NFC", char) != char:
            return index
        if index + 1 < len(text):
            pair = text[index : index + 2]
            if unicodedata.normalize("NFC", pair) != pair:
                return index + 1
    return 0
