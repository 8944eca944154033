"""Hostile and broken input, generated: every file ends in a result or a `file:line` problem,
never a traceback, and nothing an editor writes in front matter reaches a page unescaped.

Hypothesis runs derandomized (the same examples on every run and in CI) with example counts
sized to keep this file well under a minute on a slow two-core machine.
"""

from __future__ import annotations

import json
import os
import re
import string
import tempfile
import xml.etree.ElementTree as ET
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import lxml.html
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markupsafe import escape

from sitegen.model.amounts import format_money, format_range, parse_amount
from sitegen.model.config import Section, SiteConfig
from sitegen.model.content import CLAIM_STATUSES, Term
from sitegen.pipeline.build import Options, build
from sitegen.read import frontmatter
from sitegen.read.articles import ARTICLE_FIELDS, read_article
from sitegen.read.sources import SourceFile
from sitegen.read.yamldoc import UNPRINTABLE_RE, YamlError
from sitegen.render.glossary import GlossaryIndex
from sitegen.render.markdown import render
from sitegen.shared.errors import BuildError, Diagnostics
from sitegen.shared.folders import THEME
from sitegen.shared.typography import smart
from tests.support import build_outcome

FAST = settings(
    max_examples=300,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
CONFIG = SiteConfig(
    title="Test Tracker",
    base_url="https://example.org/trial/",
    timezone="America/Los_Angeles",
    sections=(Section("news", "News"),),
)
ARTICLE = "content/articles/story.md"
PROBLEM_RE = re.compile(r"content/articles/story\.md:(\d+): (error|warning): ")

# -- generators ---------------------------------------------------------------

# Any character a UTF-8 file can hold (surrogates cannot be written to one).
unicode_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
# What YAML and Markdown give meaning to, and characters that have broken parsers before.
YAML_TOKENS = [
    *":-[]{},#&*!|>'\"%@`?\\ \t\n",
    "  ", "\n  ", "\n- ", ": ", "- ", "---", "...", "~", "null", "true", "no", "2018",
    "2025-13-45", "2026-05-01T25:00", "800B", "1.75T", "1e999", "0x1F", "&a ", "*a", "<<: ",
    "!!python/object/apply:os.system ['true']", "!!binary aGk=", "!custom ", "\u00e9", "\u2028",
    "\x85", "\ufeff", "\u202e", "\U0001f600", "\\ud83d", '"\\ud83d"', '"\\x00"', '"\\e"',
    "title: ", "claims:\n  - ", "valuations:\n  - ", "tables:\n  - ", "quotes:\n  - ",
    "id: x\n    ", "amount: ", "rows: [[", "columns: [", "status: ", "by: ",
]  # fmt: skip
yaml_like = st.lists(st.sampled_from(YAML_TOKENS) | unicode_text, max_size=40).map("".join)

SPECIAL_SCALARS = [
    "2026-05-01", "2025-13-45", "2026-02-30", "0000-01-01", "9999-12-31T23:59:59+14:00",
    "800B", "1.75T", "10,000,000", "9" * 40, "1" * 41, "0.000001", "1,2,3", "1.2.3",
    "true", "null", "~", "", "2018", "-1", ".inf", "NaN", "admitted", "verified", "false",
    "news", "USD", "EUR", "usd", "X", "€", "https://example.org/", "/img/a.png", "javascript:x",
]  # fmt: skip
FIELD_KEYS = [
    "id", "text", "by", "status", "date", "amount", "low", "high", "entity", "as_of",
    "currency", "columns", "rows", "title", "url", "note", "kind", "role", "context",
    "caption", "label", "sources", "publisher",
]  # fmt: skip


def yaml_scalar() -> st.SearchStrategy[str]:
    """A YAML scalar as an editor might write it: plain, quoted, or a JSON string
    (which writes an emoji as two `\\u` escapes)."""
    plain = unicode_text.filter(lambda s: "\n" not in s and "\r" not in s)
    return st.one_of(
        st.sampled_from(SPECIAL_SCALARS),
        plain,
        unicode_text.map(json.dumps),
        unicode_text.map(lambda s: "'" + s.replace("'", "''").replace("\n", " ") + "'"),
    )


def yaml_value(depth: int) -> st.SearchStrategy[str]:
    if depth == 0:
        return yaml_scalar()
    inner = yaml_value(depth - 1)
    return st.one_of(
        yaml_scalar(),
        st.lists(inner, max_size=3).map(lambda items: "[" + ", ".join(items) + "]"),
        st.dictionaries(st.sampled_from(FIELD_KEYS), inner, max_size=5).map(
            lambda d: "{" + ", ".join(f"{k}: {v}" for k, v in d.items()) + "}"
        ),
    )


random_front_matter = st.dictionaries(
    st.sampled_from((*ARTICLE_FIELDS, "titel", "Title")), yaml_value(3), max_size=12
).map(lambda fields: "".join(f"{key}: {value}\n" for key, value in fields.items()))

# Articles as an editor writes them, every value either sensible or hostile, dumped by
# PyYAML (plain where it can, quoted or escaped where it must).
text_value = st.one_of(
    unicode_text.filter(str.strip),
    st.sampled_from(SPECIAL_SCALARS),
    st.sampled_from(['</script><b x="1">', "a & b", "[x](javascript:y)", "*bold* `c`"]),
)


def mostly(valid: st.SearchStrategy, other: st.SearchStrategy = text_value) -> st.SearchStrategy:
    """Nine times in ten a value the field accepts, else anything: so that most articles
    read, and what is read is checked too."""
    return st.integers(0, 9).flatmap(lambda n: other if n == 0 else valid)


slug_value = mostly(st.from_regex(r"[a-z0-9]{1,6}(-[a-z0-9]{1,6}){0,2}", fullmatch=True))
date_value = mostly(st.sampled_from(["2026", "2026-05", "2026-05-01"]))
moment_value = mostly(
    st.sampled_from(["2026-05-01", "2026-05-01T10:00:00+02:00", "2026-05-01 10:00"])
)
url_value = mostly(st.sampled_from(["https://example.org/a", 'http://x.org/?q=<a>&b="c"']))
amount_value = mostly(st.from_regex(r"\d{1,12}(\.\d{1,3})?[KMBT]?", fullmatch=True))
source = st.fixed_dictionaries(
    {"title": text_value, "url": url_value},
    optional={"publisher": text_value, "date": date_value},
)
claim = st.fixed_dictionaries(
    {"id": slug_value, "text": text_value, "by": text_value,
     "status": mostly(st.sampled_from(CLAIM_STATUSES))},
    optional={"date": date_value, "context": text_value, "sources": st.lists(source, max_size=2)},
)  # fmt: skip
quote = st.fixed_dictionaries(
    {"text": text_value, "by": text_value},
    optional={"id": slug_value, "role": text_value, "date": date_value, "context": text_value},
)
table = st.integers(1, 3).flatmap(
    lambda n: st.fixed_dictionaries(
        {"id": slug_value, "columns": st.lists(text_value, min_size=n, max_size=n),
         "rows": st.lists(st.lists(text_value, min_size=n, max_size=n), max_size=3)},
        optional={"caption": text_value},
    )
)  # fmt: skip
valuation = st.fixed_dictionaries(
    {"entity": text_value, "as_of": date_value, "amount": amount_value},
    optional={"currency": mostly(st.sampled_from(["USD", "eur", "CHF"])), "label": text_value},
)
article_data = st.fixed_dictionaries(
    {"title": text_value, "date": moment_value, "section": mostly(st.just("news")),
     "summary": text_value},
    optional={
        "slug": slug_value, "authors": st.lists(text_value, max_size=3),
        "tags": st.lists(text_value, max_size=3), "draft": mostly(st.booleans()),
        "updates": st.lists(st.fixed_dictionaries({"date": moment_value, "note": text_value}), max_size=2),
        "sources": st.lists(source, max_size=2), "claims": st.lists(claim, max_size=3),
        "quotes": st.lists(quote, max_size=2), "tables": st.lists(table, max_size=2),
        "valuations": st.lists(valuation, max_size=3), "glossary": st.lists(slug_value, max_size=2),
        "extra": st.dictionaries(st.sampled_from(FIELD_KEYS), text_value, max_size=3),
    },
)  # fmt: skip


def dumped(data: dict) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=60)


