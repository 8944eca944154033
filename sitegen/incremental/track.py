"""Recording what one output reads while it renders: templates, posts, site values.

Nothing here knows what any template or feed reads. While an output renders, the
`Site` and `Post` classes report every attribute read to the active `Tracker`, and the
Jinja environment reports every template it loads:

- reading an attribute of a post, or of its article, records that attribute of that
  post (`title`, `article.summary`): a listing depends on the headlines it shows, not
  on the bodies; calling a method of a post (`post.body()`) records the whole post;
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

from sitegen.incremental.digest import digest
from sitegen.model.content import Article
from sitegen.model.site import Post, Site

_PLAIN_ARGS = (str, int, float, bool, type(None))
CallKey = tuple[str, tuple, tuple]  # (method, args, sorted kwargs) when all are plain
_getattribute = object.__getattribute__


@dataclass
class Reads:
    """What one output read."""

    templates: set[str] = field(default_factory=set)
    posts: set[tuple[int, str]] = field(default_factory=set)  # (id(post), attribute)
    attrs: set[str] = field(default_factory=set)
    calls: set[CallKey] = field(default_factory=set)
    opaque: bool = False  # a call whose arguments cannot be replayed: always re-render


class Tracker:
    """Active for the duration of `recording()`; one per process."""

    def __init__(
        self, articles: dict[int, int] | None = None, known: dict[int, bytes] | None = None
    ) -> None:
        self.reads: Reads | None = None
        self.depth = 0  # > 0 inside a recorded site call
        self.call_digests: dict[CallKey, bytes] = {}
        self.articles = articles or {}  # id(article) -> id(its post)
        # Digests known before rendering (see `digest`): what `said_by` returns holds
        # hundreds of claims, each then named by its digest. `replay` takes the same.
        self.known = known


_ACTIVE: Tracker | None = None


def _site_getattribute(self: Site, name: str) -> Any:
    value = _getattribute(self, name)
    tracker = _ACTIVE
    if tracker is None or tracker.depth or tracker.reads is None or name.startswith("__"):
        return value
    if type(value) is MethodType:
        if name in _CONFIG_ONLY:
            # Path helpers called dozens of times a page: what they return depends on
            # the settings alone, so reading those stands for every call.
            tracker.reads.attrs.add("config")
            return value
        return _RecordedCall(tracker, name, value)
    tracker.reads.attrs.add(name)
    return value


# Site methods whose result depends on nothing but their arguments and `site.config`.
_CONFIG_ONLY = frozenset({"url", "resolve", "absolute", "author_url"})

WHOLE = "*"  # the attribute recorded when a post's method is called: all of it


def _owned_getattribute(self: Any, name: str, owner: int, prefix: str) -> Any:
    tracker = _ACTIVE
    assert tracker is not None and tracker.reads is not None
    kind = _KINDS.get((type(self), name))
    if kind is None:
        found = getattr(type(self), name, None)
        kind = "method" if callable(found) else "property" if found is not None else "field"
        _KINDS[(type(self), name)] = kind
    if kind == "method":
        tracker.reads.posts.add((owner, WHOLE))
        return _getattribute(self, name)
    if name == "article" and prefix == "":
        return _getattribute(self, name)  # what is read from it is recorded instead
    tracker.reads.posts.add((owner, prefix + name))
    if kind == "field":
        return _getattribute(self, name)
    tracker.depth += 1  # a property: the name stands for what it reads
    try:
        return _getattribute(self, name)
    finally:
        tracker.depth -= 1


_KINDS: dict[tuple[type, str], str] = {}


def _post_getattribute(self: Post, name: str) -> Any:
    tracker = _ACTIVE
    if tracker is None or tracker.depth or tracker.reads is None or name.startswith("__"):
        return _getattribute(self, name)
    return _owned_getattribute(self, name, id(self), "")


def _article_getattribute(self: Article, name: str) -> Any:
    tracker = _ACTIVE
    if tracker is None or tracker.depth or tracker.reads is None or name.startswith("__"):
        return _getattribute(self, name)
    owner = tracker.articles.get(id(self))
    if owner is None:  # an article no post holds: nothing to record it against
        return _getattribute(self, name)
    return _owned_getattribute(self, name, owner, "article.")


def post_value(post: Post, attr: str) -> Any:
    """What an output saw when it read `attr` of `post` (see `Reads.posts`)."""
    if attr == WHOLE:
        return post
    if attr.startswith("article."):
        return getattr(_getattribute(post, "article"), attr.removeprefix("article."))
    return getattr(post, attr)


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
                    tracker.call_digests[key] = digest(result, tracker.known)
                reads.calls.add(key)
        return result


def replay(site: Site, key: CallKey, known: dict[int, bytes] | None = None) -> bytes | None:
    """The digest of a recorded call made again on `site`; None when it now fails.
    `known` must be what the recording `Tracker` had, or every call looks changed."""
    name, args, kwargs = key
    try:
        method = _getattribute(site, name)
        return digest(method(*args, **dict(kwargs)), known)
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
        Article.__getattribute__ = _article_getattribute  # type: ignore[method-assign]
        return self.tracker

    def __exit__(self, *exc: object) -> None:
        global _ACTIVE
        _ACTIVE = None
        del Site.__getattribute__
        del Post.__getattribute__
        del Article.__getattribute__


def template_digest(env: Environment, name: str) -> bytes:
    """The digest of a template's source as the environment would load it now."""
    try:
        source, _, _ = env.loader.get_source(env, name)  # type: ignore[union-attr]
    except Exception:  # noqa: BLE001 - gone or unreadable: changed
        return b"missing"
    return digest(source)


__all__ = ["Reads", "Tracker", "recording", "replay", "attr_digest"]
