"""Digests of values: what an output was made from, in 16 bytes.

`digest(value)` pickles the value without pickle's memo (so equal values give equal
bytes whatever objects they share) and hashes the bytes. Pickle's `persistent_id`
hook stands in for what must not be pickled whole:

- *entities*, digested by who they are, not by what they hold: a `Post` is its URL
  and the `Site` is just "the site". What a render reads from them is recorded
  separately (see `track`), so a listing that shows ten headlines depends on those ten
  posts, not on a digest of the whole site;
- sets, by their sorted members (their order changes from run to run);
- functions (plan's `data` lambdas), by their code and what they close over;
- objects whose digest is already known (`known`: an article's, a rendered body's,
  kept with the parse cache), by that digest.
"""

from __future__ import annotations

import hashlib
import io
import pickle
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from jinja2 import Environment

from sitegen.model.site import Post, Site

Known = dict[int, bytes]  # id(object) -> its digest, for objects alive during the build


class _Pickler(pickle.Pickler):
    def __init__(self, file: io.BytesIO, expand: object, known: Known | None) -> None:
        super().__init__(file, protocol=5)
        self.fast = True  # no memo: the same value always pickles to the same bytes
        self.expand = expand
        self.known = known

    def persistent_id(self, obj: Any) -> Any:  # noqa: PLR0911 - one case per kind
        kind = type(obj)
        if kind in _PLAIN:  # most objects: called for every one, so this comes first
            return None
        if kind is Post and obj is not self.expand:
            return ("Post", object.__getattribute__(obj, "url"))
        if kind is Site:
            return ("Site",)
        known = self.known
        if known is not None and id(obj) in known:
            return ("digest", known[id(obj)])
        if kind is set or kind is frozenset:
            return ("set", tuple(sorted(repr(_canon_small(v)) for v in obj)))
        if kind in _FUNCTIONS:
            return callable_canon(obj)
        if isinstance(obj, Environment):
            return ("env",)
        return None


_PLAIN = frozenset({str, int, float, bool, type(None), tuple, list, dict, bytes, Decimal})
_PLAIN |= {datetime, date}
_FUNCTIONS = frozenset({type(lambda: 0), type(len)})


def _canon_small(value: Any) -> Any:
    return ("Post", value.url) if isinstance(value, Post) else value


def _pickled(value: Any, expand: object = None, known: Known | None = None) -> bytes:
    buffer = io.BytesIO()
    _Pickler(buffer, expand, known).dump(value)
    return buffer.getvalue()


def _h(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


def callable_canon(fn: Callable) -> Any:
    """A function by its code and what it closes over (plan's `data` lambdas)."""
    code = getattr(fn, "__code__", None)
    if code is None:
        return ("callable", getattr(fn, "__qualname__", type(fn).__qualname__))
    cells = tuple(c.cell_contents for c in (fn.__closure__ or ()))
    return ("fn", code.co_filename, code.co_qualname, cells, fn.__defaults__ or ())


def digest(value: Any, known: Known | None = None) -> bytes:
    if type(value) is str:
        # Most values an output reads are short texts (a title, a URL): hashing them
        # directly skips the pickler and its per-object hook. No pickle begins "str:".
        return _h(b"str:" + value.encode("utf-8", "surrogatepass"))
    if type(value) is datetime:  # a date read on every listing; repr names its zone
        return _h(b"repr:" + repr(value).encode())
    try:
        return _h(_pickled(value, known=known))
    except (pickle.PicklingError, TypeError, AttributeError, RecursionError):
        # Something pickle cannot take (a local class): its repr, which may name an
        # address and so differ next time. That only costs a render, never a stale page.
        return _h(repr(value).encode("utf-8", "surrogatepass"))


def post_digest(post: Post, known: Known | None = None) -> bytes:
    """Everything one post holds (its article, body, tags, people, case, terms)."""
    return _h(_pickled(post, expand=post, known=known))


def bytes_digest(data: bytes) -> bytes:
    return _h(data)
