"""Images: as an editor writes them (`ImageRef`), as the build processed them
(`Picture`), and as a page shows them (`Figure`)."""

from __future__ import annotations

from dataclasses import dataclass

# The widths every local image is resized to, those not above its own; one narrower
# than the first keeps its own width.
WIDTHS = (480, 800, 1200, 1600)
# The social card: og:image and twitter:image, 1.91:1.
CARD = (1200, 630)


@dataclass(frozen=True)
class ImageRef:
    """An image as written: the lead `image`, an entry of `images`, a Markdown image."""

    src: str  # a path under content/ or static/, or an absolute http(s) URL
    line: int  # the line of the image (its `src`, or the Markdown line)
    alt: str | None = None  # None: not written (a bare path); "" marks it decorative
    caption: str | None = None
    credit: str | None = None
    id: str | None = None  # in `images`, what `{{< image ID >}}` names

    @property
    def remote(self) -> bool:
        return self.src.startswith(("http://", "https://"))


@dataclass(frozen=True)
class Variant:
    """One published file of a processed image."""

    path: str  # relative to the output folder, named by its content
    width: int
    height: int
    mime: str  # image/webp, image/jpeg or image/png
    size: int  # bytes (an RSS enclosure gives the length)


@dataclass(frozen=True)
class Picture:
    """A local image processed: its copies at each width in two formats, and the card."""

    source: str  # the file, relative to the site (content/images/x.jpg)
    width: int  # upright, as published at the largest width
    height: int
    webp: tuple[Variant, ...]  # narrowest first
    fallback: tuple[Variant, ...]  # JPEG or PNG, as the source was; narrowest first
    card: Variant | None = None  # the 1200x630 (or largest 1.91:1) crop, for a lead

    @property
    def files(self) -> tuple[Variant, ...]:
        return (*self.webp, *self.fallback, *((self.card,) if self.card else ()))

    @property
    def default(self) -> Variant:
        """The `src` of the <img>: the fallback nearest 800 px wide."""
        fitting = [v for v in self.fallback if v.width <= 800]
        return fitting[-1] if fitting else self.fallback[0]

    @property
    def largest(self) -> Variant:
        return self.fallback[-1]


@dataclass(frozen=True)
class Figure:
    """What a page shows for one image: the text written with it and its files (none
    for an image on another site, shown as written)."""

    ref: ImageRef
    picture: Picture | None

    @property
    def alt(self) -> str:
        return self.ref.alt or ""

    @property
    def caption(self) -> str | None:
        return self.ref.caption

    @property
    def credit(self) -> str | None:
        return self.ref.credit
