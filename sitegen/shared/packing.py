"""Long texts kept compressed while a build holds them: articles' Markdown and HTML.

A build holds every article's Markdown and rendered HTML from parsing to the end. As
Python strings that is about 240 MB at 10,000 articles (one curly quote makes a whole
string two bytes a character); packed, about a fifth of it. Unpacking one body costs
about 20 µs and only the outputs that show the text pay it. The packed bytes also make
the parse cache smaller to write and faster to load.
"""

from __future__ import annotations

import zlib

# Level 1: three times smaller for about 60 µs per 8 KB; higher levels gain a few
# per cent for twice the time.
_LEVEL = 1


def pack(text: str) -> bytes:
    return zlib.compress(text.encode("utf-8", "surrogatepass"), _LEVEL)


def unpack(data: bytes) -> str:
    return zlib.decompress(data).decode("utf-8", "surrogatepass")
