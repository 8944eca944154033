"""What `sitegen build` says: one summary line, less with -q, every file with -v."""

from __future__ import annotations

import re

from tests.support import article

# `built N files into OUT (..., W warning(s)) in S.SSs`; what else is in the brackets
# (how many files changed) is the build's business.
SUMMARY = re.compile(r"^built (\d+) files into (.+) \((?:.*, )?(\d+) warning\(s\)\) in \d+\.\d\ds$")


def test_a_build_prints_one_summary_line(make_site, build):
    site = make_site({"content/articles/a.md": article()})

    run = build(site)

    assert run.code == 0
    [line] = run.stderr.splitlines()
    match = SUMMARY.match(line)
    assert match, line
    assert match.group(2) == str(run.out)
    assert match.group(3) == "0"


def test_warnings_come_before_the_summary_and_are_counted(make_site, build):
    site = make_site({"content/articles/a.md": article(extra="people: [nobody-known]\n")})

    run = build(site)

    *problems, summary = run.stderr.splitlines()
    assert problems == [
        "content/articles/a.md:6: warning: people[0]: `nobody-known` is not in people.yaml"
    ]
    assert SUMMARY.match(summary).group(3) == "1"


def test_quiet_prints_only_problems(make_site, build):
    site = make_site({"content/articles/a.md": article(extra="people: [nobody-known]\n")})

    run = build(site, "-q")

    assert run.code == 0
    assert run.stderr.splitlines() == run.problems
    assert len(run.problems) == 1


def test_verbose_lists_every_file_and_what_made_it(make_site, build):
    site = make_site({"content/articles/a.md": article()})

    run = build(site, "-v")

    lines = run.stderr.splitlines()
    assert "  news/a-story/index.html  (content/articles/a.md)" in lines
    assert "  404.html  (not-found page)" in lines
    listed = [line for line in lines if line.startswith("  ")]
    assert SUMMARY.match(lines[-1]).group(1) == str(len(listed))


def test_a_long_build_on_a_terminal_draws_a_progress_bar_that_ends_full():
    import io

    from sitegen.commands.cli import progress_bar

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    screen = Terminal()
    show = progress_bar(screen)
    for done in (250, 500, 750, 1000):
        show(done, 1000)
    frames = screen.getvalue().split("\r")[1:]
    assert frames[0] == "rendering [#######.......................] 250/1000"
    assert frames[-1] == "rendering [##############################] 1000/1000\n"
    assert progress_bar(io.StringIO()) is None  # not a terminal: no bar


def test_the_render_stage_reports_progress_in_order_to_the_total():
    from sitegen.shared import parallel

    seen: list[tuple[int, int]] = []
    results = parallel.map_chunks(
        sum, list(range(100)), jobs=2, min_items=1, progress=lambda d, t: seen.append((d, t))
    )
    assert sum(results) == sum(range(100))
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    assert seen[-1] == (100, 100)
