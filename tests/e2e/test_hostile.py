"""Hostile input, class by class (issue 23): each promise of SECURITY.md that a probe of
hostile sites found broken, held here with several inputs each. A site goes in; what the
editor is told (`FILE:LINE: error: ...`), what reaches the output and what stays as it was
come out. None of these may hang, crash with a traceback, or read outside the site."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import socket
from pathlib import Path

import pytest

from sitegen.commands.cli import main
from tests.support import EPOCH, SITE_YAML, article

SECRET = "the build machine's secret"


@pytest.fixture
def check(capsys, monkeypatch):
    """`sitegen check` on a site: (exit status, problem lines)."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)

    def run(site: Path, *args: str) -> tuple[int, list[str]]:
        code = main(["check", "--site", str(site), *args])
        err = capsys.readouterr().err
        return code, [line for line in err.splitlines() if ": error: " in line]

    return run


@contextlib.contextmanager
def deadline(seconds: int = 60):
    """Fail (rather than hang the suite) if the block blocks: a read of a named pipe
    waits for a writer forever, and SIGALRM's exception ends that wait."""

    def expire(signum, frame):
        raise TimeoutError(f"still running after {seconds} s: something blocked")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def outside(tmp_path: Path) -> Path:
    """A folder beside the site holding what must never be published."""
    folder = tmp_path / "outside"
    folder.mkdir(exist_ok=True)
    (folder / "secret.md").write_text(article(title=SECRET, body=SECRET))
    (folder / "site.yaml").write_text(f"title: {SECRET}\nbase_url: https://example.org/\n")
    (folder / "docs").mkdir(exist_ok=True)
    (folder / "docs" / "x.md").write_text(article(title=SECRET))
    return folder


def previous_site(site: Path, build) -> Path:
    """A good build first, so a failing one can be seen to leave it as it was."""
    run = build(site, "--no-search")
    assert run.code == 0, run.stderr
    return run.out


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


OUTSIDE = "outside the site folder: copy what it links to into the site instead"
FOLDER = "a folder, which is not followed: link its files instead"
NOTHING = "which does not exist"
LOOP = "which leads back to itself (a loop of links)"

# -- 1. links under content/, templates/ and site.yaml: as static/ treats them -----------

# (the link, where it leads: `{out}` is the folder beside the site, what the editor is told)
LINKS = [
    ("content/articles/leak.md", "{out}/secret.md", OUTSIDE),
    ("content/articles/environ.md", "/proc/self/environ", OUTSIDE),
    ("content/articles/more", "{out}/docs", OUTSIDE),
    ("content/articles/inside", "../pages", FOLDER),
    ("content/glossary.yaml", "nothing-here.yaml", NOTHING),
    ("content/cases/loop.yaml", "loop.yaml", LOOP),
    ("content/people.yaml", "/etc/passwd", OUTSIDE),
    ("templates/base.html", "/etc/passwd", OUTSIDE),
    ("templates/partials", "{out}/docs", OUTSIDE),
    ("content", "{out}", OUTSIDE),
]


@pytest.mark.parametrize("link, target, message", LINKS, ids=[x[0] for x in LINKS])
@pytest.mark.parametrize("command", ["build", "check"])
def test_a_link_that_leaves_the_site_or_leads_nowhere_is_an_error_and_never_read(
    make_site, build, check, tmp_path, link, target, message, command
):
    site = make_site(
        {"content/articles/a.md": article(), "content/pages/about.md": "---\ntitle: A\n---\n"}
    )
    out = previous_site(site, build)
    before = snapshot(out)
    target = target.format(out=outside(tmp_path))
    path = site / link
    if path.is_dir():
        os.rename(path, tmp_path / "moved")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.symlink_to(target)
    expected = f"{link}: error: is a link to `{target}`, {message}"
    if command == "build":
        run = build(site, "--no-search")
        code, problems, said = run.code, run.problems, run.stderr
    else:
        code, problems = check(site)
        said = "\n".join(problems)
    assert (code, problems) == (1, [expected])
    assert SECRET not in said and "root:" not in said
    assert snapshot(out) == before


