"""What readers and subscribers see (issue 22, items 13 to 20), each as a small site in
and what a reader, a subscriber's feed reader or a browser gets out."""

from __future__ import annotations

import json

import feedparser
from lxml import html as lxml_html

from tests.support import article

PEOPLE = """\
- name: Laura Brennan
  slug: laura-brennan
  role: Editor, The Ledger
- name: Corvid Labs
  slug: corvid-labs
- name: Ada Reyes
  slug: ada-reyes
  role: U.S. District Judge
"""
CASE = """\
title: Ledger v. Corvid Labs
court: U.S. District Court, Manhattan
judge: Ada Reyes
status: Trial under way
parties: {plaintiffs: [laura-brennan], defendants: [corvid-labs]}
"""


def page(run, path: str):
    return lxml_html.fromstring(run.page(path))


def text(element) -> str:
    return " ".join(element.text_content().split())


# -- 14. A claim card's attribution is worded by its status ------------------------------

ATTRIBUTIONS = {
    "admitted": "Admitted by",
    "alleged": "Alleged by",
    "disputed": "Contended by",
    "denied": "Denied by",
    "verified": "Said by",
    "false": "Claimed by",
    "unverified": "Claimed by",
}


def test_a_claim_card_words_who_by_the_claims_status(make_site, build):
    claims = "".join(
        f"  - {{id: c-{status}, text: Corvid copied the archive., by: corvid-labs, "
        f"status: {status}}}\n"
        for status in ATTRIBUTIONS
    )
    story = article("Day one", extra="claims:\n" + claims)
    run = build(make_site({"content/people.yaml": PEOPLE, "content/articles/a.md": story}))
    assert run.code == 0, run.stderr
    html = page(run, "news/day-one/index.html")
    for status, words in ATTRIBUTIONS.items():
        card = html.get_element_by_id(f"claim-{status}".replace("claim-", "claim-c-"))
        assert text(card.find_class("claim-by")[0]) == f"{words} Corvid Labs", status
        assert card.get("aria-label").endswith(f"{words} Corvid Labs"), status


# -- 13. Corrections reach feed subscribers --------------------------------------------

CORRECTED = article(
    "Verdict day",
    date="2026-05-01T09:00:00-07:00",
    extra="""\
        updates:
          - date: 2026-05-02T10:30:00-07:00
            kind: correction
            note: An earlier version misspelled **Corvid** Labs.
        """,
    body="The jury returned at noon.",
)


def test_a_correction_reaches_every_feeds_item_content(make_site, build):
    run = build(make_site({"content/articles/a.md": CORRECTED}), "--no-search")
    assert run.code == 0, run.stderr
    contents = {}
    for feed in ("feed.xml", "atom.xml"):
        parsed = feedparser.parse(run.page(feed))
        assert not parsed.bozo, parsed.bozo_exception
        contents[feed] = parsed.entries[0].content[0].value
    contents["feed.json"] = json.loads(run.page("feed.json"))["items"][0]["content_html"]
    for feed, content in contents.items():
        box = lxml_html.fromstring(content).find_class("updates")
        assert box, f"{feed}: no updates box"
        said = text(box[0])
        assert said.startswith("Updates and corrections Correction, May 2, 2026"), feed
        assert said.endswith(": An earlier version misspelled Corvid Labs."), feed
        # The box comes before the text, as on the page.
        assert content.index("Correction") < content.index("The jury returned"), feed
