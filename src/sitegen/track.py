"""Recording what one output reads while it renders: templates, posts, site values.

Nothing here knows what any template or feed reads. While an output renders, the
`Site` and `Post` classes report every attribute read to the active `Tracker`, and the
Jinja environment reports every template it loads:

- reading any attribute of a post records the post: the output depends on all of it
  (its digest covers article, body, tags, people, case and terms);
- reading an attribute of the site (`site.tags`, `site.config`) records the name: the
  output depends on the digest of that value, posts in it by URL only;
- calling a method of the site (`site.case_posts("x")`) records the call and the
  digest of its result; reads made inside the call are not recorded, because the
  result's digest already covers what the caller can see (posts again by URL, and
  whatever is then read from them is recorded as usual).

An incremental build re-renders an output only when one of these changed. Because a
recorded call is re-run with the same arguments on the new site, precomputed indexes
and new methods need no registration anywhere.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from types import MethodType
from typing import Any

from jinja2 import Environment

from .digest import digest
from .site import Post, Site

_PLAIN_ARGS = (str, int, float, bool, type(None))
CallKey = tuple[str, tuple, tuple]  # (method, args, sorted kwargs) when all are plain
_getattribute = object.__getattribute__


@dataclass
class Reads:
    """What one output read."""

    templates: set[str] = field(default_factory=set)
    posts: set[int] = field(default_factory=set)  # id() of each post read
    attrs: set[str] = field(default_factory=set)
    calls: set[CallKey] = field(default_factory=set)
    opaque: bool = False  # a call whose arguments cannot be replayed: always re-render


class Tracker:
    """Active for the duration of `recording()`; one per process."""

    def __init__(self) -> None:
        self.reads: Reads | None = None
        self.depth = 0  # > 0 inside a recorded site call
        self.call_digests: dict[CallKey, bytes] = {}


_ACTIVE: Tracker | None = None


def _site_getattribute(self: Site, name: str) -> Any:
    value = _getattribute(self, name)
    tracker = _ACTIVE
    if tracker is None or tracker.depth or tracker.reads is None or name.startswith("__"):
        return value
    if type(value) is MethodType:
        return _RecordedCall(tracker, name, value)
    tracker.reads.attrs.add(name)
    return value


def _post_getattribute(self: Post, name: str) -> Any:
    tracker = _ACTIVE
    if tracker is not None and not tracker.depth and tracker.reads is not None:
        tracker.reads.posts.add(id(self))
    return _getattribute(self, name)


def call_key(name: str, args: tuple, kwargs: dict) -> CallKey | None:
    """A replayable key, or None when an argument is more than a plain value."""
    items = tuple(sorted(kwargs.items()))
    if all(isinstance(a, _PLAIN_ARGS) for a in args) and all(
        isinstance(v, _PLAIN_ARGS) for _, v in items
    ):
        return (name, args, items)
    return None


class _RecordedCall:
    __slots__ = ("tracker", "name", "method")

    def __init__(self, tracker: Tracker, name: str, method: Callable) -> None:
        self.tracker, self.name, self.method = tracker, name, method

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        tracker = self.tracker
        tracker.depth += 1
        try:
            result = self.method(*args, **kwargs)
        finally:
            tracker.depth -= 1
        reads = tracker.reads
        if reads is not None:
            key = call_key(self.name, args, kwargs)
            if key is None:
                reads.opaque = True
            else:
                if key not in tracker.call_digests:
                    tracker.call_digests[key] = digest(result)
                reads.calls.add(key)
        return result


def replay(site: Site, key: CallKey) -> bytes | None:
    """The digest of a recorded call made again on `site`; None when it now fails."""
    name, args, kwargs = key
    try:
        method = _getattribute(site, name)
        return digest(method(*args, **dict(kwargs)))
    except Exception:  # noqa: BLE001 - a call that fails now has changed
        return None


def attr_digest(site: Site, name: str) -> bytes | None:
    try:
        return digest(_getattribute(site, name))
    except AttributeError:
        return None


def watch_templates(env: Environment) -> None:
    """Make `env` report each template it loads (get, select, include, extends)."""
    load = env._load_template  # every way of getting a template goes through it

    def recorded(name: Any, globals: Any) -> Any:
        tracker = _ACTIVE
        if tracker is not None and tracker.reads is not None:
            tracker.reads.templates.add(str(getattr(name, "name", name)))
        return load(name, globals)

    env._load_template = recorded  # type: ignore[method-assign]


class untracked:
    """`with untracked():` — reads inside are not recorded (the render machinery's own)."""

    def __enter__(self) -> None:
        if _ACTIVE is not None:
            _ACTIVE.depth += 1

    def __exit__(self, *exc: object) -> None:
        if _ACTIVE is not None:
            _ACTIVE.depth -= 1


class recording:
    """`with recording(tracker):` — Site and Post report reads to `tracker`."""

    def __init__(self, tracker: Tracker) -> None:
        self.tracker = tracker

    def __enter__(self) -> Tracker:
        global _ACTIVE
        _ACTIVE = self.tracker
        Site.__getattribute__ = _site_getattribute  # type: ignore[method-assign]
        Post.__getattribute__ = _post_getattribute  # type: ignore[method-assign]
        return self.tracker

    def __exit__(self, *exc: object) -> None:
        global _ACTIVE
        _ACTIVE = None
        del Site.__getattribute__
        del Post.__getattribute__


def template_digest(env: Environment, name: str) -> bytes:
    """The digest of a template's source as the environment would load it now."""
    try:
        source, _, _ = env.loader.get_source(env, name)  # type: ignore[union-attr]
    except Exception:  # noqa: BLE001 - gone or unreadable: changed
        return b"missing"
    return digest(source)


__all__ = ["Reads", "Tracker", "recording", "replay", "attr_digest"]
