"""`sitegen init DIR`: a new site that builds as it is, also from an installed wheel."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sitegen.commands.cli import main
from tests.support import EPOCH, ROOT


@pytest.fixture
def quiet_epoch(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


def test_init_writes_a_site_that_builds_and_checks_clean(tmp_path, capsys, quiet_epoch):
    site = tmp_path / "courtwatch"

    assert main(["init", str(site)]) == 0
    for path in (
        "site.yaml",
        "content/glossary.yaml",
        "content/people.yaml",
        "content/pages/about.md",
        "templates/README.md",
    ):
        assert (site / path).is_file(), path
    assert list((site / "content/cases").glob("*.yaml"))
    assert list((site / "content/articles").rglob("*.md"))
    capsys.readouterr()

    assert main(["build", "--site", str(site), "--out", str(tmp_path / "out")]) == 0
    assert re.search(r"^built \d+ files .* 0 warning\(s\)", capsys.readouterr().err)
    assert main(["check", "--site", str(site), "--strict"]) == 0

    out = tmp_path / "out"
    home = (out / "index.html").read_text(encoding="utf-8")
    assert "<title>Courtwatch</title>" in home
    [story] = out.glob("news/*/index.html")
    text = story.read_text(encoding="utf-8")
    assert "The company promised to keep its research open to everyone." in text  # a claim
    assert "Alleged" in text
    assert (out / "cases/example-v-example/index.html").is_file()
    assert (out / "people/ada-example/index.html").is_file()


def test_templates_start_empty_but_for_their_readme_and_a_file_there_overrides(
    tmp_path, capsys, quiet_epoch
):
    # Copies of the theme would stop receiving its fixes (issue 22, item 12): the theme
    # stays package data, and templates/ holds only what the site itself changes.
    site = tmp_path / "site"
    main(["init", str(site)])

    assert [p.name for p in (site / "templates").iterdir()] == ["README.md"]
    readme = (site / "templates/README.md").read_text(encoding="utf-8")
    assert '{% extends "@theme/base.html" %}' in readme

    # A file added there is what the site uses, the rest still comes from the theme.
    (site / "templates/base.html").write_text(
        '{% extends "@theme/base.html" %}{% block footer_extra %}<p>Tips: tips@example.org</p>'
        "{% endblock %}",
        encoding="utf-8",
    )
    capsys.readouterr()
    assert main(["build", "--site", str(site), "--out", str(tmp_path / "out"), "-q"]) == 0
    home = (tmp_path / "out/index.html").read_text(encoding="utf-8")
    assert "Tips: tips@example.org" in home
    assert "<main" in home


def test_init_refuses_a_folder_that_is_not_empty(tmp_path, capsys):
    site = tmp_path / "site"
    site.mkdir()
    (site / "notes.txt").write_text("mine")

    assert main(["init", str(site)]) == 1

    assert "is not empty" in capsys.readouterr().err
    assert [p.name for p in site.iterdir()] == ["notes.txt"]
    assert (site / "notes.txt").read_text() == "mine"


def test_init_into_an_empty_folder_is_fine(tmp_path, capsys):
    site = tmp_path / "empty"
    site.mkdir()

    assert main(["init", str(site)]) == 0
    assert (site / "site.yaml").is_file()


def _run(command: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, f"{command}\n{done.stdout}\n{done.stderr}"
    return done


def test_init_and_build_work_from_an_installed_wheel(tmp_path):
    """A plain (not editable) install has everything: theme, scaffold and all."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    env["SOURCE_DATE_EPOCH"] = EPOCH
    # Build from a copy, so the build never writes into the working tree.
    source = tmp_path / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info", "*.pyc")
    shutil.copytree(ROOT / "sitegen", source / "sitegen", ignore=ignore)
    wheels = tmp_path / "wheels"
    _run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(source)],
        tmp_path,
        env,
    )
    [wheel] = wheels.glob("sitegen-*.whl")

    # The dependencies come from this Python's packages; sitegen only from the wheel.
    venv = tmp_path / "venv"
    # No pip inside the venv (making one is slow): this Python's pip installs into it.
    _run(
        [sys.executable, "-m", "venv", "--system-site-packages", "--without-pip", str(venv)],
        tmp_path,
        env,
    )
    python, sitegen = venv / "bin" / "python", venv / "bin" / "sitegen"
    install = ["-m", "pip", "--python", str(python), "install", "-q", "--no-deps", str(wheel)]
    _run([sys.executable, *install], tmp_path, env)
    where = _run([str(python), "-c", "import sitegen; print(sitegen.__file__)"], tmp_path, env)
    assert Path(where.stdout.strip()).is_relative_to(venv), where.stdout

    work = tmp_path / "work"
    work.mkdir()
    _run([str(sitegen), "init", "mysite"], work, env)
    built = _run([str(sitegen), "build", "--site", "mysite"], work, env)

    assert re.search(r"^built \d+ files .* 0 warning\(s\)", built.stderr)
    public = work / "mysite" / "public"
    assert (public / "index.html").is_file()
    assert [p.name for p in (work / "mysite/templates").iterdir()] == ["README.md"]
    [story] = public.glob("news/*/index.html")
    assert "The company promised to keep its research open to everyone." in story.read_text()
