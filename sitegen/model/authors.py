"""Resolving the bylines editors write (`dana-whitfield`, `Dana Whitfield`) to authors.

Kept apart from the site so that anything naming an author (an article's `authors`, a
live entry's `by`) resolves the same way: by slug or by name, in any case.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sitegen.model.content import Author
from sitegen.shared.slugs import fold, slugify


@dataclass
class AuthorDirectory:
    """Authors by slug and name; a name in no authors.yaml becomes an unlisted author."""

    listed: tuple[Author, ...]
    _by_key: dict[str, Author] = field(init=False)
    _unlisted: dict[str, Author] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        self._by_key = {}
        for author in self.listed:
            for key in (author.slug, author.name):
                self._by_key.setdefault(fold(key), author)

    def find(self, written: str) -> Author | None:
        """The listed author `written` names (by name or slug, any case and spacing)."""
        return self._by_key.get(fold(written)) or self._by_key.get(slugify(written))

    def names(self) -> list[str]:
        """Every listed author's name, for "did you mean"."""
        return [a.name for a in self.listed]

    def resolve(self, written: str, line: int = 0) -> Author:
        """The author `written` names; someone unknown gets a page of their own."""
        return self.find(written) or self.peek(written, line, keep=True)

    def peek(self, written: str, line: int = 0, keep: bool = False) -> Author:
        """The author `written` names, without recording an unknown one (unless `keep`):
        what a template asks about must not change the site it renders."""
        found = self.find(written)
        if found:
            return found
        slug = slugify(written)
        if slug in self._unlisted:
            return self._unlisted[slug]
        name = written if written != slug else written.replace("-", " ").title()
        author = Author(name, slug, line, listed=False)
        if keep:
            self._unlisted[slug] = author
        return author

    @property
    def everyone(self) -> tuple[Author, ...]:
        """Listed authors in file order, then the unlisted ones by slug."""
        known = {a.slug for a in self.listed}
        extra = [a for s, a in sorted(self._unlisted.items()) if s not in known]
        return (*self.listed, *extra)
