"""Reading an article's front matter: values as written, every problem at its line."""

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from sitegen.model.config import Section, SiteConfig
from sitegen.model.content import PartialDate
from sitegen.read.articles import read_article, read_page
from sitegen.read.sources import SourceFile
from sitegen.shared.errors import Diagnostics

CONFIG = SiteConfig(
    title="T",
    base_url="https://example.org/trial/",
    timezone="America/Los_Angeles",
    sections=(Section("news", "News"), Section("guides", "Guides")),
)
LA = ZoneInfo("America/Los_Angeles")


def read(tmp_path, text: str):
    file = tmp_path / "a.md"
    file.write_text(text, encoding="utf-8")
    diag = Diagnostics()
    article = read_article(SourceFile("content/articles/a.md", file, "article"), CONFIG, diag)
    return article, [str(p) for p in diag.sorted()]


FRONT = (
    "---\ntitle: Musk Admits xAI Distills OpenAI\ndate: 2026-05-01\nsection: news\nsummary: S.\n"
)


def test_a_minimal_article(tmp_path):
    article, problems = read(tmp_path, FRONT + "---\nBody text.\n")
    assert problems == []
    assert article.slug == "musk-admits-xai-distills-openai"
    assert article.date == datetime(2026, 5, 1, tzinfo=LA)
    assert article.body == "Body text.\n" and article.body_line == 7
    assert not article.draft


def test_values_are_read_as_written(tmp_path):
    article, problems = read(
        tmp_path,
        FRONT
        + "claims:\n  - {id: c1, text: It happened., by: Someone, status: false}\n"
        + "valuations:\n  - {entity: xAI, amount: 1.75T, as_of: 2018}\n"
        + "tags: [2018, yes]\n---\n",
    )
    assert problems == []
    assert article.claims[0].status == "false"
    assert article.valuations[0].as_of == PartialDate(2018)
    assert article.valuations[0].low == Decimal("1750000000000")
    assert article.tags == ("2018", "yes")


def test_a_date_with_an_offset_keeps_it_and_one_without_takes_the_site_zone(tmp_path):
    article, _ = read(
        tmp_path,
        FRONT.replace("2026-05-01", "2026-05-01T18:30:00-04:00")
        + "updated: 2026-05-02 09:15\n---\n",
    )
    assert article.date.utcoffset().total_seconds() == -4 * 3600
    assert article.updated == datetime(2026, 5, 2, 9, 15, tzinfo=LA)


def test_unicode_titles_make_ascii_slugs(tmp_path):
    article, _ = read(
        tmp_path, FRONT.replace("Musk Admits xAI Distills OpenAI", "'Café Größe: día 2'") + "---\n"
    )
    assert article.slug == "cafe-grosse-dia-2"


@pytest.mark.parametrize(
    "extra, expected",
    [
        (
            "titel: x\n",
            "content/articles/a.md:6: error: titel: unknown field (did you mean `title`?)",
        ),
        (
            "date: 2025-13-45\n",
            "content/articles/a.md:6: error: date: duplicate key (first at line 3)",
        ),
        ("draft: maybe\n", "content/articles/a.md:6: error: draft: must be true or false"),
        (
            "slug: ../up\n",
            "content/articles/a.md:6: error: slug: `../up` is not a slug: use lowercase letters, digits and single hyphens",
        ),
        (
            "image: javascript:x\n",
            "content/articles/a.md:6: error: image: `javascript:x` is not an http(s) URL or a path",
        ),
        (
            "updates:\n  - {date: 2026-05-02, note: Fixed., kind: erratum}\n",
            "content/articles/a.md:7: error: updates[0].kind: `erratum` is not one of: update, correction",
        ),
        ("quotes:\n  - text: Hi\n", "content/articles/a.md:7: error: quotes[0].by: is required"),
        (
            "valuations:\n  - {entity: X, low: 2B, high: 1B, as_of: 2026}\n",
            "content/articles/a.md:7: error: valuations[0].low: is greater than `high`",
        ),
        (
            "claims:\n  - {id: a, text: t, by: b, status: alleged}\n  - {id: a, text: t, by: b, status: alleged}\n",
            "content/articles/a.md:8: error: claims[1].id: `a` is used twice (first at line 7)",
        ),
    ],
)
def test_each_mistake_is_reported_at_its_line(tmp_path, extra, expected):
    article, problems = read(tmp_path, FRONT + extra + "---\n")
    assert article is None
    assert problems == [expected]


def test_every_problem_in_a_file_is_reported_not_only_the_first(tmp_path):
    _, problems = read(
        tmp_path,
        "---\ntitle: T\ndate: 2026-02-30\nsection: sports\nsummary: S\ndraft: perhaps\n---\n",
    )
    assert [p.split(": error: ")[1].split(":")[0] for p in problems] == ["date", "section", "draft"]


def test_a_file_without_front_matter_is_an_error_on_line_one(tmp_path):
    _, problems = read(tmp_path, "Just text.\n")
    assert problems == [
        "content/articles/a.md:1: error: must begin with front matter between two `---` lines"
    ]


def test_a_page_takes_its_slug_from_its_file_name(tmp_path):
    file = tmp_path / "corrections-policy.md"
    file.write_text("---\ntitle: How we correct\n---\nWe fix mistakes.\n", encoding="utf-8")
    page = read_page(SourceFile("content/pages/corrections-policy.md", file, "page"), Diagnostics())
    assert page.slug == "corrections-policy" and page.title == "How we correct"
