"""Related articles, scored from what they share, through an inverted index.

Each article is a set of features (its case, people, tags and glossary terms), and two
articles score the sum of the weights of the features they share (`related:` in site.yaml).
An inverted index maps each feature to the articles that carry it, newest first.

Scoring every pair would be quadratic, and on a real site a few features are everywhere
(the trial's main figure, "plaintiff"): those alone would make 10,000 articles cost tens
of millions of steps. So candidates come only from what is distinctive:

- a feature carried by at most `DISTINCTIVE` articles brings in every article carrying it;
- a bigger case brings in its newest articles, enough to fill the list, as every article
  of a case gains the same weight from it; another big feature does the same only while
  the list would otherwise be short;
- every feature, big or not, adds its weight to each candidate that carries it;
- a tag carried by more than `max_tag_share` of all articles is noise and counts nothing.

Where no feature is carried by more than `DISTINCTIVE` articles (on every site of up to
that many articles) this is exactly the full pairwise score. Ties go to the newer article,
so the result never depends on the order of a set. `bench/related_bench.py` times it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from itertools import chain, islice

from sitegen.model.config import RelatedSettings
from sitegen.model.site import Post

Feature = tuple[str, str]  # (kind, value): ("case", "musk-v-openai"), ("tags", "openai")
KINDS = ("case", "people", "tags", "glossary")
DISTINCTIVE = 50  # features on at most this many articles bring in candidates
MAX_SCALE = 20  # weights count to the nearest 1/20


def features(post: Post) -> set[Feature]:
    out: set[Feature] = {("tags", t.slug) for t in post.tags}
    out |= {("people", p.slug) for p in post.people}
    out |= {("glossary", t.slug) for t in post.terms}
    if post.case:
        out.add(("case", post.case.slug))
    return out


@dataclass(frozen=True)
class _Tables:
    """The inverted index and what scoring needs from it, built once per site. Features
    are numbered, so the hot loop hashes small ints rather than tuples of strings."""

    postings: list[list[int]]  # feature -> articles carrying it, newest first
    common: dict[int, frozenset[int]]  # features on more than DISTINCTIVE articles
    cases: frozenset[int]  # which features are cases
    units: list[int]  # each feature's weight in whole units (see `_units`)
    # A distinctive feature's postings repeated `units` times: counting them adds its weight.
    weighted: list[list[int]]
    scale: int


def index(posts: tuple[Post, ...], settings: RelatedSettings) -> dict[str, tuple[Post, ...]]:
    """url → related posts, best first. `posts` are newest first, as the site has them."""
    if settings.count == 0 or not posts:
        return {p.url: () for p in posts}
    unit_of, scale = _units(settings)
    numbers: dict[Feature, int] = {}
    carried = [[numbers.setdefault(f, len(numbers)) for f in features(p)] for p in posts]
    kinds = [kind for kind, _ in numbers]
    postings: list[list[int]] = [[] for _ in kinds]
    for i, feats in enumerate(carried):
        if posts[i].article.draft:
            continue  # a draft (in a --drafts preview) is never offered as related
        for n in feats:
            postings[n].append(i)
    # Hugo's cardinality threshold: a tag on most articles says nothing about any two.
    ceiling = max(2, int(len(posts) * settings.max_tag_share))
    ignored = {
        n for n, ids in enumerate(postings)
        if not ids or (kinds[n] == "tags" and len(ids) > ceiling)
    }  # fmt: skip
    common = {n: frozenset(ids) for n, ids in enumerate(postings) if len(ids) > DISTINCTIVE}
    units = [unit_of[kind] for kind in kinds]
    weighted = [[] if n in common else ids * units[n] for n, ids in enumerate(postings)]
    cases = frozenset(n for n, kind in enumerate(kinds) if kind == "case")
    tables = _Tables(postings, common, cases, units, weighted, scale)

    related: dict[str, tuple[Post, ...]] = {}
    for i, post in enumerate(posts):
        feats = [n for n in carried[i] if n not in ignored]
        ranked = _rank(i, feats, tables, settings)
        related[post.url] = tuple(posts[j] for j in ranked)
    return related


def _units(settings: RelatedSettings) -> tuple[dict[str, int], int]:
    """Each kind's weight as a whole number of 1/scale units (3, 1.5, 1, 0.5 → 6, 3, 2, 1
    at scale 2): the smallest scale up to MAX_SCALE that makes every weight whole, else
    MAX_SCALE with weights rounded to the nearest 1/MAX_SCALE."""
    weights = {kind: max(0.0, float(getattr(settings, kind))) for kind in KINDS}
    scale = next(
        (n for n in range(1, MAX_SCALE + 1)
         if all(abs(w * n - round(w * n)) < 1e-9 for w in weights.values())),
        MAX_SCALE,
    )  # fmt: skip
    return {kind: round(w * scale) for kind, w in weights.items()}, scale


def _rank(i: int, feats: list[int], t: _Tables, settings: RelatedSettings) -> list[int]:
    """The indexes of the best `settings.count` articles for article `i`."""
    found: set[int] = set()
    for n in feats:
        if n not in t.common:
            found.update(t.postings[n])
    # A big case brings in its newest articles (one more than the list holds, as `i` may
    # be among them); another big feature does so only while the list would be short.
    big = sorted((n for n in feats if n in t.common), key=lambda n: (n not in t.cases, -t.units[n]))
    for n in big:
        if n not in t.cases and len(found) - (i in found) >= settings.count:
            break
        fill = (j for j in t.postings[n] if j not in found)
        found.update(islice(fill, settings.count + 1))
    found.discard(i)
    if not found:
        return []
    # Weights are whole numbers of units, so one C-level count scores every candidate.
    scores: Counter[int] = Counter()
    scores.update(
        chain.from_iterable(
            [
                [*found.intersection(t.common[n])] * t.units[n] if n in t.common
                else t.weighted[n]
                for n in feats
            ]
        )
    )  # fmt: skip
    scores.pop(i, None)
    threshold = settings.threshold * t.scale
    # Post order first, then a stable sort by score: ties go to the newer article.
    best = sorted(sorted(scores), key=scores.__getitem__, reverse=True)[: settings.count]
    return [j for j in best if scores[j] >= threshold]
