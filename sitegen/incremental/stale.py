"""Rendering the outputs that are stale, and only writing those whose bytes changed.

`stale` compares each planned output with what the last build recorded for it (see
`state` and `track`); `render` renders a list of outputs, in forked workers when there
are many, recording what each one read. A rendered output whose bytes equal the last
build's is not written, so "written" is exactly "changed".
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment, TemplateError

from sitegen.incremental.digest import bytes_digest, callable_canon, digest, post_digest
from sitegen.incremental.state import BuildState, OutputRecord
from sitegen.incremental.track import (
    WHOLE,
    CallKey,
    Reads,
    Tracker,
    attr_digest,
    post_value,
    recording,
    replay,
    template_digest,
    untracked,
)
from sitegen.model.outputs import Output
from sitegen.model.site import Post, Site
from sitegen.publish.output import put
from sitegen.render.environment import site_templates
from sitegen.render.faults import template_problem
from sitegen.shared import parallel
from sitegen.shared.errors import Diagnostics, Problem
from sitegen.shared.files import Stamp, stamp

PostRead = tuple[str, str]  # (post URL, attribute read), see `track`


def render_one(output: Output, env: Environment, site: Site, diag: Diagnostics) -> bytes:
    try:
        if output.data is not None:
            return output.data(env)
        if output.source is not None:
            return output.source.read_bytes()
        template = env.get_template(output.template)
        with untracked():  # part of the context digest, see `context_digest`
            canonical = canonical_url(site, output)
        context = {"canonical": canonical, "current_section": None, **output.context}
        return template.render(site=site, **context).encode("utf-8")
    except Exception as exc:  # noqa: BLE001 - every fault of a template, at its line
        if isinstance(exc, OSError) and not isinstance(exc, TemplateError):
            raise  # a file that cannot be read or written: reported where it is (`build`)
        # Templates are code: any exception can come out of one (a division by zero, a
        # template that includes itself), and each is the template's, at its line.
        problem = template_problem(exc, site_templates(env), output.template or "")
        if problem is None:
            raise  # no template to blame: sitegen's own fault, seen as one
        diag.problems.append(problem)
    return b""


def canonical_url(site: Site, output: Output) -> str:
    return site.absolute(site.url(output.path.removesuffix("index.html")))


def context_digest(output: Output, site: Site, known: dict[int, bytes] | None = None) -> bytes:
    """What the plan gave an output, apart from what it reads while rendering. `known`
    names the parsed values in it by their digests (a case page holds thousands)."""
    if output.source is not None:
        return digest(("source", str(output.source), stamp(output.source)))
    if output.data is not None:
        return digest(("data", callable_canon(output.data)))
    return digest(("template", output.template, canonical_url(site, output), output.context), known)


@dataclass(frozen=True)
class Done:
    index: int
    digest: bytes
    written: bool
    context: bytes
    templates: tuple[str, ...]
    posts: tuple[PostRead, ...]
    attrs: tuple[str, ...]
    calls: tuple[CallKey, ...]
    opaque: bool


@dataclass(frozen=True)
class _Job:
    site: Site
    env: Environment
    outputs: Sequence[Output]
    previous: dict[str, bytes]  # path -> digest of the bytes on disk now
    root: Path  # where changed files go
    urls: dict[int, str]  # id(post) -> URL
    articles: dict[int, int]  # id(article) -> id(post)
    posts: dict[int, Post]  # id(post) -> post
    known: dict[int, bytes]  # digests known before rendering (see `digest`)
    whole: dict[str, bytes]  # every post's digest, by URL (see `site_digests`)


_JOB: _Job | None = None  # set before forking: workers inherit it


_Chunk = tuple[list[Done], dict[CallKey, bytes], dict[PostRead, bytes | None], list[Problem]]
# Digests of post reads this process computed already: most keys (a post's title on
# every listing that shows it) are read by many outputs. Valid for one build, the one
# `_JOB` belongs to; emptied with it.
_READ_DIGESTS: dict[tuple[int, str], bytes | None] = {}
# One object per distinct key read in this process, for the same build: a chunk of
# results then pickles each key once, and unpickles in the parent as one shared object
# (the parent keeps every output's keys until the state is saved; see `records`).
_KEYS: dict = {}


def _chunk(indices: Sequence[int]) -> _Chunk:
    job = _JOB
    assert job is not None
    tracker = Tracker(job.articles, job.known)
    diag = Diagnostics()
    done = []
    # Each post read is digested here, in the worker, rather than after the render in
    # the parent: at 10,000 articles that is some 200,000 digests, serial otherwise.
    new_reads: dict[PostRead, bytes | None] = {}
    with recording(tracker):
        for i in indices:
            output = job.outputs[i]
            tracker.reads = reads = Reads()
            data = render_one(output, job.env, job.site, diag)
            tracker.reads = None
            d = bytes_digest(data)
            write = job.previous.get(output.path) != d
            if write:
                put(job.root, output.path, data)
            with untracked():
                context = context_digest(output, job.site, job.known)
                reads.posts = _subsumed(reads.posts)
                for key in reads.posts:
                    if key not in _READ_DIGESTS and key[0] in job.urls:
                        value = read_digest(job.posts[key[0]], key[1], job.known, job.whole)
                        _READ_DIGESTS[key] = new_reads[(job.urls[key[0]], key[1])] = value
            done.append(_done(i, d, write, context, reads, job.urls))
    return done, tracker.call_digests, new_reads, diag.problems


def _subsumed(posts: set[tuple[int, str]]) -> set[tuple[int, str]]:
    """The reads with those of posts read whole left out: the whole post's digest
    changes whenever any part of it does (an article page reads its own post whole,
    after reading its title and a dozen other fields)."""
    whole = {p for p, attr in posts if attr == WHOLE}
    if not whole:
        return posts
    return {(p, attr) for p, attr in posts if attr == WHOLE or p not in whole}


def _done(
    i: int, d: bytes, write: bool, context: bytes, reads: Reads, urls: dict[int, str]
) -> Done:
    def shared(keys) -> tuple:
        return tuple(_KEYS.setdefault(k, k) for k in keys)

    return Done(
        i,
        d,
        write,
        context,
        shared(sorted(reads.templates)),
        shared(sorted((urls[p], attr) for p, attr in reads.posts if p in urls)),
        shared(sorted(reads.attrs)),
        shared(sorted(reads.calls, key=repr)),
        reads.opaque,
    )


def render_stale(
    site: Site,
    env: Environment,
    outputs: Sequence[Output],
    indices: list[int],
    previous: dict[str, bytes],
    root: Path,
    jobs: int,
    diag: Diagnostics,
    progress: Callable[[int, int], None] | None = None,
    known: dict[int, bytes] | None = None,
    whole: dict[str, bytes] | None = None,
) -> RenderResult:
    """Render outputs[i] for each i; write those whose digest is not `previous`'s."""
    global _JOB
    urls = {id(p): p.url for p in site.posts}
    articles = {id(object.__getattribute__(p, "article")): id(p) for p in site.posts}
    posts = {id(p): p for p in site.posts}
    _JOB = _Job(site, env, outputs, previous, root, urls, articles, posts, known or {}, whole or {})
    try:
        # Last in the plan come the few pages that gather hundreds of posts each (case,
        # person and glossary pages, feeds): taken first, they keep one worker busy
        # while the others share the article pages, instead of ending the build with
        # one worker alone on them. Each output is the same whatever the order.
        order = indices[::-1]
        results = parallel.map_chunks(_chunk, order, jobs, min_items=16, progress=progress)
    finally:
        _JOB = None
        _READ_DIGESTS.clear()
        _KEYS.clear()
    out = RenderResult([], {}, {})
    for chunk_done, chunk_calls, chunk_reads, problems in results:
        out.done.extend(chunk_done)
        out.calls.update(chunk_calls)
        out.reads.update(chunk_reads)
        diag.extend(problems)
    out.done.sort(key=lambda d: d.index)  # plan order, as a serial build gives them
    return out


