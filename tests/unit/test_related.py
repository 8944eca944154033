"""Related articles: what two articles share decides whether and where one lists the other."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from lxml import html as lxml_html

from sitegen.model.config import RelatedSettings, Section
from sitegen.model.content import Article, Case, Person, Term
from sitegen.model.rendered import Rendered
from sitegen.model.site import Post, Tag
from sitegen.render.related import DISTINCTIVE, index
from sitegen.shared.packing import pack
from tests.support import SITE_YAML, article

START = datetime(2026, 1, 1, tzinfo=UTC)


def post(
    name: str,
    day: int,
    *,
    case: str | None = None,
    people: tuple[str, ...] = (),
    tags: tuple[str, ...] = (),
    terms: tuple[str, ...] = (),
    draft: bool = False,
) -> Post:
    article = Article(
        path=f"content/articles/{name}.md", title=name.title(), date=START + timedelta(days=day),
        section="news", summary="s", slug=name, packed_body=pack(""), body_line=1, draft=draft,
    )  # fmt: skip
    return Post(
        article=article,
        rendered=Rendered.of(()),
        url=f"/news/{name}/",
        section=Section("news", "News"),
        feed_id=name,
        tags=tuple(Tag(t, t) for t in tags),
        people=tuple(Person(p, p, 1) for p in people),
        case=Case(case, case, f"content/cases/{case}.yaml") if case else None,
        terms=tuple(Term(t, t, "d", 1) for t in terms),
        speakers={},
    )


def related(posts: list[Post], **settings) -> dict[str, list[str]]:
    """Titles of each article's related list, with posts newest first as the site has them."""
    ordered = tuple(sorted(posts, key=lambda p: p.date, reverse=True))
    out = index(ordered, RelatedSettings(**settings))
    return {p.article.slug: [r.article.slug for r in out[p.url]] for p in ordered}


def test_more_in_common_ranks_higher_and_sharing_nothing_lists_nothing():
    posts = [
        post("verdict", 5, case="musk", people=("musk",), tags=("courts",)),
        post("testimony", 4, case="musk", people=("musk",)),  # case 3 + person 1.5
        post("courts-weekly", 3, tags=("courts",)),  # tag 1
        post("recipes", 2, tags=("food",)),  # nothing in common
    ]
    lists = related(posts)
    assert lists["verdict"] == ["testimony", "courts-weekly"]
    assert lists["recipes"] == []
    assert "recipes" not in sum(lists.values(), [])


def test_an_article_never_lists_itself():
    posts = [post("a", 1, tags=("x",)), post("b", 2, tags=("x",))]
    lists = related(posts)
    assert lists == {"b": ["a"], "a": ["b"]}


def test_a_draft_is_never_offered_as_related():
    posts = [
        post("draft", 3, tags=("x",), draft=True),
        post("a", 2, tags=("x",)),
        post("b", 1, tags=("x",)),
    ]
    lists = related(posts)
    assert lists["a"] == ["b"]
    assert lists["b"] == ["a"]


def test_ties_go_to_the_newer_article_whatever_the_input_order():
    posts = [post("old", 1, people=("x",)), post("new", 3, people=("x",)),
             post("mid", 2, people=("x",)), post("subject", 4, people=("x",))]  # fmt: skip
    assert related(posts)["subject"] == ["new", "mid", "old"]
    assert related(list(reversed(posts)))["subject"] == ["new", "mid", "old"]


def test_the_threshold_leaves_out_weak_matches():
    posts = [post("a", 2, terms=("ipo",)), post("b", 1, terms=("ipo",))]
    assert related(posts)["a"] == []  # one glossary term is 0.5, under the default 1.0
    assert related(posts, threshold=0.5)["a"] == ["b"]


def test_count_caps_the_list():
    posts = [post(f"p{i}", i, tags=("x",)) for i in range(10)]
    assert related(posts, max_tag_share=1.0)["p9"] == ["p8", "p7", "p6", "p5", "p4"]
    assert related(posts, max_tag_share=1.0, count=2)["p9"] == ["p8", "p7"]
    assert related(posts, count=0)["p9"] == []


def test_a_tag_on_most_articles_says_nothing():
    posts = [post(f"p{i}", i, tags=("news",)) for i in range(6)]
    posts.append(post("pair-a", 10, tags=("news", "ipo")))
    posts.append(post("pair-b", 11, tags=("news", "ipo")))
    lists = related(posts)
    assert lists["pair-a"] == ["pair-b"]
    assert lists["p0"] == []


def test_weights_decide_what_matters_most():
    posts = [
        post("subject", 5, case="musk", tags=("ipo",)),
        post("same-case", 4, case="musk"),
        post("same-tag", 3, tags=("ipo",)),
    ]
    assert related(posts)["subject"] == ["same-case", "same-tag"]
    assert related(posts, tags=4.0)["subject"] == ["same-tag", "same-case"]


