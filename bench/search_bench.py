"""What search costs: the Pagefind step of a build, and a reader's first query.

    python3 bench/search_bench.py [--articles 1000 10000] [--browser] [--keep DIR]

For each size, writes the synthetic corpus (bench/corpus.py: ~800 words, claims, quotes
and a table per article), builds it without search, then times on their own:

- the digest of every HTML page (what decides whether the index is still good);
- a fresh index: Pagefind over the output, plus making its filter files byte-stable;
- an unchanged rebuild: the previous index reused (digest and copy, no Pagefind);

and reports the index's size next to the site's, and Pagefind's peak memory. With
--browser, also serves the site on 127.0.0.1 and times a query in headless Chromium
from typing to the first result, with the bytes of index it had to fetch.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sys
import tempfile
import threading
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus  # noqa: E402 - beside this file

from sitegen import search  # noqa: E402
from sitegen.pipeline.build import Options, build  # noqa: E402
from sitegen.read.config import load  # noqa: E402
from sitegen.shared.errors import Diagnostics  # noqa: E402


def size(root: Path, pattern: str = "*") -> tuple[int, int]:
    """(files, bytes) under root matching pattern."""
    files = [p for p in root.rglob(pattern) if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def mib(n: int) -> str:
    return f"{n / 2**20:.1f} MiB"


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib name
        pass


def browser_query(out: Path, queries: list[str]) -> list[tuple[str, float, int, int]]:
    """For each query, in a fresh browser context: (query, seconds from typing to the first
    result or to "No results", KiB of Pagefind files fetched since the page opened, results).
    The seconds include the widget's 300 ms wait for the reader to stop typing."""
    from playwright.sync_api import sync_playwright

    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(out)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/search/"
    args = [
        *("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run"),
        *("--disable-background-networking", "--disable-component-update", "--disable-sync"),
    ]
    done = """words => {
        const m = document.querySelector('.pagefind-ui__message');
        const text = m ? m.textContent : '';
        return text.includes(words) && (text.startsWith('No results') ||
            document.querySelector('.pagefind-ui__result-link') !== null);
    }"""
    rows = []
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=args)
            for words in queries:
                context = browser.new_context()
                page = context.new_page()
                fetched: set[str] = set()
                page.on("response", lambda r, fetched=fetched: fetched.add(urlsplit(r.url).path))
                page.goto(url)
                page.wait_for_selector(".pagefind-ui__search-input")
                started = time.perf_counter()
                page.fill(".pagefind-ui__search-input", words)
                page.wait_for_function(done, arg=words, timeout=120_000)
                seconds = time.perf_counter() - started
                shown = page.locator(".pagefind-ui__result-inner > .pagefind-ui__result-title")
                index = [out / p.lstrip("/") for p in fetched if p.startswith("/pagefind/")]
                kib = sum(f.stat().st_size for f in index if f.is_file()) // 1024
                rows.append((words, seconds, kib, shown.count()))
                context.close()
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return rows


def bench(n: int, work: Path, use_browser: bool) -> None:
    site, out, again = work / f"site-{n}", work / f"out-{n}", work / f"again-{n}"
    started = time.perf_counter()
    corpus.write_sitegen(site, n)
    print(f"\n== {n:,} articles (corpus written in {time.perf_counter() - started:.1f}s)")

    started = time.perf_counter()
    result = build(Options(site, out, search=False))
    print(
        f"build without search:  {time.perf_counter() - started:7.2f}s  ({result.written:,} files)"
    )
    pages, html_bytes = size(out, "*.html")
    _, site_bytes = size(out)
    sections = [section.key for section in load(site, Diagnostics()).sections]

    started = time.perf_counter()
    _, articles = search.html_digest(out, sections)
    took = time.perf_counter() - started
    shown = f"{articles:,} of {pages:,} pages, {mib(html_bytes)}"
    print(f"digest of the articles: {took:6.2f}s  ({shown})")

    diag = Diagnostics()
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    indexed = search.index(out, None, sections, diag)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if indexed is None:
        print("search index failed:", *diag.warnings, sep="\n  ")
        return
    files, index_bytes = size(out / search.BUNDLE)
    print(f"fresh index:           {indexed.seconds:7.2f}s  (digest + Pagefind + stable filters)")
    print(f"  index size:          {mib(index_bytes)} in {files:,} files; site {mib(site_bytes)}")
    if peak > before:
        print(f"  Pagefind peak RSS:   {peak / 1024:.0f} MiB")

    build(Options(site, again, search=False))
    reused = search.index(again, out, sections, diag)
    assert reused is not None and reused.reused
    print(f"unchanged rebuild:     {reused.seconds:7.2f}s  (digest + copy of the previous index)")

    if use_browser:
        # Words in every article, a headline's words, and a word in none.
        queries = ["testimony witness", f"Day {n // 2}", "xylophone"]
        for words, seconds, kib, shown in browser_query(out, queries):
            print(f"query {words!r:20} {seconds:5.2f}s  {kib:5,} KiB fetched  {shown} shown")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, nargs="+", default=[1000, 10_000])
    parser.add_argument("--browser", action="store_true", help="also time a query in Chromium")
    parser.add_argument("--keep", type=Path, help="work in DIR and keep it (default: a temp dir)")
    args = parser.parse_args()
    os.environ["SOURCE_DATE_EPOCH"] = corpus.EPOCH
    print(f"pagefind {search.pagefind_version()}, {os.cpu_count()} CPUs")
    work = args.keep or Path(tempfile.mkdtemp(prefix="search-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        for n in args.articles:
            bench(n, work, args.browser)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