def test_a_link_to_site_yaml_outside_the_site_is_refused_before_anything_is_read(
    make_site, build, tmp_path
):
    site = make_site({"content/articles/a.md": article()})
    (site / "site.yaml").unlink()
    target = outside(tmp_path) / "site.yaml"
    (site / "site.yaml").symlink_to(target)
    run = build(site, "--no-search")
    assert run.code == 1
    assert run.problems == [f"site.yaml: error: is a link to `{target}`, {OUTSIDE}"]
    assert SECRET not in run.stderr and not run.out.exists()


def test_links_to_files_inside_the_site_are_followed_in_every_input_folder(
    make_site, build, tmp_path
):
    """The one kind of link a build follows, the same in content/, templates/ and
    static/ as in site.yaml: to a regular file inside the site folder."""
    shared = {
        "shared/site.yaml": "title: Linked Tracker\nbase_url: https://example.org/\n"
        "sections: {news: {title: News}}\n",
        "shared/story.md": article(title="Shared story"),
        "shared/glossary.yaml": "- term: Voir dire\n  definition: Jury selection.\n",
        "shared/robots.txt": "User-agent: *\n",
        "shared/404.html": "{% extends 'base.html' %}{% block main %}Gone, linked{% endblock %}\n",
    }
    site = make_site(shared)
    (site / "site.yaml").unlink()
    links = {
        "site.yaml": "shared/site.yaml",
        "content/articles/story.md": "../../shared/story.md",
        "content/glossary.yaml": "../shared/glossary.yaml",
        "static/extra.txt": "../shared/robots.txt",
        "templates/404.html": "../shared/404.html",
    }
    for link, target in links.items():
        (site / link).parent.mkdir(parents=True, exist_ok=True)
        (site / link).symlink_to(target)
    run = build(site, "--no-search")
    assert run.code == 0, run.stderr
    assert "Linked Tracker" in run.page("index.html")
    assert "Shared story" in run.page("news/shared-story/index.html")
    assert "Voir dire" in run.page("glossary/index.html")
    assert run.page("extra.txt") == "User-agent: *\n" and not (run.out / "extra.txt").is_symlink()
    assert "Gone, linked" in run.page("404.html")


# -- 2. named pipes and other special files: refused without opening ----------------------


def pipe(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(path)


def unix_socket(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))


SPECIAL = [
    ("content/articles/pipe.md", pipe, "is a named pipe, not a file: sitegen reads only files"),
    ("content/glossary.yaml", pipe, "is a named pipe, not a file: sitegen reads only files"),
    ("content/cases/x.yaml", unix_socket, "is a socket, not a file: sitegen reads only files"),
    ("static/feed.bin", pipe, "is a named pipe, not a file: sitegen reads only files"),
    ("templates/page.html", pipe, "is a named pipe, not a file: sitegen reads only files"),
    ("site.yaml", pipe, "is a named pipe, not a file: sitegen reads only files"),
]


@pytest.mark.parametrize("name, make, message", SPECIAL, ids=[x[0] for x in SPECIAL])
@pytest.mark.parametrize("command", ["build", "check"])
def test_a_named_pipe_or_socket_is_an_error_at_its_path_and_never_opened(
    make_site, build, check, name, make, message, command
):
    site = make_site({"content/articles/a.md": article()})
    (site / name).unlink(missing_ok=True)
    make(site / name)
    with deadline():
        if command == "build":
            run = build(site, "--no-search")
            code, problems = run.code, run.problems
        else:
            code, problems = check(site)
    assert (code, problems) == (1, [f"{name}: error: {message}"])


def test_a_link_to_a_named_pipe_inside_the_site_is_refused(make_site, build):
    site = make_site({"content/articles/a.md": article()})
    pipe(site / "pipes/p")
    (site / "static").mkdir()
    (site / "static/p.txt").symlink_to("../pipes/p")
    with deadline():
        run = build(site, "--no-search")
    assert run.problems == [
        "static/p.txt: error: is a link to `../pipes/p`, a named pipe, which is never read: "
        "link a file instead"
    ]


def test_special_files_sitegen_never_reads_do_not_matter(make_site, build):
    """Hidden entries, and content/ entries starting with `_` or `#`, are never read."""
    site = make_site({"content/articles/a.md": article()})
    for name in ("content/articles/_pipe.md", "content/.git/p", "static/.p", "templates/.p"):
        pipe(site / name)
    (site / "content/articles/#gone.md").symlink_to("/etc/passwd")
    with deadline():
        run = build(site, "--no-search")
    assert (run.code, run.problems) == (0, [])