# An editor's article, sometimes broken by one stray token somewhere in it.
front_matter = st.one_of(
    article_data.map(dumped),
    st.tuples(article_data.map(dumped), st.sampled_from(YAML_TOKENS), st.floats(0, 1)).map(
        lambda t: t[0][: int(len(t[0]) * t[2])] + t[1] + t[0][int(len(t[0]) * t[2]) :]
    ),
    random_front_matter,
)

# Markdown bodies: syntax, embeds, raw HTML, glossary words and any Unicode, mixed.
MD_TOKENS = [
    *"*_`[]()!<>&#|~\\-=+.:\n ", "\n\n", "\n    ", "## ", "> ", "- ", "1. ", "```\n", "~~",
    "[^1]", "[^1]: note\n", "[x](/about/)", "[x](javascript:alert(1))", "![i](/a.png)",
    "<https://x.org>", "<b>", "</b>", "<a href='x'>", "</a>", "<div>", "</div>",
    "<script>alert(1)</script>", "<!-- c -->", "&amp;", "&#0;", "&#x110000;", "\x00",
    "{{< claim c1 >}}", "{{< quote q >}}", "{{< valuations >}}", "{{< table t >}}",
    "{{< poll x >}}", "{{<", "{{< claim >}}", "distillation", "Distills", "frontier model",
    "frontier", "model", "AI distillation", "ﬁ", "ß", "İ", "\u0301", "\u200b", "\U0001f600",
]  # fmt: skip
markdown_text = st.lists(st.sampled_from(MD_TOKENS) | unicode_text, max_size=60).map("".join)

