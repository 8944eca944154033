"""The `sitegen` command: build, serve, new, check, init and deploy."""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TextIO

from sitegen.commands.check import check
from sitegen.commands.init import InitError, init
from sitegen.commands.new import NewArticle, NewEntry, NewError, create, create_entry
from sitegen.commands.serve import Preview, ServeError, ServeOptions
from sitegen.model.config import DEFAULT_MAX_DELETES
from sitegen.model.schedule import scheduled_note
from sitegen.pipeline.build import Options, build
from sitegen.publish import lock
from sitegen.shared.errors import BuildError, Problem


def _print_problems(problems: Sequence[Problem]) -> None:
    for problem in problems:
        print(problem, file=sys.stderr)


def _site_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--site", type=Path, default=Path("."), help="site folder (default: .)")
    parser.add_argument("--drafts", action="store_true", help="include drafts")
    parser.add_argument("--future", action="store_true", help="include articles dated later")
    volume = parser.add_mutually_exclusive_group()
    volume.add_argument("-q", "--quiet", action="store_true", help="print only problems")
    volume.add_argument("-v", "--verbose", action="store_true", help="say more")


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="sitegen", description=__doc__)
    commands = root.add_subparsers(dest="command", required=True)
    b = commands.add_parser("build", help="build the site into the output folder")
    _site_args(b)
    b.add_argument("--out", type=Path, default=None, help="output folder (default: SITE/public)")
    b.add_argument("--no-search", action="store_true", help="do not build the search index")
    b.add_argument(
        "-j", "--jobs", type=int, default=None, help="worker processes (default: all cores)"
    )
    b.add_argument(
        "--clean", action="store_true", help="ignore the build cache; rebuild everything"
    )
    b.add_argument(
        "--wait",
        type=_seconds,
        default=lock.DEFAULT_WAIT,
        metavar="SECONDS",
        help="while another build writes the same output folder, wait this long for it, "
        f"then give up (default: {lock.DEFAULT_WAIT:g}; 0: do not wait)",
    )

    s = commands.add_parser("serve", help="build, serve and rebuild on every change")
    _site_args(s)
    s.add_argument(
        "--out",
        type=Path,
        default=None,
        help="output folder (default: SITE/.sitegen-cache/preview, kept between runs)",
    )
    s.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    s.add_argument("--port", type=int, default=8000, help="port (default: 8000; 0: any free)")

    n = commands.add_parser(
        "new",
        help="write a new draft article, ready to fill in "
        '(or `new entry ARTICLE.md "Title"`: a new entry of a live article, timed now)',
    )
    n.add_argument("section", help="one of the sections in site.yaml (or `entry`)")
    n.add_argument("title", help="the headline (after `entry`: the live article's .md path)")
    n.add_argument("entry_title", nargs="?", help=argparse.SUPPRESS)
    n.add_argument("--case", help="the slug of the case the article covers")
    n.add_argument("--slug", help="the article's slug (default: from the title)")
    n.add_argument("--site", type=Path, default=Path("."), help="site folder (default: .)")

    c = commands.add_parser("check", help="report every problem and broken link; write nothing")
    _site_args(c)
    c.add_argument("--strict", action="store_true", help="treat warnings as errors")

    i = commands.add_parser("init", help="start a new site in an empty folder")
    i.add_argument("dir", type=Path, help="the new site's folder")

    d = commands.add_parser(
        "deploy", help="send the built site's changes to a bucket named in site.yaml"
    )
    d.add_argument("--site", type=Path, default=Path("."), help="site folder (default: .)")
    d.add_argument("--out", type=Path, default=None, help="output folder (default: SITE/public)")
    d.add_argument("--target", help="which of site.yaml's deploy targets (default: the only one)")
    d.add_argument("--dry-run", action="store_true", help="print the plan; change nothing")
    d.add_argument("-y", "--yes", action="store_true", help="do not ask before changing the bucket")
    d.add_argument(
        "--max-deletes",
        type=int,
        default=DEFAULT_MAX_DELETES,
        metavar="N",
        help=f"refuse to deploy when it would delete more than N files "
        f"(default: {DEFAULT_MAX_DELETES}; -1: no limit)",
    )
    volume = d.add_mutually_exclusive_group()
    volume.add_argument("-q", "--quiet", action="store_true", help="print only problems")
    volume.add_argument("-v", "--verbose", action="store_true", help="list every file sent")
    return root


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 <= value < float("inf"):
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}")
    return value


PROGRESS_FROM = 500  # pages to render before a bar is worth drawing


def progress_bar(stream: TextIO) -> Callable[[int, int], None] | None:
    """A one-line bar for long builds on a terminal; None when output is not a terminal."""
    if not stream.isatty():
        return None

    def show(done: int, total: int) -> None:
        if total < PROGRESS_FROM:
            return
        filled = 30 * done // total
        bar = "#" * filled + "." * (30 - filled)
        end = "\n" if done >= total else ""
        print(f"\rrendering [{bar}] {done}/{total}", end=end, file=stream, flush=True)

    return show


