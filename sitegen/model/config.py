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


# `sitegen deploy` refuses to delete more files than this unless told (`--max-deletes`).
DEFAULT_MAX_DELETES = 256


@dataclass(frozen=True)
class DeployTarget:
    """Where `sitegen deploy --target NAME` publishes: an S3-compatible bucket. No
    credentials: boto3 finds them (environment, shared config, instance role)."""

    name: str
    bucket: str
    prefix: str = ""  # "" or a key prefix ending in "/", such as "trial/"
    endpoint: str | None = None  # an S3-compatible service (R2, MinIO); None: AWS
    region: str | None = None


@dataclass(frozen=True)
class DeploySettings:
    """site.yaml's `deploy:`. Kept apart from `SiteConfig`, which every page reads: a
    change to where the site goes must not re-render the site."""

    targets: tuple[DeployTarget, ...] = ()
    # (glob on the output path, Cache-Control value) in the order written; the first that
    # matches wins, and they are tried before the defaults (`publish.headers`).
    cache_control: tuple[tuple[str, str], ...] = ()
    websub_hub: str | None = None

    def target(self, name: str) -> DeployTarget | None:
        return next((t for t in self.targets if t.name == name), None)


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
    # A WebSub hub (`deploy.websub_hub`): feeds name it with `rel="hub"`, and a deploy
    # tells it which feeds changed.
    websub_hub: str | None = None

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def base_path(self) -> str:
        """The path part of base_url, such as `/trial/`; every site link starts with it."""
        return urlsplit(self.base_url).path or "/"

    def section(self, key: str) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)