GLOSSARY = GlossaryIndex.build(
    (
        Term(
            "Distillation",
            "distillation",
            "Training on outputs.",
            1,
            ("AI distillation", "distills"),
        ),
        Term("Frontier model", "frontier-model", "The most capable.", 5, ("frontier",)),
        Term("Model", "model", "A trained network.", 9),
    )
)


# -- the front matter loader ------------------------------------------------------


@FAST
@given(st.one_of(yaml_like, st.text()), st.text(max_size=40))
def test_front_matter_splits_into_a_document_or_a_problem_at_a_line(yaml_text, body):
    text = f"---\n{yaml_text}\n---\n{body}"
    try:
        doc = frontmatter.parse(text)
    except YamlError as exc:
        assert 1 <= exc.problem.line <= text.count("\n") + 1
        assert exc.problem.message
    else:
        assert doc.body == body
        assert 1 <= doc.body_line <= text.count("\n") + 2
        assert all(1 <= p.line <= text.count("\n") + 1 for p in doc.problems)


@pytest.fixture(scope="module")
def story_file():
    with tempfile.TemporaryDirectory() as folder:
        yield SourceFile(ARTICLE, Path(folder) / "story.md", "article")


def read(source: SourceFile, data: bytes):
    source.file.write_bytes(data)
    diag = Diagnostics()
    return read_article(source, CONFIG, diag), diag


def assert_located(article, diag: Diagnostics, data: bytes) -> None:
    """A result, or problems that each name the file and a line in it."""
    assert (article is None) == diag.has_errors()
    lines = data.count(b"\n") + 1
    for problem in diag.problems:
        match = PROBLEM_RE.match(str(problem))
        assert match, str(problem)
        assert 1 <= int(match.group(1)) <= lines, str(problem)


@FAST
@given(front_matter, markdown_text)
def test_any_front_matter_reads_to_an_article_or_problems_at_their_lines(story_file, front, body):
    data = f"---\n{front}---\n{body}\n".encode()
    article, diag = read(story_file, data)
    assert_located(article, diag, data)


