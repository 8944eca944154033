"""A small link checker: every internal href and src on a built site must resolve."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value is not None:
                self.links.append(value)
            if name == "id" and value:
                self.ids.add(value)


def _parse(file: Path) -> _Collector:
    collector = _Collector()
    collector.feed(file.read_text(encoding="utf-8"))
    return collector


def broken_links(out: Path, base_url: str) -> list[str]:
    """`page -> link` for every internal link that names no file (or no fragment)."""
    base = urlsplit(base_url)
    pages = {f: _parse(f) for f in sorted(out.rglob("*.html"))}
    broken = []
    for file, found in pages.items():
        rel = file.relative_to(out).as_posix()
        page_url = urljoin(base_url, rel.removesuffix("index.html"))
        for link in found.links:
            target = urlsplit(urljoin(page_url, link))
            if target.scheme not in ("http", "https") or target.netloc != base.netloc:
                continue
            if not target.path.startswith(base.path):
                broken.append(f"{rel} -> {link} (outside the base path)")
                continue
            path = unquote(target.path[len(base.path) :])
            local = out / path
            if path == "" or path.endswith("/"):
                local = local / "index.html"
            if not local.is_file():
                broken.append(f"{rel} -> {link}")
            elif target.fragment and local.suffix == ".html":
                ids = pages[local].ids if local in pages else _parse(local).ids
                if unquote(target.fragment) not in ids:
                    broken.append(f"{rel} -> {link} (no id {target.fragment})")
    return broken
