"""Incremental equals clean, searched for: random sequences of an editor's edits to a small
site, and after every step the incremental build must write exactly what a clean build of
the same sources writes (byte for byte) and report exactly the same problems.

Hypothesis drives a state machine (`RuleBasedStateMachine`): each rule is one edit an
editor makes — an article added, deleted, renamed or moved to another folder; its date
moved across a page boundary, its title, section, tags, case, people, claims, quotes,
draft flag or schedule changed; the glossary, people, a case file, site.yaml, a template
override or a static file edited. CI runs a bounded number of sequences; set
SITEGEN_LONG_PROPERTIES=1 for a long local search.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, consumes, invariant, rule

from tests.support import build_outcome

LONG = os.environ.get("SITEGEN_LONG_PROPERTIES") == "1"
EPOCH = "1790000000"  # 2026-09-21

SITE_YAML = """\
title: Tracker
base_url: https://example.org/trial/
timezone: America/Los_Angeles
pagination: {{per_page: {per_page}}}
sections:
  news: {{title: News}}
  guides: {{title: {guides}}}
"""
PEOPLE = """\
- name: Elon Musk
  slug: elon-musk
  role: {role}
- name: Sam Altman
  slug: sam-altman
"""
GLOSSARY = """\
- term: Distillation
  definition: {definition}
- term: Cross-examination
  aliases: [on cross]
  definition: Questions from the other side.
"""
CASE = """\
title: Musk v. OpenAI
status: {status}
parties: {{plaintiffs: [elon-musk], defendants: [sam-altman]}}
timeline:
  - date: 2015
    title: OpenAI founded