@FAST
@given(article_data, markdown_text)
def test_an_article_that_reads_keeps_what_the_editor_wrote(story_file, data, body):
    text = f"---\n{dumped(data)}---\n{body}\n"
    article, diag = read(story_file, text.encode())
    assert_located(article, diag, text.encode())
    if article is None:
        return
    # As written, with typographic quotes and dashes (what readers and feeds are shown).
    written = (data["title"].strip(), data["summary"].strip())
    assert (article.title, article.summary) == tuple(smart(text) for text in written)
    # Line ends are read as `\n` whatever the editor's system wrote.
    assert article.body == body.replace("\r\n", "\n").replace("\r", "\n") + "\n"
    assert [c.text for c in article.claims] == [c["text"].strip() for c in data.get("claims", [])]
    assert [q.text for q in article.quotes] == [
        smart(q["text"].strip()) for q in data.get("quotes", [])
    ]
    assert len(article.tables) == len(data.get("tables", []))
    assert len(article.valuations) == len(data.get("valuations", []))


@FAST
@given(st.one_of(yaml_like, st.text()), st.binary(max_size=30))
def test_broken_files_read_to_problems_at_their_lines(story_file, yaml_text, tail):
    """Unclosed front matter, YAML syntax errors, stray tags, bytes that are not UTF-8."""
    data = f"---\n{yaml_text}\n".encode() + tail
    article, diag = read(story_file, data)
    assert_located(article, diag, data)


# -- Markdown, embeds and the glossary -----------------------------------------------


