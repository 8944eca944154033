"""The site's settings from site.yaml, as a frozen value (read by `read.config`)."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class Section:
    key: str
    title: str


@dataclass(frozen=True)
class RelatedSettings:
    """How related articles are scored: shared attributes times their weight."""

    count: int = 5
    case: float = 3.0
    people: float = 1.5
    tags: float = 1.0
    glossary: float = 0.5
    threshold: float = 1.0  # minimum score to be listed at all
    # A tag carried by more than this share of articles is noise, not signal.
    max_tag_share: float = 0.5


@dataclass(frozen=True)
class SiteConfig:
    title: str
    base_url: str  # absolute, always ending in "/"
    description: str = ""
    language: str = "en"
    timezone: str = "UTC"
    sections: tuple[Section, ...] = ()
    feed_items: int = 20
    per_page: int = 10
    related: RelatedSettings = RelatedSettings()
    raw_html: bool = True  # editors may write raw HTML in bodies; False escapes it
    corrections_policy: str | None = None  # the slug of the page the footer links as such

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def base_path(self) -> str:
        """The path part of base_url, such as `/trial/`; every site link starts with it."""
        return urlsplit(self.base_url).path or "/"

    def section(self, key: str) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)
