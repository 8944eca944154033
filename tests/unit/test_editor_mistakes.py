"""Mistakes a newsroom makes in its first week (issue 22), each reported in an editor's
words at the line to change: a small site in, the messages an editor reads out."""

from __future__ import annotations

import pytest

from sitegen.commands.cli import main
from tests.support import EPOCH, article


@pytest.fixture
def check(capsys, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)

    def run(site, *args: str) -> tuple[int, list[str]]:
        code = main(["check", "--site", str(site), *args])
        return code, capsys.readouterr().err.splitlines()

    return run


def problems(lines: list[str]) -> list[str]:
    return [line for line in lines if ": error: " in line or ": warning: " in line]


# 2. An unquoted value with a colon


def test_a_value_with_a_colon_is_said_to_need_quotes_with_the_fixed_line(make_site, check):
    text = (
        "---\ntitle: Day five: the verdict\ndate: 2026-05-01\nsection: news\nsummary: S.\n---\nB\n"
    )
    site = make_site({"content/articles/a.md": text})

    code, lines = check(site)

    assert code == 1
    assert problems(lines) == [
        "content/articles/a.md:2: error: title: the value `Day five: the verdict` has a colon "
        'in it, so it must be in quotes: write `title: "Day five: the verdict"`'
    ]


# 3. Mis-indented lines


def test_a_line_indented_a_space_too_few_is_reported_at_that_line(make_site, check):
    extra = "claims:\n  - id: one\n    text: X\n    by: Y\n   status: alleged\n"
    site = make_site({"content/articles/a.md": article(extra=extra)})

    code, lines = check(site)

    assert problems(lines) == [
        "content/articles/a.md:10: error: claims: `status:` is indented 3 spaces, which lines "
        "up with nothing above it: line it up with `by:` on line 9 (4 spaces)"
    ]


def test_a_list_item_out_of_line_is_reported_at_that_line(make_site, check):
    site = make_site({"content/articles/a.md": article(extra="tags:\n  - a\n - b\n")})

    code, lines = check(site)

    assert problems(lines) == [
        "content/articles/a.md:8: error: tags: this list item is indented 1 space, which lines "
        "up with nothing above it: line it up with `- a` on line 7 (2 spaces)"
    ]


def test_a_line_indented_under_a_written_value_says_so(make_site, check):
    site = make_site({"content/articles/a.md": article(extra="image: x.png\n  credit: Staff\n")})

    code, lines = check(site)

    assert problems(lines) == [
        "content/articles/a.md:7: error: image: `credit:` is indented 2 spaces, more than "
        "`image:` on the line above (no indent), so YAML reads it as part of that line's "
        "value: line it up with `image:`"
    ]


# 10. Dates that cannot be right, and the time of day of an update


def test_updated_earlier_than_date_is_an_error_at_its_line(make_site, check):
    site = make_site({"content/articles/a.md": article(extra="updated: 2026-04-30\n")})

    code, lines = check(site)

    assert code == 1
    assert problems(lines) == [
        "content/articles/a.md:6: error: updated: `2026-04-30` is earlier than the article's "
        "`date` (2026-05-01): it is when the article last changed, so it comes after it"
    ]


def test_an_update_dated_in_the_future_is_an_error_at_its_line(make_site, check):
    # The build's "now" is SOURCE_DATE_EPOCH, 2026-09-21.
    extra = (
        "updates:\n  - date: 2026-05-02\n    note: Fixed.\n  - date: 2062-05-03\n    note: Typo.\n"
    )
    site = make_site({"content/articles/a.md": article(extra=extra)})

    code, lines = check(site)

    assert code == 1
    assert problems(lines) == [
        "content/articles/a.md:9: error: updates[1].date: `2062-05-03` is in the future "
        "(it is now 2026-09-21 07:13 in the site's time zone): date an update when it is made"
    ]


def test_the_updates_log_shows_the_time_of_day_when_it_was_written(make_site, build):
    extra = (
        "updates:\n"
        "  - date: 2026-05-02T14:30:00-07:00\n    note: Timed.\n"
        "  - date: 2026-05-03\n    note: Dated only.\n"
    )
    site = make_site({"content/articles/a.md": article(extra=extra)})

    run = build(site)

    assert run.code == 0, run.stderr
    page = run.page("news/a-story/index.html")
    assert ">May 2, 2026, 2:30 p.m.</time>: Timed." in page
    assert ">May 3, 2026</time>: Dated only." in page


# 11. Table rows counted as an editor counts them


def test_a_row_with_too_many_cells_is_counted_from_one_and_hints_at_quoting(make_site, check):
    extra = """\
    tables:
      - id: firms
        columns: [Firm, Role, Fee]
        rows:
          - [Kirk, plaintiff, 5]
          - [Lee, defendant, 6]
          - [Boies, Schiller, plaintiff, 7]
    """
    site = make_site({"content/articles/a.md": article(extra=extra)})

    code, lines = check(site)

    assert code == 1
    assert problems(lines) == [
        "content/articles/a.md:12: error: tables[0].rows: row 3 has 4 cells, but the table has "
        '3 columns (Firm, Role, Fee): a cell with a comma in it goes in quotes, as in `"A, B"`'
    ]


