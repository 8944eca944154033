"""Adding, editing and deleting one entry of a live article in a large site.

Writes the synthetic corpus (`corpus.py`) with N articles plus one live article of a
case with 40 entries, builds it once, then times each one-entry change as an editor
makes it (a file saved, `sitegen build` run), and checks the output equals a clean build.

    python -m bench.live_bench --articles 1000 WORK_DIR [--search] [--jobs 2]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from bench.corpus import EPOCH, person_slug, write_sitegen

LIVE = "content/articles/2026/live-day.md"
ENTRIES = "content/articles/2026/live-day"
ARTICLE = """\
---
title: "Live: the closing day"
date: 2026-05-06T08:00:00-07:00
section: news
summary: Updates from the courtroom.
case: case-01
live:
  status: live
---
We are in the courtroom.
"""


def entry(n: int) -> str:
    claim = f"claims:\n  - {{id: c{n}, text: Said {n}., by: {person_slug(1)}, status: alleged}}\n"
    return f'---\ntime: "{9 + n // 10:02d}:{(n % 10) * 5:02d}"\ntitle: Update {n}\n{claim}---\n' + (
        f"Testimony continues, part {n}. The witness answers the court.\n"
    )


def build(site: Path, out: Path, args, clean: bool = False) -> float:
    cmd = [sys.executable, "-m", "sitegen", "build", "--site", str(site), "--out", str(out), "-q"]
    cmd += ["--jobs", str(args.jobs)] + ([] if args.search else ["--no-search"])
    cmd += ["--clean"] if clean else []
    started = time.perf_counter()
    subprocess.run(cmd, check=True, env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH})
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--search", action="store_true")
    parser.add_argument("work", type=Path)
    args = parser.parse_args()
    site = args.work / "site"
    shutil.rmtree(args.work, ignore_errors=True)
    write_sitegen(site, args.articles)
    (site / ENTRIES).mkdir(parents=True)
    (site / LIVE).write_text(ARTICLE, encoding="utf-8")
    for n in range(40):
        (site / ENTRIES / f"e{n:02d}.md").write_text(entry(n), encoding="utf-8")
    out = args.work / "out"
    print(f"first build: {build(site, out, args):.2f} s")
    print(f"no change: {build(site, out, args):.2f} s")
    changes = {
        "add one entry": lambda: (site / ENTRIES / "e40.md").write_text(entry(40)),
        "edit one entry": lambda: (site / ENTRIES / "e20.md").write_text(
            entry(20).replace("part 20", "part twenty")
        ),
        "delete one entry": lambda: (site / ENTRIES / "e10.md").unlink(),
    }
    for name, change in changes.items():
        time.sleep(2.1)  # past the stamp resolution window, as an editor's save is
        change()
        print(f"{name}: {build(site, out, args):.2f} s")
    clean = args.work / "clean"
    build(site, clean, args, clean=True)
    same = subprocess.run(["diff", "-r", "-q", str(out), str(clean)], capture_output=True)
    print("equal to a clean build" if same.returncode == 0 else same.stdout.decode())


if __name__ == "__main__":
    main()
