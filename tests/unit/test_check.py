"""`sitegen check`: every problem a build would report, plus broken internal links, and no output."""

from __future__ import annotations

import pytest

from sitegen.commands.cli import main
from tests.support import EPOCH, article

PAGE = "---\ntitle: About us\n---\nWho we are.\n"


@pytest.fixture
def check(capsys, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)

    def run(site, *args: str) -> tuple[int, list[str]]:
        code = main(["check", "--site", str(site), *args])
        err = capsys.readouterr().err
        return code, err.splitlines()

    return run


def test_a_clean_site_passes_and_nothing_is_written(make_site, check):
    site = make_site(
        {
            "content/articles/a.md": article(title="A story", body="See [about us](/about/)."),
            "content/pages/about.md": PAGE,
        }
    )

    code, lines = check(site)

    assert code == 0
    assert len(lines) == 1
    assert lines[0].startswith("check: 0 error(s), 0 warning(s) in a site of ")
    assert lines[0].endswith(" files; nothing written")
    assert sorted(p.name for p in site.iterdir()) == ["content", "site.yaml"]
    assert [p.name for p in site.parent.iterdir()] == ["site"]  # no staging folder either


def test_content_errors_are_reported_as_a_build_reports_them(make_site, check, build):
    site = make_site({"content/articles/a.md": article(extra="titel: typo\n")})

    code, lines = check(site)

    assert code == 1
    assert "content/articles/a.md:6: error: titel: unknown field (did you mean `title`?)" in lines
    built = build(site, out=site.parent / "out")
    assert [line for line in lines if ": error: " in line] == [
        line for line in built.problems if ": error: " in line
    ]
    assert not (site / "public").exists()


def test_a_template_error_is_found_without_writing(make_site, check):
    site = make_site(
        {
            "content/articles/a.md": article(),
            "templates/404.html": "{% extends 'base.html' %}{% block main %}{{ nothing.here }}{% endblock %}",
        }
    )

    code, lines = check(site)

    assert code == 1
    assert any(line.startswith("templates/404.html") and "template error" in line for line in lines)
    assert not (site / "public").exists()


def test_a_root_relative_link_to_a_missing_page_is_an_error_at_its_line(make_site, check):
    body = """\
    First paragraph.

    Read our [corrections policy](/corrections-policy/),
    and [about us](/about/).
    """
    site = make_site({"content/articles/a.md": article(body=body), "content/pages/about.md": PAGE})

    code, lines = check(site)

    assert code == 1
    # Front matter is lines 1-6, so the body starts on line 7.
    assert lines[0] == (
        "content/articles/a.md:9: error: link: `/corrections-policy/`: no page at /trial/corrections-policy/ on this site"
    )
    assert not any("/about/" in line for line in lines)


def test_relative_links_resolve_from_the_page_they_are_on(make_site, check):
    # The article is /trial/news/a-story/, the page /trial/about/.
    site = make_site(
        {
            "content/articles/a.md": article(body="[About](../../about/) and [Gone](../gone/)"),
            "content/pages/about.md": "---\ntitle: About\n---\n[The story](../news/a-story/)\n",
        }
    )

    code, lines = check(site)

    assert code == 1
    problems = [line for line in lines if ": error: " in line]
    assert problems == [
        "content/articles/a.md:7: error: link: `../gone/`: no page at /trial/news/gone/ on this site"
    ]


def test_links_to_static_files_feeds_and_the_site_root_resolve(make_site, check):
    body = "[Chart](/img/chart.png) [feed](/feed.xml) [home](/) [news](/news) [top](#top)"
    site = make_site({"content/articles/a.md": article(body=body), "static/img/chart.png": "png"})

    code, lines = check(site)

    assert code == 0, lines


def test_links_in_raw_html_are_checked_at_their_line(make_site, check):
    body = '<figure>\n<img src="/img/missing.png" alt="">\n</figure>\n'
    site = make_site({"content/articles/a.md": article(body=body)})

    code, lines = check(site)

    assert code == 1
    assert lines[0].startswith("content/articles/a.md:8: error: link: `/img/missing.png`")


def test_a_link_to_a_draft_is_a_warning_and_strict_makes_it_an_error(make_site, check):
    site = make_site(
        {
            "content/articles/a.md": article(body="Coming: [the profile](/news/profile/)."),
            "content/articles/b.md": article(title="Profile", extra="draft: true\n"),
        }
    )

    code, lines = check(site)
    assert code == 0
    assert lines[0] == (
        "content/articles/a.md:7: warning: link: `/news/profile/` is a draft or scheduled "
        "article: the link is broken until it is published"
    )

    strict_code, strict_lines = check(site, "--strict")
    assert strict_code == 1
    assert strict_lines[0].startswith("content/articles/a.md:7: error: link:")


def test_a_similar_page_is_suggested(make_site, check):
    site = make_site(
        {"content/articles/a.md": article(body="[us](/abut/)"), "content/pages/about.md": PAGE}
    )

    code, lines = check(site)

    assert code == 1
    assert lines[0].endswith("no page at /trial/abut/ on this site (did you mean `/trial/about/`?)")


def test_external_and_mail_links_are_left_alone(make_site, check):
    body = "[court](https://example.com/x) [mail](mailto:desk@example.org) [proto](//cdn.example.net/a.js)"
    site = make_site({"content/articles/a.md": article(body=body)})

    code, lines = check(site)

    assert code == 0, lines


def test_quiet_prints_only_problems(make_site, check):
    site = make_site({"content/articles/a.md": article()})

    code, lines = check(site, "-q")

    assert (code, lines) == (0, [])


def test_links_in_a_live_articles_entries_are_checked_at_their_lines(make_site, check):
    from tests.support import LIVE_PATH, entry, entry_path, live_article

    body = "See [the ruling](/rulings/) and [the day](#stand).\n"
    site = make_site({LIVE_PATH: live_article(), entry_path("stand"): entry("09:14", body)})
    code, lines = check(site)
    assert code == 1
    assert lines[0] == (
        "content/articles/2026/05/day-6/stand.md:4: error: link: `/rulings/`: "
        "no page at /trial/rulings/ on this site"
    )
    assert not any("#stand" in line for line in lines)