def test_a_big_case_still_fills_the_list_and_distinctive_matches_come_first():
    posts = [post(f"case-{i}", i, case="musk") for i in range(DISTINCTIVE + 20)]
    posts.append(post("old-ipo", -5, case="musk", tags=("ipo",)))
    posts.append(post("subject", 1000, case="musk", tags=("ipo",)))
    lists = related(posts)
    newest = [f"case-{i}" for i in range(DISTINCTIVE + 19, DISTINCTIVE + 15, -1)]
    assert lists["subject"] == ["old-ipo", *newest]
    assert lists["case-0"][:2] == ["subject", f"case-{DISTINCTIVE + 19}"]


def test_a_common_feature_still_adds_to_a_distinctive_match():
    # "musk" is on more than DISTINCTIVE articles: it counts for every candidate, and as
    # the rarer "ipo" finds only two, Musk's newest articles fill the rest of the list.
    crowd = [post(f"crowd-{i}", i, people=("musk",)) for i in range(DISTINCTIVE + 5)]
    posts = [
        *crowd,
        post("subject", 500, people=("musk",), tags=("ipo",)),
        post("ipo-and-musk", 400, people=("musk",), tags=("ipo",)),  # 1 + 1.5
        post("ipo-only", 450, tags=("ipo",)),  # 1, under any Musk article's 1.5
    ]
    newest = [f"crowd-{i}" for i in range(DISTINCTIVE + 4, DISTINCTIVE, -1)]
    assert related(posts)["subject"] == ["ipo-and-musk", *newest]
    longer = [f"crowd-{i}" for i in range(DISTINCTIVE + 4, DISTINCTIVE - 5, -1)]
    assert related(posts, count=10)["subject"] == ["ipo-and-musk", *longer]


# -- on a built site -----------------------------------------------------------

RELATED_SITE = {
    "content/cases/musk-v-openai.yaml": "title: Musk v. OpenAI\n",
    "content/articles/subject.md": article(
        title="Musk testifies", date="2026-05-03",
        extra="case: musk-v-openai\ntags: [IPO, xAI]\npeople: [Elon Musk]\n",
    ),
    "content/articles/best.md": article(
        title="Verdict watch", date="2026-05-01", section="guides",
        extra="case: musk-v-openai\ntags: [xAI]\npeople: [Elon Musk]\n",
    ),
    "content/articles/next.md": article(title="IPO explainer", date="2026-04-01", extra="tags: [ipo]\n"),
    "content/articles/unrelated.md": article(title="Court recipes", date="2026-05-02",
                                             extra="tags: [food]\n"),
    "content/articles/draft.md": article(title="Draft story", date="2026-05-02",
                                         extra="draft: true\ncase: musk-v-openai\ntags: [xAI]\n"),
    "content/articles/later.md": article(title="Scheduled story", date="2030-01-01",
                                         extra="case: musk-v-openai\ntags: [xAI]\n"),
}  # fmt: skip


def related_entries(run, path: str) -> list[str]:
    page = lxml_html.fromstring(run.page(path))
    block = page.find_class("related")
    if not block:
        return []
    assert block[0].find(".//h2").text == "Related"
    return [" ".join(li.text_content().split()) for li in block[0].findall(".//li")]


def test_a_built_article_lists_what_shares_most_with_title_date_and_section(make_site, build):
    run = build(make_site(RELATED_SITE))
    assert run.code == 0, run.stderr
    assert related_entries(run, "news/musk-testifies/index.html") == [
        "Verdict watch May 1, 2026 · Guides",
        "IPO explainer April 1, 2026 · News",
    ]
    assert related_entries(run, "news/court-recipes/index.html") == []
    page = run.page("news/musk-testifies/index.html")
    assert '<a href="/trial/guides/verdict-watch/">Verdict watch</a>' in page
    assert "Draft story" not in page and "Scheduled story" not in page
    footer = lxml_html.fromstring(page).xpath('//footer//nav[@aria-label="Section index"]//a')
    assert [(a.text, a.get("href")) for a in footer] == [
        ("News", "/trial/news/"),
        ("Guides", "/trial/guides/"),
    ]


def test_site_yaml_sets_the_count_and_the_weights(make_site, build):
    settings = "related: {count: 1, weights: {case: 0, tags: 1, people: 0}}\n"
    run = build(make_site(RELATED_SITE, SITE_YAML + settings))
    assert run.code == 0, run.stderr
    # Only tags count now: "IPO explainer" shares IPO, "Verdict watch" shares xAI; the
    # newer of the two ties wins the one place.
    assert related_entries(run, "news/musk-testifies/index.html") == [
        "Verdict watch May 1, 2026 · Guides"
    ]


def test_a_big_feature_alone_still_fills_an_otherwise_empty_list():
    crowd = [post(f"musk-{i}", i, people=("musk",)) for i in range(DISTINCTIVE + 5)]
    posts = [*crowd, post("subject", 500, people=("musk",))]
    newest = [f"musk-{i}" for i in range(DISTINCTIVE + 4, DISTINCTIVE - 1, -1)]
    assert related(posts)["subject"] == newest
