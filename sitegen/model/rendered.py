"""A Markdown body rendered: HTML fragments with embeds between them, headings, terms, links."""

from __future__ import annotations

from dataclasses import dataclass

from sitegen.model.images import ImageRef
from sitegen.shared.packing import pack, unpack

# Embed kinds of Markdown images: one alone in its paragraph is a figure, one within
# a line of text an image in that line.
FIGURE, INLINE_IMAGE = "figure", "inline-image"


@dataclass(frozen=True)
class Embed:
    kind: str
    id: str | None
    line: int  # file line of the embed
    problem: str | None = None  # set when the line is not a valid embed
    image: ImageRef | None = None  # a Markdown image (kinds FIGURE and INLINE_IMAGE)


@dataclass(frozen=True)
class Link:
    """A link or image in a body (Markdown or raw HTML), as the editor wrote it."""

    target: str  # as written, before the base path is added
    line: int  # file line


@dataclass(frozen=True)
class Heading:
    level: int
    id: str
    text: str


@dataclass(frozen=True)
class Rendered:
    packed: tuple[bytes | Embed, ...]  # HTML fragments, packed, with embeds between them
    toc: tuple[Heading, ...]
    terms: tuple[str, ...]  # glossary slugs in order of first use
    links: tuple[Link, ...]  # every href and src, as written, with its line

    @classmethod
    def of(
        cls,
        parts: tuple[str | Embed, ...],
        toc: tuple[Heading, ...] = (),
        terms: tuple[str, ...] = (),
        links: tuple[Link, ...] = (),
    ) -> Rendered:
        packed = tuple(pack(p) if isinstance(p, str) else p for p in parts)
        return cls(packed, toc, terms, links)

    @property
    def parts(self) -> tuple[str | Embed, ...]:
        """HTML fragments with embeds between them (see `packing`)."""
        return tuple(unpack(p) if isinstance(p, bytes) else p for p in self.packed)

    @property
    def embeds(self) -> tuple[Embed, ...]:
        return tuple(p for p in self.packed if isinstance(p, Embed))

    @property
    def html(self) -> str:
        """The HTML with embeds left out (for feeds of plain text and tests)."""
        return "".join(p for p in self.parts if isinstance(p, str))
