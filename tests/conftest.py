"""Fixtures for the whole suite; the helpers they use live in tests/support.py."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sitegen.commands.cli import main
from tests.support import EPOCH, ROOT, SITE_YAML, SITES, BuildRun


@pytest.fixture
def make_site(tmp_path):
    def make(files: dict[str, str | bytes], site_yaml: str = SITE_YAML) -> Path:
        """Text files, and binary ones (images) given as bytes."""
        site = tmp_path / "site"
        site.mkdir(exist_ok=True)
        (site / "site.yaml").write_text(site_yaml, encoding="utf-8")
        for name, text in files.items():
            path = site / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(text, bytes):
                path.write_bytes(text)
            else:
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

    from tests.support import launch

    with sync_playwright() as pw:
        launched = launch(pw)
        yield launched
        launched.close()
