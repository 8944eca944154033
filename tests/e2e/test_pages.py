"""What a reader finds on a built site: listings, tags, pages, scheduling and safety."""

from __future__ import annotations

import json
import re

import pytest

from tests.support import SITE_YAML, article


def titles(html: str) -> list[str]:
    """The headlines a listing shows, in order (the front page's lead is an h2 with an
    id, its other stories h3s)."""
    found = re.findall(r'<h([23])(?: id="[^"]+")?><a href="[^"]+">([^<]+)</a></h\1>', html)
    return [title for _, title in found]


def test_home_lists_newest_first_and_paginates(make_site, build):
    files = {
        f"content/articles/a{i:02d}.md": article(title=f"Story {i:02d}", date=f"2026-04-{i:02d}")
        for i in range(1, 13)
    }
    run = build(make_site(files, SITE_YAML + "pagination: {per_page: 5}\n"))
    assert run.code == 0, run.stderr
    assert titles(run.page("index.html")) == [f"Story {i:02d}" for i in range(12, 7, -1)]
    assert titles(run.page("page/3/index.html")) == ["Story 02", "Story 01"]
    assert 'rel="next" href="/trial/page/2/"' in run.page("index.html")
    assert 'rel="prev" href="/trial/page/2/"' in run.page("page/3/index.html")


def test_articles_live_under_their_section_and_sections_list_them(make_site, build):
    run = build(make_site({
        "content/articles/deep/er/a.md": article(title="In the News", section="news"),
        "content/articles/b.md": article(title="A Guide", section="guides", extra="slug: how-to\n"),
    }))  # fmt: skip
    assert run.code == 0, run.stderr
    assert "In the News" in run.page("news/in-the-news/index.html")
    assert "A Guide" in run.page("guides/how-to/index.html")
    assert titles(run.page("guides/index.html")) == ["A Guide"]


def test_tags_fold_case_and_show_as_first_written(make_site, build):
    run = build(make_site({
        "content/articles/old.md": article(title="Old", date="2026-01-01", extra="tags: [OpenAI]\n"),
        "content/articles/new.md": article(title="New", date="2026-02-01", extra="tags: [openai, AI Safety]\n"),
    }))  # fmt: skip
    assert run.code == 0, run.stderr
    tag_page = run.page("tags/openai/index.html")
    assert "Topic: OpenAI" in tag_page
    assert titles(tag_page) == ["New", "Old"]
    assert "AI Safety" in run.page("tags/ai-safety/index.html")


@pytest.mark.parametrize(
    "flags, expected",
    [((), {"Published"}), (("--drafts",), {"Published", "Draft"}),
     (("--future",), {"Published", "Scheduled"}), (("--drafts", "--future"), {"Published", "Draft", "Scheduled"})],
)  # fmt: skip
def test_drafts_and_scheduled_articles_wait_unless_asked_for(make_site, build, flags, expected):
    # The build's "now" is SOURCE_DATE_EPOCH (2026-09-21), set by the build fixture.
    site = make_site({
        "content/articles/p.md": article(title="Published", date="2026-05-01"),
        "content/articles/d.md": article(title="Draft", date="2026-05-02", extra="draft: true\n"),
        "content/articles/s.md": article(title="Scheduled", date="2030-01-01T09:00:00Z"),
    })  # fmt: skip
    run = build(site, *flags)
    assert run.code == 0, run.stderr
    assert set(titles(run.page("index.html"))) == expected


def test_standalone_pages_have_their_own_url_and_stay_out_of_listings(make_site, build):
    run = build(make_site({
        "content/articles/a.md": article(title="Story"),
        "content/pages/about.md": "---\ntitle: About us\n---\nWho we are.\n",
    }))  # fmt: skip
    assert "Who we are." in run.page("about/index.html")
    assert titles(run.page("index.html")) == ["Story"]
    assert "About us" not in run.page("feed.xml")


def test_front_matter_is_escaped_everywhere(make_site, build):
    evil = "</script><script>alert(1)</script> & <b>bold</b>"
    run = build(make_site({
        "content/articles/a.md": article(title=json.dumps(evil), summary=json.dumps(evil)),
    }))  # fmt: skip
    assert run.code == 0, run.stderr
    page = run.page("news/script-script-alert-1-script-b-bold-b/index.html")
    assert "<script>alert(1)" not in page
    assert "<b>bold</b>" not in page
    ld = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1)
    assert "<" not in ld and ">" not in ld and "\\u003c/script\\u003e" in ld
    assert json.loads(ld)["headline"] == evil


def test_a_site_template_overrides_the_theme_file_by_file(make_site, build):
    run = build(make_site({
        "content/articles/a.md": article(title="Story"),
        "templates/404.html": "{% extends 'base.html' %}{% block main %}<h1>Lost?</h1>{% endblock %}",
    }))  # fmt: skip
    assert run.code == 0, run.stderr
    assert "<h1>Lost?</h1>" in run.page("404.html")
    assert "Latest coverage" in run.page("index.html")


def test_a_broken_template_is_reported_at_its_line(make_site, build):
    run = build(make_site({
        "content/articles/a.md": article(),
        "templates/404.html": "{% extends 'base.html' %}\n{% block main %}\n{% if %}\n{% endblock %}",
    }))  # fmt: skip
    assert run.code == 1
    assert run.problems == [
        "templates/404.html:3: error: template error: Expected an expression, got 'end of statement block'"
    ]


def test_static_files_are_copied_as_they_are(make_site, build):
    site = make_site({"content/articles/a.md": article(), "static/images/x.txt": "as is\n"})
    run = build(site)
    assert run.page("images/x.txt") == "as is\n"
    assert (run.out / "assets" / "sitegen.css").is_file()


def test_two_things_claiming_one_url_are_all_reported(make_site, build):
    run = build(make_site({
        "content/articles/a.md": article(title="Same"),
        "content/articles/b.md": article(title="Same"),
        "content/pages/news.md": "---\ntitle: News page\n---\nx\n",
    }))  # fmt: skip
    assert run.code == 1
    assert run.problems == [
        "content/articles/a.md:2: error: output `news/same/index.html` is also produced by content/articles/b.md:2",
        "content/articles/b.md:2: error: output `news/same/index.html` is also produced by content/articles/a.md:2",
        "content/pages/news.md:2: error: output `news/index.html` is also produced by site.yaml:5",
        "site.yaml:5: error: output `news/index.html` is also produced by content/pages/news.md:2",
    ]


@pytest.mark.parametrize("where", [".", "content", "content/articles", "templates", "static", ".."])
def test_an_output_folder_that_would_harm_the_site_is_refused(make_site, build, where):
    site = make_site(
        {"content/articles/a.md": article(), "templates/.keep": "", "static/.keep": ""}
    )
    run = build(site, out=(site / where))
    assert run.code == 1
    assert run.problems and run.problems[0].startswith("--out: error:")
    assert (site / "content/articles/a.md").is_file()


def test_a_missing_site_yaml_is_one_clear_error(tmp_path, build):
    run = build(tmp_path)
    assert run.code == 1
    assert run.problems == ["site.yaml: error: site.yaml not found: is this a sitegen site folder?"]


def test_robots_and_sitemap_name_absolute_urls(make_site, build):
    run = build(make_site({"content/articles/a.md": article(title="Story")}))
    assert "Sitemap: https://example.org/trial/sitemap.xml" in run.page("robots.txt")
    assert "<loc>https://example.org/trial/news/story/</loc>" in run.page("sitemap.xml")