@dataclass(frozen=True)
class RenderResult:
    done: list[Done]
    calls: dict[CallKey, bytes]  # digests of the site calls the renders made
    reads: dict[PostRead, bytes | None]  # digests of what they read of posts


@dataclass
class Changes:
    """What changed since the last build, from the values the last build recorded."""

    posts: dict[str, bytes]  # URL -> digest now, every post
    post_reads: dict[PostRead, bytes | None]  # what was read of changed posts, now
    attrs: dict[str, bytes | None]
    calls: dict[CallKey, bytes | None]
    templates: dict[str, bytes]
    changed_posts: set[PostRead]
    changed_attrs: set[str]
    changed_calls: set[CallKey]
    changed_templates: set[str]
    changed_urls: set[str] = field(default_factory=set)  # posts whose digest changed


_DIGESTING: tuple[Site, Sequence[Output], dict[int, bytes]] | None = None  # for workers


def _digest_chunk(items: Sequence[tuple[bool, int]]) -> list[bytes]:
    assert _DIGESTING is not None
    site, outputs, known = _DIGESTING
    return [
        post_digest(site.posts[i], known) if is_post else context_digest(outputs[i], site, known)
        for is_post, i in items
    ]


def site_digests(
    site: Site, outputs: Sequence[Output], known: dict[int, bytes], jobs: int, contexts: bool
) -> tuple[dict[str, bytes], list[bytes]]:
    """The digest of every post (URL -> digest) and, when `contexts`, of every output's
    context (in plan order): some 25,000 digests at 10,000 articles, in `jobs` workers."""
    global _DIGESTING
    items = [(True, i) for i in range(len(site.posts))]
    if contexts:
        items += [(False, i) for i in range(len(outputs))]
    _DIGESTING = (site, outputs, known)
    try:
        pieces = parallel.map_chunks(_digest_chunk, items, jobs, min_items=512)
    finally:
        _DIGESTING = None
    found = [d for piece in pieces for d in piece]
    n = len(site.posts)
    return {p.url: d for p, d in zip(site.posts, found[:n], strict=True)}, found[n:]


