"""Glossary linking: the first use of a term or alias in an article's text links to it.

Each test renders a small body with a small glossary and reads the HTML a reader gets.
"""

from __future__ import annotations

import re

from sitegen.model.content import Term
from sitegen.render.glossary import GlossaryIndex
from sitegen.render.markdown import render

TERMS = (
    Term("Distillation", "distillation", "Training a small model on a big one's answers.", 1,
         aliases=("AI distillation", "distills", "distilled")),
    Term("AI", "ai", "Artificial intelligence.", 5),
    Term("Terms of service", "terms-of-service", "The contract a customer accepts.", 9),
    Term("API", "api", "Application programming interface.", 12, aliases=("APIs",)),
)  # fmt: skip


def html(body: str, terms: tuple[Term, ...] = TERMS) -> str:
    return render(body, glossary=GlossaryIndex.build(terms)).html


def links(body: str, terms: tuple[Term, ...] = TERMS) -> list[tuple[str, str]]:
    """(slug, linked words) for every term link, in order."""
    pattern = r'<a class="term" href="#term-([a-z0-9-]+)" data-term="\1">([^<]*)</a>'
    return re.findall(pattern, html(body, terms))


def terms_used(body: str) -> tuple[str, ...]:
    return render(body, glossary=GlossaryIndex.build(TERMS)).terms


def test_the_first_use_links_to_the_terms_entry_and_later_uses_stay_text():
    out = html("Distillation is common. Distillation is also contested.")
    assert out.count('<a class="term"') == 1
    assert out.startswith(
        '<p><a class="term" href="#term-distillation" data-term="distillation">'
        "Distillation</a> is common. Distillation is also contested.</p>"
    )


def test_an_alias_links_to_its_term_and_counts_as_its_first_use():
    assert links("xAI distills models. Distillation is common.") == [("distillation", "distills")]


def test_matching_ignores_case_and_keeps_the_words_as_written():
    assert links("Rules on DISTILLATION vary.") == [("distillation", "DISTILLATION")]


def test_only_whole_words_match():
    assert links("Distillations and undistilled models; a distillery.") == []
    assert links("The APIs changed.") == [("api", "APIs")]


def test_the_longest_phrase_wins_where_phrases_overlap():
    # "AI distillation" (an alias of Distillation) beats the shorter term "AI".
    assert links("AI distillation is cheap.") == [("distillation", "AI distillation")]
    assert links("AI distillation, then AI.") == [("distillation", "AI distillation"), ("ai", "AI")]


def test_each_term_links_once_per_article_across_paragraphs():
    body = "An API call.\n\nAnother API call, then distilled output.\n\nAPIs again."
    assert links(body) == [("api", "API"), ("distillation", "distilled")]


def test_a_phrase_broken_across_lines_still_matches():
    assert links("OpenAI's terms\nof service forbid it.") == [
        ("terms-of-service", "terms\nof service")
    ]


def test_no_links_inside_headings():
    body = "## Distillation explained\n\nDistillation is common."
    out = html(body)
    assert '<h2 id="distillation-explained">Distillation explained</h2>' in out
    assert links(body) == [("distillation", "Distillation")]


def test_no_links_inside_links():
    body = "[Distillation guide](/guide/) and distillation."
    assert links(body) == [("distillation", "distillation")]
    assert '<a href="/guide/">Distillation guide</a>' in html(body)


def test_no_links_inside_code_spans_or_code_blocks():
    body = "Call `API` here.\n\n```\nAPI distillation\n```\n\nThe API."
    assert links(body) == [("api", "API")]
    assert "<code>API</code>" in html(body)
    assert "<pre><code>API distillation\n</code></pre>" in html(body)


def test_no_links_inside_raw_html_inline_or_block():
    body = (
        '<span class="x">Distillation</span> and <abbr title="t">API</abbr>.\n\n'
        "<div>\nAPI distillation\n</div>\n\nThen distillation and API."
    )
    assert links(body) == [("distillation", "distillation"), ("api", "API")]
    assert '<span class="x">Distillation</span>' in html(body)
    assert "<div>\nAPI distillation\n</div>" in html(body)


def test_image_descriptions_are_not_linked():
    body = "![Distillation diagram](https://example.net/d.png) Distillation."
    assert links(body) == [("distillation", "Distillation")]
    assert 'alt="Distillation diagram"' in html(body)


def test_surrounding_text_and_markup_are_untouched():
    body = 'Before *the* distillation, after: <b>bold</b> & "quotes" isn\'t it?'
    plain = render(body).html
    linked = html(body)
    link = '<a class="term" href="#term-distillation" data-term="distillation">distillation</a>'
    assert linked == plain.replace("distillation", link, 1)


def test_terms_are_listed_in_order_of_first_use():
    assert terms_used("The API, then AI distillation, then terms of service.") == (
        "api",
        "distillation",
        "terms-of-service",
    )


def test_without_a_glossary_nothing_is_linked():
    assert links("Distillation and API.", terms=()) == []


def test_the_first_term_to_claim_a_phrase_keeps_it():
    first = Term("Model", "model", "A trained system.", 1, aliases=("weights",))
    second = Term("Weights", "weights", "The numbers a model learned.", 4)
    assert links("The weights leaked.", terms=(first, second)) == [("model", "weights")]


# Issue 22, item 15: a phrase never links part of a hyphenated word.
CROSS = (
    Term("Cross-examination", "cross-examination", "Questions from the other side.", 1,
         aliases=("on cross",)),
)  # fmt: skip


def test_a_match_never_ends_inside_a_hyphenated_word():
    # "On cross" would leave "-examination" outside the link; the whole word is the term.
    assert links("On cross-examination, Musk agreed.", CROSS) == [
        ("cross-examination", "cross-examination")
    ]
    alone = (Term("On cross", "on-cross", "Under cross-examination.", 1),)
    assert links("On cross-examination, Musk agreed.", alone) == []
    assert links("He was asked on cross, twice.", alone) == [("on-cross", "on cross")]


def test_a_match_never_starts_inside_a_hyphenated_word():
    ai = (Term("AI", "ai", "Artificial intelligence.", 1),)
    assert links("An open-AI model and an AI-ready lab.", ai) == []
    assert links("A model built with AI.", ai) == [("ai", "AI")]