# 4. A broken case file


def test_a_broken_case_file_is_reported_once_not_at_every_article_of_the_case(make_site, check):
    files = {
        f"content/articles/{name}.md": article(title=f"Story {name}", extra="case: x-v-y\n")
        for name in "abc"
    }
    files["content/cases/x-v-y.yaml"] = "title: X v. Y\ncourt: [unclosed\n"
    site = make_site(files)

    code, lines = check(site)

    assert code == 1
    assert problems(lines) == [
        "content/cases/x-v-y.yaml:1: warning: case: 3 articles with `case: x-v-y` are not "
        "checked against this file until it reads without errors",
        "content/cases/x-v-y.yaml:2: error: court: invalid YAML: while parsing a flow sequence, "
        "expected ',' or ']', but got '<stream end>' (at line 3)",
    ]


# 5. Every problem in one run


def test_an_article_with_errors_still_has_its_references_checked(make_site, check):
    extra = """\
    case: x-v-z
    updates:
      - date: 2026-05-02
        note: Fixed the spelling.
        kind: correcton
      - date: 2062-05-03
        note: A typo in the year.
    sources:
      - title: The ruling
    """
    site = make_site(
        {"content/articles/a.md": article(extra=extra), "content/cases/x-v-y.yaml": "title: X\n"}
    )

    code, lines = check(site)

    assert code == 1
    assert problems(lines) == [
        "content/articles/a.md:6: error: case: no case `x-v-z` in content/cases/ "
        "(did you mean `x-v-y`?)",
        "content/articles/a.md:10: error: updates[0].kind: `correcton` is not one of: update, "
        "correction (did you mean `correction`?)",
        "content/articles/a.md:11: error: updates[1].date: `2062-05-03` is in the future "
        "(it is now 2026-09-21 07:13 in the site's time zone): date an update when it is made",
        "content/articles/a.md:14: error: sources[0].url: is required",
    ]


# 6. "Did you mean" wherever a reference can miss


PEOPLE = "- name: Corvid Labs\n  slug: corvid-labs\n- name: Laura Brennan\n"
GLOSSARY = "- term: Fair use\n  definition: A defence.\n- term: Discovery\n  definition: X.\n"


def test_near_names_are_suggested_for_people_terms_and_embeds(make_site, check):
    extra = """\
    people: [laura-brenan]
    glossary: [discovry]
    claims:
      - id: log-in
        text: The login was shared.
        by: corvid-lab
        status: denied
    """
    body = "Text.\n\n{{< claim login >}}\n\n{{< qoute x >}}\n"
    site = make_site(
        {
            "content/articles/a.md": article(extra=extra, body=body),
            "content/people.yaml": PEOPLE,
            "content/glossary.yaml": GLOSSARY + "  see_also: [fairuse]\n",
        }
    )

    code, lines = check(site)

    assert problems(lines) == [
        "content/articles/a.md:6: warning: people[0]: `laura-brenan` is not in people.yaml "
        "(did you mean `laura-brennan`?)",
        "content/articles/a.md:7: error: glossary[0]: no glossary term `discovry` "
        "(did you mean `discovery`?)",
        "content/articles/a.md:11: warning: claims[0].by: `corvid-lab` is not in people.yaml "
        "(did you mean `corvid-labs`?); they get a page of their own",
        "content/articles/a.md:16: error: embed: no claim with id `login` in this article's "
        "`claims` (did you mean `log-in`?)",
        "content/articles/a.md:18: error: embed: unknown embed `qoute`: use one of claim, "
        "quote, table, valuations, exhibit, image (did you mean `quote`?)",
        "content/glossary.yaml:5: error: [1].see_also[0]: no glossary term `fairuse` "
        "(did you mean `fair-use`?)",
    ]


# 8. `sitegen new`'s placeholders left in a published article


def test_placeholders_left_by_new_are_warnings_once_the_draft_is_published(make_site, check):
    site = make_site({})
    assert main(["new", "news", "Verdict day", "--site", str(site)]) == 0
    [path] = (site / "content/articles").rglob("*.md")
    draft = path.read_text(encoding="utf-8")
    check(site)  # `new` prints the path; a draft passes as it is

    assert check(site, "--strict")[0] == 0
    path.write_text(
        "\n".join(line for line in draft.split("\n") if not line.startswith("draft:")),
        encoding="utf-8",
    )
    code, lines = check(site, "--strict")

    rel = path.relative_to(site).as_posix()
    assert code == 1
    assert problems(lines) == [
        f"{rel}:5: error: summary: is still the placeholder that `sitegen new` wrote: "
        "write one or two sentences that say what the article is about",
        f"{rel}:13: error: the text is still the placeholder that `sitegen new` wrote: "
        "write the article",
    ]


# 1. Site paths in raw HTML