# -- 3. an incremental build reports what a clean build reports ---------------------------


def _add_link(target: str):
    def add(site: Path, name: str) -> None:
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).symlink_to(target)

    return add


def _add_pipe(site: Path, name: str) -> None:
    pipe(site / name)


NEW_ENTRIES = [
    ("static/gone.png", _add_link("nothing-here.png")),
    ("static/loop.png", _add_link("loop.png")),
    ("static/fonts", _add_link("../content")),
    ("static/p.bin", _add_pipe),
    ("content/articles/leak.md", _add_link("/etc/hostname")),
    ("content/articles/more", _add_link("/usr/share")),
    ("templates/p.html", _add_pipe),
]


@pytest.mark.parametrize("name, add", NEW_ENTRIES, ids=[x[0] for x in NEW_ENTRIES])
def test_after_a_good_build_a_new_bad_entry_fails_the_next_build_as_a_clean_build_would(
    make_site, build, tmp_path, name, add
):
    site = make_site({"content/articles/a.md": article(), "static/a.css": "a {}\n"})
    out = previous_site(site, build)
    before = snapshot(out)
    add(site, name)
    with deadline():
        again = build(site, "--no-search")
        clean = build(site, "--no-search", "--clean", out=tmp_path / "clean")
    assert again.code == clean.code == 1
    assert again.problems == clean.problems and len(again.problems) == 1
    assert again.problems[0].startswith(f"{name}: error: ")
    assert snapshot(out) == before
    # And once it is gone, the next build is good again, incrementally too.
    (site / name).unlink()
    assert build(site, "--no-search").code == 0


# -- 4. --out: only a folder a build made, or an empty one, is ever replaced ---------------


def _unrelated(folder: Path) -> None:
    (folder / "thesis").mkdir(parents=True)
    (folder / "thesis/chapter-1.tex").write_text("years of work\n")
    (folder / "notes.txt").write_text("do not lose\n")


def _home_like(folder: Path) -> None:
    folder.mkdir()
    (folder / ".bashrc").write_text("export X=1\n")
    (folder / ".ssh").mkdir()
    (folder / ".ssh/id_ed25519").write_text("-----BEGIN OPENSSH PRIVATE KEY-----\n")


def _hidden_only(folder: Path) -> None:
    folder.mkdir()
    (folder / ".git").mkdir()
    (folder / ".git/HEAD").write_text("ref: refs/heads/main\n")


def _marker_link(folder: Path) -> None:
    """A marker that is a link, not a file a build wrote, proves nothing."""
    _unrelated(folder)
    (folder / ".sitegen-output").symlink_to("notes.txt")


FOREIGN = [_unrelated, _home_like, _hidden_only, _marker_link]


@pytest.mark.parametrize("make", FOREIGN, ids=[f.__name__ for f in FOREIGN])
@pytest.mark.parametrize("args", [(), ("--clean",)], ids=["build", "clean"])
def test_an_unrelated_non_empty_out_folder_is_refused_by_name_and_left_alone(
    make_site, build, tmp_path, make, args
):
    site = make_site({"content/articles/a.md": article()})
    out = tmp_path / "work"
    make(out)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    run = build(site, "--no-search", *args, out=out)
    assert run.code == 1
    assert run.problems == [
        f"--out: error: {out.resolve()} is not empty and was not made by sitegen (it has no "
        ".sitegen-output file): a build replaces everything in its output folder, so it "
        "will not use this one. Choose a new or empty folder for --out"
    ]
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site", "work"]  # no staging left


def test_the_home_folder_is_refused(make_site, build, tmp_path, monkeypatch):
    home = tmp_path / "home"
    _home_like(home)
    monkeypatch.setenv("HOME", str(home))
    site = make_site({"content/articles/a.md": article()})
    run = build(site, "--no-search", out=Path(os.path.expanduser("~")))
    assert run.code == 1 and f"--out: error: {home.resolve()} is not empty" in run.stderr
    assert (home / ".ssh/id_ed25519").is_file()


