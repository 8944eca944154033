"""`sitegen new SECTION "Title"`: a draft article with its front matter ready to fill in."""

from __future__ import annotations

import re
from datetime import datetime

import pytest

from sitegen.commands.cli import main
from tests.support import EPOCH, article

CASE = "title: Musk v. OpenAI\n"


@pytest.fixture
def site(make_site, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)  # 2026-09-21T14:13:20Z
    return make_site({"content/cases/musk-v-openai.yaml": CASE})


def new(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["new", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_new_writes_a_draft_under_its_section_and_year(site, capsys):
    code, out, _ = new(capsys, "news", "Musk takes the stand", "--site", str(site))

    assert code == 0
    path = site / "content/articles/news/2026/musk-takes-the-stand.md"
    assert out.strip() == str(path)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n")
    assert 'title: "Musk takes the stand"\n' in text
    assert "section: news\n" in text
    assert re.search(r"^draft: true\b", text, re.MULTILINE)
    assert re.search(r"^summary: \S", text, re.MULTILINE)


def test_the_date_is_now_in_the_site_time_zone_with_its_offset(site, capsys):
    new(capsys, "news", "Scheduling", "--site", str(site))

    text = (site / "content/articles/news/2026/scheduling.md").read_text(encoding="utf-8")
    written = re.search(r"^date: (\S+)$", text, re.MULTILINE).group(1)
    # The test site is in America/Los_Angeles: 14:13:20 UTC is 07:13:20 in PDT.
    assert written == "2026-09-21T07:13:20-07:00"
    assert datetime.fromisoformat(written).timestamp() == int(EPOCH)


def test_every_new_article_gets_its_own_permanent_id(site, capsys):
    new(capsys, "news", "First", "--site", str(site))
    new(capsys, "news", "Second", "--site", str(site))

    ids = [
        re.search(
            r'^id: "(.*)"$', (site / f"content/articles/news/2026/{name}.md").read_text(), re.M
        ).group(1)
        for name in ("first", "second")
    ]
    for ident in ids:
        assert re.fullmatch(
            r"urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", ident
        )
    assert ids[0] != ids[1]


def test_the_new_draft_builds_with_drafts_and_stays_out_without(site, capsys, build):
    new(
        capsys,
        "news",
        'Judge says "no": trial goes on',
        "--case",
        "musk-v-openai",
        "--site",
        str(site),
    )

    without = build(site)
    assert without.code == 0, without.stderr
    assert not (without.out / "news/judge-says-no-trial-goes-on/index.html").exists()

    drafted = build(site, "--drafts")
    assert drafted.code == 0, drafted.stderr
    assert drafted.problems == []
    page = drafted.page("news/judge-says-no-trial-goes-on/index.html")
    assert "Judge says “no”: trial goes on" in page  # with typographic quotes
    assert "/trial/cases/musk-v-openai/" in page


def test_new_never_overwrites_an_existing_file(site, capsys):
    new(capsys, "news", "Verdict", "--site", str(site))
    path = site / "content/articles/news/2026/verdict.md"
    path.write_text(article(title="Verdict", body="The editor's words."), encoding="utf-8")

    code, _, err = new(capsys, "news", "Verdict", "--site", str(site))

    assert code == 1
    assert "content/articles/news/2026/verdict.md: error: already exists" in err
    assert "The editor's words." in path.read_text(encoding="utf-8")


def test_a_chosen_slug_names_the_file_and_the_page(site, capsys):
    code, _, _ = new(
        capsys, "guides", "What is distillation?", "--slug", "distillation", "--site", str(site)
    )

    assert code == 0
    text = (site / "content/articles/guides/2026/distillation.md").read_text(encoding="utf-8")
    assert "slug: distillation\n" in text


def test_an_unknown_section_is_refused_with_the_nearest_one(site, capsys):
    code, _, err = new(capsys, "nwes", "Anything", "--site", str(site))

    assert code == 1
    assert (
        "site.yaml:4: error: sections: no section `nwes` in site.yaml (did you mean `news`?)" in err
    )
    assert not (site / "content/articles").exists()


def test_an_unknown_case_is_refused_with_the_nearest_one(site, capsys):
    code, _, err = new(capsys, "news", "Anything", "--case", "musk-v-openia", "--site", str(site))

    assert code == 1
    assert "no case `musk-v-openia`" in err
    assert "(did you mean `musk-v-openai`?)" in err
    assert not (site / "content/articles").exists()


def test_a_folder_that_is_not_a_site_is_reported(tmp_path, capsys):
    code, _, err = new(capsys, "news", "Anything", "--site", str(tmp_path))

    assert code == 1
    assert "site.yaml: error: site.yaml not found" in err


# `sitegen new entry`: an entry of a live article, timed now in the site's zone


def test_new_entry_writes_an_entry_timed_now_that_builds(make_site, build, capsys, monkeypatch):
    from tests.support import LIVE_PATH, LIVE_URL, live_article

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1778084040")  # 2026-05-06T16:14:00Z
    site = make_site({LIVE_PATH: live_article()})
    code, out, _ = new(capsys, "entry", LIVE_PATH, "Musk: takes the stand", "--site", str(site))
    assert code == 0
    path = site / "content/articles/2026/05/day-6/0914-musk-takes-the-stand.md"
    assert out.strip() == str(path)
    text = path.read_text(encoding="utf-8")
    assert "time: 2026-05-06T09:14:00-07:00\n" in text  # now, in the site's zone
    assert 'title: "Musk: takes the stand"\n' in text and "id: musk-takes-the-stand\n" in text
    # A second one with the same title in the same minute gets an id of its own.
    new(capsys, "entry", LIVE_PATH, "Musk: takes the stand", "--site", str(site))
    assert (path.parent / "0914-musk-takes-the-stand-2.md").is_file()
    run = build(site)
    assert run.code == 0, run.stderr
    assert 'id="musk-takes-the-stand-2"' in run.page(LIVE_URL + "index.html")
    # Saved as written, its placeholder text is published: the build says so.
    assert run.problems == [
        f"content/articles/2026/05/day-6/{name}.md:9: warning: is still the placeholder "
        "that `sitegen new entry` wrote"
        for name in ("0914-musk-takes-the-stand-2", "0914-musk-takes-the-stand")
    ]


def test_new_entry_refuses_an_article_that_is_not_live(make_site, capsys, monkeypatch):
    from tests.support import LIVE_PATH, live_article

    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    site = make_site(
        {
            "content/articles/plain.md": article(),
            LIVE_PATH: live_article("ended", ended="2026-05-06T17:10:00-07:00"),
        }
    )
    code, _, err = new(capsys, "entry", "content/articles/plain.md", "X", "--site", str(site))
    assert code == 1
    assert err.strip() == (
        "content/articles/plain.md:1: error: live: has no `live` field: "
        "add `live: {status: live}` to its front matter first"
    )
    code, _, err = new(capsys, "entry", LIVE_PATH, "X", "--site", str(site))
    assert code == 1 and "the coverage has ended" in err
    code, _, err = new(capsys, "entry", "content/articles/nope.md", "X", "--site", str(site))
    assert code == 1 and "is not an article of this site" in err
    assert not (site / "content/articles/plain").exists()
