"""A deterministic synthetic corpus of trial coverage, for sitegen, Pelican and Hugo.

`write_sitegen(root, n)` writes a sitegen site of n articles that uses every field of
the content contract (docs/content-format.md): about 800 words each, a table, a
blockquote, claims, quotes, valuations, 2-5 tags from a vocabulary of 200, 30 cases.
`write_pelican` and `write_hugo` write the same articles (title, date, tags, category,
summary, body with the table and blockquote as Markdown) in those tools' formats.

Everything comes from `random.Random(seed)`: the same n and seed give the same bytes.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

CASES = 30
TAGS = 200
PEOPLE = 60
TERMS = 40
SECTIONS = ("news", "analysis", "explainers")
STATUSES = ("admitted", "alleged", "disputed", "denied", "verified", "false", "unverified")
START = datetime(2016, 1, 1, 9, 0, tzinfo=UTC)


def _words(text: str) -> list[str]:
    return text.split()


EPOCH = "1790000000"  # "now" for every benchmark build (2026-09-21), after every article

_WORDS = _words(
    "court witness testimony jury counsel exhibit ruling motion objection record evidence "
    "judge hearing verdict appeal filing deposition transcript settlement damages "
    "contract board founder nonprofit investor company shares valuation model training "
    "data research compute license agreement email message meeting decision statement "
    "lawyer argument morning afternoon week month year plan offer stake control mission "
    "profit structure the a of and to in that it was for on with as by at from but not "
    "this they which"
)
_FIRST = _words(
    "Ada Ben Cleo Dev Eli Fay Gus Hana Ivo Jun Kai Lea Max Nia Omar Pia Raj Sam Tess Uma"
)
_LAST = _words("Arden Brook Castle Dale Eaton Frost Grant Hale Irwin Jory Knox Lane Moss Nash")


@dataclass(frozen=True)
class Spec:
    """One article, independent of any tool's format."""

    index: int
    title: str
    slug: str
    date: datetime
    section: str
    summary: str
    tags: tuple[str, ...]
    case: int
    people: tuple[int, int]
    body: str  # Markdown with a table and a blockquote, no sitegen-only syntax


def person_name(i: int) -> str:
    return f"{_FIRST[i % len(_FIRST)]} {_LAST[(i * 7) % len(_LAST)]} {i}"


def person_slug(i: int) -> str:
    return person_name(i).lower().replace(" ", "-")


def term_name(i: int) -> str:
    return f"Legal term {i:02d}"


def tag_name(i: int) -> str:
    return f"Topic {i:03d}"