@pytest.mark.parametrize("state", ["new", "empty", "built", "built, then emptied of its marker"])
def test_a_new_empty_or_sitegen_made_out_folder_is_built(make_site, build, tmp_path, state):
    """A folder a build made carries `.sitegen-output`. One an older sitegen made (no
    marker yet) is known by the build state this site's cache keeps for it."""
    site = make_site({"content/articles/a.md": article()})
    out = tmp_path / "out"
    if state == "empty":
        out.mkdir()
    if state.startswith("built"):
        assert build(site, "--no-search", out=out).code == 0
        assert (out / ".sitegen-output").is_file()
    if state == "built, then emptied of its marker":
        (out / ".sitegen-output").unlink()
    run = build(site, "--no-search", "--clean", out=out)
    assert run.code == 0, run.stderr
    assert (out / ".sitegen-output").is_file() and (out / "news/a-story/index.html").is_file()


def test_a_folder_made_by_an_older_sitegen_without_its_cache_is_refused(make_site, build, tmp_path):
    """Without the marker and without the cache's record nothing shows that a build made
    the folder: it is refused like any other (delete it, or build elsewhere)."""
    site = make_site({"content/articles/a.md": article()})
    assert build(site, "--no-search").code == 0
    (site / "public/.sitegen-output").unlink()
    shutil.rmtree(site / ".sitegen-cache")
    run = build(site, "--no-search")
    assert run.code == 1 and "was not made by sitegen" in run.stderr
    assert (site / "public/news/a-story/index.html").is_file()


# -- 5 and 6. template faults: an error at templates/FILE:LINE, never a traceback ----------

RECURSION = (
    "templates include, extend or call each other without end (a template that includes itself?)"
)
# (files under templates/, the one problem an editor is told)
TEMPLATE_FAULTS = [
    (
        {"partials/related.html": "ok\n{{ 1 / 0 }}\n"},
        "templates/partials/related.html:2: error: template error: division by zero",
    ),
    (
        {"404.html": "{% set n = 0 %}\n\n{{ 10 // n }}\n"},
        "templates/404.html:3: error: template error: integer division or modulo by zero",
    ),
    (
        {"partials/related.html": "a\n{% include 'partials/related.html' %}\n"},
        f"templates/partials/related.html:2: error: template error: {RECURSION}",
    ),
    (
        {"page.html": "{% extends 'page.html' %}\n"},
        f"templates/page.html:1: error: template error: {RECURSION}",
    ),
    (
        {"partials/a.html": "{% include 'partials/b.html' %}", "partials/b.html": "\n\n"
         "{% include 'partials/a.html' %}", "404.html": "{% include 'partials/a.html' %}"},
        f"templates/partials/b.html:3: error: template error: {RECURSION}",
    ),
    (
        {"partials/x.html": "{% macro m(n) %}{{ m(n + 1) }}{% endmacro %}\n{{ m(0) }}",
         "404.html": "{% include 'partials/x.html' %}"},
        f"templates/partials/x.html:1: error: template error: {RECURSION}",
    ),
    (
        {"partials/related.html": b"fine\nfine\ncaf\xe9 {{ post.title }}\n"},
        "templates/partials/related.html:3: error: template error: the file is not UTF-8 text "
        "(byte 0xe9 on this line): save it as UTF-8",
    ),
    (
        {"partials/related.html": "a\n\n{% if %}\n"},
        "templates/partials/related.html:3: error: template error: "
        "Expected an expression, got 'end of statement block'",
    ),
    (
        {"partials/related.html": "a\n{{ post.article.nope.deeper }}\n"},
        "templates/partials/related.html:2: error: template error: "
        "'sitegen.model.content.Article object' has no attribute 'nope'",
    ),
    (
        {"partials/deep/x.html": "{% for c in post.article.claims %}{{ c }}{% endfor %}\n"
         "{{ post.nope }}", "partials/related.html": "\n{% include 'partials/deep/x.html' %}"},
        "templates/partials/deep/x.html:2: error: template error: "
        "'sitegen.model.site.Post object' has no attribute 'nope'",
    ),
    (
        {"partials/related.html": "a\n{% include 'partials/missing.html' %}\n"},
        "templates/partials/related.html:2: error: template error: "
        "no template `partials/missing.html` in templates/ or the theme",
    ),
    (
        {"article.html": "{% extends 'base.html' %}{% block main %}\n\n"
         "{% with post = site %}{% include 'partials/sidebar.html' %}{% endwith %}"
         "{% endblock %}"},
        "templates/article.html:3: error: template error: 'sitegen.model.site.Site object' "
        "has no attribute 'terms' (in the built-in theme's templates/partials/sidebar.html:",
    ),
]  # fmt: skip


