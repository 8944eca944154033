"""The HTTP headers a file is stored with in the bucket, which the CDN and browsers obey.

`Content-Type` says what the file is, with its charset for text: sitegen writes every
text file as UTF-8, and a browser left to guess may not. `Cache-Control` says how long a
copy may be kept:

- a file whose name holds a hash of its bytes (the search index's fragments, hashed
  assets and images) never changes under that name: a year, `immutable`;
- pages, feeds, sitemaps and `updates.json` change whenever an article does, and during
  a trial day that is every few minutes: a minute, so that live pages stay live;
- anything else (the theme's stylesheet, a site's own files in static/, named as their
  authors chose) may change under the same name: an hour.

A site's own rules (`deploy.cache_control` in site.yaml, glob patterns on the output
path, first match wins) come before these.
"""

from __future__ import annotations

import mimetypes
import re
from fnmatch import fnmatchcase
from pathlib import PurePosixPath

YEAR = "public, max-age=31536000, immutable"
MINUTE = "public, max-age=60"
HOUR = "public, max-age=3600"

# Files that announce new content: the home page, feeds (a case's docket feed among
# them), sitemaps and the live-update file. They go up last (`deploy`) and are cached
# briefly.
ANNOUNCING = frozenset(
    (
        "feed.xml",
        "atom.xml",
        "feed.json",
        "docket.xml",
        "sitemap.xml",
        "news-sitemap.xml",
        "updates.json",
    )
)
_SHORT_SUFFIXES = (".html", ".xml", ".json", ".txt")
# A content hash in a name: 8 or more hex digits, at least one of them a letter and one
# a digit, between separators (`app.3f9a1c2b.js`, `en_91c0ab3e5.pf_fragment`). The
# letter keeps a date (`photo-20260115.jpg`) from passing for a hash: a name taken for
# hashed when it is not would be cached for a year under changing bytes.
# The search index (Pagefind) names its chunks by their content, with 7 hex digits
# (`fragment/en_562dc3b.pf_fragment`): in its folder, these suffixes are hashed names.
_INDEX_CHUNKS = re.compile(r"pagefind/(.+/)?[^/]*_[0-9a-f]{7,}\.pf_(fragment|index|filter|meta)")
_HASH_RE = re.compile(r"[._-](?=[0-9a-f]*[a-f])(?=[0-9a-f]*[0-9])[0-9a-f]{8,}(?=[._-])")

_TYPES = {
    ".html": "text/html",
    ".css": "text/css",
    ".js": "text/javascript",
    ".mjs": "text/javascript",
    ".json": "application/json",
    ".xml": "application/xml",
    ".txt": "text/plain",
    ".svg": "image/svg+xml",
    ".webmanifest": "application/manifest+json",
    ".wasm": "application/wasm",
    ".avif": "image/avif",
    ".webp": "image/webp",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
}
_NAMED_TYPES = {
    "feed.xml": "application/rss+xml",
    "atom.xml": "application/atom+xml",
    "docket.xml": "application/atom+xml",
    "feed.json": "application/feed+json",
}
_TEXT_RE = re.compile(r"^(text/|application/(json|xml|javascript|manifest\+json)$|.*\+(xml|json)$)")


def content_type(path: str) -> str:
    """The Content-Type of an output file, with `charset=utf-8` for text."""
    name = PurePosixPath(path).name
    suffix = PurePosixPath(path).suffix.lower()
    kind = _NAMED_TYPES.get(name) or _TYPES.get(suffix) or mimetypes.guess_type(name)[0]
    kind = kind or "application/octet-stream"  # such as the search index's own files
    return f"{kind}; charset=utf-8" if _TEXT_RE.match(kind) else kind


def is_hashed(path: str) -> bool:
    return (
        _INDEX_CHUNKS.fullmatch(path) is not None
        or _HASH_RE.search(PurePosixPath(path).name) is not None
    )


def is_announcing(path: str) -> bool:
    """The home page, or a feed, sitemap or live-update file anywhere."""
    return path == "index.html" or PurePosixPath(path).name in ANNOUNCING


def cache_control(path: str, rules: tuple[tuple[str, str], ...] = ()) -> str:
    """The Cache-Control of an output file: the site's first matching rule, or the default."""
    for pattern, value in rules:
        if fnmatchcase(path, pattern):
            return value
    if path.lower().endswith(_SHORT_SUFFIXES) or is_announcing(path):
        return MINUTE
    if is_hashed(path):
        return YEAR
    return HOUR