def _sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(_WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def _paragraph(rng: random.Random, sentences: int) -> str:
    return " ".join(_sentence(rng, rng.randint(9, 16)) for _ in range(sentences))


def spacing(n: int) -> timedelta:
    """Seven hours between articles, closer when n would reach past `EPOCH`."""
    return min(timedelta(hours=7), timedelta(seconds=3800 * 86400 // max(n, 1)))


def spec(i: int, seed: int = 7, n: int = 0) -> Spec:
    rng = random.Random(seed * 1_000_003 + i)
    date = START + spacing(n) * i + timedelta(minutes=rng.randint(0, 59))
    title = f"Day {i}: {_sentence(rng, 6).rstrip('.')}"
    tags = tuple(tag_name(t) for t in sorted(rng.sample(range(TAGS), rng.randint(2, 5))))
    paragraphs = []
    for n in range(13):
        text = _paragraph(rng, 5)
        if n % 3 == 1:  # glossary terms in the running text
            text += f" The court heard about {term_name(rng.randrange(TERMS)).lower()} again."
        paragraphs.append(text)
        if n in (2, 5, 9):
            paragraphs.append(f"## Part {n // 3 + 1}: {_sentence(rng, 4).rstrip('.')}")
    table = "| Witness | Day | Topic |\n|---|---|---|\n" + "\n".join(
        f"| {person_name(rng.randrange(PEOPLE))} | {d} | {rng.choice(_WORDS)} |" for d in range(4)
    )
    quote = "> " + _sentence(rng, 20) + "\n>\n> — a witness, in court"
    body = "\n\n".join([*paragraphs[:4], table, *paragraphs[4:11], quote, *paragraphs[11:]])
    return Spec(
        index=i,
        title=title,
        slug=f"day-{i}",
        date=date,
        section=SECTIONS[i % len(SECTIONS)],
        summary=_sentence(rng, 18),
        tags=tags,
        case=rng.randrange(CASES),
        people=(rng.randrange(PEOPLE), rng.randrange(PEOPLE)),
        body=body,
    )


def _q(text: str) -> str:
    """A double-quoted YAML scalar."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _front_matter(s: Spec, rng: random.Random) -> str:
    p1, p2 = (person_slug(p) for p in s.people)
    status = STATUSES[s.index % len(STATUSES)]
    lines = [
        f"title: {_q(s.title)}",
        f"date: {s.date.isoformat()}",
        f"section: {s.section}",
        f"summary: {_q(s.summary)}",
        f"slug: {s.slug}",
        f"id: tag:bench.example.org,2016:{s.index}",
        "authors: [Bench Reporter]",
        "tags: [" + ", ".join(_q(t) for t in s.tags) + "]",
        f"case: case-{s.case:02d}",
        f"people: [{p1}, {p2}]",
        f"glossary: [term-{rng.randrange(TERMS):02d}]",
        "sources:",
        f"  - {{title: Court docket {s.index}, url: 'https://docs.example.org/{s.index}',"
        " publisher: The court, date: 2025-11}",
        "claims:",
        f"  - id: claim-a\n    text: {_q(_sentence(rng, 12))}\n    by: {p1}\n"
        f"    status: {status}\n    date: 2025-10-0{1 + s.index % 9}\n"
        f"    context: Under cross-examination\n"
        f"    sources: [{{title: Transcript, url: 'https://docs.example.org/t/{s.index}'}}]",
        f"  - id: claim-b\n    text: {_q(_sentence(rng, 10))}\n    by: {p2}\n    status: alleged",
        "quotes:",
        f"  - id: q1\n    text: {_q(_sentence(rng, 14))}\n    by: {p2}\n    role: Witness\n"
        "    date: 2025-10\n    context: Testimony",
        "tables:",
        "  - id: stakes\n    caption: What each side has at stake\n"
        "    columns: [Factor, Plaintiff, Defendant]\n    rows:\n"
        f"      - [Valuation, '${rng.randint(1, 900)} billion', '${rng.randint(1, 900)} billion']\n"
        "      - [Board seats, '**2**', '*5*']",
        "valuations:",
        f"  - entity: Company {s.case}\n    amount: {rng.randint(1, 999)}B\n"
        f"    as_of: {2016 + s.index % 10}-0{1 + s.index % 9}\n    label: Valuation (reported)",
        f"  - entity: Company {s.case + 1}\n    low: {rng.randint(1, 9)}T\n"
        f"    high: {rng.randint(10, 19)}T\n    currency: USD\n    as_of: {2016 + s.index % 10}",
        "extra: {series: bench}",
    ]
    if s.index % 5 == 0:
        lines.append(f"image: /images/{s.slug}.jpg")
    if s.index % 7 == 0:
        updated = s.date + timedelta(days=1)
        lines.append(f"updated: {updated.isoformat()}")
        lines.append(
            f"updates:\n  - {{date: {updated.isoformat()}, note: 'A name was misspelled.',"
            " kind: correction}"
        )
    if s.index % 97 == 3:
        lines.append("draft: true")
    return "\n".join(lines) + "\n"


def sitegen_article(s: Spec, seed: int = 7) -> str:
    rng = random.Random(seed * 7_919 + s.index)
    parts = s.body.split("\n\n")
    # Place one claim and the quote in the text; the rest follow it.
    parts.insert(3, "{{< claim claim-a >}}")
    parts.insert(7, "{{< quote q1 >}}")
    return f"---\n{_front_matter(s, rng)}---\n\n" + "\n\n".join(parts) + "\n"


SITE_YAML = """\
title: Bench Trial Tracker
base_url: https://bench.example.org/
description: Synthetic trial coverage for benchmarks
timezone: America/Los_Angeles
sections:
  news: {title: News}
  analysis: {title: Analysis}
  explainers: {title: Explainers}
feeds: {items: 20}
related: {count: 5}
"""


def _glossary() -> str:
    out = []
    for t in range(TERMS):
        see = f"\n  see_also: [term-{(t + 1) % TERMS:02d}]"
        out.append(
            f"- term: {term_name(t)}\n  slug: term-{t:02d}\n  aliases: [term {t:02d}]\n"
            f"  definition: What lawyers mean by legal term {t}.{see}\n"
        )
    return "\n".join(out)


def _people() -> str:
    return "\n".join(
        f"- name: {person_name(p)}\n  slug: {person_slug(p)}\n  role: Witness {p}\n"
        f"  aliases: [{_q('P' + str(p))}]\n"
        for p in range(PEOPLE)
    )


def _case(c: int) -> str:
    return (
        f"title: Case {c} v. Company {c}\ncourt: District court {c % 5}\njudge: Judge {c}\n"
        f"status: trial\nsummary: Plaintiff {c} asks the court to act.\n"
        f"parties: {{plaintiffs: [{person_slug(c)}], defendants: [{person_slug(c + 30)}]}}\n"
        f"timeline:\n  - date: 2015\n    title: Company {c} founded\n"
        f"  - date: 2024-02\n    title: Suit filed\n"
        f"  - date: 2026-12-01\n    title: Closing arguments\n    upcoming: true\n"
    )


def write_sitegen(root: Path, n: int, seed: int = 7) -> list[Path]:
    """Write a sitegen site of n articles; return the article files."""
    content = root / "content"
    (content / "articles").mkdir(parents=True, exist_ok=True)
    (content / "cases").mkdir(exist_ok=True)
    (content / "pages").mkdir(exist_ok=True)
    (root / "site.yaml").write_text(SITE_YAML, encoding="utf-8")
    (content / "glossary.yaml").write_text(_glossary(), encoding="utf-8")
    (content / "people.yaml").write_text(_people(), encoding="utf-8")
    for c in range(CASES):
        (content / "cases" / f"case-{c:02d}.yaml").write_text(_case(c), encoding="utf-8")
    (content / "pages" / "about.md").write_text(
        "---\ntitle: About\nsummary: Who we are\n---\nA newsroom that covers trials.\n",
        encoding="utf-8",
    )
    files = []
    for i in range(n):
        s = spec(i, seed, n)
        folder = content / "articles" / str(s.date.year)
        folder.mkdir(exist_ok=True)
        path = folder / f"{s.slug}.md"
        path.write_text(sitegen_article(s, seed), encoding="utf-8")
        files.append(path)
    return files


def write_pelican(root: Path, n: int, seed: int = 7) -> list[Path]:
    """The same articles as Pelican Markdown (metadata lines, then the body)."""
    content = root / "content"
    content.mkdir(parents=True, exist_ok=True)
    files = []
    for i in range(n):
        s = spec(i, seed, n)
        meta = (
            f"Title: {s.title}\nDate: {s.date:%Y-%m-%d %H:%M}\nCategory: {s.section}\n"
            f"Tags: {', '.join(s.tags)}\nSlug: {s.slug}\nAuthors: Bench Reporter\n"
            f"Summary: {s.summary}\n"
        )
        path = content / f"{s.slug}.md"
        path.write_text(meta + "\n" + s.body + "\n", encoding="utf-8")
        files.append(path)
    (root / "pelicanconf.py").write_text(
        "SITENAME = 'Bench Trial Tracker'\nSITEURL = ''\nPATH = 'content'\nTIMEZONE = 'UTC'\n"
        "DEFAULT_LANG = 'en'\nDEFAULT_PAGINATION = 10\nFEED_ALL_ATOM = 'feeds/all.atom.xml'\n"
        "CATEGORY_FEED_ATOM = 'feeds/{slug}.atom.xml'\nFEED_ALL_RSS = 'feeds/all.rss.xml'\n"
        "CATEGORY_FEED_RSS = 'feeds/{slug}.rss.xml'\nFEED_MAX_ITEMS = 20\nRELATIVE_URLS = False\n"
        "LOAD_CONTENT_CACHE = True\nCACHE_CONTENT = True\nCHECK_MODIFIED_METHOD = 'mtime'\n"
        "CACHE_PATH = 'cache'\nMARKDOWN = {'extension_configs': {"
        "'markdown.extensions.extra': {}, 'markdown.extensions.toc': {}}, "
        "'output_format': 'html5'}\n",
        encoding="utf-8",
    )
    return files


HUGO_LAYOUTS = {
    "_default/baseof.html": (
        "<!doctype html><html lang=en><head><meta charset=utf-8><title>{{ .Title }}</title>"
        '</head><body><main>{{ block "main" . }}{{ end }}</main></body></html>\n'
    ),
    "_default/single.html": (
        '{{ define "main" }}<article><h1>{{ .Title }}</h1><p>{{ .Summary }}</p>'
        '{{ .Content }}<p>{{ range .Params.tags }}<a href="{{ "tags/" | relURL }}'
        '{{ . | urlize }}/">{{ . }}</a> {{ end }}</p>'
        "{{ with .Site.RegularPages.Related . | first 5 }}<ul>{{ range . }}"
        '<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}'
        "</article>{{ end }}\n"
    ),
    "_default/list.html": (
        '{{ define "main" }}<h1>{{ .Title }}</h1><ol>{{ range .Paginator.Pages }}'
        '<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Date.Format "2006-01-02" }}'
        "<p>{{ .Summary }}</p></li>{{ end }}</ol>{{ end }}\n"
    ),
}


def write_hugo(root: Path, n: int, seed: int = 7) -> list[Path]:
    """The same articles for Hugo: YAML front matter, sections as folders."""
    files = []
    for i in range(n):
        s = spec(i, seed, n)
        folder = root / "content" / s.section
        folder.mkdir(parents=True, exist_ok=True)
        front = (
            f"title: {_q(s.title)}\ndate: {s.date.isoformat()}\nslug: {s.slug}\n"
            f"summary: {_q(s.summary)}\ntags: [" + ", ".join(_q(t) for t in s.tags) + "]\n"
        )
        path = folder / f"{s.slug}.md"
        path.write_text(f"---\n{front}---\n\n{s.body}\n", encoding="utf-8")
        files.append(path)
    for name, text in HUGO_LAYOUTS.items():
        target = root / "layouts" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    (root / "hugo.toml").write_text(
        "baseURL = 'https://bench.example.org/'\ntitle = 'Bench Trial Tracker'\n"
        "disableKinds = []\n[pagination]\npagerSize = 10\n[services.rss]\nlimit = 20\n",
        encoding="utf-8",
    )
    return files


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--tool", choices=("sitegen", "pelican", "hugo"), default="sitegen")
    parser.add_argument("out", type=Path)
    args = parser.parse_args()
    writer = {"sitegen": write_sitegen, "pelican": write_pelican, "hugo": write_hugo}[args.tool]
    writer(args.out, args.articles)
