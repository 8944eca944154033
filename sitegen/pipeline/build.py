"""The build pipeline, top to bottom, and nothing else.

A build is incremental unless told otherwise (`clean`): it reuses parsed files and
rendered bodies from the site's cache folder (`incremental.parse_cache`), re-renders only
outputs whose recorded inputs changed (`incremental.stale`, `incremental.track`), writes
only files whose bytes changed and removes outputs nothing produces any more
(`publish.output`). When no input file
changed at all, it stops after comparing stamps (`state.unchanged`). The result is the
same, byte for byte, as a clean build: that is what the tests hold it to.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from sitegen.incremental import parse_cache, stale
from sitegen.incremental import state as build_state
from sitegen.incremental.digest import digest
from sitegen.incremental.state import BuildState
from sitegen.incremental.track import watch_templates
from sitegen.model import references
from sitegen.model.images import ImageRef
from sitegen.model.outputs import Output
from sitegen.model.schedule import check_update_dates, future_update
from sitegen.model.site import Inputs, Site, assemble, is_published, page_order
from sitegen.publish import finished, lock, search
from sitegen.publish.output import (
    OutputError,
    Patch,
    Stage,
    full_stage,
    refuse_reason,
    safe_relative,
    sweep,
)
from sitegen.publish.statics import static_files
from sitegen.read import config as site_config
from sitegen.read import entries as site_entries
from sitegen.read import live, sources
from sitegen.render import clashes, images, links, markdown, related, sitemaps
from sitegen.render.environment import jinja_environment
from sitegen.render.glossary import GlossaryIndex
from sitegen.render.plan import plan
from sitegen.shared import cachefile, files, parallel, timings
from sitegen.shared.clock import build_time
from sitegen.shared.errors import BuildError, Diagnostics, Problem
from sitegen.shared.folders import CONFIG_FILE, CONTENT
from sitegen.shared.slugs import slugify


@dataclass(frozen=True)
class Options:
    site_dir: Path
    out_dir: Path
    drafts: bool = False
    future: bool = False
    write: bool = True  # False: check and render everything, write nothing (`sitegen check`)
    search: bool = True  # False: no search index (`--no-search`)
    jobs: int | None = None  # worker processes for parsing and rendering; None: every core
    clean: bool = False  # True: ignore the build state and the cachefile, build everything
    wait: float = lock.DEFAULT_WAIT  # seconds to wait for another build of the output folder
    notify: Callable[[str], None] | None = None  # says that it waits (default: stderr)
    links: bool = False  # True: broken links in bodies are warnings (`sitegen serve`)
    progress: Callable[[int, int], None] | None = None  # told (done, total) while rendering


@dataclass(frozen=True)
class Result:
    written: int  # files written (new or changed)
    warnings: list[Problem]
    seconds: float
    # (output path, what produced it) for every planned file: `check` tests links with it.
    outputs: tuple[tuple[str, str], ...] = ()
    removed: int = 0  # outputs that nothing produces any more, deleted
    rendered: int = 0  # outputs rendered (stale ones; a render may give the same bytes)
    # Each article's and page's links with their lines (`check` without writing only).
    bodies: tuple[links.Body, ...] = ()
    # Articles left out until their date: (path, date in the site's time zone), soonest first.
    scheduled: tuple[tuple[str, datetime], ...] = ()
    images: int = 0  # images decoded and processed (new or changed ones; 0 when cached)


_clock = timings.Clock()
_RETAINED: list[object] = []


@dataclass(frozen=True)
class _Planned:
    site: Site
    outputs: list[Output]
    warnings: list[Problem]
    valid_until: datetime | None
    scheduled: tuple[tuple[str, datetime], ...]
    known: dict[int, bytes]  # digests of parsed articles, their items and bodies (see `digest`)
    images: int = 0  # images decoded (see `images.prepare`)


def build(options: Options) -> Result:
    """Build the site; raise BuildError listing every problem, leaving the output as it was."""
    # A build makes millions of small objects that live until its end, and almost none
    # that form cycles: with Python's default thresholds the collector walks the whole
    # growing site again and again (reading 1,000 articles took 1.4 s CPU, now 1.0 s).
    before = gc.get_threshold()
    gc.set_threshold(100_000, 50, 1000)
    try:
        return _build(options)
    finally:
        gc.set_threshold(*before)
        gc.unfreeze()  # what `cachefile.load` set aside: collected as usual again


def _build(options: Options) -> Result:
    started = time.perf_counter()
    site_dir, out_dir = options.site_dir, options.out_dir
    reason = None
    if options.write:
        reason = refuse_reason(site_dir, out_dir, build_state.recorded(site_dir, out_dir))
    if reason:
        raise BuildError([Problem("--out", 0, "error", "", reason)])
    jobs = options.jobs or parallel.default_jobs()
    now = build_time()
    if not options.write:
        planned = _plan(options, now, jobs, use_cache=False)
        env = jinja_environment(site_dir)
        diag = Diagnostics(list(planned.warnings))
        for output in planned.outputs:
            stale.render_one(output, env, planned.site, diag)
        if diag.has_errors():
            raise BuildError(diag.sorted())
        listing = _listing(planned.outputs)
        seconds = time.perf_counter() - started
        bodies, scheduled = _bodies(planned.site), planned.scheduled
        return Result(
            0,
            diag.warnings,
            seconds,
            listing,
            bodies=bodies,
            scheduled=scheduled,
            images=planned.images,
        )

    try:
        held = lock.acquire(out_dir, site_dir, options.wait, options.notify)
    except lock.Busy as exc:
        raise BuildError([Problem("--out", 0, "error", "", str(exc))]) from None
    except OSError as exc:
        raise BuildError([_write_problem(exc, options)]) from None
    try:
        # Holding the lock, no other build writes here: what is beside the output
        # folder or half saved in the cache was left by a killed build.
        sweep(out_dir)
        cachefile.sweep(cachefile.folder(site_dir))
        return _build_locked(options, started, jobs, now)
    finally:
        held.release()


def _write_problem(exc: OSError, options: Options) -> Problem:
    """A file system error while writing (a full disk, a read-only folder), on one line;
    at the site's file when it was one being read (a static file gone mid-build)."""
    reason = exc.strerror or str(exc)
    if exc.filename:
        site, name = options.site_dir.resolve(), Path(exc.filename).resolve()
        for folder in ("static", "content", "templates"):
            if name.is_relative_to(site / folder):
                where = name.relative_to(site).as_posix()
                return Problem(where, 0, "error", "", f"cannot read: {reason}")
    where = exc.filename or options.out_dir
    return Problem("--out", 0, "error", "", f"cannot write {where}: {reason}")


