"""Watching a site's sources and rebuilding once the editor stops saving.

Only what a build reads is watched: site.yaml, content/, templates/ and static/.
Saves come in bursts (an editor writes a temporary file, renames it, touches the
folder), so a rebuild waits until no change has arrived for `delay` seconds.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

from watchdog.events import (
    EVENT_TYPE_CLOSED_NO_WRITE,
    EVENT_TYPE_OPENED,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer

from sitegen.shared.folders import CONFIG_FILE

WATCHED_FOLDERS = ("content", "templates", "static")
_IGNORED_EVENTS = {EVENT_TYPE_OPENED, EVENT_TYPE_CLOSED_NO_WRITE}


def is_source(site_dir: Path, path: str) -> bool:
    """Whether a changed path is one a build reads (editor swap and backup files are not)."""
    try:
        # Events name paths under the folders as scheduled (resolved by `Watcher`).
        rel = Path(path).relative_to(site_dir)
    except ValueError:
        return False
    parts = rel.parts
    if not parts:
        return False
    if parts == (CONFIG_FILE,):
        return True
    if parts[0] not in WATCHED_FOLDERS:
        return False
    name = parts[-1]
    # vim writes `4913` to test a folder; emacs `#x#` and `x~`; most editors `.x.swp`.
    return not (
        name.startswith((".", "#")) or name.endswith(("~", ".swp", ".swx")) or name == "4913"
    )


class Debouncer:
    """Runs `action` on its own thread, once the pokes have paused for `delay` seconds."""

    def __init__(self, action: Callable[[], None], delay: float = 0.2) -> None:
        self.action = action
        self.delay = delay
        self._poked = threading.Event()
        self._stopping = threading.Event()
        self._last = 0.0
        self._thread = threading.Thread(target=self._run, name="sitegen-rebuild", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def poke(self) -> None:
        self._last = time.monotonic()
        self._poked.set()

    def _run(self) -> None:
        while not self._stopping.is_set():
            if not self._poked.wait(0.5):
                continue
            while (quiet := time.monotonic() - self._last) < self.delay:
                if self._stopping.wait(self.delay - quiet):
                    return
            self._poked.clear()
            self.action()

    def stop(self) -> None:
        self._stopping.set()
        if self._thread.is_alive():
            self._thread.join(timeout=30)


class _Handler(FileSystemEventHandler):
    def __init__(self, site_dir: Path, on_change: Callable[[], None]) -> None:
        self.site_dir = site_dir
        self.on_change = on_change

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in _IGNORED_EVENTS:
            return
        paths = [event.src_path, getattr(event, "dest_path", "")]
        if event.is_directory and event.event_type == "modified":
            return  # a folder's timestamp: the file event that caused it is enough
        if any(p and is_source(self.site_dir, str(p)) for p in paths):
            self.on_change()


class Watcher:
    """watchdog observing site.yaml and the three source folders of one site."""

    def __init__(self, site_dir: Path, on_change: Callable[[], None]) -> None:
        self.site_dir = site_dir.resolve()
        self._handler = _Handler(self.site_dir, on_change)
        self._observer = Observer()
        self._watched: set[str] = set()

    def start(self) -> None:
        # The site folder itself, not recursively: site.yaml, and a source folder
        # created while serving (which `watch_new_folders` then watches inside).
        self._observer.schedule(self._handler, str(self.site_dir), recursive=False)
        self.watch_new_folders()
        self._observer.start()

    def watch_new_folders(self) -> None:
        """Watch any source folder that exists now and was not watched yet. Called from
        the rebuild thread, never from an event handler (the observer holds its lock)."""
        for name in WATCHED_FOLDERS:
            folder = self.site_dir / name
            if name not in self._watched and folder.is_dir():
                self._observer.schedule(self._handler, str(folder), recursive=True)
                self._watched.add(name)

    def stop(self) -> None:
        if self._observer.is_alive():  # never started when the port was taken
            self._observer.stop()
            self._observer.join(timeout=10)
