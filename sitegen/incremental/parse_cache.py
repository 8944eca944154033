"""Parsed sources and rendered bodies, reused across builds when the file is the same.

Each content file is read by `content.load` on its own (so this module knows nothing
of what a file holds) and the result is kept with the file's stamp (size and
modification time) and the SHA-256 of its bytes. The next build reuses it when the
stamp is the same, or when the stamp changed but the bytes did not; the problems
found in the file are kept too and reported again. A file modified within two
seconds of the cache being written is always read again: a stamp cannot tell two
versions apart within the clock's resolution.

Rendered Markdown is kept beside it, keyed by the file's digest and everything else
rendering depends on (the glossary, raw HTML, the base path). Entries live in shards
so that editing one article rewrites one shard, not the whole cache.
"""

from __future__ import annotations

import time
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from sitegen.incremental.digest import digest
from sitegen.incremental.state import code_version, file_sha256, stamp_trusted
from sitegen.model.config import SiteConfig
from sitegen.model.content import Article
from sitegen.model.content import Entry as LiveSource
from sitegen.read import content
from sitegen.read.sources import SourceFile
from sitegen.render import markdown
from sitegen.render.glossary import GlossaryIndex
from sitegen.shared import cachefile, parallel
from sitegen.shared.errors import Diagnostics, Problem
from sitegen.shared.files import Stamp, stamp
from sitegen.shared.packing import unpack

SHARDS = 32


@dataclass(frozen=True)
class Entry:
    stamp: Stamp
    sha: bytes
    reader: bytes  # digest of the settings the reader used (the config)
    loaded: content.Content  # what content.load made of this one file
    problems: tuple[Problem, ...]
    render_key: bytes | None = None
    rendered: markdown.Rendered | None = None
    # Digests of the parsed value and the rendered body, so that a build can tell
    # whether a post changed without walking all it holds again.
    digests: tuple[bytes, ...] = ()
    rendered_digest: bytes | None = None
    # For each article, the digest of each of its items (see `items`): a case page's
    # context holds thousands of them at 10,000 articles, each then named by digest.
    item_digests: tuple[tuple[bytes, ...], ...] = ()


@dataclass
class Shard:
    written_ns: int
    entries: dict[str, Entry]


def _shard_of(path: str) -> int:
    return zlib.crc32(path.encode()) % SHARDS


def _shard_path(site_dir: Path, n: int) -> Path:
    return cachefile.folder(site_dir) / f"parsed-{n:02d}.pickle"


class ParseCache:
    def __init__(self, site_dir: Path, use: bool = True) -> None:
        self.site_dir = site_dir
        self.shards: dict[int, Shard] = {}
        self.dirty: set[int] = set()
        if use:
            for n in range(SHARDS):
                shard = cachefile.load(_shard_path(site_dir, n))
                if isinstance(shard, Shard):
                    self.shards[n] = shard

    def get(self, path: str) -> tuple[Entry | None, int]:
        shard = self.shards.get(_shard_of(path))
        if shard is None:
            return None, 0
        return shard.entries.get(path), shard.written_ns

    def put(self, path: str, entry: Entry) -> None:
        n = _shard_of(path)
        shard = self.shards.setdefault(n, Shard(0, {}))
        if shard.entries.get(path) is not entry:
            shard.entries[path] = entry
            self.dirty.add(n)

    def keep_only(self, paths: set[str]) -> None:
        for n, shard in self.shards.items():
            gone = [p for p in shard.entries if p not in paths]
            for p in gone:
                del shard.entries[p]
            if gone:
                self.dirty.add(n)

    def save(self, jobs: int = 1) -> None:
        """Write the shards that changed, pickled in `jobs` worker processes: after a
        first build of 10,000 articles that is 160 MB, two seconds in one process."""
        global _SAVING
        now = time.time_ns()
        dirty = sorted(self.dirty)
        for n in dirty:
            self.shards[n].written_ns = now
        _SAVING = self
        try:
            parallel.map_chunks(_save_shards, dirty, jobs, min_items=4)
        finally:
            _SAVING = None
        self.dirty.clear()


_SAVING: ParseCache | None = None  # set before forking: workers inherit the shards


def _save_shards(numbers: Sequence[int]) -> list[int]:
    store = _SAVING
    assert store is not None
    for n in numbers:
        cachefile.save(_shard_path(store.site_dir, n), store.shards[n])
    return list(numbers)


def items(article: Article) -> tuple[object, ...]:
    """The structured items of an article, which pages other than its own show."""
    return (*article.claims, *article.quotes, *article.tables, *article.valuations)


def _read(sources: Sequence[tuple[SourceFile, Stamp, bytes, SiteConfig, bytes]]) -> list[Entry]:
    out = []
    for source, st, sha, config, reader in sources:
        diag = Diagnostics()
        loaded = content.load([source], config, diag)
        digests, item_digests = [], []
        for article in loaded.articles:
            mine = items(article)
            each = tuple(digest(i) for i in mine)
            # The article's digest names its items by theirs: each is pickled once.
            digests.append(digest(article, {id(i): d for i, d in zip(mine, each, strict=True)}))
            item_digests.append(each)
        problems = tuple(diag.problems)
        out.append(
            Entry(
                st, sha, reader, loaded, problems,
                digests=tuple(digests), item_digests=tuple(item_digests),
            )
        )  # fmt: skip
    return out


def _sha(source: SourceFile) -> bytes:
    return file_sha256(source.file) or b""