def test_site_paths_in_raw_html_are_published_under_the_base_path(make_site, build):
    body = 'See <a href="/about/">about us</a>.\n\n<img src="/img/chart.png" alt="A chart">\n'
    site = make_site(
        {
            "content/articles/a.md": article(body=body),
            "content/pages/about.md": "---\ntitle: About\n---\nUs.\n",
            "static/img/chart.png": "png",
        }
    )

    run = build(site)

    page = run.page("news/a-story/index.html")
    assert '<a href="/trial/about/">about us</a>' in page
    assert '<img src="/trial/img/chart.png" alt="A chart">' in page


def test_a_broken_site_path_in_inline_raw_html_is_reported_by_check_at_its_line(make_site, check):
    body = 'First line\nthen <a href="/abut/">about us</a>.\n'
    site = make_site(
        {
            "content/articles/a.md": article(body=body),
            "content/pages/about.md": "---\ntitle: About\n---\nUs.\n",
        }
    )

    code, lines = check(site)

    assert code == 1
    assert problems(lines) == [
        "content/articles/a.md:8: error: link: `/abut/`: no page at /trial/abut/ on this site "
        "(did you mean `/trial/about/`?)"
    ]


def test_a_case_party_near_a_listed_person_is_suggested(make_site, check):
    case = "title: X v. Y\nparties:\n  plaintiffs: [corvid-lab]\n"
    site = make_site(
        {
            "content/articles/a.md": article(extra="case: x-v-y\n"),
            "content/cases/x-v-y.yaml": case,
            "content/people.yaml": PEOPLE,
        }
    )

    code, lines = check(site)

    assert problems(lines) == [
        "content/cases/x-v-y.yaml:3: warning: parties.plaintiffs[0]: `corvid-lab` is not in "
        "people.yaml (did you mean `corvid-labs`?); they get a page of their own"
    ]


# 7. Scheduled articles are named, not silently left out


SCHEDULED = "content/articles/later.md"
# SOURCE_DATE_EPOCH is 2026-09-21 07:13 in Los Angeles: this one is due later today.
LATER_TODAY = article(title="Verdict", date="2026-09-21T17:00:00-07:00")
NOTE = f"1 article scheduled until 2026-09-21 17:00 PDT: {SCHEDULED} (--future shows it now)"


def test_build_says_which_article_is_scheduled_and_until_when(make_site, build):
    site = make_site({"content/articles/a.md": article(), SCHEDULED: LATER_TODAY})

    run = build(site)

    assert run.code == 0
    assert NOTE in run.stderr.splitlines()
    again = build(site)  # nothing changed: said again all the same
    assert NOTE in again.stderr.splitlines()
    assert NOTE not in build(site, "--future").stderr


def test_check_says_which_articles_are_scheduled(make_site, check):
    files = {"content/articles/a.md": article(), SCHEDULED: LATER_TODAY}
    for n in range(3):
        files[f"content/articles/z{n}.md"] = article(title=f"Z{n}", date=f"2026-10-0{n + 1}")
    site = make_site(files)

    code, lines = check(site)

    assert code == 0
    assert (
        f"4 articles scheduled: {SCHEDULED} until 2026-09-21 17:00 PDT, "
        "content/articles/z0.md until 2026-10-01 00:00 PDT, "
        "content/articles/z1.md until 2026-10-02 00:00 PDT and 1 more "
        "(--future shows them now)"
    ) in lines


def test_a_glossary_or_people_file_that_does_not_read_is_reported_once(make_site, check):
    extra = (
        "glossary: [discovery]\nclaims:\n  - {id: a, text: T, by: ada-example, status: alleged}\n"
    )
    site = make_site(
        {
            "content/articles/a.md": article(extra=extra),
            "content/articles/b.md": article(title="B", extra="people: [ada-example]\n"),
            "content/glossary.yaml": "- term: Discovery\n  definition: A stage: evidence.\n",
            "content/people.yaml": "- name: Ada Example\n  role: [plaintiff\n",
        }
    )

    code, lines = check(site)

    assert code == 1
    assert problems(lines) == [
        "content/glossary.yaml:1: warning: no term is linked, and articles' `glossary` lists "
        "are not checked, until this file reads without errors",
        "content/glossary.yaml:2: error: the value `A stage: evidence.` has a colon in it, "
        'so it must be in quotes: write `definition: "A stage: evidence."`',
        "content/people.yaml:1: warning: the people articles name (`people`, `by`) are not "
        "checked until this file reads without errors",
        "content/people.yaml:2: error: invalid YAML: while parsing a flow sequence, "
        "expected ',' or ']', but got '<stream end>' (at line 3)",
    ]


def test_a_mis_indented_key_of_a_list_item_names_the_key_to_line_up_with(make_site, check):
    case = "title: X v. Y\ntimeline:\n  - date: 2015\n    title: Founded\n  - date: 2024-02\n   title: Filed\n"
    site = make_site({"content/articles/a.md": article(), "content/cases/x-v-y.yaml": case})

    code, lines = check(site)

    assert problems(lines) == [
        "content/cases/x-v-y.yaml:6: error: timeline: `title:` is indented 3 spaces, which "
        "lines up with nothing above it: line it up with `date:` on line 5 (4 spaces)"
    ]
