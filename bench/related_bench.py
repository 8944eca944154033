"""Time `related.index` on a large synthetic site.

    python3 bench/related_bench.py [--posts N] [--repeat R] [--seed S]

Generates N articles (default 10,000) whose cases, people, tags and glossary terms are
drawn with a long tail, as on a real news site: a few subjects appear everywhere, most
appear a handful of times. Prints the article count and the best of R timings of the
index over all of them; the index must stay well under a second at 10,000 articles.
"""

from __future__ import annotations

import argparse
import random
import time
from datetime import UTC, datetime, timedelta

from sitegen.model.config import RelatedSettings, Section
from sitegen.model.content import Article, Case, Person, Term
from sitegen.model.rendered import Rendered
from sitegen.model.site import Post, Tag
from sitegen.render.related import index
from sitegen.shared.packing import pack

SECTION = Section("news", "News")
START = datetime(2020, 1, 1, tzinfo=UTC)


def _zipf(rng: random.Random, pool: int) -> int:
    """An index in range(pool), small ones far more often (about 1/rank)."""
    return min(int(pool ** rng.random()) - 1, pool - 1)


def _draw(rng: random.Random, pool: int, low: int, high: int) -> list[int]:
    return sorted({_zipf(rng, pool) for _ in range(rng.randint(low, high))})


def synthetic_posts(n: int, seed: int = 1) -> tuple[Post, ...]:
    rng = random.Random(seed)
    cases = [
        Case(f"case-{i}", f"Case {i}", f"content/cases/case-{i}.yaml")
        for i in range(max(1, n // 100))
    ]
    people = [Person(f"Person {i}", f"person-{i}", 0) for i in range(max(1, n // 20))]
    tags = [Tag(f"tag-{i}", f"Tag {i}") for i in range(max(1, n // 5))]
    terms = [Term(f"Term {i}", f"term-{i}", "A definition.", 0) for i in range(300)]
    posts = []
    for i in range(n):
        date = START + timedelta(hours=i)
        slug = f"story-{i}"
        article = Article(
            path=f"content/articles/{slug}.md", title=f"Story {i}", date=date,
            section="news", summary="What happened.", slug=slug, packed_body=pack(""), body_line=1,
        )  # fmt: skip
        case = cases[_zipf(rng, len(cases))] if rng.random() < 0.7 else None
        posts.append(
            Post(
                article=article,
                rendered=Rendered.of(()),
                url=f"/news/{slug}/",
                section=SECTION,
                feed_id=slug,
                tags=tuple(tags[j] for j in _draw(rng, len(tags), 1, 6)),
                people=tuple(people[j] for j in _draw(rng, len(people), 0, 4)),
                case=case,
                terms=tuple(terms[j] for j in _draw(rng, len(terms), 0, 8)),
                speakers={},
            )
        )
    posts.sort(key=lambda p: p.date, reverse=True)  # as the site has them: newest first
    return tuple(posts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    posts = synthetic_posts(args.posts, args.seed)
    settings = RelatedSettings()
    best = cpu = float("inf")
    for _ in range(args.repeat):
        started, cpu_started = time.perf_counter(), time.process_time()
        related = index(posts, settings)
        best = min(best, time.perf_counter() - started)
        # CPU time too: on a shared machine the wall clock also counts other processes.
        cpu = min(cpu, time.process_time() - cpu_started)
    listed = sum(1 for r in related.values() if r)
    print(f"articles: {len(posts)}")
    print(f"with related articles: {listed}")
    print(f"seconds: {best:.3f} (best of {args.repeat}; CPU {cpu:.3f})")


if __name__ == "__main__":
    main()
