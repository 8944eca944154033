"""The glossary as a reader meets it: linked first uses, the sidebar, the /glossary/ page,
and the errors an editor gets for naming a term that does not exist."""

from __future__ import annotations

import pytest
from lxml import html as lxml_html

from tests.support import article

GLOSSARY = """\
- term: Distillation
  aliases: [distills, AI distillation]
  definition: Training a model on the answers of a **larger** one.
  see_also: [frontier-model]
- term: Frontier model
  slug: frontier-model
  definition: One of the most capable AI systems of its day.
- term: API
  aliases: [APIs]
  definition: How one program asks another for work.
  see_also: [distillation]
- term: Nonprofit
  definition: An organisation that may not pay its earnings to owners.
"""

BODY = """\
## Distillation in court

Musk said xAI distills models through an API.

Later, distillation came up again, and so did the API.
"""


def text(element) -> str:
    return " ".join(element.text_content().split())


@pytest.fixture
def site(make_site, build):
    files = {
        "content/glossary.yaml": GLOSSARY,
        "content/articles/a.md": article(
            title="Distillation on trial", summary="Distillation, explained.", body=BODY,
            extra="glossary: [nonprofit, api]\n",
        ),
        "content/articles/b.md": article(title="Second story", date="2026-05-02",
                                         body="A frontier model and an API."),
    }  # fmt: skip
    run = build(make_site(files))
    assert run.code == 0, run.stderr
    return run


def test_first_uses_link_to_the_sidebar_and_titles_and_headings_stay_plain(site):
    page = lxml_html.fromstring(site.page("news/distillation-on-trial/index.html"))
    links = [(a.text, a.get("href")) for a in page.find_class("term")]
    assert links == [("distills", "#term-distillation"), ("API", "#term-api")]
    assert text(page.find(".//h1")) == "Distillation on trial"
    assert page.find(".//h2[@id='distillation-in-court']").find("a") is None
    assert page.find_class("dek")[0].find("a") is None


def test_the_sidebar_lists_terms_in_order_of_first_use_then_those_listed(site):
    page = lxml_html.fromstring(site.page("news/distillation-on-trial/index.html"))
    sidebar = page.find_class("glossary-sidebar")[0]
    assert sidebar.tag == "aside"
    entries = sidebar.find_class("term-entry")
    assert [e.get("id") for e in entries] == ["term-distillation", "term-api", "term-nonprofit"]
    first = entries[0]
    assert first.find(".//dfn").text == "Distillation"
    assert text(first.find_class("definition")[0]) == (
        "Training a model on the answers of a larger one."
    )
    assert first.find_class("definition")[0].find("strong").text == "larger"
    more = first.find_class("more")[0]
    assert more.get("href") == "/trial/glossary/#distillation"


def test_an_article_without_terms_has_no_sidebar(make_site, build):
    run = build(make_site({"content/glossary.yaml": GLOSSARY, "content/articles/a.md": article()}))
    assert run.code == 0, run.stderr
    assert "glossary-sidebar" not in run.page("news/a-story/index.html")


def test_the_glossary_page_lists_every_term_alphabetically_with_anchors(site):
    page = lxml_html.fromstring(site.page("glossary/index.html"))
    entries = page.find_class("glossary-entry")
    assert [(e.get("id"), e.find(".//dfn").text) for e in entries] == [
        ("api", "API"),
        ("distillation", "Distillation"),
        ("frontier-model", "Frontier model"),
        ("nonprofit", "Nonprofit"),
    ]
    distillation = entries[1]
    assert text(distillation.find_class("aliases")[0]) == "Also: distills, AI distillation"
    see_also = distillation.find_class("see-also")[0].find("a")
    assert (see_also.text, see_also.get("href")) == ("Frontier model", "#frontier-model")
    used = [(a.text, a.get("href")) for a in distillation.find_class("used-in")[0].findall("a")]
    assert used == [("Distillation on trial", "/trial/news/distillation-on-trial/")]
    api_used = [a.text for a in entries[0].find_class("used-in")[0].findall("a")]
    assert api_used == ["Second story", "Distillation on trial"]
    assert entries[3].find_class("used-in")[0].find("a").text == "Distillation on trial"


def test_a_glossary_entry_naming_an_unknown_term_is_an_error_at_its_line(make_site, build):
    extra = "glossary:\n  - api\n  - quantum\n"
    run = build(make_site({"content/glossary.yaml": GLOSSARY,
                           "content/articles/a.md": article(extra=extra)}))  # fmt: skip
    assert run.code == 1
    assert run.problems == [
        "content/articles/a.md:8: error: glossary[1]: no glossary term `quantum`"
    ]


def test_a_see_also_naming_an_unknown_term_is_an_error_at_its_line(make_site, build):
    glossary = GLOSSARY.replace(
        "see_also: [distillation]", "see_also:\n    - distillation\n    - sdk"
    )
    run = build(make_site({"content/glossary.yaml": glossary, "content/articles/a.md": article()}))
    assert run.code == 1
    assert run.problems == [
        "content/glossary.yaml:13: error: [2].see_also[1]: no glossary term `sdk`"
    ]
