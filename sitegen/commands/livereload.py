"""Live reload for `sitegen serve`: build state pushed to open tabs over Server-Sent Events.

The server keeps one `Broker`. Every served HTML page gets a small script (never in
`build` output: it is added to the response, not to the file) that knows which build
it was served from. The script listens on `EVENTS_PATH`: a newer good build reloads the
tab, and a failed build shows its problems as an overlay over the last good page.
"""

from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass

from .errors import Problem

PREFIX = "/__sitegen/"  # outside any base path a site can have, so nothing collides
EVENTS_PATH = PREFIX + "events"
SCRIPT_PATH = PREFIX + "livereload.js"


@dataclass(frozen=True)
class State:
    build: int  # counts good builds: a tab served from an older one reloads
    problems: tuple[Problem, ...] = ()  # of the latest build when it failed, else empty

    def event(self) -> bytes:
        """One SSE message carrying this state."""
        data = {
            "build": self.build,
            "problems": [
                {
                    "place": f"{p.path}:{p.line}" if p.line else p.path,
                    "path": p.path,
                    "line": p.line,
                    "severity": p.severity,
                    "field": p.field,
                    "message": p.message,
                }
                for p in self.problems
            ],
        }
        return f"event: state\ndata: {json.dumps(data)}\n\n".encode()


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

    def succeeded(self) -> None:
        with self._changed:
            self._state = State(self._state.build + 1)
            self._changed.notify_all()

    def failed(self, problems: list[Problem]) -> None:
        with self._changed:
            self._state = State(self._state.build, tuple(problems))
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


# The overlay lives in a shadow root so the site's CSS cannot restyle it, and it
# writes every problem with textContent: a message can quote the editor's text.
SCRIPT = r"""(() => {
  "use strict";
  const me = document.currentScript;
  const servedFrom = me.dataset.build;
  let host = null;

  function hide() {
    if (host) { host.remove(); host = null; }
  }

  function show(problems) {
    hide();
    host = document.createElement("sitegen-overlay");
    host.id = "sitegen-overlay";
    const root = host.attachShadow({ mode: "open" });
    const style = document.createElement("style");
    style.textContent = `
      :host { all: initial; }
      .backdrop { position: fixed; inset: 0; z-index: 2147483647; overflow: auto;
        background: rgba(20, 20, 20, .88); color: #fff; padding: 2rem;
        font: 15px/1.5 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
      h2 { font: 600 1.25rem/1.3 system-ui, sans-serif; margin: 0 0 .25rem; color: #ffb4a8; }
      p { font-family: system-ui, sans-serif; margin: 0 0 1rem; color: #ddd; }
      ol { margin: 0; padding-left: 1.5rem; }
      li { margin: .5rem 0; white-space: pre-wrap; overflow-wrap: anywhere; }
      .place { color: #9ecbff; font-weight: 600; }
      .error { color: #ff8f80; }
      .warning { color: #ffd479; }
      .field { color: #c8e1a0; }
      button { font: inherit; margin-top: 1rem; padding: .3rem .8rem; cursor: pointer; }`;
    const box = document.createElement("div");
    box.className = "backdrop";
    box.setAttribute("role", "alertdialog");
    box.setAttribute("aria-labelledby", "sitegen-title");
    const title = document.createElement("h2");
    title.id = "sitegen-title";
    title.textContent = "The site did not build";
    const note = document.createElement("p");
    note.textContent = "Showing the last good version. " +
      "Fix the file and save: this page updates by itself.";
    const list = document.createElement("ol");
    for (const problem of problems) {
      const item = document.createElement("li");
      const place = document.createElement("span");
      place.className = "place";
      place.textContent = problem.place;
      const severity = document.createElement("span");
      severity.className = problem.severity;
      severity.textContent = problem.severity;
      item.append(place, ": ", severity, ": ");
      if (problem.field) {
        const field = document.createElement("span");
        field.className = "field";
        field.textContent = problem.field;
        item.append(field, ": ");
      }
      item.append(problem.message);
      list.append(item);
    }
    const close = document.createElement("button");
    close.type = "button";
    close.textContent = "Hide";
    close.addEventListener("click", hide);
    box.append(title, note, list, close);
    root.append(style, box);
    document.documentElement.append(host);
  }

  const events = new EventSource(me.dataset.events);
  events.addEventListener("state", (message) => {
    const state = JSON.parse(message.data);
    if (state.problems.length) {
      show(state.problems);
    } else if (String(state.build) !== servedFrom) {
      location.reload();
    } else {
      hide();
    }
  });
})();
"""