@pytest.mark.parametrize("files, expected", TEMPLATE_FAULTS, ids=range(len(TEMPLATE_FAULTS)))
@pytest.mark.parametrize("command", ["build", "check"])
def test_a_template_fault_is_an_error_at_its_file_and_line(
    make_site, build, check, files, expected, command
):
    site = make_site(
        {"content/articles/a.md": article(), "content/pages/about.md": "---\ntitle: A\n---\n"}
    )
    for name, text in files.items():
        path = site / "templates" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text if isinstance(text, bytes) else text.encode())
    if command == "build":
        run = build(site, "--no-search", "--jobs", "1")
        code, problems, said = run.code, run.problems, run.stderr
    else:
        code, problems = check(site)
        said = "\n".join(problems)
    assert code == 1 and "Traceback" not in said
    assert len(problems) == 1 and problems[0].startswith(expected), problems


# -- 7. extreme dates: built, or an error at their line -----------------------------------

OUT_OF_RANGE = "is out of range: a date must be from 0002-01-01 to 9998-12-31"
# (front matter after the required fields, the site's time zone, errors expected)
DATES = [
    ("date: 9999-12-31", "UTC", [f"3: error: date: `9999-12-31` {OUT_OF_RANGE}"]),
    ("date: 0001-01-01", "UTC", [f"3: error: date: `0001-01-01` {OUT_OF_RANGE}"]),
    (
        "date: 9999-12-31T23:59:59-12:00",
        "UTC",
        [f"3: error: date: `9999-12-31T23:59:59-12:00` {OUT_OF_RANGE}"],
    ),
    (
        "date: 2026-05-01\nupdated: 0001-01-01T00:00:00+14:00",
        "UTC",
        [f"4: error: updated: `0001-01-01T00:00:00+14:00` {OUT_OF_RANGE}"],
    ),
    ("date: 9998-12-31T23:59:59-12:00", "Pacific/Kiritimati", []),
    ("date: 0002-01-01T00:00:00+14:00", "Pacific/Pago_Pago", []),
    ("date: 9998-12-31", "Pacific/Kiritimati", []),
    ("date: 0002-01-01", "Pacific/Pago_Pago", []),
    (
        "date: 2026-05-01\nclaims: [{id: c, text: t, by: X, status: alleged, date: 9999-12-31}]\n"
        "valuations: [{entity: E, amount: 8B, as_of: 0001}]",
        "UTC",
        [],
    ),
]


@pytest.mark.parametrize("front, zone, errors", DATES, ids=[d[0][:40] for d in DATES])
@pytest.mark.parametrize("command", ["build", "check"])
def test_an_extreme_date_builds_or_is_an_error_at_its_line(
    make_site, build, check, front, zone, errors, command
):
    site_yaml = f"title: T\nbase_url: https://example.org/\ntimezone: {zone}\n"
    text = f"---\ntitle: A\n{front}\nsection: news\nsummary: S.\n---\nText.\n"
    site = make_site(
        {"content/articles/a.md": text}, site_yaml=site_yaml + "sections: {news: {title: N}}\n"
    )
    if command == "build":
        run = build(site, "--no-search", "--future")
        code, problems, said = run.code, [p for p in run.problems if "error" in p], run.stderr
    else:
        code, problems = check(site, "--future")
        said = "\n".join(problems)
    assert "Traceback" not in said and "Overflow" not in said
    assert problems == [f"content/articles/a.md:{e}" for e in errors]
    assert code == (1 if errors else 0)
    if command == "build" and not errors:
        assert (run.out / "news/a/index.html").is_file()
        assert build(site, "--no-search").code == 0  # scheduled, or published: no overflow


# -- 9. feed ids are unique: an error at the later article's line -------------------------

