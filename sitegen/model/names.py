"""Resolving the names editors write (`Musk`, `elon-musk`, `Elon Musk`) to people."""

from __future__ import annotations

from dataclasses import dataclass, field

from sitegen.model.content import Person
from sitegen.shared.slugs import fold, slugify


@dataclass
class Directory:
    """People by slug, name and alias; unknown names become unlisted people."""

    listed: tuple[Person, ...]
    _by_key: dict[str, Person] = field(init=False)
    _unlisted: dict[str, Person] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        self._by_key = {}
        for person in self.listed:
            for key in (person.slug, person.name, *person.aliases):
                self._by_key.setdefault(fold(key), person)

    def find(self, written: str) -> Person | None:
        return self._by_key.get(fold(written))

    def known_names(self) -> list[str]:
        """Every slug, name and alias of a listed person, to suggest the nearest."""
        return [key for p in self.listed for key in (p.slug, p.name, *p.aliases)]

    def resolve(self, written: str, line: int = 0) -> Person:
        """The person `written` names; someone unknown gets a page of their own."""
        person = self.find(written)
        if person:
            return person
        slug = slugify(written)
        if slug not in self._unlisted:
            name = written if written != slug else written.replace("-", " ").title()
            self._unlisted[slug] = Person(name, slug, line, listed=False)
        return self._unlisted[slug]

    @property
    def everyone(self) -> tuple[Person, ...]:
        known = {p.slug for p in self.listed}
        extra = [p for s, p in sorted(self._unlisted.items()) if s not in known]
        return (*self.listed, *extra)