VOID = {"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class TagBalance(HTMLParser):
    """Every element closed, in order: what a well-formed fragment is."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
        else:
            self.stack.pop()


def balance_errors(html: str) -> list[str]:
    checker = TagBalance()
    checker.feed(html)
    checker.close()
    return checker.errors + [f"<{tag}> never closed" for tag in checker.stack]


@FAST
@given(markdown_text)
def test_any_body_renders_to_well_formed_html_with_embeds_at_their_lines(body):
    out = render(body, body_line=7, glossary=GLOSSARY, raw_html=False, base_path="/trial/")
    assert balance_errors(out.html) == []
    last_line = 7 + body.count("\n")
    assert all(7 <= embed.line <= last_line for embed in out.embeds)
    assert len(set(out.terms)) == len(out.terms) <= 3
    assert set(out.terms) <= set(GLOSSARY.terms)
    assert "<script" not in out.html and "\x00" not in out.html
    # Each term links once, from its first use, never inside a link, heading or code.
    tree = lxml.html.fragment_fromstring(out.html or "<p></p>", create_parent="div")
    links = tree.xpath("//a[@class='term']")
    assert [a.get("data-term") for a in links] == list(out.terms)
    for link in links:
        assert not link.xpath("ancestor::a|ancestor::h1|ancestor::h2|ancestor::h3|ancestor::code")


@FAST
@given(markdown_text)
def test_raw_html_bodies_render_without_raising(body):
    out = render(body, glossary=GLOSSARY, raw_html=True)
    assert "\x00" not in "".join(p for p in out.parts if isinstance(p, str))


# -- amounts ------------------------------------------------------------------------


amount_like = st.one_of(
    st.text(max_size=45),
    st.text(alphabet="0123456789,. kKmMbBtT-+e_", max_size=45),
    st.from_regex(r"\d{1,40}(\.\d{1,20})?\s?[KMBTkmbt]?", fullmatch=True),
)


@FAST
@given(amount_like, amount_like, st.from_regex(r"[A-Z]{3}", fullmatch=True))
def test_any_amount_text_is_a_figure_or_refused_and_every_figure_can_be_said(a, b, currency):
    low, high = parse_amount(a), parse_amount(b)
    for value in (low, high):
        assert value is None or (isinstance(value, Decimal) and value >= 0)
    if low is not None and high is not None:
        said = format_range(min(low, high), max(low, high), currency)
        assert said and ("–" in said) == (low != high)
        assert "E" not in said.replace(currency, "")  # never scientific notation


@FAST
@given(st.integers(min_value=0, max_value=10**24), st.sampled_from(["", "K", "M", "B", "T"]))
def test_written_amounts_mean_what_they_say(number, suffix):
    scale = {"": 1, "K": 10**3, "M": 10**6, "B": 10**9, "T": 10**12}[suffix]
    assert parse_amount(f"{number}{suffix}") == number * scale
    assert parse_amount(f"{number:,}{suffix.lower()}") == number * scale
    said = format_money(Decimal(number * scale), "USD")
    assert said.startswith("$") and not re.search(r"\b1,?000 (million|billion)", said)


# -- escaping, end to end -----------------------------------------------------------

# Strings made to break out of every context they reach: element text, attributes,
# JSON-LD, XML feeds, and the template engine itself.
PAYLOADS = [
    "</script><script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "'><svg onload=x>",
    "</title><b>", "]]><x>", "--><!--", "{{ 7*7 }}", "{% raw %}", "&lt;b&gt;", "&amp;", "<!--",
    "</textarea>", "\u2028\u2029", "a & b < c > d \" e ' f", "[x](javascript:alert(1))",
    "<javascript:alert(1)>", "![x](data:text/html,<b>)", "[x](vbscript:y)",
]  # fmt: skip
hostile = st.one_of(
    st.sampled_from(PAYLOADS),
    st.text(alphabet=string.ascii_letters + "<>&\"'/=` é€\U0001f600", min_size=1, max_size=30),
).map(lambda s: f"Q{s}Q")  # letters at both ends: found only where the whole value is
# Escaping never writes these, so a value holding one can only appear as written if it
# was not escaped. (`&` alone is no evidence: `&amp;` escaped is `&amp;amp;`. That case is
# held to the text a reader sees instead, below.)
TELLTALES = set('<>"')


def yaml_string(value: str) -> str:
    return json.dumps(value)  # a JSON string is a YAML double-quoted scalar


def hostile_site(root: Path, v: dict[str, str]) -> None:
    """One article that carries a hostile string in every field that reaches a page."""
    q = {key: yaml_string(value) for key, value in v.items()}
    files = {
        "site.yaml": "title: Tracker\nbase_url: https://example.org/trial/\n"
        "sections:\n  news: {title: News}\n",
        "content/glossary.yaml": f"- term: Distillation\n  definition: {q['definition']}\n",
        "content/people.yaml": f"- name: {q['person']}\n  slug: someone\n  role: {q['role']}\n",
        "content/cases/case-a.yaml": f"title: {q['case']}\nsummary: {q['summary']}\n",
        "content/articles/story.md": f"""---
title: {q["title"]}
date: 2026-05-01
section: news
summary: {q["summary"]}
authors: [{q["author"]}]
tags: [{q["tag"]}]
case: case-a
people: [someone]
updates: [{{date: 2026-05-02, note: {q["note"]}}}]
sources: [{{title: {q["source"]}, url: "https://example.org/?q=<x>&y=\\"z\\""}}]
claims:
  - {{id: c1, text: {q["claim"]}, by: someone, status: verified, context: {q["context"]}}}
quotes:
  - {{id: q1, text: {q["quote"]}, by: someone, role: {q["role"]}}}
tables:
  - {{id: t1, caption: {q["caption"]}, columns: [{q["cell"]}, b], rows: [[{q["cell"]}, {q["cell"]}]]}}
valuations:
  - {{entity: {q["entity"]}, amount: 800B, as_of: 2026, label: {q["label"]}}}
---
Distillation is explained.
""",
    }
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


FIELDS = [
    "title", "summary", "author", "tag", "note", "source", "claim", "context", "quote",
    "role", "caption", "cell", "entity", "label", "definition", "person", "case",
]  # fmt: skip


def build_pages(root: Path, values: dict[str, str]) -> dict[str, str]:
    """Build the hostile site; every HTML and XML file written, by output path."""
    site, out = root / "site", root / "public"
    hostile_site(site, values)
    try:
        build(Options(site, out, search=False, jobs=1, clean=True))
    except BuildError as exc:  # pragma: no cover - shown on failure
        pytest.fail("\n".join(map(str, exc.problems)))
    return {
        p.relative_to(out).as_posix(): p.read_text("utf-8")
        for p in sorted(out.rglob("*"))
        if p.suffix in (".html", ".xml") and p.is_file()
    }


def escaping_failures(pages: dict[str, str], values: dict[str, str]) -> list[str]:
    """Where a value reached a page as markup, or a page stopped being well-formed."""
    failures = []
    # Each value as written and as shown (typographic quotes): neither may be markup.
    shown = dict.fromkeys([*values.values(), *(smart(v) for v in values.values())])
    raw = [v for v in shown if TELLTALES & set(v)]
    for path, text in pages.items():
        if path.endswith(".xml"):
            # Feeds carry the article as HTML inside the XML (CDATA or escaped): that
            # HTML must hold the values escaped too.
            for element in ET.fromstring(text.encode()).iter():
                if element.tag.endswith(("}encoded", "}content")):
                    failures += [f"{v!r} in {path}" for v in raw if v in (element.text or "")]
            continue
        failures += [f"{v!r} unescaped in {path}" for v in raw if v in text]
        for script in re.findall(r"<script[^>]*>(.*?)</script>", text, re.S):
            if "</" in script or "<!--" in script:
                failures.append(f"a script in {path} holds `</` or `<!--`")
        failures += [f"{path}: {e}" for e in balance_errors(text)]
        links = lxml.html.fromstring(text).xpath("//@href|//@src")
        failures += [f"{path}: link {u!r}" for u in links if u.strip().lower().startswith(BAD)]
    return failures


BAD = ("javascript:", "vbscript:", "data:")


@settings(FAST, max_examples=30)
@given(st.fixed_dictionaries({field: hostile for field in FIELDS}))
def test_front_matter_strings_reach_pages_escaped_and_pages_stay_well_formed(values):
    with tempfile.TemporaryDirectory() as folder:
        pages = build_pages(Path(folder), values)
    assert escaping_failures(pages, values) == []
    # And a reader sees each value as written, with typographic quotes and dashes (so it
    # did reach the page).
    (article,) = (t for p, t in pages.items() if re.fullmatch(r"news/[^/]+/index\.html", p))
    tree = lxml.html.fromstring(article)
    title, summary = smart(values["title"]), smart(values["summary"])
    assert tree.xpath("string(//h1[@id='headline'])") == title
    assert tree.xpath("string(//p[@class='dek'])") == summary
    quote = tree.xpath("string(//figure[@class='quote']//blockquote)").strip()
    assert quote == smart(values["quote"])
    assert f"<title>{escape(title)} · Tracker</title>" in article
    ld = [json.loads(s.text) for s in tree.xpath("//script[@type='application/ld+json']")]
    assert ld[0]["headline"] == title and ld[0]["description"] == summary
    assert ld[1]["claimReviewed"] == values["claim"]
    feed = ET.fromstring(pages["feed.xml"].encode())
    assert feed.findtext("channel/item/title") == title


# Any character a page can show (no controls, surrogates or unassigned code points).
printable_text = st.text(
    st.characters(blacklist_categories=("Cc", "Cs", "Cn")), min_size=1, max_size=30
).filter(str.strip)
# One field in fifty holds anything at all, so that most sites build and are checked.
any_value = st.integers(0, 49).flatmap(lambda n: unicode_text if n == 0 else printable_text)


printable_markdown = markdown_text.map(lambda text: UNPRINTABLE_RE.sub("", text))


@settings(FAST, max_examples=40)
@given(
    st.fixed_dictionaries({field: any_value for field in FIELDS}),
    mostly(printable_markdown, markdown_text),
)
def test_any_unicode_in_front_matter_or_body_builds_a_site_or_reports_problems(values, body):
    """Whatever the characters (controls and astral ones written as JSON escapes, empty
    strings, Markdown in a title): pages, or `file:line` problems, never a traceback."""
    with tempfile.TemporaryDirectory() as folder:
        site, out = Path(folder) / "site", Path(folder) / "public"
        hostile_site(site, values)
        story = site / "content/articles/story.md"
        story.write_text(story.read_text("utf-8") + body, "utf-8")
        try:
            build(Options(site, out, search=False, jobs=1, clean=True))
        except BuildError as exc:
            for problem in exc.problems:
                assert re.match(r"(site\.yaml|content/\S+):\d+: (error|warning): ", str(problem))
        else:
            assert (out / "index.html").is_file()


def test_the_escaping_check_finds_a_value_a_template_lets_through(tmp_path):
    """The property above is only as good as its check: a theme that prints a quote with
    `|safe` is caught."""
    values = {field: f"Q{field}Q" for field in FIELDS} | {"quote": "Q<b>bold</b>Q"}
    (tmp_path / "site/templates/partials").mkdir(parents=True)
    quote = (THEME / "templates/partials/quote.html").read_text("utf-8")
    unsafe = quote.replace("{{ quote.text }}", "{{ quote.text|safe }}")
    assert unsafe != quote
    (tmp_path / "site/templates/partials/quote.html").write_text(unsafe, "utf-8")
    failures = escaping_failures(build_pages(tmp_path, values), values)
    assert all(f.startswith("'Q<b>bold</b>Q'") for f in failures)
    assert "'Q<b>bold</b>Q' unescaped in cases/case-a/index.html" in failures
    assert "'Q<b>bold</b>Q' in feed.xml" in failures  # the article's HTML in the feed


# -- an incremental build is a clean build, problems included -----------------------------

SMALL_SITE = {
    "site.yaml": "title: Tracker\nbase_url: https://example.org/trial/\n"
    "sections:\n  news: {title: News}\n",
    "content/articles/one.md": "---\ntitle: One\ndate: 2026-05-01\nsection: news\n"
    "summary: S.\n---\nText.\n",
    "static/a.css": "a {}\n",
}


def _link(name: str, target: str):
    def change(site: Path) -> None:
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).unlink(missing_ok=True)
        (site / name).symlink_to(target)

    return change


def _write(name: str, text: str):
    def change(site: Path) -> None:
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).unlink(missing_ok=True)
        (site / name).write_text(text, "utf-8")

    return change


def _remove(*names: str):
    def change(site: Path) -> None:
        for name in names:
            path = site / name
            if path.is_symlink() or path.is_file() or path.is_fifo():
                path.unlink()

    return change


def _pipe(name: str):
    def change(site: Path) -> None:
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).unlink(missing_ok=True)
        os.mkfifo(site / name)

    return change


# Every kind of input entry (files, links good and bad, pipes) appearing and going.
BAD_ENTRIES = ("static/gone.png", "static/loop.png", "static/p.bin", "content/articles/x")
ENTRY_CHANGES = {
    "broken static link": _link("static/gone.png", "nothing.png"),
    "looping static link": _link("static/loop.png", "loop.png"),
    "linked static folder": _link("static/gone.png", "../content"),
    "pipe in static": _pipe("static/p.bin"),
    "article linked from outside": _link("content/articles/x", "/etc/hostname"),
    "linked article folder": _link("content/articles/x", "/usr/share"),
    "good static link": _link("static/b.css", "a.css"),
    "new article": _write(
        "content/articles/two.md",
        "---\ntitle: Two\ndate: 2026-05-02\nsection: news\nsummary: S.\n---\nMore.\n",
    ),
    "broken article": _write("content/articles/two.md", "---\ntitle: [\n---\n"),
    "edited css": _write("static/a.css", "b {}\n"),
    "bad entries gone": _remove(*BAD_ENTRIES),
    "article gone": _remove("content/articles/two.md"),
}


@settings(FAST, max_examples=12)
@given(st.lists(st.sampled_from(sorted(ENTRY_CHANGES)), min_size=1, max_size=4))
def test_an_incremental_build_reports_and_writes_what_a_clean_build_would(changes):
    """After any sequence of changes to a built site (a link to nothing, a loop, a pipe,
    a linked folder or file from outside, good files coming and going), an incremental
    build reports exactly the problems a clean build reports, and when it succeeds it
    leaves the same files; a failed build leaves the previous output as it was."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        site, out = root / "site", root / "public"
        for name, text in SMALL_SITE.items():
            _write(name, text)(site)
        good = build_outcome(site, out, clean=False)
        for i, change in enumerate(changes):
            ENTRY_CHANGES[change](site)
            problems, files = build_outcome(site, out, clean=False)
            clean_problems, clean_files = build_outcome(site, root / f"clean-{i}", clean=True)
            assert problems == clean_problems, change
            if any(": error: " in p for p in problems):
                assert files == good[1], change  # the previous output, as it was
            else:
                assert files == clean_files, change
                good = (problems, files)