FEED_ID_CLASHES = [
    (  # the same written id
        {
            "a.md": article(title="One", extra="id: trial-1\n"),
            "b.md": article(title="Two", date="2026-05-02", extra="id: trial-1\n"),
        },
        "content/articles/b.md:6: error: id: `trial-1` is already the feed id of "
        "content/articles/a.md:6: every article needs its own",
    ),
    (  # the same slug and date in two sections: the same derived id
        {
            "a.md": article(title="Verdict"),
            "b.md": article(title="Verdict", section="guides"),
        },
        "content/articles/b.md:3: error: id: this article's feed id "
        "`tag:example.org,2026-05-01:verdict` (made from its date and slug) is already the "
        "feed id of content/articles/a.md:3: give one of them an `id` of its own",
    ),
    (  # a written id that is another article's derived one
        {
            "a.md": article(title="Verdict"),
            "b.md": article(
                title="Other", date="2026-05-03", extra="id: tag:example.org,2026-05-01:verdict\n"
            ),
        },
        "content/articles/b.md:6: error: id: `tag:example.org,2026-05-01:verdict` is already "
        "the feed id of content/articles/a.md:3: every article needs its own",
    ),
    (  # the later one is the one in error, whatever the file names
        {
            "z.md": article(title="First", extra="id: x\n"),
            "a.md": article(title="Second", date="2026-05-01T09:00", extra="id: x\n"),
        },
        "content/articles/a.md:6: error: id: `x` is already the feed id of "
        "content/articles/z.md:6: every article needs its own",
    ),
]


@pytest.mark.parametrize("files, expected", FEED_ID_CLASHES, ids=range(len(FEED_ID_CLASHES)))
@pytest.mark.parametrize("command", ["build", "check"])
def test_two_articles_with_one_feed_id_are_an_error_at_the_later_ones_line(
    make_site, build, check, files, expected, command
):
    site = make_site({f"content/articles/{name}": text for name, text in files.items()})
    if command == "build":
        run = build(site, "--no-search")
        code, problems = run.code, run.problems
    else:
        code, problems = check(site)
    assert (code, problems) == (1, [expected])


def test_articles_with_their_own_ids_may_share_a_slug_and_date(make_site, build):
    site = make_site(
        {
            "content/articles/a.md": article(title="Verdict", extra="id: a-1\n"),
            "content/articles/b.md": article(title="Verdict", section="guides"),
        }
    )
    run = build(site, "--no-search")
    assert run.code == 0, run.stderr
    guids = re.findall(r"<guid[^>]*>(.*?)</guid>", run.page("feed.xml"))
    assert sorted(guids) == ["a-1", "tag:example.org,2026-05-01:verdict"]


# -- 10. every path sitegen writes is reserved --------------------------------------------

RESERVED_SECTIONS = [
    ("pagefind", "the search index"),
    ("assets", "the theme's assets"),
    ("search", "the search page"),
    ("tags", "the topic pages"),
    ("people", "the people pages"),
    ("page", "the home page's later pages"),
    ("images", "the processed images"),
]


@pytest.mark.parametrize("key, what", RESERVED_SECTIONS, ids=[k for k, _ in RESERVED_SECTIONS])
def test_a_section_key_sitegen_writes_is_an_error_at_its_line(make_site, build, key, what):
    site_yaml = SITE_YAML + f"  {key}: {{title: X}}\n"
    site = make_site({"content/articles/a.md": article()}, site_yaml=site_yaml)
    run = build(site, "--no-search")
    assert (run.code, run.problems) == (
        1,
        [f"site.yaml:7: error: sections.{key}: `{key}` is reserved: /{key}/ holds {what}; "
         "choose another"],
    )  # fmt: skip


RESERVED_PAGES = [
    ("pagefind.md", "", 2, "pagefind", "the search index"),
    ("about.md", "slug: search\n", 3, "search", "the search page"),
    ("glossary.md", "", 2, "glossary", "the glossary"),
    ("x.md", "slug: assets\n", 3, "assets", "the theme's assets"),
]


