"""Related articles, scored from what they share, through an inverted index.

Each article is a set of features (its case, people, tags and glossary terms). An
inverted index maps each feature to the articles that carry it, so scoring one
article touches only the articles it shares something with: the whole index for
10,000 articles is a fraction of a second, not 10,000² comparisons.
"""

from __future__ import annotations

from collections import defaultdict

from .config import RelatedSettings
from .site import Post

Feature = tuple[str, str]  # (kind, value): ("case", "musk-v-openai"), ("tag", "openai")


def features(post: Post) -> set[Feature]:
    out: set[Feature] = {("tags", t.slug) for t in post.tags}
    out |= {("people", p.slug) for p in post.people}
    out |= {("glossary", t.slug) for t in post.terms}
    if post.case:
        out.add(("case", post.case.slug))
    return out


def index(posts: tuple[Post, ...], settings: RelatedSettings) -> dict[str, tuple[Post, ...]]:
    """url → related posts, best first; ties go to the newer article, then the URL."""
    if settings.count == 0 or not posts:
        return {p.url: () for p in posts}
    weights = {
        "case": settings.case,
        "people": settings.people,
        "tags": settings.tags,
        "glossary": settings.glossary,
    }
    carried = [features(p) for p in posts]
    postings: dict[Feature, list[int]] = defaultdict(list)
    for i, feats in enumerate(carried):
        for feature in feats:
            postings[feature].append(i)
    # Hugo's cardinality threshold: a tag on most articles says nothing about any two.
    ceiling = max(2, int(len(posts) * settings.max_tag_share))
    noise = {f for f, ids in postings.items() if f[0] == "tags" and len(ids) > ceiling}

    related: dict[str, tuple[Post, ...]] = {}
    for i, post in enumerate(posts):
        scores: dict[int, float] = defaultdict(float)
        for feature in carried[i] - noise:
            weight = weights[feature[0]]
            for j in postings[feature]:
                if j != i:
                    scores[j] += weight
        # posts are newest first, so the index j breaks ties towards newer articles.
        ranked = sorted(
            (j for j, s in scores.items() if s >= settings.threshold),
            key=lambda j: (-scores[j], j),
        )
        related[post.url] = tuple(posts[j] for j in ranked[: settings.count])
    return related