def changes(
    site: Site,
    env: Environment,
    before: BuildState | None,
    known: dict[int, bytes],
    posts: dict[str, bytes],
) -> Changes:
    """`posts`: every post's digest now (see `site_digests`)."""
    if before is None:
        return Changes(posts, {}, {}, {}, {}, set(), set(), set(), set())
    # Only a post whose whole digest changed can have changed what was read of it.
    differ = {u for u, d in posts.items() if before.posts.get(u) != d} | (
        before.posts.keys() - posts.keys()
    )
    by_url = {p.url: p for p in site.posts if p.url in differ}
    post_reads: dict[PostRead, bytes | None] = {}
    for key in before.post_reads:
        if key[0] in differ:
            post = by_url.get(key[0])
            post_reads[key] = None if post is None else read_digest(post, key[1], known, posts)
    attrs = {name: attr_digest(site, name) for name in before.attrs}
    calls = {key: replay(site, key, known) for key in before.calls}
    templates = {name: template_digest(env, name) for name in before.templates}
    return Changes(
        posts,
        post_reads,
        attrs,
        calls,
        templates,
        {k for k, d in post_reads.items() if d is None or d != before.post_reads[k]},
        {n for n, d in attrs.items() if d is None or d != before.attrs[n]},
        {k for k, d in calls.items() if d is None or d != before.calls[k]},
        {n for n, d in templates.items() if d != before.templates[n]},
        differ,
    )


def is_stale(
    record: OutputRecord | None, context: bytes, on_disk: Stamp | None, ch: Changes
) -> bool:
    if record is None or record.opaque or record.context != context or on_disk != record.stamp:
        return True
    return (
        any(t in ch.changed_templates for t in record.templates)
        or any(u in ch.changed_posts for u in record.posts)
        or any(a in ch.changed_attrs for a in record.attrs)
        or any(c in ch.changed_calls for c in record.calls)
    )


def read_digest(
    post: Post, attr: str, known: dict[int, bytes], whole: dict[str, bytes]
) -> bytes | None:
    """`whole`: the digest of every post, URL -> digest (`site_digests`), which is what a
    read of a whole post (an article page reads its own) saw."""
    try:
        value = post_value(post, attr)
    except AttributeError:
        return None
    if value is post:
        return whole.get(post.url) or post_digest(post, known)
    return digest(value, known)


def tables(
    site: Site,
    env: Environment,
    records: dict[str, OutputRecord],
    ch: Changes,
    new_calls: dict[CallKey, bytes],
    new_reads: dict[PostRead, bytes | None],
    before: BuildState | None,
    known: dict[int, bytes],
) -> tuple[dict[PostRead, Any], dict[str, Any], dict[CallKey, Any], dict[str, bytes]]:
    """The digests every kept record refers to, as they are now."""
    attrs: dict[str, Any] = {}
    calls: dict[CallKey, Any] = {}
    templates: dict[str, bytes] = {}
    reads: dict[PostRead, Any] = {}
    old_reads = before.post_reads if before is not None else {}
    posts = {p.url: p for p in site.posts}
    for record in records.values():
        for key in record.posts:
            if key in reads:
                continue
            if key in ch.post_reads:
                reads[key] = ch.post_reads[key]
            elif key in new_reads:
                reads[key] = new_reads[key]
            elif key in old_reads and key[0] not in ch.changed_urls:
                reads[key] = old_reads[key]
            else:
                post = posts.get(key[0])
                reads[key] = None if post is None else read_digest(post, key[1], known, ch.posts)
        for name in record.attrs:
            if name not in attrs:
                attrs[name] = ch.attrs.get(name) or attr_digest(site, name)
        for key in record.calls:
            if key not in calls:
                calls[key] = new_calls.get(key) or ch.calls.get(key) or replay(site, key, known)
        for name in record.templates:
            if name not in templates:
                templates[name] = ch.templates.get(name) or template_digest(env, name)
    return reads, attrs, calls, templates


def records(
    outputs: list[Output],
    done: list[Done],
    old: dict[str, OutputRecord],
    out_dir: Path,
    full: bool,
) -> dict[str, OutputRecord]:
    by_index = {d.index: d for d in done}
    records: dict[str, OutputRecord] = {}
    # One object per distinct key, shared by every record that holds it: most pages
    # read the same few things, and the state is then a fraction of the size in memory
    # and on disk (pickle writes a shared object once).
    shared: dict = {}
    for record in old.values():
        for key in (*record.posts, *record.calls, *record.templates, *record.attrs):
            shared.setdefault(key, key)

    def one(keys: tuple) -> tuple:
        return tuple(shared.setdefault(k, k) for k in keys)

    for i, output in enumerate(outputs):
        d = by_index.get(i)
        if d is None:
            records[output.path] = old[output.path]
            continue
        record = old.get(output.path)
        disk = record.stamp if record is not None and not d.written and not full else None
        records[output.path] = OutputRecord(
            output.origin,
            d.digest,
            disk or stamp(out_dir / output.path) or (0, 0),
            d.context,
            one(d.templates),
            one(d.posts),
            one(d.attrs),
            one(d.calls),
            d.opaque,
        )
    return records