@pytest.mark.parametrize("name, front, line, slug, what", RESERVED_PAGES, ids=range(4))
def test_a_page_at_a_path_sitegen_writes_is_an_error_at_its_line(
    make_site, build, name, front, line, slug, what
):
    page = f"---\ntitle: P\n{front}---\nText.\n"
    site = make_site({"content/articles/a.md": article(), f"content/pages/{name}": page})
    run = build(site, "--no-search")
    expected = (
        f"content/pages/{name}:{line}: error: slug: `{slug}` is reserved: /{slug}/ holds "
        f"{what}; choose another"
    )
    assert (run.code, run.problems) == (1, [expected])


@pytest.mark.parametrize(
    "name, message",
    [
        ("static/pagefind/pagefind.js", "`pagefind/` is where sitegen puts the search index"),
        ("static/pagefind/x/y.css", "`pagefind/` is where sitegen puts the search index"),
        ("static/feed.xml", "output `feed.xml` is also produced by site feed"),
        ("static/404.html", "output `404.html` is also produced by not-found page"),
        ("static/search/index.html", "output `search/index.html` is also produced by search"),
    ],
)
def test_a_static_file_at_a_path_sitegen_writes_is_an_error_at_its_path(
    make_site, build, name, message
):
    site = make_site({"content/articles/a.md": article(), name: "mine\n"})
    run = build(site)
    assert run.code == 1
    assert len(run.problems) == 1 and run.problems[0].startswith(f"{name}: error: {message}")


def test_a_static_file_may_replace_a_theme_asset_and_live_in_any_other_folder(make_site, build):
    site = make_site(
        {
            "content/articles/a.md": article(),
            "static/assets/sitegen.css": "body {}\n",
            "static/people/photo.txt": "a photo\n",
            "static/.sitegen-output": "hidden: never copied\n",
        }
    )
    run = build(site, "--no-search")
    assert run.code == 0, run.stderr
    assert run.page("assets/sitegen.css") == "body {}\n"
    assert run.page("people/photo.txt") == "a photo\n"
    assert "sitegen" in run.page(".sitegen-output")  # the build's own mark


# -- 11. every clash and nesting problem at FILE:LINE -------------------------------------


def test_a_slug_collision_names_both_files_with_their_lines(make_site, build):
    site = make_site(
        {
            "content/articles/a.md": article(title="Verdict"),
            "content/articles/b.md": article(
                title="Other", date="2026-05-02", extra="slug: verdict\n"
            ),
            "content/pages/news.md": "---\ntitle: News\n---\n",
            "content/pages/x.md": "---\ntitle: X\nslug: guides\n---\n",
        }
    )
    run = build(site, "--no-search")
    assert run.problems == [
        "content/articles/a.md:2: error: output `news/verdict/index.html` is also produced by "
        "content/articles/b.md:6",
        "content/articles/b.md:6: error: output `news/verdict/index.html` is also produced by "
        "content/articles/a.md:2",
        "content/pages/news.md:2: error: output `news/index.html` is also produced by site.yaml:5",
        "content/pages/x.md:3: error: output `guides/index.html` is also produced by site.yaml:6",
        "site.yaml:5: error: output `news/index.html` is also produced by content/pages/news.md:2",
        "site.yaml:6: error: output `guides/index.html` is also produced by content/pages/x.md:3",
    ]


def _deep_flow(n: int) -> str:
    return "extra:\n  x: " + "[" * n + "]" * n + "\n"


def _deep_flow_lines(n: int) -> str:
    return "extra:\n  x:\n" + "".join("    [\n" for _ in range(n)) + "    1" + "]" * n + "\n"


def _deep_block(n: int) -> str:
    return "extra:\n  x:\n" + "".join("  " * (i + 2) + "-\n" for i in range(n))


@pytest.mark.parametrize(
    "extra, line",
    [
        (_deep_flow(150), 7),
        (_deep_flow(20_000), 7),
        (_deep_flow_lines(150), 106),
        (_deep_flow_lines(5_000), 106),
        (_deep_block(150), 106),
    ],
    ids=["flow 150", "flow 20000", "flow over lines 150", "flow over lines 5000", "block 150"],
)
def test_too_deep_nesting_is_an_error_at_the_line_where_it_passes_the_limit(
    make_site, build, extra, line
):
    site = make_site({"content/articles/a.md": article(extra=extra)})
    run = build(site, "--no-search")
    assert run.problems == [
        f"content/articles/a.md:{line}: error: extra: lists and mappings are nested more "
        "than 100 deep"
    ]


