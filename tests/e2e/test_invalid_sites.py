"""One broken site per class of editor mistake: what the editor is told, and what is kept.

Each folder under tests/sites/invalid/ is a complete site with one kind of mistake and
an `expected.txt` holding the exact problem lines the build must print: the file, the
line of the offending field, the field, and what is wrong.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sitegen.commands.cli import main
from sitegen.shared.folders import OUTPUT_MARKER

INVALID = Path(__file__).parent.parent / "sites" / "invalid"
CASES = sorted(p.name for p in INVALID.iterdir() if p.is_dir())


def test_every_error_class_has_a_site():
    assert {
        "malformed-yaml",
        "missing-required",
        "bad-enum",
        "unknown-embed-id",
        "ragged-table-row",
        "unknown-section",
        "traversal-slug",
        "bad-amount",
        "misspelled-field",
        "two-errors-two-files",
    } <= set(CASES)


@pytest.mark.parametrize("case", CASES)
def test_broken_site_reports_every_problem_and_keeps_the_previous_output(
    case, tmp_path, capsys, monkeypatch
):
    site = tmp_path / case
    shutil.copytree(INVALID / case, site)
    expected = (site / "expected.txt").read_text(encoding="utf-8").splitlines()
    out = tmp_path / "public"
    out.mkdir()
    (out / "index.html").write_text("the previous, good site", encoding="utf-8")
    (out / OUTPUT_MARKER).write_text("made by sitegen\n")  # a previous build's folder
    monkeypatch.chdir(site)

    code = main(["build", "--out", str(out)])

    err = capsys.readouterr().err
    problems = [line for line in err.splitlines() if ": error: " in line or ": warning: " in line]
    assert code == 1
    assert problems == expected
    assert "Traceback" not in err
    # The previous output is exactly as it was, and no staging folder is left behind.
    assert sorted(p.name for p in out.iterdir()) == [OUTPUT_MARKER, "index.html"]
    assert (out / "index.html").read_text(encoding="utf-8") == "the previous, good site"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([case, "public"])
