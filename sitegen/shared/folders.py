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
