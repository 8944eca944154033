"""Slugs for URLs: ASCII, lowercase, hyphenated, never a path."""

from __future__ import annotations

from functools import lru_cache

from slugify import slugify as _slugify


@lru_cache(maxsize=65536)  # a pure function, called for every tag of every article
def slugify(text: str) -> str:
    """`Musk v. OpenAI: Week 2` → `musk-v-openai-week-2`; Unicode is transliterated."""
    # python-slugify transliterates with text-unidecode ("Café" → "cafe"), and its
    # output only ever holds [a-z0-9-], so a slug can never name a parent folder.
    return _slugify(text, max_length=80, word_boundary=True, save_order=True) or "untitled"


def fold(text: str) -> str:
    """The identity of a tag or name: `OpenAI` and `openai` are one tag."""
    return " ".join(text.casefold().split())
