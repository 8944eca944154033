"""The `sitegen` command."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from .build import Options, build
from .errors import BuildError, Problem


def _print_problems(problems: Sequence[Problem]) -> None:
    for problem in problems:
        print(problem, file=sys.stderr)


def _site_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--site", type=Path, default=Path("."), help="site folder (default: .)")
    parser.add_argument("--drafts", action="store_true", help="include drafts")
    parser.add_argument("--future", action="store_true", help="include articles dated later")
    parser.add_argument("-q", "--quiet", action="store_true", help="print only problems")


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="sitegen", description=__doc__)
    commands = root.add_subparsers(dest="command", required=True)
    b = commands.add_parser("build", help="build the site into the output folder")
    _site_args(b)
    b.add_argument("--out", type=Path, default=None, help="output folder (default: SITE/public)")
    return root


def cmd_build(args: argparse.Namespace) -> int:
    site_dir = args.site
    out_dir = args.out if args.out is not None else site_dir / "public"
    try:
        result = build(Options(site_dir, out_dir, drafts=args.drafts, future=args.future))
    except BuildError as exc:
        _print_problems(exc.problems)
        errors = sum(p.severity == "error" for p in exc.problems)
        print(f"build failed: {errors} error(s); {out_dir} left as it was", file=sys.stderr)
        return 1
    _print_problems(result.warnings)
    if not args.quiet:
        print(
            f"built {result.written} files into {out_dir} "
            f"({len(result.warnings)} warning(s)) in {result.seconds:.2f}s",
            file=sys.stderr,
        )
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        if args.command == "build":
            return cmd_build(args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    return 2


if __name__ == "__main__":
    sys.exit(main())