def cmd_build(args: argparse.Namespace) -> int:
    site_dir = args.site
    out_dir = args.out if args.out is not None else site_dir / "public"
    try:
        search = not args.no_search
        options = Options(
            site_dir,
            out_dir,
            drafts=args.drafts,
            future=args.future,
            search=search,
            jobs=args.jobs,
            clean=args.clean,
            wait=args.wait,
            progress=None if args.quiet else progress_bar(sys.stderr),
        )
        result = build(options)
    except BuildError as exc:
        _print_problems(exc.problems)
        errors = sum(p.severity == "error" for p in exc.problems)
        print(f"build failed: {errors} error(s); {out_dir} left as it was", file=sys.stderr)
        return 1
    _print_problems(result.warnings)
    if args.verbose:
        for path, origin in result.outputs:
            print(f"  {path}  ({origin})", file=sys.stderr)
    note = scheduled_note(result.scheduled)
    if note and not args.quiet:
        print(note, file=sys.stderr)
    if not args.quiet:
        print(
            f"built {len(result.outputs)} files into {out_dir} ({result.written} written, "
            f"{result.removed} removed, {len(result.warnings)} warning(s)) "
            f"in {result.seconds:.2f}s",
            file=sys.stderr,
        )
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        print(
            f"warning: serving on {args.host}: anyone who can reach this address can read "
            "the preview, drafts included when --drafts is given",
            file=sys.stderr,
        )
    quiet = args.quiet

    def log(line: str) -> None:
        is_problem = ": error: " in line or ": warning: " in line or line.startswith("build failed")
        if is_problem or not quiet:
            print(line, file=sys.stderr, flush=True)

    options = ServeOptions(
        site_dir=args.site,
        out_dir=args.out,
        host=args.host,
        port=args.port,
        drafts=args.drafts,
        future=args.future,
        verbose=args.verbose,
    )
    preview = Preview(options, log=log)
    stopping = threading.Event()
    # Ctrl-C (and a service manager's SIGTERM) end the wait below; the server is then
    # shut down in order rather than interrupted mid-response.
    previous = {sig: signal.signal(sig, lambda *_: stopping.set()) for sig in _STOP_SIGNALS}
    try:
        try:
            preview.start()
        except ServeError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        print(f"serving {preview.url} (Ctrl-C to stop)", file=sys.stderr, flush=True)
        while not stopping.wait(0.5):
            pass
    finally:
        preview.stop()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    print("stopped", file=sys.stderr)
    return 0


_STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


def cmd_new(args: argparse.Namespace) -> int:
    if args.entry_title is not None:
        if args.section != "entry":
            print(
                f"error: `sitegen new {args.section}` takes a section and a title", file=sys.stderr
            )
            return 2
        try:
            path = create_entry(NewEntry(args.site, args.title, args.entry_title))
        except NewError as exc:
            _print_problems(exc.problems)
            return 1
        print(path)
        print("written: save it and it is published with the next build", file=sys.stderr)
        return 0
    request = NewArticle(args.site, args.section, args.title, case=args.case, slug=args.slug)
    try:
        path = create(request)
    except NewError as exc:
        _print_problems(exc.problems)
        return 1
    print(path)
    print(
        "written as a draft: preview it with `sitegen serve --drafts`, "
        "and remove `draft: true` to publish",
        file=sys.stderr,
    )
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    report = check(args.site, drafts=args.drafts, future=args.future, strict=args.strict)
    _print_problems(report.problems)
    if report.scheduled and not args.quiet:
        print(report.scheduled, file=sys.stderr)
    if not args.quiet or report.errors:
        # With errors that stop the build there is no site to count, nor links to check.
        size = (
            "; links are checked once these are fixed"
            if report.files is None
            else f" in a site of {report.files} files"
        )
        print(
            f"check: {report.errors} error(s), {report.warnings} warning(s){size}; nothing written",
            file=sys.stderr,
        )
    return 1 if report.errors else 0


def cmd_init(args: argparse.Namespace) -> int:
    try:
        created = init(args.dir)
    except InitError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"created a site in {args.dir} ({len(created)} files)", file=sys.stderr)
    print(f"next: sitegen serve --site {args.dir}", file=sys.stderr)
    return 0


def cmd_deploy(args: argparse.Namespace) -> int:
    # Imported here: boto3 takes a good part of a second to import, which every other
    # command would pay for nothing.
    from sitegen.commands.deploy import DeployRequest, deploy

    request = DeployRequest(
        args.site,
        args.out,
        target=args.target,
        dry_run=args.dry_run,
        yes=args.yes,
        max_deletes=args.max_deletes,
        verbose=args.verbose,
        quiet=args.quiet,
    )
    return deploy(request)


COMMANDS = {
    "build": cmd_build,
    "serve": cmd_serve,
    "new": cmd_new,
    "check": cmd_check,
    "init": cmd_init,
    "deploy": cmd_deploy,
}


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


def entry() -> None:
    """The `sitegen` console script. After a build the process ends without freeing the
    site's objects one by one (seconds for a large site); output is flushed first."""
    code = main()
    if sys.argv[1:2] == ["build"]:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    sys.exit(code)


if __name__ == "__main__":
    entry()
