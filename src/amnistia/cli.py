"""The ``amnistia`` command: parse arguments, call the library, print, exit.

Exit codes: 0 valid / done, 1 invalid data, 2 usage or environment error.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from amnistia import __version__
from amnistia.descriptor import PackageNotFound
from amnistia.output import render_report
from amnistia.package import validate_package

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


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
    validate.set_defaults(run=run_validate)
    return parser


def run_validate(args: argparse.Namespace) -> int:
    folder: Path = args.path
    if not folder.is_dir():
        print(f"amnistia: error: {folder} is not a folder", file=sys.stderr)
        return EXIT_USAGE
    try:
        report = validate_package(folder)
    except PackageNotFound as error:
        print(f"amnistia: error: {error}", file=sys.stderr)
        print(
            "  → give the folder that holds datapackage.json, e.g. amnistia validate .",
            file=sys.stderr,
        )
        return EXIT_USAGE
    sys.stdout.write(render_report(report, args.format, show_warnings=args.warnings))
    return EXIT_OK if report.valid else EXIT_INVALID


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING, format="%(message)s"
    )
    code: int = args.run(args)
    return code


if __name__ == "__main__":
    sys.exit(main())
