"""Screenshots of the built-in theme, for reviewing how it looks.

Builds the example site to a temporary folder, serves it on 127.0.0.1 under the site's
base path and writes full-page PNGs of the home page, an article and the case page, at
phone (390px) and desktop (1280px) widths, in light and dark mode, into docs/screenshots/
(git-ignored):

    python3 docs/screenshots.py [--out docs/screenshots]

Requests to any other host are refused, as a reader offline would see the page, so the
pictures never depend on the network.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import Route, sync_playwright

from sitegen.commands.cli import main as sitegen

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the browser helpers are shared with the test suite

from tests.support import launch, serve_folder  # noqa: E402

BASE_PATH = "trial"  # the path of the example site's base_url, https://example.org/trial/
PAGES = {
    "home": "",
    "article": "news/musk-admits-xai-distills-openai/",
    "case": "cases/musk-v-openai/",
}
WIDTHS = (390, 1280)
SCHEMES = ("light", "dark")


def build_example(www: Path) -> Path:
    """Build the example site into www/<base path>/, so that /trial/X is the output's X."""
    out = www / BASE_PATH
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1790000000")
    code = sitegen(["build", "--site", str(ROOT), "--out", str(out)])
    if code != 0:
        raise SystemExit(f"the example site did not build (exit status {code})")
    return out


def refuse_offsite(route: Route) -> None:
    if urlsplit(route.request.url).hostname == "127.0.0.1":
        route.continue_()
    else:
        route.abort()


def shoot(origin: str, target: Path) -> list[Path]:
    written = []
    with sync_playwright() as pw:
        browser = launch(pw)
        try:
            for scheme in SCHEMES:
                for width in WIDTHS:
                    context = browser.new_context(
                        viewport={"width": width, "height": 900}, color_scheme=scheme
                    )
                    context.route("**/*", refuse_offsite)
                    page = context.new_page()
                    for name, path in PAGES.items():
                        page.goto(f"{origin}/{BASE_PATH}/{path}", wait_until="load")
                        file = target / f"{name}-{width}-{scheme}.png"
                        page.screenshot(path=str(file), full_page=True)
                        written.append(file)
                    context.close()
        finally:
            browser.close()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="sitegen-shots-") as tmp:
        www = Path(tmp)
        build_example(www)
        with serve_folder(www, "") as origin:
            for file in shoot(origin, args.out):
                print(file)
    return 0


if __name__ == "__main__":
    sys.exit(main())