def _build_locked(options: Options, started: float, jobs: int, now: datetime) -> Result:
    site_dir, out_dir = options.site_dir, options.out_dir
    key = state_key(options)
    wall_ns = time.time_ns()
    _clock.__init__()
    # Until this build finishes, the output folder is not one to deploy (`finished`).
    finished.begin(site_dir, out_dir)
    inputs = build_state.input_stamps(site_dir)
    _clock("stamps")
    summary = None if options.clean else build_state.load_summary(site_dir, key)
    if build_state.unchanged(summary, inputs, now, out_dir, site_dir) and _search_ok(
        options, summary
    ):
        assert summary is not None
        listing = tuple((p, origin) for p, (_, origin) in summary.outputs.items())
        finished.finish(site_dir, out_dir, None)
        _clock("nothing changed")
        seconds = time.perf_counter() - started
        scheduled = tuple(summary.scheduled)
        return Result(0, list(summary.problems), seconds, listing, scheduled=scheduled)
    # Files saved within the clock's resolution of now: a stamp cannot tell two
    # versions of one apart, so they are known by their bytes (see `state.same_inputs`),
    # hashed here, before anything of the site is read.
    hashes = build_state.hash_recent(site_dir, inputs, wall_ns)
    # No summary for this key (another version of sitegen, other options): the state
    # cannot be for it either, and unpickling it only to find that costs 70 MB at 10,000.
    before = None if summary is None else build_state.load(site_dir, key)
    _clock("state loaded")
    if before is not None and not out_dir.is_dir():
        before = None  # the output folder is gone: everything is new

    planned = _plan(options, now, jobs, use_cache=not options.clean)
    env = jinja_environment(site_dir)
    watch_templates(env)
    result = _write(options, planned, env, before, jobs, key)
    # Stamps from the start of the build: a file saved during it is read again next time,
    # and so is one saved within the clock's resolution of it unless its bytes are the
    # same as then.
    result_state, written, removed, rendered = result
    result_state.inputs = {
        p: (s if build_state.stamp_trusted(s, wall_ns) else (s[0], -1)) for p, s in inputs.items()
    }
    result_state.hashes = hashes
    build_state.save(site_dir, result_state)
    _clock("state saved")
    files = {p: r.stamp for p, r in result_state.outputs.items()}
    files.update(finished.stamps(out_dir, (), result_state.extra))
    listing = finished.Listing(str(out_dir.resolve()), options.drafts, options.future, files)
    finished.finish(site_dir, out_dir, listing)
    _clock("listing saved")
    # Kept until the next build: freeing a large site object by object takes seconds,
    # which the command line skips by ending the process (see `cli.entry`).
    _RETAINED[:] = [planned, result_state]
    return Result(
        written,
        list(planned.warnings),
        time.perf_counter() - started,
        _listing(planned.outputs),
        removed,
        rendered,
        scheduled=planned.scheduled,
        images=planned.images,
    )


