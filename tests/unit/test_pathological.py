"""Inputs built to be slow or to crash: each ends in a page or a problem at its line, in
bounded time.

Matching glossary terms, embeds and amounts is linear in the text, so the limits below
are generous (a slow two-core machine runs each case in a fraction of them); what they
catch is backtracking or a quadratic loop, which at these sizes takes minutes, and a
crash, which takes the editor's whole build with it.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from sitegen.model.amounts import format_range, parse_amount
from sitegen.model.config import Section, SiteConfig
from sitegen.model.content import Term
from sitegen.read.articles import read_article
from sitegen.read.config import load as load_config
from sitegen.read.sources import SourceFile
from sitegen.render.glossary import GlossaryIndex
from sitegen.render.markdown import render
from sitegen.shared.errors import Diagnostics

LIMIT = 20.0  # seconds, for any one case
LINE = 100_000  # characters in one pathological line
CONFIG = SiteConfig(title="T", base_url="https://example.org/", sections=(Section("news", "News"),))
# Claims name someone who exists, so that a build of them has no warnings.
PEOPLE = "- name: Someone\n  slug: someone\n"


def timed(func, *args, **kwargs):
    started = time.perf_counter()
    result = func(*args, **kwargs)
    seconds = time.perf_counter() - started
    print(f"{seconds:6.2f}s", end=" ")  # shown with -s: the figures in the report
    return result, seconds


def prefix_glossary(count: int) -> GlossaryIndex:
    """Phrases that share their first words: `a`, `a a`, … `a a a a a a a b`, and more."""
    terms = [Term(" ".join(["a"] * n + ["b"]), f"a{n}b", "d", 1) for n in range(1, 8)]
    terms += [
        Term(f"a {' '.join(['a'] * (i % 6))} w{i}", f"t{i}", "d", 1, (f"a a{i}", f"a a{i} a"))
        for i in range(count)
    ]
    return GlossaryIndex.build(tuple(terms))


PREFIXES = prefix_glossary(2000)


# -- one line of 100,000 characters, in a body ----------------------------------


def repeat(unit: str) -> str:
    return unit * (LINE // len(unit))


BODY_LINES = {
    "embed openers": repeat("{{<"),
    "embed with spaces": "{{< claim" + " " * LINE + "x",
    "asterisks": repeat("*"),
    "underscores": repeat("_a"),
    "open brackets": repeat("["),
    "image openers": repeat("!["),
    "footnote openers": repeat("[^"),
    "link openers": repeat("[a]("),
    "backticks": repeat("`"),
    "angle brackets": repeat("<"),
    "tag openers": repeat("<a "),
    "entity openers": repeat("&#"),
    "autolink openers": repeat("<http://"),
    "pipes": repeat("|") + "\n" + repeat("|-"),
    "words that start phrases": repeat("a "),
    "one long word": "a" * LINE,
}


@pytest.mark.parametrize("body", BODY_LINES.values(), ids=BODY_LINES.keys())
def test_a_line_of_100000_repeated_characters_renders_in_bounded_time(body):
    out, seconds = timed(render, body, glossary=PREFIXES, raw_html=True)
    assert seconds < LIMIT
    # Something of the line reaches the page (escaped or as markup), not an empty body.
    assert len(out.html) + len(out.embeds) > 0


def test_a_line_of_embed_openers_is_one_problem_at_its_line():
    out, _ = timed(render, "Intro.\n\n" + repeat("{{<"), body_line=8)
    assert [(e.line, e.problem) for e in out.embeds] == [(10, "is not `{{< KIND ID >}}`")]


def test_phrases_sharing_first_words_link_once_each_without_trying_every_phrase():
    text = repeat("a ") + "a a a a a a a b"
    found, seconds = timed(PREFIXES.find, text)
    assert seconds < LIMIT
    # At every word seven phrase lengths are looked up and none matches, until the end,
    # where the longest phrase (`a a a a a a a b`, not `a b`) wins.
    start = text.rindex("a a a a a a a b")
    assert found == [(start, len(text), "a7b")]


# -- front matter that is deep, wide or broken ------------------------------------


@pytest.fixture
def story(tmp_path):
    return SourceFile("content/articles/story.md", tmp_path / "story.md", "article")


def read(source: SourceFile, text: str | bytes):
    data = text.encode() if isinstance(text, str) else text
    source.file.write_bytes(data)
    diag = Diagnostics()
    article, _ = timed(read_article, source, CONFIG, diag)
    return article, [str(p) for p in diag.problems]


HEAD = "---\ntitle: T\ndate: 2026-05-01\nsection: news\nsummary: S\n"


@pytest.mark.parametrize("opener", ["[", "{", "[a, ", "{a: "])
def test_lists_nested_100000_deep_are_a_problem_at_their_line_not_a_crash(story, opener):
    # libyaml composes by recursion in C: this used to end the process (SIGSEGV).
    article, problems = read(story, HEAD + "extra: " + repeat(opener) + "\n---\nText\n")
    assert article is None
    assert problems == [
        "content/articles/story.md:6: error: extra: lists and mappings are nested more than 100 deep"
    ]


def test_block_nesting_by_indentation_is_a_problem_at_the_line_it_passes_the_limit(story):
    nested = "".join(" " * level + f"k{level}:\n" for level in range(1, 150))
    article, problems = read(story, HEAD + "extra:\n" + nested + "---\nText\n")
    assert article is None
    # The front matter is level 1 and `extra` (line 6) holds level 2, from line 7, so
    # level 101 begins on line 106.
    assert problems == [
        "content/articles/story.md:106: error: extra: lists and mappings are nested more than 100 deep"
    ]


def test_nesting_an_editor_might_write_is_read(story):
    nested = "[" * 50 + "x" + "]" * 50
    article, problems = read(story, HEAD + f"extra: {{deep: {nested}}}\n---\nText\n")
    assert problems == [] and article is not None


def test_aliases_that_expand_a_billion_times_are_a_problem_not_an_exhausted_machine(story):
    laughs = "".join(
        f"  l{i + 1}: &l{i + 1} [" + ", ".join([f"*l{i}"] * 10) + "]\n" for i in range(9)
    )
    text = HEAD + "extra:\n  l0: &l0 lol\n" + laughs + "---\nText\n"
    article, problems = read(story, text)
    assert article is None
    assert len(problems) == 1 and "document too large (aliases expand too far)" in problems[0]


def test_a_json_style_emoji_escape_is_the_emoji_and_half_of_one_is_a_problem(story):
    article, problems = read(
        story, HEAD.replace("title: T", 'title: "Smile \\ud83d\\ude00"') + "---\n"
    )
    assert problems == [] and article.title == "Smile \U0001f600"
    article, problems = read(story, HEAD + 'tags: [ok, "half \\ud83d"]\n---\n')
    assert article is None
    assert problems == [
        "content/articles/story.md:6: error: tags[1]: `\\ud83d` is half of a character: "
        "write the character itself or its `\\U` escape (`\\U0001F600`)"
    ]


def test_control_characters_no_page_can_hold_are_problems_at_their_lines(story):
    # They used to reach the feed writer, which refused them with a traceback.
    front = HEAD.replace("title: T", 'title: "Bell \\a here"') + "---\n"
    body = "Fine.\n\nA form feed \x0c here, an escape \x1b there.\n\nDEL \x7f.\n"
    article, problems = read(story, front + body)
    assert article is None
    assert problems == [
        "content/articles/story.md:2: error: title: holds U+0007 (a control character), which no page can show: remove it",
        "content/articles/story.md:9: error: the text holds U+000C (a control character), which no page can show: remove it",
        "content/articles/story.md:11: error: the text holds U+007F (a control character), which no page can show: remove it",
    ]


def test_tabs_line_ends_and_unusual_spaces_are_text(story):
    body = "Tab\there, NBSP\u00a0and LS\u2028 and a \U0010fffd private character.\r\n"
    article, problems = read(story, HEAD + 'extra: {t: "a\\tb\\u2029"}\n---\n' + body)
    assert problems == [] and article.extra == {"t": "a\tb\u2029"}


def test_bytes_that_are_not_utf8_are_a_problem_at_their_line(story):
    data = HEAD.encode() + b"authors: [Ren\xe9]\n---\nText\n"
    article, problems = read(story, data)
    at = data.index(b"Ren") + 3
    assert article is None
    assert problems == [
        f"content/articles/story.md:6: error: is not UTF-8 text (invalid continuation byte at byte {at})"
    ]


def test_a_100000_character_amount_is_refused_at_its_line_at_once(story):
    valuation = f"valuations:\n  - entity: X\n    as_of: 2026\n    amount: {'9' * LINE}\n"
    article, problems = read(story, HEAD + valuation + "---\n")
    assert article is None and len(problems) == 1
    assert problems[0].startswith("content/articles/story.md:9: error: valuations[0].amount: `999")
    assert problems[0].endswith(
        "is not an amount: write a number, optionally with K, M, B or T (`800B`)"
    )


def test_the_largest_amounts_accepted_are_said_without_error():
    largest = parse_amount("9" * 39 + "T")
    assert largest == 10**51 - 10**12
    # Past the default 28 digits of a Decimal: this used to raise InvalidOperation.
    assert format_range(largest, largest, "EUR") == f"€{10**39 - 1:,} trillion"
    rounded = parse_amount("999999999999999999999999999999.999999T")
    assert format_range(rounded, rounded) == f"${10**30:,} trillion"


def test_twenty_thousand_claims_read_in_bounded_time(story):
    claims = "".join(
        f"  - id: c{i}\n    text: Claim {i}.\n    by: someone\n    status: alleged\n"
        for i in range(20_000)
    )
    (article, problems), seconds = timed(read, story, HEAD + "claims:\n" + claims + "---\nText\n")
    assert problems == [] and len(article.claims) == 20_000
    assert seconds < LIMIT


def test_a_syntax_error_after_a_megabyte_of_front_matter_is_found_at_its_line(story):
    claims = "".join(
        f"  - id: c{i}\n    text: Claim {i}.\n    by: someone\n    status: alleged\n"
        for i in range(20_000)
    )
    text = HEAD + "claims:\n" + claims + "tags: [open\n---\nText\n"
    assert len(text) > 1_000_000
    (article, problems), seconds = timed(read, story, text)
    assert article is None and seconds < LIMIT
    assert len(problems) == 1
    assert problems[0].startswith("content/articles/story.md:80007: error: tags: invalid YAML: ")


# -- a 5 MB article and a 2,000-term glossary, built ------------------------------


def big_site(root: Path) -> None:
    """An article of 5 MB whose words start many of 2,000 glossary phrases, with 200
    claims placed through its text and 200 valuations."""
    terms = []
    for i in range(2000):
        first = ("court", "order", "motion", "trial")[i % 4]
        terms.append(
            f"- term: {first} {'x ' * (i % 6)}t{i}\n  slug: t{i}\n"
            f"  aliases: [{first} a{i}, {first} a{i} b]\n  definition: Meaning {i} <b>&</b>.\n"
        )
    words = ["court", "order", "motion", "trial", "x", "the", "judge", "said", "b"]
    paragraphs = []
    for n in range(14_000):
        line = " ".join(words[(n * 7 + k * k) % len(words)] for k in range(70))
        term = n % 2000  # every term's alias, `<first word> a<i> b`, is used
        line += f" {('court', 'order', 'motion', 'trial')[term % 4]} a{term} b."
        if n % 70 == 0 and n // 70 < 200:
            line += f"\n\n{{{{< claim c{n // 70} >}}}}"
        paragraphs.append(line)
    claims = "".join(
        f"  - {{id: c{i}, text: Claim {i}, by: someone, status: alleged}}\n" for i in range(200)
    )
    valuations = "".join(
        f"  - {{entity: E{i}, amount: '{i + 1},000.5B', as_of: 2026}}\n" for i in range(200)
    )
    files = {
        "site.yaml": "title: T\nbase_url: https://example.org/trial/\nsections:\n  news: {title: News}\n",
        "content/glossary.yaml": "".join(terms),
        "content/people.yaml": PEOPLE,
        "content/articles/big.md": HEAD.replace("title: T", "title: Big")
        + "claims:\n"
        + claims
        + "valuations:\n"
        + valuations
        + "---\n"
        + "\n\n".join(paragraphs)
        + "\n",
    }
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def test_a_5mb_article_with_a_2000_term_glossary_builds_in_bounded_time(tmp_path, build):
    site = tmp_path / "site"
    big_site(site)
    size = (site / "content/articles/big.md").stat().st_size
    assert size > 5_000_000
    run, seconds = timed(build, site, "--no-search", out=tmp_path / "public")
    assert (run.code, run.problems) == (0, [])
    assert seconds < LIMIT * 2  # the whole build, every page of the site
    page = run.page("news/big/index.html")
    # Every claim placed once in the text, and each term used linked once, from its first use.
    assert all(page.count(f'id="claim-c{i}"') == 1 for i in range(200))
    assert page.count('class="term"') == 2000
    assert page.count('class="term-entry"') == 2000 and page.count('id="term-t1999"') == 1


def test_settings_that_are_not_finite_numbers_are_problems_at_their_line(tmp_path):
    # 1e999 used to become float infinity and end the build in related's arithmetic.
    (tmp_path / "site.yaml").write_text(
        "title: T\nbase_url: https://example.org/\n"
        "related:\n  threshold: NaN\n  max_tag_share: -Infinity\n  weights: {case: 1e999, tags: 2}\n"
    )
    diag = Diagnostics()
    assert load_config(tmp_path, diag) is None
    assert [str(p) for p in diag.problems] == [
        "site.yaml:4: error: related.threshold: must be a number",
        "site.yaml:5: error: related.max_tag_share: must be a number",
        "site.yaml:6: error: related.weights.case: must be a number",
    ]
