"""What a build writes: one `Output` per path, and the pager of a paginated listing."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment


@dataclass(frozen=True)
class Output:
    path: str  # relative to the output folder
    origin: str  # what asked for it, for collision messages
    template: str | None = None
    context: Mapping[str, Any] = field(default_factory=dict, hash=False, compare=False)
    data: Callable[[Environment], bytes] | None = field(default=None, hash=False, compare=False)
    source: Path | None = None  # a file copied as is


@dataclass(frozen=True)
class Pager:
    number: int
    total: int
    url: str
    prev_url: str | None
    next_url: str | None
