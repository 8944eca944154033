"""Shared helpers: write a small site from a dict of files, build it, read what a reader sees."""

from __future__ import annotations

import shutil
import subprocess
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

from sitegen.commands.cli import main

ROOT = Path(__file__).resolve().parent.parent
SITES = Path(__file__).parent / "sites"
EPOCH = "1790000000"  # 2026-09-21: after every example article, fixed for reproducibility

SITE_YAML = """\
title: Test Tracker
base_url: https://example.org/trial/
timezone: America/Los_Angeles
sections:
  news: {title: News}
  guides: {title: Guides}
"""


def article(
    title: str = "A story",
    date: str = "2026-05-01",
    section: str = "news",
    summary: str = "What happened.",
    body: str = "Some text.",
    extra: str = "",
) -> str:
    """A valid article; `extra` is more front-matter YAML, written as is."""
    front = f"title: {title}\ndate: {date}\nsection: {section}\nsummary: {summary}\n"
    return f"---\n{front}{textwrap.dedent(extra)}---\n{textwrap.dedent(body)}\n"


@dataclass
class BuildRun:
    code: int
    stderr: str
    out: Path

    def page(self, path: str) -> str:
        """Text of an output file, such as `news/a-story/index.html`."""
        return (self.out / path).read_text(encoding="utf-8")

    @property
    def problems(self) -> list[str]:
        return [
            line
            for line in self.stderr.splitlines()
            if ": error: " in line or ": warning: " in line
        ]


@pytest.fixture
def make_site(tmp_path):
    def make(files: dict[str, str], site_yaml: str = SITE_YAML) -> Path:
        site = tmp_path / "site"
        site.mkdir(exist_ok=True)
        (site / "site.yaml").write_text(site_yaml, encoding="utf-8")
        for name, text in files.items():
            path = site / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        return site

    return make


@pytest.fixture
def build(capsys, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)

    def run(site: Path, *args: str, out: Path | None = None) -> BuildRun:
        out = out or site / "public"
        code = main(["build", "--site", str(site), "--out", str(out), *args])
        captured = capsys.readouterr()
        return BuildRun(code, captured.err, out)

    return run


@pytest.fixture
def copy_site(tmp_path):
    """A copy of a site under tests/sites/ (or the example site when name is '.')."""

    def copy(name: str) -> Path:
        source = ROOT if name == "." else SITES / name
        target = tmp_path / (name if name != "." else "example")
        target.mkdir(parents=True, exist_ok=True)
        shutil.copy(source / "site.yaml", target / "site.yaml")
        for folder in ("content", "templates", "static"):
            if (source / folder).is_dir():
                shutil.copytree(source / folder, target / folder)
        return target

    return copy


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole run (Debian's, driven by Playwright)."""
    from playwright.sync_api import sync_playwright

    from tests.browser import launch

    with sync_playwright() as pw:
        launched = launch(pw)
        yield launched
        launched.close()


def chromium_path() -> str | None:
    return shutil.which("chromium") or (
        "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None
    )


def vnu_command() -> list[str] | None:
    jar = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
    if jar.exists() and shutil.which("java"):
        return ["java", "-jar", str(jar), "--skip-non-html", "--errors-only"]
    return None


def run_vnu(folder: Path) -> subprocess.CompletedProcess:
    cmd = vnu_command()
    assert cmd, "the Nu HTML Checker is not installed: run `npm install` first"
    return subprocess.run([*cmd, str(folder)], capture_output=True, text=True, timeout=300)
