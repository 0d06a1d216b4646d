"""The catalogue's problems of reading a CSV file under the strict policy (reader.py).

Kept apart from catalogue.py, which merges them in, because they change with
the reader: the encoding, the separators and line endings, the characters a
cell may hold, the sizes a file and a cell may have.
"""

from __future__ import annotations

from amnistia.data.entry import Entry
from amnistia.data.problems import Severity

WARNING = Severity.WARNING

READING: dict[str, Entry] = {
    "file-too-large": Entry(
        "File too large to read",
        "the file is {size} MB, above the limit of {limit} MB, so it was not read",
        "the tables are small text files: check that this is the right file, "
        "or split it; the limits are in src/amnistia/data/limits.py",
    ),
    "utf-16": Entry(
        "File is UTF-16, not UTF-8",
        "the file is saved as UTF-16 (Unicode with two bytes per character), not UTF-8",
        'save the file as UTF-8: in LibreOffice, "Save as" → Text CSV → Character set '
        'UTF-8; in Excel, "CSV UTF-8 (comma delimited)", not "Unicode text"',
    ),
    "wrong-delimiter": Entry(
        "Columns not separated by commas",
        "the columns of this file are separated by {separators}, not by commas",
        'save the file again with the comma as field separator: in LibreOffice tick "Edit filter '
        'settings" and choose ","; in Excel, "CSV UTF-8 (comma delimited)"',
    ),
    "text-after-quote": Entry(
        "Text after a closing quote",
        "this cell has text after its closing double quote",
        "a quoted cell ends at its closing quote: wrap the whole cell in double quotes "
        'and double each quote inside it ("")',
    ),
    "lone-carriage-return": Entry(
        "Line ends with a carriage return alone",
        "this line ends with a carriage return (CR) alone, an old Mac line ending",
        "save the file with LF (Unix) or CRLF (Windows) line endings; inside a cell, use a line break",
    ),
    "mixed-line-endings": Entry(
        "Line endings mixed",
        "this line ends with {found} but line {first_line} ends with {expected}",
        "save the file with one kind of line ending throughout (LF is best): "
        "most editors have the option when saving",
    ),
    "control-character": Entry(
        "Control character",
        "a control character, {char}, at column {column}",
        "delete it: control characters are invisible and break spreadsheets and pages; "
        "only tabs, and line breaks inside a quoted cell, are allowed",
    ),
    "invisible-character": Entry(
        "Invisible character",
        "an invisible character, {char}, at column {column}",
        "delete it: it cannot be seen, yet it changes how the text is compared and searched "
        "(a bidirectional control can even show the text in another order than it is read)",
    ),
    "not-nfc": Entry(
        "Text not in Unicode NFC form",
        "the text is not in Unicode NFC form: {char} at column {column} combines with the letter before it",
        "retype the accented letter as one character (é, not e followed by an accent), "
        "or convert the file to Unicode NFC",
    ),
    "mojibake": Entry(
        "Text looks garbled (mojibake)",
        'the letters "{value}" at column {column} look like UTF-8 text read in another encoding '
        "(ñ shown as Ã±, é as Ã©, ’ as â€™)",
        "retype the word with its accents; the file was probably opened in the wrong "
        "encoding and saved again",
        WARNING,
    ),
    "cell-too-large": Entry(
        "Cell too long",
        "this cell has {size} characters, above the limit of {limit}",
        "a cell holds one value, note or quote: shorten it, or look for a quote "
        "that is not closed where the cell should end",
    ),
    "empty-table": Entry(
        "Table without rows",
        "the file has a header but no rows",
        'add its rows; if this table may be empty, set "amnistia:mayBeEmpty": true '
        "on its resource in datapackage.json",
    ),
}
