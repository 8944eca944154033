"""`sitegen serve`: build, serve on loopback under the base path, rebuild on change.

The server only ever answers with files inside the output folder: the request path
is percent-decoded once, any `.` or `..` segment is refused, and the resolved file
(symlinks followed) must still lie inside the resolved output folder. Everything
else gets the site's own 404 page. A failed rebuild leaves the last good site in
place (the build stages its output) and the open tabs show the problems instead.

The search index is made after the pages, in a thread of its own (`Indexer`): an
open tab reloads as soon as the edited pages are written, without waiting for
Pagefind (half a minute for a site of 10,000 articles), and searching works on the
previous index meanwhile.
"""

from __future__ import annotations

import contextlib
import mimetypes
import socket
import subprocess
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from sitegen.commands.livereload import EVENTS_PATH, SCRIPT, SCRIPT_PATH, Broker, State, inject
from sitegen.commands.watch import Debouncer, Watcher
from sitegen.model.schedule import scheduled_note
from sitegen.pipeline.build import Options, build
from sitegen.publish import search
from sitegen.read import config as site_config
from sitegen.shared import cachefile
from sitegen.shared.errors import BuildError, Diagnostics, Problem

KEEPALIVE_SECONDS = 15.0
_TYPES = {
    ".html": "text/html",
    ".css": "text/css",
    ".js": "text/javascript",
    ".json": "application/json",
    ".xml": "application/xml",
    ".txt": "text/plain",
    ".svg": "image/svg+xml",
    ".webmanifest": "application/manifest+json",
}
_FALLBACK_404 = b"<!doctype html>\n<title>Not found</title>\n<h1>Not found</h1>\n"


class ServeError(Exception):
    """The server could not start (the port is taken, the host is unknown)."""


@dataclass(frozen=True)
class ServeOptions:
    site_dir: Path
    out_dir: Path | None = None  # None: the site's preview folder (`cachefile.preview_folder`)
    host: str = "127.0.0.1"
    port: int = 8000  # 0: any free port
    drafts: bool = False
    future: bool = False
    delay: float = 0.2  # seconds without changes before a rebuild
    verbose: bool = False  # also log every request


@dataclass(frozen=True)
class Found:
    file: Path


@dataclass(frozen=True)
class Redirect:
    location: str


def request_path(target: str) -> str:
    """The path of a request target, still percent-encoded (`//x` is a path, not a host)."""
    if target.startswith("/"):
        return target.split("?", 1)[0].split("#", 1)[0]
    return urlsplit(target).path or "/"


def locate(root: Path, base: str, raw_path: str) -> Found | Redirect | None:
    """What to answer for an encoded request path; None means the 404 page."""
    path = unquote(raw_path)
    if "\x00" in path or "\\" in path:
        return None
    if base != "/" and path in ("/", base.rstrip("/")):
        return Redirect(base)
    if not path.startswith(base):
        return None
    parts = path[len(base) :].split("/")
    if any(part in (".", "..") for part in parts) or "" in parts[:-1]:
        return None
    real_root = root.resolve()
    target = root.joinpath(*parts).resolve()  # follows symlinks: checked just below
    if not target.is_relative_to(real_root):
        return None
    if target.is_dir():
        if not path.endswith("/"):
            return Redirect(raw_path + "/")
        target = target / "index.html"
    return Found(target) if target.is_file() else None


def content_type(file: Path) -> str:
    kind = _TYPES.get(file.suffix.lower()) or mimetypes.guess_type(file.name)[0]
    kind = kind or "application/octet-stream"
    return (
        f"{kind}; charset=utf-8"
        if kind.startswith("text/") or kind.endswith(("json", "xml"))
        else kind
    )