def _bodies(site: Site) -> tuple[links.Body, ...]:
    """The links of every article and page body, with the page each is on."""
    posts = (links.Body(p.article.path, p.url, p.rendered.links) for p in site.posts)
    entries = (
        links.Body(e.entry.path, p.url, e.rendered.links) for p in site.posts for e in p.entries
    )
    pages = (links.Body(p.page.path, p.url, p.rendered.links) for p in site.pages)
    return (*posts, *entries, *pages)


def state_key(options: Options) -> str:
    """The key of the build state for these options: a build with other options (drafts,
    future, search, link checks) or by other code starts afresh."""
    flags = (options.drafts, options.future, options.search, options.links)
    return build_state.state_key(options.site_dir, options.out_dir, flags)


def _listing(outputs: list[Output]) -> tuple[tuple[str, str], ...]:
    return tuple((o.path, o.origin) for o in outputs)


def _search_ok(options: Options, summary: build_state.Summary | None) -> bool:
    """Without a change the search index stays, unless it is missing and wanted."""
    if not options.search or summary is None:
        return True
    return (options.out_dir / search.BUNDLE).is_dir() or search.BUNDLE not in summary.extra


def _plan(options: Options, now: datetime, jobs: int, use_cache: bool) -> _Planned:
    """Read, check and assemble the site, and list every output; raise on any error."""
    diag = Diagnostics()
    site_dir = options.site_dir
    # Links and special files first, before anything is opened: what is refused is
    # reported at its path and never read (site.yaml refused: nothing else is either).
    refused = site_entries.problems(site_dir)
    diag.extend(refused)
    if site_entries.refused(refused, CONFIG_FILE):
        raise BuildError(diag.sorted())
    config = site_config.load(site_dir, diag)
    if config is None:
        raise BuildError(diag.sorted())
    store = parse_cache.ParseCache(site_dir, use=use_cache)
    _clock("parse cache loaded")
    found = sources.discover(site_dir, refused)
    loaded, entries = parse_cache.load(found, config, diag, store, jobs)
    _clock("sources read")
    article_files = [s.path for s in found if s.kind == "article"]
    lives = live.join(loaded.articles, loaded.entries, config, diag, article_files)
    glossary = GlossaryIndex.build(loaded.glossary)
    published = [a for a in loaded.articles if is_published(a, now, options.drafts, options.future)]
    for article in published:
        check_update_dates(article, now, config.zone, diag)
    for ref in loaded.references:  # the same for an article with errors of its own
        if ref.kind == "update" and ref.when is not None and ref.when > now:
            diag.error(ref.path, ref.line, ref.field, future_update(ref.name, now, config.zone))
    bodies = parse_cache.render_bodies(published, glossary, config, entries, store, jobs)
    shown = {}  # live article -> (terms its text links, its published entries in page order)
    for a in published:
        if a.live is not None:
            due = tuple(e for e in lives.get(a.path, ()) if live.is_due(e, now, options.future))
            shown[a.path] = (bodies[a.path].terms, page_order(due))
    live_bodies = parse_cache.render_entries(shown, glossary, config, entries, store)
    _clock("bodies rendered")
    articles = tuple((a, bodies[a.path]) for a in published)
    pages = tuple(
        (
            p,
            markdown.render(
                p.body,
                raw_html=config.raw_html,
                base_path=config.base_path,
                body_line=p.body_line,
            ),
        )
        for p in loaded.pages
    )
    texts = [(p.path, r) for p, r in pages]
    texts += [(e.path, r) for pairs in live_bodies.values() for e, r in pairs]
    listed = [(e.path, e.images) for pairs in live_bodies.values() for e, _ in pairs]
    shown_images = images.uses(articles, texts, listed)
    # Authors' photos are processed like any image (found in content/ or static/).
    shown_images += [
        images.Use(
            f"{CONTENT}/authors.yaml", "image", ImageRef(a.image.src, a.image.line, a.image.alt)
        )
        for a in loaded.authors
        if a.image is not None
    ]
    # The image cache is kept even by `check`: processing is the costly part.
    prepared = images.prepare(shown_images, site_dir, diag, jobs, use_cache=not options.clean)
    _clock(f"images: {prepared.decoded} processed")
    # Case files with errors, slug -> path: articles naming them are not checked.
    unreadable = {slugify(Path(path).stem): path for path in loaded.unreadable_cases}
    inputs = Inputs(
        config=config,
        articles=articles,
        pages=pages,
        glossary=loaded.glossary,
        people=loaded.people,
        cases=loaded.cases,
        unreadable_cases=tuple(unreadable),
        unchecked=frozenset(loaded.unreadable_data),
        entries=live_bodies,
        authors=loaded.authors,
        # An authors.yaml that does not read is reported once, not at every byline.
        authors_file=any(s.kind == "authors" for s in found)
        and "authors" not in loaded.unreadable_data,
        pictures=prepared.pictures,
    )
    site_config.check_policy_page(site_dir, config, [p.slug for p in loaded.pages], diag)
    site = assemble(inputs, diag)
    terms = {t.slug for t in loaded.glossary}
    unchecked = loaded.unreadable_data
    references.check(
        loaded.references, site.cases, unreadable, terms, site.directory, diag, unchecked
    )
    named = [(a.path, a.case) for a in loaded.articles if a.case]
    named += [(r.path, r.name) for r in loaded.references if r.kind == "case"]
    references.unchecked_notes(named, unreadable, diag)
    references.unread_data_notes(unchecked, diag)
    _clock("assembled")
    site = replace(site, related=related.index(site.posts, config.related))
    _clock("related")

    outputs = plan(site, now) + static_files(site_dir, refused) + prepared.outputs
    _clock("planned")
    for output in outputs:
        try:
            safe_relative(output.path)
        except OutputError as exc:  # reported at the file that names it, like any problem
            where = output.origin if output.origin.startswith(("content/", "static/")) else ""
            diag.error(where or "--out", 0, "", str(exc))
    known = clashes.places(loaded.articles, loaded.pages, site_config.section_lines(site_dir))
    diag.extend(clashes.output_problems(outputs, known))
    diag.extend(clashes.feed_id_problems(loaded.articles, config))
    if diag.has_errors():
        raise BuildError(diag.sorted())
    if options.links:  # after the errors: an article left out for them is no broken link
        unpublished = {id(a) for a in loaded.articles} - {id(a) for a in published}
        later = {
            f"{a.section}/{a.slug}/index.html" for a in loaded.articles if id(a) in unpublished
        }
        paths = {o.path for o in outputs}
        links.check(_bodies(site), config.base_path, paths, later, diag, severity="warning")
    if options.write:
        store.save(jobs)
        _clock("parse cache saved")
    # The moments at which the same sources build a different site: a scheduled article
    # comes due, or a recent one leaves the news sitemap's window.
    due = []
    scheduled: list[tuple[str, datetime]] = []
    if not options.future:
        later = [a for a in loaded.articles if a.date > now and (options.drafts or not a.draft)]
        due = [a.date for a in later]
        # A scheduled entry of a published live article comes due too.
        due += [e.time for path in shown for e in lives.get(path, ()) if e.time > now]
        scheduled = sorted((a.path, a.date.astimezone(config.zone)) for a in later)
        scheduled.sort(key=lambda item: item[1])
    window = sitemaps.NEWS_WINDOW
    due += [a.date + window for a in published if a.date + window > now]
    valid_until = min(due, default=None)
    known = parse_cache.known_digests(entries)
    # Shared by many posts: digested once here, named by digest in each post's.
    for value in (
        *site.cases.values(),
        *site.people.values(),
        *site.glossary,
        *site.authors.values(),
    ):
        known[id(value)] = digest(value)
    return _Planned(
        site, outputs, diag.warnings, valid_until, tuple(scheduled), known, prepared.decoded
    )


