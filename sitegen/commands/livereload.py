"""Live reload for `sitegen serve`: build state pushed to open tabs over Server-Sent Events.

The server keeps one `Broker`. Every served HTML page gets a small script (never in
`build` output: it is added to the response, not to the file) that knows which build
it was served from. The script listens on `EVENTS_PATH`: a newer good build reloads the
tab, and a failed build shows its problems as an overlay over the last good page; a good
build's warnings (a broken link just saved) show in a smaller panel that can be hidden.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sitegen.shared.errors import Problem

PREFIX = "/__sitegen/"  # outside any base path a site can have, so nothing collides
EVENTS_PATH = PREFIX + "events"
SCRIPT_PATH = PREFIX + "livereload.js"


@dataclass(frozen=True)
class State:
    build: int  # counts good builds: a tab served from an older one reloads
    problems: tuple[Problem, ...] = ()  # of the latest build when it failed, else empty
    warnings: tuple[Problem, ...] = ()  # of the latest good build (broken links and such)

    def event(self) -> bytes:
        """One SSE message carrying this state."""
        data = {
            "build": self.build,
            "problems": [_plain(p) for p in self.problems],
            "warnings": [_plain(p) for p in self.warnings],
        }
        return f"event: state\ndata: {json.dumps(data)}\n\n".encode()


def _plain(p: Problem) -> dict[str, object]:
    return {
        "place": f"{p.path}:{p.line}" if p.line else p.path,
        "path": p.path,
        "line": p.line,
        "severity": p.severity,
        "field": p.field,
        "message": p.message,
    }


class Broker:
    """The latest build state, and a way for stream threads to wait for the next one."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._state = State(0)
        self._closed = False

    @property
    def state(self) -> State:
        with self._changed:
            return self._state

    def succeeded(self, warnings: Sequence[Problem] = ()) -> None:
        with self._changed:
            self._state = State(self._state.build + 1, (), tuple(warnings))
            self._changed.notify_all()

    def failed(self, problems: list[Problem]) -> None:
        with self._changed:
            self._state = State(self._state.build, tuple(problems), self._state.warnings)
            self._changed.notify_all()

    def wait(self, seen: State, timeout: float) -> State | None:
        """The state once it differs from `seen` (or `seen` after `timeout`); None when closed."""
        with self._changed:
            self._changed.wait_for(lambda: self._closed or self._state is not seen, timeout)
            return None if self._closed else self._state

    def close(self) -> None:
        """Wake every stream so its thread ends: the server is stopping."""
        with self._changed:
            self._closed = True
            self._changed.notify_all()


_BODY_END = re.compile(rb"</body\s*>", re.IGNORECASE)


def inject(html: bytes, build: int) -> bytes:
    """The page with the reload script before its last `</body>` (or at its end)."""
    tag = (
        f'<script src="{SCRIPT_PATH}" data-build="{build}" data-events="{EVENTS_PATH}"></script>\n'
    ).encode()
    matches = list(_BODY_END.finditer(html))
    if not matches:
        return html + tag
    at = matches[-1].start()
    return html[:at] + tag + html[at:]


# The script is a real file beside this module (package data), read once at import.
SCRIPT = (Path(__file__).parent / "livereload.js").read_text(encoding="utf-8")
