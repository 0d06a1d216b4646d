"""The ``amnistia`` command: parse arguments, call the library, print, exit.

Exit codes: 0 valid / done, 1 invalid data, 2 usage or environment error.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import sys
import urllib.parse
from collections.abc import Sequence
from pathlib import Path

from amnistia import __version__
from amnistia.data.descriptor import PackageNotFound
from amnistia.data.output import render_job_summary, render_report, unlisted_note
from amnistia.i18n import LANGUAGES, _, language_from_environment, set_language
from amnistia.site.engine import DEFAULT_ENGINE, ENGINES
from amnistia.validate import validate_package

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2
EXIT_INTERRUPTED = 130  # as shells report a command stopped by a signal


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
    _add_path(validate)
    validate.add_argument(
        "--format",
        choices=("text", "json", "github"),
        default="text",
        help="text for people, json for tools, github for GitHub Actions annotations",
    )
    validate.add_argument("--warnings", action="store_true", help="list warnings too (text format)")
    validate.add_argument(
        "--summary",
        type=Path,
        default=None,
        metavar="PATH",
        help="append every problem as Markdown to PATH (default with --format github: "
        "the file named by GITHUB_STEP_SUMMARY, GitHub's job summary)",
    )
    _add_language(validate)
    validate.set_defaults(run=run_validate)

    build = commands.add_parser(
        "build",
        help="validate the package and build the bilingual site",
        description="Validate the package, render its pages and build the site with a site engine "
        "(MkDocs with Material unless --engine says otherwise). "
        "The finished site replaces OUT in one rename; if anything fails, OUT is left as it was.",
    )
    _add_path(build)
    _add_out(build)
    build.add_argument(
        "--force", action="store_true", help="build even when OUT is up to date with the inputs and code"
    )
    build.add_argument(
        "--engine",
        choices=ENGINES,
        default=DEFAULT_ENGINE,
        help=f"the site engine (default {DEFAULT_ENGINE}); see the README for what each one lacks",
    )
    build.add_argument(
        "--site-url",
        type=_site_url,
        default=None,
        metavar="URL",
        help="the address the site is served from, e.g. https://example.org/amnistia/ "
        "(default: mkdocs.yml's site_url): sitemaps, canonical links and the 404 pages use it",
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

    serve = commands.add_parser(
        "serve",
        help="preview the site on 127.0.0.1, rebuilding and reloading on every edit",
        description="Build the site, serve it on 127.0.0.1 and watch the data, the pages and the "
        "templates: every saved edit rebuilds the site and reloads the open pages. An invalid edit "
        "prints the problems here and on the page, and the last good site stays served.",
    )
    _add_path(serve)
    serve.add_argument(
        "--port", type=int, default=8000, help="port on 127.0.0.1 (default: 8000; 0: any free)"
    )
    _add_out(serve)
    serve.set_defaults(run=run_serve)

    redact = commands.add_parser(
        "redact",
        help="remove one cell from released versions, for legal or safety reasons",
        description="Replace one cell by [redacted] in the frozen files of the given versions, "
        "recording each file's sha256 before and after, the reason and the date in "
        "datasets/versions/redactions.json (never the removed text). The only change a released "
        "file may undergo; the changelog shows the reason instead of the old value.",
    )
    redact.add_argument("versions", nargs="+", metavar="VERSION", help="released versions holding the cell")
    redact.add_argument("--file", required=True, help="table name or CSV file, e.g. hunger-strikes")
    redact.add_argument("--row", required=True, help="primary-key value of the row")
    redact.add_argument("--field", required=True, help="column of the cell to remove")
    redact.add_argument("--reason", required=True, help="why, in English (shown on the changelog)")
    redact.add_argument("--reason-es", required=True, help="why, in Spanish")
    redact.add_argument("--date", type=_date, default=None, help="date YYYY-MM-DD (default: today)")
    redact.add_argument("--package", type=Path, default=Path("."), help="package folder (default: .)")
    redact.set_defaults(run=run_redact)
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


def run_serve(args: argparse.Namespace) -> int:
    from amnistia.serve import serve

    folder = _package_folder(args.path)
    serve(folder, args.out if args.out is not None else folder / "build", args.port)
    return EXIT_OK


def run_redact(args: argparse.Namespace) -> int:
    from amnistia.releases.redactions import RedactionError, redact

    reason = {"en": args.reason, "es": args.reason_es}
    try:
        done = redact(
            args.package, args.versions, args.file, args.row, args.field, reason, args.date or dt.date.today()
        )
    except RedactionError as error:
        print(f"amnistia: redaction refused: {error}", file=sys.stderr)
        return EXIT_INVALID
    for entry in done:
        print(f"redacted {entry.version}/{entry.file}: {entry.row}.{entry.field}")
    print("recorded in datasets/versions/redactions.json; rebuild the site to publish the redaction")
    return EXIT_OK


def _site_url(text: str) -> str:
    """An http(s) address ending in a slash; anything else is a usage error."""
    parts = urllib.parse.urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not an http(s) address such as https://example.org/site/"
        )
    return text if text.endswith("/") else text + "/"


def _add_path(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "path", nargs="?", default=".", type=Path, help="folder holding datapackage.json (default: .)"
    )


def _add_out(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", type=Path, default=None, help="output folder (default: PATH/build)")


def _add_language(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=None,
        help="language of the messages (default: from LC_ALL / LANG, else English)",
    )


def run_build(args: argparse.Namespace) -> int:
    # Imported here so that `validate` never loads Jinja, MkDocs or openpyxl.
    from amnistia.build import (
        BuildInterrupted,
        BuildLocked,
        ManifestError,
        OutputError,
        SiteBuildError,
        build_site,
        interruption,
    )

    folder = _package_folder(args.path)
    out: Path = args.out if args.out is not None else folder / "build"
    try:
        report, result = build_site(
            folder,
            out,
            verbose=args.verbose,
            force=args.force,
            engine=args.engine,
            site_url=args.site_url or "",
        )
    except (OutputError, BuildLocked) as error:
        raise UsageError(str(error)) from error
    except BuildInterrupted as error:
        return _interrupted(error, out)
    except (SiteBuildError, ManifestError) as error:
        return _build_failed(f"the site could not be built: {error}", out)
    except OSError as error:
        # A full disk, a read-only folder: the system's words, and where.
        where = f" ({error.filename})" if error.filename else ""
        return _build_failed(f"the site could not be written: {error.strerror or error}{where}", out)
    except Exception as error:  # a bug: still one line, and the old site stands
        cut_short = interruption(error)
        if cut_short is not None:  # the signal was wrapped (a lazy import cut short)
            return _interrupted(cut_short, out)
        logging.getLogger(__name__).debug("the build failed", exc_info=True)
        hint = "" if args.verbose else " (run with -v to see where)"
        return _build_failed(f"the build failed: {type(error).__name__}: {error}{hint}", out)
    if result is None:
        sys.stdout.write(render_report(report, "text"))
        print(f"  → nothing was built; {out} is unchanged", file=sys.stderr)
        return EXIT_INVALID
    if result.up_to_date:
        print(f"up to date: version {result.version}, site in {result.out} (inputs and code unchanged)")
    else:
        print(f"built: version {result.version}, {result.downloads} downloads, site in {result.out}")
    return EXIT_OK


def _interrupted(error: BaseException, out: Path) -> int:
    # Writers stopped mid-file (openpyxl's row generators) complain when the
    # interpreter finalises them; the interruption is already reported, once.
    sys.unraisablehook = lambda unraisable: None
    return _build_failed(f"interrupted ({error})", out, EXIT_INTERRUPTED)


def _build_failed(message: str, out: Path, code: int = EXIT_INVALID) -> int:
    print(f"amnistia: {message}", file=sys.stderr)
    print(f"  → {out} is unchanged", file=sys.stderr)
    return code


def run_validate(args: argparse.Namespace) -> int:
    report = validate_package(_package_folder(args.path))
    summary: Path | None = args.summary
    if summary is None and args.format == "github" and os.environ.get("GITHUB_STEP_SUMMARY"):
        summary = Path(os.environ["GITHUB_STEP_SUMMARY"])
    if summary is not None:
        # Appended: GitHub's summary file collects what every step of the job writes.
        try:
            with summary.open("a", encoding="utf-8") as file:
                file.write(render_job_summary(report))
        except OSError as error:
            raise UsageError(
                _("cannot write the summary to {path}: {reason}").format(
                    path=summary, reason=error.strerror or error
                )
            ) from error
    sys.stdout.write(render_report(report, args.format, show_warnings=args.warnings))
    if args.format == "json":
        sys.stderr.write(unlisted_note(report))
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
    except KeyboardInterrupt:
        print("amnistia: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    return code


def _usage(error: UsageError) -> int:
    print(f"amnistia: error: {error}", file=sys.stderr)
    if error.hint:
        print(f"  → {error.hint}", file=sys.stderr)
    return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