class Indexer:
    """Keeps the search index of the preview's output up to date, one run at a time:
    asked again while it runs, it runs once more after (see `search.refresh`)."""

    def __init__(self, preview: Preview) -> None:
        self.preview = preview
        self._wanted = threading.Event()
        self._stopping = False
        self._pagefind: subprocess.Popen | None = None  # the one running, if any
        self._lock = threading.Lock()  # `done` and `_wanted` change together
        self.done = threading.Event()  # set while no index is wanted or being made
        self.done.set()
        self._thread = threading.Thread(target=self._run, name="sitegen-index", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def poke(self) -> None:
        with self._lock:
            self.done.clear()
            self._wanted.set()

    def stop(self) -> None:
        """End the Pagefind run under way, if any: it writes into the output folder,
        which `Preview.stop` may be about to remove."""
        self._stopping = True
        self._wanted.set()
        running = self._pagefind
        if running is not None:
            with contextlib.suppress(OSError):
                running.kill()
        if self._thread.is_alive():
            self._thread.join(timeout=10)

    def _started(self, run: subprocess.Popen) -> None:
        self._pagefind = run
        if self._stopping:  # stopped between the check and the start
            run.kill()

    def _run(self) -> None:
        preview = self.preview
        while True:
            self._wanted.wait()
            if self._stopping:
                return
            self._wanted.clear()
            # Not while a build writes the pages; one that starts meanwhile pokes again.
            preview.idle.wait()
            diag = Diagnostics()
            try:
                made = search.refresh(preview.out_dir, preview.sections, diag, self._started)
            except OSError as exc:  # the folder swapped or removed under it: next time
                diag.warning(search.BUNDLE, 0, "", f"search index not built: {exc}")
                made = None
            except Exception as exc:  # noqa: BLE001 - a bug must not stop the preview
                diag.warning(search.BUNDLE, 0, "", f"search index not built: {exc!r}")
                made = None
            self._pagefind = None
            if self._stopping:
                return
            for problem in diag.problems:
                preview.log(str(problem))
            if made is not None and not made.reused:
                preview.log(f"search index made in {made.seconds:.2f}s")
            with self._lock:
                if not self._wanted.is_set():
                    self.done.set()


class Preview:
    """One site being served: its builds, its server, its watcher, its search index."""

    def __init__(self, options: ServeOptions, log: Callable[[str], None] | None = None) -> None:
        self.options = options
        self.log = log or (lambda line: print(line, file=sys.stderr, flush=True))
        self.broker = Broker()
        self.out_dir = options.out_dir or cachefile.preview_folder(
            options.site_dir, options.drafts, options.future
        )
        self.base_path = "/"
        self.sections: tuple[str, ...] = ()  # the site's section keys, as last built
        self.idle = threading.Event()  # set while no build is running
        self.idle.set()
        self._server: ThreadingHTTPServer | None = None
        self._serving: threading.Thread | None = None
        self._watcher = Watcher(options.site_dir, self._changed)
        self._debouncer = Debouncer(self.rebuild, options.delay)
        self.indexer = Indexer(self)
        self._stopped = False

    @property
    def port(self) -> int:
        assert self._server is not None
        return self._server.server_address[1]

    @property
    def url(self) -> str:
        host = self.options.host
        shown = f"[{host}]" if ":" in host else host
        return f"http://{shown}:{self.port}{self.base_path}"

    def rebuild(self) -> bool:
        """Build once; on failure keep the last good site and show the problems."""
        self._watcher.watch_new_folders()
        self.idle.clear()
        opts = self.options
        try:
            # Each rebuild takes the output folder's lock (see `lock`), as `build` does.
            # The search index is the indexer's, after the reload (see `Indexer`).
            options = Options(
                opts.site_dir,
                self.out_dir,
                drafts=opts.drafts,
                future=opts.future,
                search=False,
                notify=self.log,
                links=True,  # a broken link saved is a warning here, as `check` would say
            )
            result = build(options)
        except BuildError as exc:
            self._failed(exc.problems)
            return False
        except Exception as exc:  # noqa: BLE001 - a bug must not stop the preview
            self._failed([Problem("sitegen", 0, "error", "", f"internal error: {exc!r}")])
            return False
        finally:
            self.idle.set()
        for problem in result.warnings:
            self.log(str(problem))
        config = site_config.load(opts.site_dir, Diagnostics())
        if config is not None:
            self.base_path = config.base_path
            self.sections = tuple(section.key for section in config.sections)
        note = scheduled_note(result.scheduled)
        if note:
            self.log(note)
        self.log(
            f"built {len(result.outputs)} files ({result.written} written, "
            f"{len(result.warnings)} warning(s)) in {result.seconds:.2f}s"
        )
        self.broker.succeeded(result.warnings)
        self.indexer.poke()
        return True

    def _failed(self, problems: list[Problem]) -> None:
        for problem in problems:
            self.log(str(problem))
        errors = sum(p.severity == "error" for p in problems)
        had_site = (self.out_dir / "index.html").is_file()
        keeping = "still serving the last good site" if had_site else "nothing to serve yet"
        self.log(f"build failed: {errors} error(s); {keeping}")
        self.broker.failed(problems)

    def _changed(self) -> None:
        self._debouncer.poke()

    def start(self) -> None:
        """Build, listen, and watch; raise ServeError when the address cannot be used."""
        self.indexer.start()
        self.rebuild()
        handler = type("Handler", (PreviewHandler,), {"preview": self})
        server_class = _Server6 if ":" in self.options.host else _Server
        try:
            self._server = server_class((self.options.host, self.options.port), handler)
        except OSError as exc:
            self.stop()
            raise ServeError(
                f"cannot listen on {self.options.host}:{self.options.port}: {exc.strerror or exc}"
            ) from None
        self._serving = threading.Thread(
            target=self._server.serve_forever, name="sitegen-serve", daemon=True
        )
        self._serving.start()
        self._watcher.start()
        self._debouncer.start()

    def stop(self) -> None:
        """Stop watching and indexing, end every open stream, close the socket. The output
        folder stays: the next `sitegen serve` of the site starts from it."""
        if self._stopped:
            return
        self._stopped = True
        self._watcher.stop()
        self._debouncer.stop()
        self.indexer.stop()
        self.broker.close()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._serving is not None:
            self._serving.join(timeout=10)


class _Server(ThreadingHTTPServer):
    daemon_threads = True  # an open event stream never holds up shutdown


class _Server6(_Server):
    address_family = socket.AF_INET6


class PreviewHandler(BaseHTTPRequestHandler):
    preview: Preview  # set on the subclass `Preview.start` makes
    server_version = "sitegen"

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        self._answer(head=False)

    def do_HEAD(self) -> None:  # noqa: N802
        self._answer(head=True)

    def _answer(self, head: bool) -> None:
        path = request_path(self.path)
        if path == EVENTS_PATH and not head:
            self._stream()
            return
        if path == SCRIPT_PATH:
            self._send(200, "text/javascript; charset=utf-8", SCRIPT.encode(), head)
            return
        preview = self.preview
        where = locate(preview.out_dir, preview.base_path, path)
        if where is None and not preview.idle.is_set():
            # The output folder is swapped at the end of a build: look again after it.
            preview.idle.wait(10)
            where = locate(preview.out_dir, preview.base_path, path)
        if isinstance(where, Redirect):
            self.send_response(302)
            self.send_header("Location", where.location)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        status, kind, data = 404, "text/html; charset=utf-8", not_found_page(preview.out_dir)
        if where is not None:
            # A file removed between looking and reading leaves the 404 page standing.
            with contextlib.suppress(OSError):
                status, kind, data = 200, content_type(where.file), where.file.read_bytes()
        if kind.startswith("text/html"):
            data = inject(data, preview.broker.state.build)
        self._send(status, kind, data, head)

    def _send(self, status: int, kind: str, data: bytes, head: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        if not head:
            self.wfile.write(data)

    def _stream(self) -> None:
        """Server-Sent Events: the build state now, then each change, until shutdown."""
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        broker = self.preview.broker
        state: State | None = broker.state
        try:
            self.wfile.write(b"retry: 1000\n\n" + state.event())
            self.wfile.flush()
            while True:
                latest = broker.wait(state, KEEPALIVE_SECONDS)
                if latest is None:
                    return
                self.wfile.write(b": keepalive\n\n" if latest is state else latest.event())
                self.wfile.flush()
                state = latest
        except (BrokenPipeError, ConnectionResetError):
            return

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        if self.preview.options.verbose:
            self.preview.log(f"{self.address_string()} {format % args}")


def not_found_page(out_dir: Path) -> bytes:
    """The site's own 404 page, or a bare one when no build has succeeded yet."""
    page = out_dir / "404.html"
    try:
        if page.resolve().is_relative_to(out_dir.resolve()):
            return page.read_bytes()
    except OSError:
        pass
    return _FALLBACK_404
