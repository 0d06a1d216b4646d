"""The ``amnistia`` command: parse arguments, call the library, print, exit.

Exit codes: 0 valid / done, 1 invalid data, 2 usage or environment error.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from amnistia import __version__
from amnistia.data.descriptor import PackageNotFound
from amnistia.data.output import render_report
from amnistia.i18n import LANGUAGES, language_from_environment, set_language
from amnistia.validate import validate_package

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """The command cannot run as asked; main() prints it once and exits 2."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.hint = hint


def _package_folder(folder: Path) -> Path:
    if not folder.is_dir():
        raise UsageError(f"{folder} is not a folder")
    return folder


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="amnistia",
        description="Validate and publish the amnistia data package.",
    )
    parser.add_argument("--version", action="version", version=f"amnistia {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="show progress")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    validate = commands.add_parser(
        "validate",
        help="check a data package and report every problem",
        description="Check a data package: descriptor, CSV files, Table Schema, and the "
        "project's editorial rules. Exit 0 when valid, 1 when the data is invalid, 2 on "
        "usage errors.",
    )
    validate.add_argument(
        "path",
        nargs="?",
        default=".",
        type=Path,
        help="folder holding datapackage.json (default: .)",
    )
    validate.add_argument(
        "--format",
        choices=("text", "json", "github"),
        default="text",
        help="text for people, json for tools, github for GitHub Actions annotations",
    )
    validate.add_argument("--warnings", action="store_true", help="list warnings too (text format)")
    _add_language(validate)
    validate.set_defaults(run=run_validate)

    build = commands.add_parser(
        "build",
        help="validate the package and build the bilingual site",
        description="Validate the package, render its pages and build the site with MkDocs. "
        "The finished site replaces OUT in one rename; if anything fails, OUT is left as it was.",
    )
    build.add_argument(
        "path",
        nargs="?",
        default=".",
        type=Path,
        help="folder holding datapackage.json (default: .)",
    )
    build.add_argument("--out", type=Path, default=None, help="output folder (default: PATH/build)")
    build.add_argument(
        "--force", action="store_true", help="build even when OUT is up to date with the inputs and code"
    )
    # Also after the command (amnistia build -v); SUPPRESS keeps `amnistia -v build` working.
    build.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        default=argparse.SUPPRESS,
        help="show each stage and its progress",
    )
    _add_language(build)
    build.set_defaults(run=run_build)

    release = commands.add_parser(
        "release",
        help="freeze the working package as a new immutable version",
        description="Validate the working package and freeze it under datasets/versions/X.Y.Z/ "
        "with each file's sha256 and size, the date and the release notes; bump the working "
        "version. Refuses invalid data, an empty release, a reused version, or a bump smaller "
        "than semantic versioning asks for.",
    )
    release.add_argument("level", choices=("major", "minor", "patch"), help="which part of X.Y.Z to bump")
    release.add_argument(
        "--notes",
        type=Path,
        required=True,
        help="Markdown file with a '## en' and a '## es' section",
    )
    release.add_argument("--date", type=_date, default=None, help="release date YYYY-MM-DD (default: today)")
    release.add_argument("--package", type=Path, default=Path("."), help="package folder (default: .)")
    release.set_defaults(run=run_release)

    diff = commands.add_parser(
        "diff",
        help="show what changed between two versions, row by row",
        description="Compare two versions of the package, matching rows by primary key. OLD and NEW "
        "are version numbers (1.0.0), 'working' for the working copy, or folders holding a "
        "datapackage.json. Defaults: the latest release against the working copy.",
    )
    diff.add_argument("old", nargs="?", default=None, help="old version (default: latest release)")
    diff.add_argument("new", nargs="?", default=None, help="new version (default: working)")
    diff.add_argument("--format", choices=("text", "markdown", "json"), default="text")
    diff.add_argument("--package", type=Path, default=Path("."), help="package folder (default: .)")
    diff.set_defaults(run=run_diff)
    return parser


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f'"{text}" is not a date YYYY-MM-DD') from None


def run_release(args: argparse.Namespace) -> int:
    from amnistia.releases.versions import ReleaseError, release_package

    try:
        release, suggestion = release_package(
            args.package, args.level, args.notes, args.date or dt.date.today()
        )
    except ReleaseError as error:
        print(f"amnistia: release refused: {error}", file=sys.stderr)
        return EXIT_INVALID
    if suggestion:
        print(f"semantic versioning asks for at least a {suggestion} release")
    else:
        print("first release: the version written in datapackage.json")
    print(f"released {release.version} ({release.date.isoformat()}) in {release.folder}")
    return EXIT_OK


def run_diff(args: argparse.Namespace) -> int:
    from amnistia.releases.diff_format import render_diff
    from amnistia.releases.versions import ReleaseError, resolve_view

    try:
        old = resolve_view(args.package, args.old, default="latest")
        new = resolve_view(args.package, args.new, default="working")
    except ReleaseError as error:
        raise UsageError(str(error)) from error
    from amnistia.releases.diff import diff_packages

    sys.stdout.write(render_diff(diff_packages(old, new), args.format))
    return EXIT_OK


def _add_language(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=None,
        help="language of the messages (default: from LC_ALL / LANG, else English)",
    )


def run_build(args: argparse.Namespace) -> int:
    # Imported here so that `validate` never loads Jinja, MkDocs or openpyxl.
    from amnistia.build import OutputError, SiteBuildError, build_site

    folder = _package_folder(args.path)
    out: Path = args.out if args.out is not None else folder / "build"
    try:
        report, result = build_site(folder, out, verbose=args.verbose, force=args.force)
    except OutputError as error:
        raise UsageError(str(error)) from error
    except SiteBuildError as error:
        print(f"amnistia: the site could not be built: {error}", file=sys.stderr)
        print(f"  → {out} is unchanged", file=sys.stderr)
        return EXIT_INVALID
    if result is None:
        sys.stdout.write(render_report(report, "text"))
        print(f"  → nothing was built; {out} is unchanged", file=sys.stderr)
        return EXIT_INVALID
    if result.up_to_date:
        print(f"up to date: version {result.version}, site in {result.out} (inputs and code unchanged)")
    else:
        print(f"built: version {result.version}, {result.downloads} downloads, site in {result.out}")
    return EXIT_OK


def run_validate(args: argparse.Namespace) -> int:
    report = validate_package(_package_folder(args.path))
    sys.stdout.write(render_report(report, args.format, show_warnings=args.warnings))
    return EXIT_OK if report.valid else EXIT_INVALID


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, format="%(message)s")
    set_language(getattr(args, "lang", None) or language_from_environment())
    try:
        code: int = args.run(args)
    except PackageNotFound as error:
        error_hint = "give the folder that holds datapackage.json, e.g. amnistia validate ."
        return _usage(UsageError(str(error), error_hint))
    except UsageError as error:
        return _usage(error)
    return code


def _usage(error: UsageError) -> int:
    print(f"amnistia: error: {error}", file=sys.stderr)
    if error.hint:
        print(f"  → {error.hint}", file=sys.stderr)
    return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