def load(
    sources: list[SourceFile], config: SiteConfig, diag: Diagnostics, store: ParseCache, jobs: int
) -> tuple[content.Content, dict[str, Entry]]:
    """Every file parsed (from the cache where it is the same file), problems reported."""
    # A file's kind is part of the key: `x/y.md` is an entry while `x.md` exists beside
    # its folder, and an article again once that is deleted.
    readers = {}
    entries: dict[str, Entry] = {}
    todo: list[tuple[SourceFile, Stamp, bytes, SiteConfig, bytes]] = []
    for source in sources:
        reader = readers.get(source.kind)
        if reader is None:
            reader = readers[source.kind] = digest((code_version(), config, source.kind))
        st = stamp(source.file) or (0, 0)
        cached, written_ns = store.get(source.path)
        if cached is not None and cached.reader == reader:
            if cached.stamp == st and stamp_trusted(st, written_ns):
                entries[source.path] = cached
                continue
            sha = _sha(source)
            if cached.sha == sha:
                entries[source.path] = replace(cached, stamp=st)
                store.put(source.path, entries[source.path])
                continue
        else:
            sha = _sha(source)
        todo.append((source, st, sha, config, reader))
    for entry, (source, *_rest) in zip(
        _flatten(parallel.map_chunks(_read, todo, jobs, min_items=64)), todo, strict=True
    ):
        entries[source.path] = entry
        store.put(source.path, entry)
    store.keep_only({s.path for s in sources})
    merged: dict[str, list[Any]] = {f.name: [] for f in fields(content.Content)}
    for source in sources:
        entry = entries[source.path]
        diag.extend(entry.problems)
        for f in fields(content.Content):
            merged[f.name].extend(getattr(entry.loaded, f.name))
    return content.Content(**{k: tuple(v) for k, v in merged.items()}), entries


def _flatten(lists: list[list[Any]]) -> list[Any]:
    return [x for piece in lists for x in piece]


def _render_many(jobs: Sequence[tuple[str, bytes, int, GlossaryIndex, SiteConfig]]):
    out = []
    for _, packed_body, line, glossary, config in jobs:
        rendered = markdown.render(
            unpack(packed_body),
            body_line=line,
            glossary=glossary,
            raw_html=config.raw_html,
            base_path=config.base_path,
        )
        out.append((rendered, digest(rendered)))
    return out


def known_digests(entries: dict[str, Entry]) -> dict[int, bytes]:
    """id() of each parsed article, its items and rendered body -> its digest (see
    `digest`)."""
    known: dict[int, bytes] = {}
    for entry in entries.values():
        for article, d, each in zip(
            entry.loaded.articles, entry.digests, entry.item_digests, strict=False
        ):
            known[id(article)] = d
            known.update(zip(map(id, items(article)), each, strict=True))
        if entry.rendered is not None and entry.rendered_digest is not None:
            known[id(entry.rendered)] = entry.rendered_digest
    return known


def _key_base(glossary: GlossaryIndex, config: SiteConfig) -> bytes:
    """What every rendered body depends on besides its own text."""
    return digest(
        (code_version(), list(glossary.terms.values()), config.raw_html, config.base_path)
    )


def render_entries(
    live: dict[str, tuple[tuple[str, ...], tuple[LiveSource, ...]]],
    glossary: GlossaryIndex,
    config: SiteConfig,
    entries: dict[str, Entry],
    store: ParseCache,
) -> dict[str, tuple[tuple[LiveSource, markdown.Rendered], ...]]:
    """Each live article's entries rendered in page order (see `site.page_order`).

    `live`: article path -> (glossary terms its own text links, its entries in page
    order). A term links at its first use on the whole page, so an entry's body also
    depends on the terms linked above it: they are part of its cache key. Entries are
    small and few, so this runs in this process."""
    key_base = _key_base(glossary, config)
    out = {}
    for path, (linked, ordered) in live.items():
        done = []
        seen = tuple(linked)
        for item in ordered:
            cached = entries.get(item.path)
            sha = cached.sha if cached else item.packed_body
            prefix = f"{item.id}--"  # never an entry's id, nor a slug: one hyphen each
            key = digest((key_base, sha, item.body_line, seen, prefix))
            if cached is not None and cached.render_key == key and cached.rendered is not None:
                rendered = cached.rendered
            else:
                rendered = markdown.render(
                    item.body,
                    body_line=item.body_line,
                    glossary=glossary,
                    raw_html=config.raw_html,
                    base_path=config.base_path,
                    linked=seen,
                    heading_prefix=prefix,
                )
                if cached is not None:
                    entries[item.path] = replace(
                        cached, render_key=key, rendered=rendered, rendered_digest=digest(rendered)
                    )
                    store.put(item.path, entries[item.path])
            seen += rendered.terms
            done.append((item, rendered))
        out[path] = tuple(done)
    return out


def render_bodies(
    articles: Sequence[Any],
    glossary: GlossaryIndex,
    config: SiteConfig,
    entries: dict[str, Entry],
    store: ParseCache,
    jobs: int,
) -> dict[str, markdown.Rendered]:
    """path -> rendered body for each article, rendering only what is not cached."""
    key_base = _key_base(glossary, config)
    out: dict[str, markdown.Rendered] = {}
    todo = []
    for article in articles:
        entry = entries.get(article.path)
        key = digest((key_base, entry.sha if entry else article.packed_body, article.body_line))
        if entry is not None and entry.render_key == key and entry.rendered is not None:
            out[article.path] = entry.rendered
        else:
            todo.append(
                (article.path, article.packed_body, article.body_line, glossary, config, key)
            )
    args = [t[:5] for t in todo]
    done = _flatten(parallel.map_chunks(_render_many, args, jobs, min_items=64))
    for (path, *_rest, key), (rendered, rendered_digest) in zip(todo, done, strict=True):
        out[path] = rendered
        entry = entries.get(path)
        if entry is not None:
            entries[path] = replace(
                entry, render_key=key, rendered=rendered, rendered_digest=rendered_digest
            )
            store.put(path, entries[path])
    return out