"""
OVERRIDE = """\
{{% extends "@theme/base.html" %}}
{{% block footer_extra %}}<p>{note}</p>{{% endblock %}}
"""

TITLES = ("Musk testifies", "Altman on the stand", "The jury is seated", "Day 6", "Closing")
TAGS = ("openai", "xai", "trial", "jury", "OpenAI")
PERSONS = ("elon-musk", "sam-altman", "Elon Musk", "nobody-known")
STATUSES = ("admitted", "alleged", "denied", "verified")
# Dates spread so that moving one crosses a page of the paginated lists (2 a page).
DATES = ("2026-04-28", "2026-05-01", "2026-05-01T15:30:00", "2026-05-06", "2026-06-30")
FUTURE = "2026-12-24"  # after EPOCH: scheduled


def article_text(spec: dict) -> str:
    lines = [
        f"title: {spec['title']}",
        f"date: {spec['date']}",
        f"section: {spec['section']}",
        "summary: What happened in court.",
        f"tags: [{', '.join(spec['tags'])}]",
    ]
    if spec["case"]:
        lines.append("case: musk-v-openai")
    if spec["people"]:
        lines.append(f"people: [{', '.join(spec['people'])}]")
    if spec["draft"]:
        lines.append("draft: true")
    if spec["claim"]:
        by, status = spec["claim"]
        lines.append(f"claims:\n  - {{id: c1, text: It was a gift., by: {by}, status: {status}}}")
    if spec["quote"]:
        lines.append(f"quotes:\n  - {{text: {spec['quote']}, by: elon-musk}}")
    body = "Distillation was argued on cross. " + spec["body"]
    return "---\n" + "\n".join(lines) + "\n---\n" + body + "\n"


specs = st.fixed_dictionaries(
    {
        "title": st.sampled_from(TITLES),
        "date": st.sampled_from(DATES),
        "section": st.sampled_from(("news", "guides")),
        "tags": st.lists(st.sampled_from(TAGS), max_size=3, unique=True),
        "case": st.booleans(),
        "people": st.lists(st.sampled_from(PERSONS[:3]), max_size=2, unique=True),
        "draft": st.just(False),
        "claim": st.none() | st.tuples(st.sampled_from(PERSONS), st.sampled_from(STATUSES)),
        "quote": st.none() | st.sampled_from(("I was a fool.", "We never promised that.")),
        "body": st.sampled_from(("", "More text.", "See [the glossary](/trial/glossary/).")),
    }
)


class EditorAtWork(RuleBasedStateMachine):
    """A site an editor keeps changing; the invariant is checked after every edit."""

    articles = Bundle("articles")

    def __init__(self) -> None:
        super().__init__()
        self.root = Path(tempfile.mkdtemp(prefix="sitegen-machine-"))
        self.site = self.root / "site"
        self.out = self.root / "public"
        self.specs: dict[str, dict] = {}  # relative path under content/articles → spec
        self.counter = 0
        self.steps = 0
        self.good: dict[str, bytes] | None = None
        self._write("site.yaml", SITE_YAML.format(per_page=2, guides="Guides"))
        self._write("content/people.yaml", PEOPLE.format(role="Plaintiff"))
        self._write("content/glossary.yaml", GLOSSARY.format(definition="Learning from answers."))
        self._write("content/cases/musk-v-openai.yaml", CASE.format(status="trial"))
        self._write("static/notes.txt", "notes\n")

    def teardown(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)

    def _write(self, rel: str, text: str) -> None:
        path = self.site / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    def _save(self, rel: str) -> None:
        self._write(f"content/articles/{rel}", article_text(self.specs[rel]))

    # -- articles -------------------------------------------------------------------

    @rule(target=articles, spec=specs, folder=st.sampled_from(("", "2026/", "2026/05/")))
    def add_article(self, spec, folder):
        self.counter += 1
        rel = f"{folder}story-{self.counter}.md"
        self.specs[rel] = dict(spec)
        self._save(rel)
        return rel

    @rule(rel=consumes(articles))
    def delete_article(self, rel):
        (self.site / "content/articles" / rel).unlink()
        del self.specs[rel]

    @rule(target=articles, rel=consumes(articles), folder=st.sampled_from(("", "2026/", "old/")))
    def rename_or_move_article(self, rel, folder):
        self.counter += 1
        new = f"{folder}moved-{self.counter}.md"
        (self.site / "content/articles" / new).parent.mkdir(parents=True, exist_ok=True)
        (self.site / "content/articles" / rel).rename(self.site / "content/articles" / new)
        self.specs[new] = self.specs.pop(rel)
        return new

    @rule(
        rel=articles,
        field=st.sampled_from(("title", "date", "section", "tags", "case", "people")),
        data=st.data(),
    )
    def edit_headline_field(self, rel, field, data):
        spec = self.specs[rel]
        value = data.draw(specs.map(lambda s: s[field]), label=field)
        spec[field] = value
        self._save(rel)

    @rule(rel=articles, data=st.data())
    def edit_items(self, rel, data):
        spec = self.specs[rel]
        spec["claim"] = data.draw(specs.map(lambda s: s["claim"]), label="claim")
        spec["quote"] = data.draw(specs.map(lambda s: s["quote"]), label="quote")
        spec["body"] = data.draw(specs.map(lambda s: s["body"]), label="body")
        self._save(rel)

    @rule(rel=articles)
    def toggle_draft(self, rel):
        self.specs[rel]["draft"] = not self.specs[rel]["draft"]
        self._save(rel)

    @rule(rel=articles, scheduled=st.booleans())
    def schedule(self, rel, scheduled):
        self.specs[rel]["date"] = FUTURE if scheduled else DATES[1]
        self._save(rel)

    # -- the site's data, settings, templates and static files -----------------------

    @rule(definition=st.sampled_from(("Learning from answers.", "A small model copies a big one.")))
    def edit_glossary(self, definition):
        self._write("content/glossary.yaml", GLOSSARY.format(definition=definition))

    @rule(role=st.sampled_from(("Plaintiff", "Founder of xAI")))
    def edit_people(self, role):
        self._write("content/people.yaml", PEOPLE.format(role=role))

    @rule(status=st.sampled_from(("trial", "verdict", "appeal")))
    def edit_case_file(self, status):
        self._write("content/cases/musk-v-openai.yaml", CASE.format(status=status))

    @rule(per_page=st.sampled_from((1, 2, 3)), guides=st.sampled_from(("Guides", "Explainers")))
    def edit_site_yaml(self, per_page, guides):
        self._write("site.yaml", SITE_YAML.format(per_page=per_page, guides=guides))

    @rule(note=st.none() | st.sampled_from(("Tips: tips@example.org", "Corrections desk")))
    def edit_template_override(self, note):
        path = self.site / "templates/base.html"
        if note is None:
            path.unlink(missing_ok=True)
        else:
            self._write("templates/base.html", OVERRIDE.format(note=note))

    @rule(text=st.sampled_from(("notes\n", "more notes\n", None)))
    def edit_static_file(self, text):
        if text is None:
            (self.site / "static/notes.txt").unlink(missing_ok=True)
        else:
            self._write("static/notes.txt", text)

    # -- the property -----------------------------------------------------------------

    @invariant()
    def incremental_build_equals_a_clean_one(self):
        self.steps += 1
        problems, files = build_outcome(self.site, self.out, clean=False)
        clean = self.root / f"clean-{self.steps}"
        clean_problems, clean_files = build_outcome(self.site, clean, clean=True)
        shutil.rmtree(clean, ignore_errors=True)
        assert problems == clean_problems
        if any(": error: " in p for p in problems):
            # A failed build leaves the previous output as it was.
            assert self.good is None or files == self.good
            return
        assert sorted(files) == sorted(clean_files)
        different = [path for path in files if files[path] != clean_files[path]]
        assert different == [], f"incremental output differs from a clean build: {different}"
        self.good = files


EditorAtWork.TestCase.settings = settings(
    max_examples=60 if LONG else 4,
    stateful_step_count=25 if LONG else 6,
    deadline=None,
    derandomize=not LONG,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
TestEditorAtWork = EditorAtWork.TestCase
