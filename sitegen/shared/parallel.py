"""Running a function over chunks of work in forked worker processes.

Workers are forked, so they start with everything the parent has built (the site,
the templates, the plan) without pickling any of it; only each chunk's results come
back. Results are returned in chunk order whatever order the workers finish in, so a
parallel build is the same as a serial one. Fork is used only from a process with a
single thread: forking a threaded process (`sitegen serve`) can copy a lock that
another thread holds, so there the work runs in the calling process.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import threading
from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def chunks(items: Sequence[T], jobs: int, size: int | None = None) -> list[Sequence[T]]:
    """Pieces small enough to balance the workers, big enough to be worth sending."""
    if size is None:
        size = max(8, min(256, len(items) // (jobs * 8) or 1))
    return [items[i : i + size] for i in range(0, len(items), size)]


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


def map_chunks(
    func: Callable[[Sequence[T]], R],
    items: Sequence[T],
    jobs: int,
    min_items: int = 2,
    progress: Callable[[int, int], None] | None = None,
    size: int | None = None,
) -> list[R]:
    """func over chunks of items, in order; in `jobs` forked workers when worthwhile.

    `progress(done, total)` is told after each chunk how many items are done; `size`
    fixes the items per chunk (1 for work as heavy as decoding a photo).
    """
    if not items:
        return []
    pieces = chunks(items, jobs, size)
    if jobs <= 1 or len(items) < min_items or len(pieces) < 2 or not can_fork():
        return _counted((func(piece) for piece in pieces), pieces, progress)
    # Keep the parent's objects out of the workers' collections (copy-on-write). No
    # collection first: it would walk every object of a large site (0.4 s at 10,000
    # articles) to free what `unfreeze` hands back to the collector anyway.
    gc.freeze()
    try:
        context = multiprocessing.get_context("fork")
        with context.Pool(min(jobs, len(pieces))) as pool:
            # imap keeps chunk order, like map, and hands back each chunk as it is done.
            return _counted(pool.imap(func, pieces, chunksize=1), pieces, progress)
    finally:
        gc.unfreeze()


def _counted(
    results: Iterable[R],
    pieces: Sequence[Sequence[T]],
    progress: Callable[[int, int], None] | None,
) -> list[R]:
    out: list[R] = []
    total = sum(len(piece) for piece in pieces)
    done = 0
    for piece, result in zip(pieces, results, strict=False):
        out.append(result)
        done += len(piece)
        if progress is not None:
            progress(done, total)
    return out