def _write(
    options: Options,
    planned: _Planned,
    env,
    before: BuildState | None,
    jobs: int,
    key: str,
) -> tuple[BuildState, int, int, int]:
    """Render what is stale, commit what changed; (new state, written, removed, rendered)."""
    site, outputs, out_dir = planned.site, planned.outputs, options.out_dir
    diag = Diagnostics()
    # A first build renders everything: the workers take the contexts' digests then.
    posts, contexts = stale.site_digests(
        site, outputs, planned.known, jobs, contexts=before is not None
    )
    _clock("digests")
    ch = stale.changes(site, env, before, planned.known, posts)
    _clock("changes")
    old = before.outputs if before is not None else {}
    on_disk = {o.path: files.stamp(out_dir / o.path) for o in outputs if o.path in old}
    stale_outputs = [
        i
        for i, o in enumerate(outputs)
        if stale.is_stale(
            old.get(o.path), contexts[i] if contexts else b"", on_disk.get(o.path), ch
        )
    ]
    planned_paths = {o.path for o in outputs}
    removed = sorted(p for p in old if p not in planned_paths)
    # Bytes as they are on disk: an output whose render gives them again is not written.
    previous = {p: r.digest for p, r in old.items() if on_disk.get(p) == r.stamp}
    _clock(f"stale: {len(stale_outputs)}")
    full = before is None
    try:
        staging: Stage | Patch = Stage(out_dir) if full else Patch(out_dir)
    except OSError as exc:
        raise BuildError([_write_problem(exc, options)]) from None
    try:
        rendered = stale.render_stale(
            site,
            env,
            outputs,
            stale_outputs,
            previous,
            staging.root,
            jobs,
            diag,
            options.progress,
            planned.known,
            ch.posts,
        )
        done = rendered.done
        if diag.has_errors():
            raise BuildError(diag.sorted())
        _clock("rendered")
        written = [outputs[d.index].path for d in done if d.written]
        for path in written:
            staging.written[path] = ""
        extra: list[str] = []
        wants_index = options.search and (
            full
            or any(p.endswith(".html") for p in (*written, *removed))
            or not (out_dir / search.BUNDLE).is_dir()
        )
        build_state.forget(options.site_dir, key)
        if isinstance(staging, Patch) and wants_index:
            staging = full_stage(staging, out_dir, [p for p in previous if p in planned_paths])
        if isinstance(staging, Stage):
            if options.search:
                if before is not None:
                    staging.link_tree(out_dir, search.BUNDLE)
                sections = [section.key for section in site.config.sections]
                search.index(staging.root, out_dir, sections, diag)
            staging.commit()
        else:
            staging.commit(removed)
        if options.search and (out_dir / search.BUNDLE).is_dir():
            extra.append(search.BUNDLE)
    except OutputError as exc:
        staging.abort()
        raise BuildError([Problem("--out", 0, "error", "", str(exc))]) from None
    except OSError as exc:  # a full disk, a read-only folder: the output stays as it was
        staging.abort()
        raise BuildError([_write_problem(exc, options)]) from None
    except BaseException:
        staging.abort()
        raise
    _clock("committed")
    planned.warnings.extend(p for p in diag.warnings if p not in planned.warnings)
    records = stale.records(outputs, done, old, out_dir, full)
    post_reads, attrs, calls, templates = stale.tables(
        site, env, records, ch, rendered.calls, rendered.reads, before, planned.known
    )
    state = BuildState(
        key=key,
        valid_until=planned.valid_until,
        scheduled=list(planned.scheduled),
        problems=list(planned.warnings),
        outputs=records,
        posts=ch.posts,
        post_reads=post_reads,
        attrs=attrs,
        calls=calls,
        templates=templates,
        extra=extra,
    )
    return state, len(written), len(removed), len(stale_outputs)
