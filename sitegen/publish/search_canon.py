"""Pagefind's index made byte-stable, so builds stay reproducible with search on.

Pagefind writes its word index and page fragments in a stable order, but its filter
files (and so their names, the language's metadata file that lists them, and the
entry file that names that) come out in hash-map order, which changes run to run.
`canonicalize` rewrites just those: every filter's values in sorted order, the filter
list sorted by name, and each rewritten file named by a digest of its content.

Pagefind's files are gzip-compressed CBOR after a `pagefind_dcd` signature. Only the
few CBOR types Pagefind writes are read and written here (integers, strings, arrays,
maps, true/false/null); anything else means a format this module does not know, and
the index is then left exactly as Pagefind wrote it.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import struct
from pathlib import Path
from typing import Any

SIGNATURE = b"pagefind_dcd"
_SIMPLE = {20: False, 21: True, 22: None}


class FormatError(Exception):
    """The index is not in the format this module knows."""


def _decode(data: bytes, i: int = 0) -> tuple[Any, int]:
    head = data[i]
    major, info = head >> 5, head & 31
    i += 1
    if major == 7:
        if info not in _SIMPLE:
            raise FormatError(f"unsupported CBOR simple value {info}")
        return _SIMPLE[info], i
    if info < 24:
        n = info
    elif info in (24, 25, 26, 27):
        size = 1 << (info - 24)
        n = int.from_bytes(data[i : i + size], "big")
        i += size
    else:
        raise FormatError("indefinite-length CBOR is not expected")
    if major == 0:
        return n, i
    if major == 1:
        return -1 - n, i
    if major == 2:
        return bytes(data[i : i + n]), i + n
    if major == 3:
        return data[i : i + n].decode("utf-8"), i + n
    if major == 4:
        items = []
        for _ in range(n):
            item, i = _decode(data, i)
            items.append(item)
        return items, i
    if major == 5:
        mapping = {}
        for _ in range(n):
            key, i = _decode(data, i)
            mapping[key], i = _decode(data, i)
        return mapping, i
    raise FormatError(f"unsupported CBOR major type {major}")


def _head(major: int, n: int) -> bytes:
    if n < 24:
        return bytes([major << 5 | n])
    for info, fmt in ((24, ">B"), (25, ">H"), (26, ">I"), (27, ">Q")):
        if n < 1 << (8 * struct.calcsize(fmt)):
            return bytes([major << 5 | info]) + struct.pack(fmt, n)
    raise FormatError("integer too large")


def _encode(value: Any) -> bytes:
    if value is None or isinstance(value, bool):
        return bytes([0xF4 + {False: 0, True: 1, None: 2}[value]])
    if isinstance(value, int):
        return _head(0, value) if value >= 0 else _head(1, -1 - value)
    if isinstance(value, bytes):
        return _head(2, len(value)) + value
    if isinstance(value, str):
        raw = value.encode("utf-8")
        return _head(3, len(raw)) + raw
    if isinstance(value, list):
        return _head(4, len(value)) + b"".join(_encode(v) for v in value)
    if isinstance(value, dict):
        pairs = b"".join(_encode(k) + _encode(v) for k, v in value.items())
        return _head(5, len(value)) + pairs
    raise FormatError(f"cannot encode {type(value).__name__}")


def read(path: Path) -> Any:
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(SIGNATURE):
        raise FormatError(f"{path.name}: no Pagefind signature")
    value, end = _decode(data, len(SIGNATURE))
    if end != len(data):
        raise FormatError(f"{path.name}: trailing bytes")
    return value


def _write(folder: Path, prefix: str, suffix: str, language: str, value: Any, width: int) -> str:
    """Write `value` as a Pagefind file named by its content; return the new hash."""
    payload = SIGNATURE + _encode(value)
    digest = f"{language}_{hashlib.sha256(payload).hexdigest()[:width]}"
    # mtime=0: gzip would otherwise stamp the clock into the header.
    (folder / f"{prefix}{digest}{suffix}").write_bytes(gzip.compress(payload, 9, mtime=0))
    return digest


def canonicalize(bundle: Path) -> None:
    """Rewrite the order-unstable files of the Pagefind index in `bundle` in place.

    Raises FormatError (having changed nothing) when the index is not as expected."""
    entry_path = bundle / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    plans = []
    for language, info in entry["languages"].items():
        meta_path = bundle / f"pagefind.{info['hash']}.pf_meta"
        meta = read(meta_path)
        if not (isinstance(meta, list) and len(meta) >= 5 and isinstance(meta[3], list)):
            raise FormatError(f"{meta_path.name}: unexpected layout")
        filters = []
        for name, digest in meta[3]:
            path = bundle / "filter" / f"{digest}.pf_filter"
            content = read(path)
            if not (isinstance(content, list) and len(content) == 2 and content[0] == name):
                raise FormatError(f"{path.name}: unexpected layout")
            filters.append((name, path, content))
        plans.append((language, info, meta_path, meta, filters))
    # Everything was read and understood: now rewrite.
    text = entry_path.read_text(encoding="utf-8")
    for language, info, meta_path, meta, filters in plans:
        listed = []
        for name, path, (filter_name, values) in sorted(filters, key=lambda f: f[0]):
            ordered = sorted(values, key=lambda v: str(v[0]))
            path.unlink()
            listed.append(
                [name, _write(path.parent, "", ".pf_filter", language, [filter_name, ordered], 7)]
            )
        meta[3] = listed
        if isinstance(meta[4], list):
            meta[4] = sorted(meta[4], key=lambda s: str(s[0]) if isinstance(s, list) else str(s))
        meta_path.unlink()
        digest = _write(bundle, "pagefind.", ".pf_meta", language, meta, 10)
        text = text.replace(f'"{info["hash"]}"', f'"{digest}"')
    entry_path.write_text(text, encoding="utf-8")