# -- 12. glossary terms with punctuation link; a term without words is an error ------------

PUNCTUATED = """\
- term: C++
  definition: A language.
- term: C#
  definition: Another language.
- term: .NET
  definition: A platform.
- term: U.S.
  definition: The United States.
- term: Section 230(c)
  definition: A statute.
- term: Rule 702
  aliases: ["F.R.E. 702"]
  definition: Expert testimony.
"""


@pytest.mark.parametrize(
    "text, linked",
    [
        ("Written in C++ and C#.", ["C++", "C#"]),
        ("A c++ codebase, then c# too.", ["c++", "c#"]),
        ("On .NET, not ASP.NET.", [".NET"]),
        ("The U.S. court.", ["U.S."]),
        ("Under Section 230(c) of the act.", ["Section 230(c)"]),
        ("Per F.R.E. 702, experts.", ["F.R.E. 702"]),
        ("C#x and C++17 are other words.", []),
    ],
)
def test_glossary_terms_that_begin_or_end_with_punctuation_link(make_site, build, text, linked):
    site = make_site(
        {"content/glossary.yaml": PUNCTUATED, "content/articles/a.md": article(body=text)}
    )
    run = build(site, "--no-search")
    assert run.code == 0, run.stderr
    page = run.page("news/a-story/index.html")
    assert re.findall(r'<a class="term"[^>]*>([^<]*)</a>', page) == linked


@pytest.mark.parametrize(
    "glossary, line, field, written",
    [
        ("- term: '++'\n  definition: d\n", 1, "[0].term", "++"),
        ("- term: C\n  definition: d\n- term: —\n  definition: d\n", 3, "[1].term", "—"),
        ("- term: '...'\n  slug: dots\n  definition: d\n", 1, "[0].term", "..."),
        ("- term: C\n  aliases: [c-lang, '#!']\n  definition: d\n", 2, "[0].aliases[1]", "#!"),
    ],
)
@pytest.mark.parametrize("command", ["build", "check"])
def test_a_glossary_term_without_letters_or_digits_is_an_error_at_its_line(
    make_site, build, check, glossary, line, field, written, command
):
    site = make_site({"content/glossary.yaml": glossary, "content/articles/a.md": article()})
    expected = (
        f"content/glossary.yaml:{line}: error: {field}: `{written}` has no letter or digit, "
        "so no text can ever link to it: write it with words (`C++` and `C#` are fine)"
    )
    if command == "build":
        run = build(site, "--no-search")
        code, problems = run.code, [p for p in run.problems if ": error: " in p]
    else:
        code, problems = check(site)
    assert (code, problems) == (1, [expected])


# -- 8. long lists: bounded, with an error at the first item too many ----------------------


@pytest.mark.parametrize(
    "key, limit, count",
    [("authors", 100, 101), ("authors", 100, 40_000), ("tags", 100, 101), ("people", 1000, 1001)],
)
@pytest.mark.parametrize("command", ["build", "check"])
def test_a_list_longer_than_its_limit_is_an_error_at_the_first_item_too_many(
    make_site, build, check, key, limit, count, command
):
    items = "".join(f"  - Name Number {i}\n" for i in range(count))
    site = make_site({"content/articles/a.md": article(extra=f"{key}:\n{items}")})
    line = 6 + 1 + limit  # `key:` on line 6, then one item a line
    expected = (
        f"content/articles/a.md:{line}: error: {key}: {count:,} items: an article may have "
        f"at most {limit:,}"
    )
    with deadline(300):  # was quadratic: 40,000 authors took over 100 s in the feeds
        if command == "build":
            run = build(site, "--no-search")
            code, problems = run.code, [p for p in run.problems if ": error: " in p]
        else:
            code, problems = check(site)
    assert (code, problems) == (1, [expected])


def test_an_article_at_the_limits_builds_with_every_byline_in_its_feeds(make_site, build):
    authors = "".join(f"  - Reporter {i}\n" for i in range(100))
    site = make_site({"content/articles/a.md": article(extra=f"authors:\n{authors}")})
    run = build(site, "--no-search")
    assert run.code == 0, run.stderr
    atom = run.page("atom.xml")
    assert atom.count("<name>Reporter ") == 100 and "Reporter 99" in run.page("feed.xml")
