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
PREVIEW_PREFIX = "preview"  # `sitegen serve`'s output folders, in the cache folder

PACKAGE = Path(__file__).resolve().parent.parent
THEME = PACKAGE / "theme"  # the built-in theme: templates/ and static/, package data
SCAFFOLD = PACKAGE / "commands" / "scaffold"  # what `sitegen init` copies

# What sitegen itself writes at the top of an output folder, with what it is: no section
# key, page slug or static/ file may take one of these names (see `render.plan`), so no
# editor's page can ever collide with one, today or when the site grows.
RESERVED_FOLDERS = {
    "assets": "the theme's assets",
    "pagefind": "the search index",
    "search": "the search page",
    "tags": "the tag pages",
    "cases": "the case pages",
    "people": "the people pages",
    "glossary": "the glossary",
    "page": "the home page's later pages",
}
RESERVED_FILES = {
    "index.html": "the home page",
    "404.html": "the not-found page",
    "robots.txt": "the robots file",
    "sitemap.xml": "the sitemap",
    "news-sitemap.xml": "the news sitemap",
    "feed.xml": "the RSS feed",
    "atom.xml": "the Atom feed",
    "feed.json": "the JSON feed",
    OUTPUT_MARKER: "the mark of a folder sitegen made",
}
