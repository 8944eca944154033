"""Digests of values: what an output was made from, in 16 bytes.

`digest(value)` walks dataclasses, tuples, lists, dicts, sets and plain values into a
canonical nested tuple and hashes its `repr`. Two values with the same digest render
the same, whatever object they are.

Two kinds of object are *entities*, digested by who they are, not by what they hold:
a `Post` is its URL and the `Site` is just "the site". What a render reads from them
is recorded separately (see `track`), so a listing that shows ten headlines depends on
those ten posts, not on a digest of the whole site.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from enum import Enum
from pathlib import PurePath
from typing import Any

from jinja2 import Environment

from .site import Post, Site

_PLAIN = (str, int, float, bool, type(None), bytes, Decimal, datetime, date, time, timedelta)


def _h(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def canon(value: Any, expand: object = None) -> Any:
    """A canonical, repr-able form; entities by identity unless `value is expand`."""
    if isinstance(value, _PLAIN):
        # str subclasses (Markup) compare as their text.
        return str(value) if isinstance(value, str) and type(value) is not str else value
    if isinstance(value, Post) and value is not expand:
        return ("Post", object.__getattribute__(value, "url"))
    if isinstance(value, Site) and value is not expand:
        return ("Site",)
    if isinstance(value, (tuple, list)):
        return tuple(canon(v) for v in value)
    if isinstance(value, dict):
        return ("dict", tuple((canon(k), canon(v)) for k, v in value.items()))
    if isinstance(value, (set, frozenset)):
        return ("set", tuple(sorted(repr(canon(v)) for v in value)))
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = dataclasses.fields(value)
        get = object.__getattribute__
        return (type(value).__qualname__, tuple(canon(get(value, f.name)) for f in fields))
    if isinstance(value, Enum):
        return (type(value).__qualname__, value.name)
    if isinstance(value, PurePath):
        return ("path", str(value))
    if isinstance(value, Environment):
        return ("env",)  # one per build; what it loads is recorded as templates
    if callable(value):
        return callable_canon(value)
    if hasattr(value, "__dict__"):
        return (type(value).__qualname__, canon(vars(value)))
    return (type(value).__qualname__, repr(value))


def callable_canon(fn: Callable) -> Any:
    """A function by its code and what it closes over (plan's `data` lambdas)."""
    code = getattr(fn, "__code__", None)
    if code is None:
        bound = getattr(fn, "__self__", None)
        name = getattr(fn, "__qualname__", type(fn).__qualname__)
        return ("callable", name, canon(bound) if bound is not None else None)
    cells = tuple(canon(c.cell_contents) for c in (fn.__closure__ or ()))
    return ("fn", code.co_filename, code.co_qualname, cells, canon(fn.__defaults__ or ()))


def digest(value: Any) -> bytes:
    return _h(repr(canon(value)))


def post_digest(post: Post) -> bytes:
    """Everything one post holds (its article, body, tags, people, case, terms)."""
    return _h(repr(canon(post, expand=post)))


def bytes_digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()
