"""Live coverage as an editor writes it: entries checked like articles, every problem at
its line, all in one run, and times read the way a reporter in the courtroom means them."""

from __future__ import annotations

import json

from tests.support import LIVE_PATH, LIVE_URL, SITE_YAML, article, entry, entry_path, live_article


def updates(run) -> dict:
    return json.loads(run.page(LIVE_URL + "updates.json"))


def errors(run) -> list[str]:
    return [p for p in run.problems if ": error: " in p]


def test_hh_mm_is_read_on_the_live_articles_date_in_the_site_zone(make_site, build):
    # 01:00 UTC on May 7 is still May 6 in Oakland: 19:00 is that evening, not the next.
    late = live_article().replace("2026-05-06T08:30:00-07:00", "2026-05-07T01:00:00Z")
    site = make_site({LIVE_PATH: late, entry_path("verdict"): entry("19:00")})
    run = build(site)
    assert run.code == 0, run.stderr
    assert updates(run)["entries"][0]["time"] == "2026-05-06T19:00:00-07:00"


def test_a_full_time_keeps_its_instant_and_the_id_defaults_to_the_file_name(make_site, build):
    site = make_site(
        {LIVE_PATH: live_article(), entry_path("Recess 1"): entry("2026-05-06T16:14:00Z")}
    )
    run = build(site)
    assert run.code == 0, run.stderr
    [only] = updates(run)["entries"]
    assert only["id"] == "recess-1"
    assert only["time"] in ("2026-05-06T16:14:00+00:00", "2026-05-06T09:14:00-07:00")


def test_every_problem_in_the_entries_is_reported_at_its_line_in_one_run(make_site, build):
    site = make_site(
        {
            LIVE_PATH: live_article(
                extra="claims:\n  - {id: c1, text: T., by: X, status: alleged}\n"
            ),
            entry_path("a"): entry("09:00", extra="pinned: true\n"),
            entry_path("b"): entry("25:99"),
            entry_path("c"): entry("07:59"),
            entry_path("d"): entry("10:00", extra="id: a\npinned: true\n"),
            entry_path("e"): entry(
                "10:30",
                extra="claims:\n  - {id: c1, text: Again., by: X, status: alleged}\n",
            ),
            entry_path("f"): entry("11:00", extra="key: maybe\n"),
            entry_path("g"): "---\ntitle: No time\n---\nText.\n",
            entry_path("h"): entry("11:30", body="{{< claim nope >}}\n"),
            entry_path("main"): entry("12:00"),
            entry_path("x"): entry("12:30", extra="titel: Typo\n"),
        }
    )
    run = build(site)
    assert run.code == 1
    folder = "content/articles/2026/05/day-6/"
    assert errors(run) == [
        f"{folder}b.md:2: error: time: `25:99` is not a time of day: write HH:MM, from 00:00 to 23:59",
        f"{folder}c.md:2: error: time: `07:59` is before the live article's date "
        "(2026-05-06T08:30:00-07:00): coverage starts then",
        f"{folder}d.md:3: error: id: `a` is also the id of {folder}a.md: each entry needs its own",
        f"{folder}d.md:4: error: pinned: only one entry can be pinned, and {folder}a.md is already",
        f"{folder}e.md:4: error: claims[0].id: `c1` is also a claim id in {LIVE_PATH}: "
        "ids are unique in the whole live article",
        f"{folder}f.md:3: error: key: must be true or false",
        f"{folder}g.md:2: error: time: is required",
        f"{folder}h.md:4: error: embed: no claim with id `nope` in this entry's `claims`",
        f"{folder}main.md:1: error: id: `main` is a name the live page uses for something else: "
        "choose another id",
        f"{folder}x.md:3: error: titel: unknown field (did you mean `title`?)",
    ]


def test_an_entry_after_the_coverage_ended_is_an_error(make_site, build):
    ended = live_article("ended", ended="2026-05-06T17:10:00-07:00")
    site = make_site({LIVE_PATH: ended, entry_path("late"): entry("17:30")})
    run = build(site)
    assert run.code == 1
    assert run.problems == [
        "content/articles/2026/05/day-6/late.md:2: error: time: `17:30` is after the coverage "
        "ended (2026-05-06T17:10:00-07:00)"
    ]


def test_the_live_field_is_checked(make_site, build):
    site = make_site(
        {
            "content/articles/a.md": article("A", extra="live: {status: ended}\n"),
            "content/articles/b.md": article("B", extra="live: {status: lve}\n"),
            "content/articles/c.md": article(
                "C", extra="live: {status: live, ended: 2026-05-01}\n"
            ),
            "content/articles/d.md": article("D", extra="live: {status: live, end: 2026-05-01}\n"),
        }
    )
    run = build(site)
    assert run.problems == [
        "content/articles/a.md:6: error: live.ended: is required when `status` is `ended`",
        "content/articles/b.md:6: error: live.status: `lve` is not one of: live, ended "
        "(did you mean `live`?)",
        "content/articles/c.md:6: error: live.ended: is given but `status` is `live`: "
        "write `status: ended` once coverage ends",
        "content/articles/d.md:6: error: live.end: unknown field (did you mean `ended`?)",
    ]


def test_an_entries_folder_beside_an_article_that_is_not_live_is_an_error(make_site, build):
    plain = article("Day 6", date="2026-05-06T08:30:00-07:00", extra="slug: day-6\n")
    site = make_site(
        {
            LIVE_PATH: plain,
            entry_path("a"): entry(),
            entry_path("b"): entry(),
            "content/articles/2026/05/day-6/deeper/c.md": entry(),
        }
    )
    run = build(site)
    assert run.code == 1
    assert run.problems == [
        f"{LIVE_PATH}:1: error: live: the folder `day-6/` beside this article holds 2 entries, "
        "but the article has no `live` field: add `live: {status: live}`, "
        "or move the files out of the folder",
        "content/articles/2026/05/day-6/deeper/c.md:1: error: is in a subfolder of the entries "
        "folder `content/articles/2026/05/day-6/`: entries go directly in it",
    ]
    # A file deeper down is never an article of its own.
    assert not (run.out / "news/something-happened").exists()


def test_a_file_deeper_in_an_entries_folder_is_reported(make_site, build):
    site = make_site(
        {LIVE_PATH: live_article(), "content/articles/2026/05/day-6/drafts/x.md": entry()}
    )
    run = build(site)
    assert run.problems == [
        "content/articles/2026/05/day-6/drafts/x.md:1: error: is in a subfolder of the entries "
        "folder `content/articles/2026/05/day-6/`: entries go directly in it"
    ]


def test_an_entry_timed_after_the_build_waits_unless_future(make_site, build):
    site = make_site(
        {
            LIVE_PATH: live_article(),
            entry_path("now"): entry("09:00"),
            entry_path("later"): entry("2026-12-01T09:00:00-08:00"),
        }
    )
    assert [e["id"] for e in updates(build(site))["entries"]] == ["now"]
    future = build(site, "--future", out=site / "future")
    assert [e["id"] for e in updates(future)["entries"]] == ["later", "now"]


def test_a_site_without_live_articles_is_unchanged(make_site, build):
    run = build(make_site({"content/articles/a.md": article()}, SITE_YAML))
    assert run.code == 0 and not list(run.out.rglob("updates.json"))
