"""The catalogue of problems the validator reports, in plain language.

Every problem has a stable code, a message template and a hint template.
Templates take named parameters, so translations (see ``locale/``) can move
them around. Keep messages concrete: say what was found and what was expected,
for someone editing a CSV for the first time.
"""

from __future__ import annotations

from amnistia.data.catalogue_reading import READING
from amnistia.data.entry import Entry
from amnistia.data.problems import Problem, Severity
from amnistia.i18n import _

__all__ = ["CATALOGUE", "Entry", "make_problem"]


ERROR = Severity.ERROR
WARNING = Severity.WARNING

CATALOGUE: dict[str, Entry] = {
    # The descriptor, datapackage.json
    "descriptor-json": Entry(
        "Descriptor is not JSON",
        "datapackage.json is not valid JSON: {detail}",
        "look for a missing comma, bracket or quote on this line or the one before it",
    ),
    "descriptor-duplicate-key": Entry(
        "Key repeated in the descriptor",
        'the key "{key}" appears twice in the same object; only the second would count',
        "keep one of the two and delete the other, after merging what each says",
    ),
    "descriptor-too-deep": Entry(
        "Descriptor nested too deep",
        "objects and lists are nested {depth} deep here, more than the {limit} a descriptor may have",
        "a data package needs about 7 levels: look for brackets opened by mistake, "
        "or for data that belongs in a CSV file",
    ),
    "version-form": Entry(
        "Version is not X.Y.Z",
        'the version "{value}" is not of the form X.Y.Z',
        "write three whole numbers separated by dots, such as 1.2.0: "
        "amnistia release compares and bumps them (semantic versioning)",
    ),
    "descriptor-invalid": Entry(
        "Descriptor does not follow the Data Package standard",
        "{detail}",
        "compare this part of datapackage.json with the Data Package and Table Schema "
        "specifications, or with the other resources in the file",
    ),
    "resource-name": Entry(
        "Resource name is not a plain name",
        'the resource name "{value}" is not a plain name',
        "use lower-case letters, digits and hyphens, starting with a letter (hunger-strikes): "
        "the name becomes a file name and a web address of the site",
    ),
    "descriptor-remote": Entry(
        "Descriptor points at something outside the package",
        'the {key} "{value}" is an address or a file; the package is checked without fetching anything',
        "{fix}",
    ),
    "resource-missing": Entry(
        "Resource the site needs is missing",
        'there is no resource named "{name}"; the site is built from it',
        "restore its resource in datapackage.json (and its file, {file}); "
        'a table that has no rows yet needs "amnistia:mayBeEmpty": true, not removal',
    ),
    "resource-hash-stale": Entry(
        "Recorded hash or size no longer matches the file",
        "the {key} recorded for {file} is {recorded}, but the file's is {actual}",
        "remove the hash and bytes from this working resource (they are written into the "
        "frozen copy by amnistia release), or regenerate them from the file",
    ),
    "path-case-collision": Entry(
        "Two paths differ only in case",
        'the path "{value}" differs only in case from "{other}"',
        "rename one of them: on Windows and macOS the two are the same file",
    ),
    "resource-path-absolute": Entry(
        "Resource path is absolute",
        'the path "{value}" is absolute',
        "use a path relative to the package folder, such as datasets/releases.csv",
    ),
    "resource-path-parent": Entry(
        "Resource path climbs out of the folder",
        'the path "{value}" contains ".."',
        "keep every data file inside the package folder, such as datasets/releases.csv",
    ),
    "resource-path-url": Entry(
        "Resource path is a URL",
        'the path "{value}" is a URL; this package only publishes files it holds',
        "download the file into datasets/ and point the path at it",
    ),
    "resource-path-symlink": Entry(
        "Resource path is a symbolic link",
        'the path "{value}" is a symbolic link',
        "replace the link with the file itself, inside datasets/",
    ),
    "resource-path-outside": Entry(
        "Resource path leaves the package folder",
        'the path "{value}" resolves outside the package folder',
        "keep every data file inside the package folder, such as datasets/releases.csv",
    ),
    "resource-path-missing": Entry(
        "Resource file not found",
        'the file "{value}" does not exist',
        "check the spelling of the path, or add the file",
    ),
    # The site's configuration, mkdocs.yml
    "site-config": Entry(
        "Site configuration refused",
        "{detail}",
        "mkdocs.yml holds only the site's name, theme, palette, Markdown extensions and "
        "navigation; the build writes the rest. Remove this line, or ask a maintainer",
    ),
    # How the CSV file is written
    "encoding-error": Entry(
        "File is not UTF-8",
        "this line is not valid UTF-8 (byte {byte} at column {column}); "
        "the file seems to be saved in another encoding",
        'save the file as UTF-8: in LibreOffice, "Save as" → Text CSV → Character set '
        'UTF-8; in Excel, "CSV UTF-8 (comma delimited)"',
    ),
    "byte-order-mark": Entry(
        "File starts with a byte-order mark",
        "the file starts with an invisible byte-order mark (BOM)",
        "save it as UTF-8 without BOM; most editors have this option",
        WARNING,
    ),
    **READING,
    "unterminated-quote": Entry(
        "Quoted cell never closed",
        "a cell opened with a double quote on this line is never closed, "
        "so the rest of the file would be read as one cell",
        'add the closing double quote; to write a quote inside a cell, double it ("")',
    ),
    "csv-syntax": Entry(
        "CSV cannot be read",
        "this line is not valid CSV: {detail}",
        'wrap the whole cell in double quotes and double any quote inside it ("")',
    ),
    "empty-file": Entry(
        "File is empty",
        "the file has no header line",
        "restore the header line: {expected}",
    ),
    "header-mismatch": Entry(
        "Header does not match the schema",
        "the header has {found}, but the schema expects {expected}",
        "restore the header line exactly as the schema names the columns: {expected_all}",
    ),
    "extra-cell": Entry(
        "Row has too many cells",
        "this row has {found} cells but the header has {expected}",
        "a comma inside a cell needs the whole cell wrapped in double quotes",
    ),
    "missing-cell": Entry(
        "Row has too few cells",
        "this row has {found} cells but the header has {expected}",
        "add the missing commas; leave a cell empty (,,) when the value is unknown",
    ),
    "blank-row": Entry(
        "Blank row",
        "this row is empty",
        "delete the empty line",
    ),
    # Table Schema: types and constraints
    "type-error": Entry(
        "Value has the wrong type",
        '"{value}" is not {expected}',
        "{how}",
    ),
    "required": Entry(
        "Required value missing",
        "{field} is required but this cell is empty",
        "fill it in; {description}",
    ),
    "enum": Entry(
        "Value not among the allowed ones",
        '"{value}" is not one of the allowed values',
        "use one of: {allowed}",
    ),
    "pattern": Entry(
        "Value has the wrong form",
        '"{value}" does not have the expected form',
        "{description}",
    ),
    "minimum": Entry(
        "Value too small",
        '"{value}" is below the minimum of {limit}',
        "{description}",
    ),
    "maximum": Entry(
        "Value too large",
        '"{value}" is above the maximum of {limit}',
        "{description}",
    ),
    "length": Entry(
        "Value has the wrong length",
        '"{value}" breaks the length limit ({rule})',
        "{description}",
        private="the text, {size} characters long, breaks the length limit ({rule})",
    ),
    "unique": Entry(
        "Duplicate value",
        '"{value}" is already used on line {other_line}',
        "each {field} must be unique: pick a new one, or merge the two rows",
        private="the same text is already on line {other_line}",
    ),
    "foreign-key": Entry(
        "Reference to a row that does not exist",
        '"{value}" is not an id in {target}',
        "use an existing id from {target}, or add that row there first",
    ),
    "table-error": Entry(
        "Table problem",
        "{detail}",
        "compare the row with the data dictionary (the schema in datapackage.json)",
    ),
    # What the schema cannot say
    "formula-injection": Entry(
        "Cell could run as a spreadsheet formula",
        'the text starts with {char} ("{value}"), which spreadsheets run as a formula',
        "reword the cell so it does not start with = + - @ or a tab; for a quote, start at its first word",
    ),
    "formula-after-separator": Entry(
        "Cell could run as a spreadsheet formula after a separator",
        'the cell has {separator} followed by {char} at column {column} (near "{value}"); '
        "a spreadsheet that splits the cell there runs the rest as a formula",
        "put a space after the {separator}, or reword the cell",
    ),
    "period-after-as-of": Entry(
        "Period starts after its date",
        "the period starts on {start}, after the date it is counted to ({as_of})",
        "period_start is the first day the figure counts and as_of the day it describes: "
        "swap them, or check both dates",
    ),
    "url-scheme": Entry(
        "Address is not a web link",
        '"{value}" is not an http or https address',
        "give the publication's address starting with https:// or http://, "
        "or leave the cell empty when it is unknown",
    ),
    "date-out-of-range": Entry(
        "Date outside the possible range",
        "{value} is outside {earliest}..{latest}",
        "the tracker covers 1999 (the start of the amnesty's period) to today: "
        "check the year and the YYYY-MM-DD order",
    ),
    "range-reversed": Entry(
        "Range low end above its high end",
        "the range runs from {low} down to {high}",
        "put the low end in value and the high end in value_high",
    ),
    "range-incomplete": Entry(
        "Range without both ends",
        "the qualifier is range but {missing} is empty",
        "give both ends of the range (value and value_high), or choose another qualifier",
    ),
    "high-without-range": Entry(
        "High end without a range",
        "value_high is {high} but the qualifier is {qualifier}",
        "set the qualifier to range, or empty value_high",
    ),
    "qualifier-without-value": Entry(
        "Qualifier without a value",
        'the qualifier "{qualifier}" has no value to qualify',
        "give the value as the source reports it; a figure nobody published does not go in",
    ),
    "unknown-source": Entry(
        "Citation of a source that does not exist",
        '"{value}" is not an id in {sources_path}',
        "add the publication to {sources_path} first, or fix the id (ids are separated by semicolons)",
    ),
    "do-not-cite-only": Entry(
        "Figure rests only on do-not-cite sources",
        "every source of this row is marked do-not-cite ({value})",
        "find a reliable publication for this figure, or remove the row; "
        "do-not-cite sources are kept only to show why their figures are not used",
    ),
    "as-of-after-publication": Entry(
        "Figure dated after its publication",
        "{field} {as_of} is after {source} was published ({published})",
        "a publication cannot report a day after it was published: "
        "check {field} and the source's published date in sources.csv",
    ),
    "part-of-itself": Entry(
        "Row is part of itself",
        "part_of points at the row itself",
        "point part_of at the row whose total this row breaks down",
    ),
    "dispute-alone": Entry(
        "Disputed date with no competing date",
        'no other row shares the dispute key "{value}"',
        "add the row with the competing date and the same dispute key, or set disputed to false",
    ),
    "dispute-key-missing": Entry(
        "Disputed row without a dispute key",
        "disputed is true but dispute is empty",
        "give the rows with the competing dates the same dispute key",
    ),
    "released-file-changed": Entry(
        "Released file changed",
        "this file of a released version {detail}: released versions are immutable; "
        "make the correction in {working}",
        "restore the released file (git checkout -- {released}); the correction in {working} "
        "goes out with the next version",
    ),
    "released-version": Entry(
        "Released version changed",
        "{detail}",
        "released versions are permanent: restore them with git (git checkout -- datasets/versions/) "
        "and make the correction in the working copy; a name that must go is removed with amnistia redact",
    ),
    "translation-missing": Entry(
        "Text without its translation",
        "{written} has text but {empty} is empty: readers of the other language would see nothing",
        "write {empty} too (notes are kept in English in note and in Spanish in note_es; "
        "quotes inside them stay in their own language), or empty both",
    ),
    "incomplete-source": Entry(
        "Incomplete citation",
        "this citation is incomplete; unknown: {missing}",
        "if you can find it, add it: help us complete this citation",
        WARNING,
    ),
}


def make_problem(
    code: str,
    path: str,
    line: int,
    field: str = "",
    **params: object,
) -> Problem:
    """Build the catalogue's problem ``code`` at a location.

    ``private`` marks a free-text cell (a note, a quote, a name: see
    table_pass.py): its message never quotes the cell, whose text may be
    sensitive; problems whose message would quote it have a private wording.
    """
    entry = CATALOGUE[code]
    private = bool(params.pop("private", False))
    params.setdefault("field", field)
    if private and isinstance(params.get("value"), str):
        params.setdefault("size", f"{len(str(params['value'])):,}")
    template = entry.private if private and entry.private else entry.message
    return Problem(
        path=path,
        line=line,
        field=field,
        code=code,
        message=_(template).format(**params),
        hint=_(entry.hint).format(**params),
        severity=entry.severity,
    )
