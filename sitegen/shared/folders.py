"""The names of a site's folders and files, and of sitegen's own: in one place."""

from __future__ import annotations

from pathlib import Path

CONFIG_FILE = "site.yaml"  # the site's settings, at the top of the site folder
CONTENT = "content"  # articles, pages and data files
TEMPLATES = "templates"  # the site's overrides of the theme, file by file
STATIC = "static"  # copied to the output as is
OUTPUT = "public"  # the default output folder, in the site folder
CACHE_FOLDER = ".sitegen-cache"  # the site's cache folder; deleting it is always safe
OUTPUT_MARKER = ".sitegen-output"  # in every output folder: a build made it, may replace it
IMAGES = "images"  # processed images: in the output folder, and in the cache folder
PREVIEW_PREFIX = "preview"  # `sitegen serve`'s output folders, in the cache folder

PACKAGE = Path(__file__).resolve().parent.parent
THEME = PACKAGE / "theme"  # the built-in theme: templates/ and static/, package data
SCAFFOLD = PACKAGE / "commands" / "scaffold"  # what `sitegen init` copies

# Folders sitegen writes at the top of the output, by what they hold: a section or a page
# of the same name would take (or collide with) their paths, so neither may use one (and
# no static/ file may go in `pagefind/`, which the search index fills whole).
RESERVED = {
    "archive": "the archive",
    "assets": "the theme's assets",
    "authors": "the author pages",
    "cases": "the case pages",
    "corrections": "the corrections page",
    "glossary": "the glossary",
    "images": "the processed images",
    "page": "the home page's later pages",
    "pagefind": "the search index",
    "people": "the people pages",
    "search": "the search page",
    "tags": "the topic pages",
}


def reserved(slug: str) -> str | None:
    """Why `slug` cannot name a section or page, or None when it can."""
    what = RESERVED.get(slug)
    return f"`{slug}` is reserved: /{slug}/ holds {what}; choose another" if what else None
