"""The live-reload preview: serve a build folder, rebuild on every save, reload the open pages."""

from __future__ import annotations

import contextlib
import errno
import logging
import threading
import time
import traceback
import webbrowser
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import click
from livereload import Server
from livereload.handlers import LiveReloadHandler
from tornado import web
from tornado.ioloop import IOLoop

from generator.commands.watch import ChangeWatcher

DEFAULT_PORT = 8000
PORT_TRIES = 20  # without --port, how many ports after the default to try
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
STATUS_URL = "/__dossier__/status"
# livereload.js swaps these in place (stylesheets, images) instead of reloading the page.
IN_PLACE = (".css", ".png", ".jpg", ".jpeg", ".gif")
TEMPLATE_SUFFIXES = (".html", ".xml", ".txt", ".json", ".j2")

# Injected next to livereload's script, only in what the server sends (never on disk):
# asks for the state of the last build and shows its errors over the page.
OVERLAY_SCRIPT = b"""<script data-dossier-preview>
(function () {
  function show(status) {
    var box = document.createElement("div");
    box.id = "dossier-overlay";
    box.setAttribute("role", "alert");
    box.style.cssText = "position:fixed;left:0;right:0;bottom:0;z-index:2147483647;max-height:60vh;" +
      "overflow:auto;margin:0;padding:1rem 3rem 1rem 1.25rem;background:#2b0b0e;color:#ffe4e6;" +
      "border-top:4px solid #e5484d;font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;" +
      "box-shadow:0 -6px 24px rgba(0,0,0,.45);text-align:left";
    var title = document.createElement("p");
    title.style.cssText = "margin:0 0 .5rem;font-weight:bold";
    title.textContent = "Build failed: this page is the last good build. Save a fix to reload.";
    box.appendChild(title);
    status.errors.forEach(function (message) {
      var line = document.createElement("pre");
      line.style.cssText = "margin:0;white-space:pre-wrap;font:inherit";
      line.textContent = message;
      box.appendChild(line);
    });
    var close = document.createElement("button");
    close.type = "button";
    close.textContent = "\\u00d7";
    close.setAttribute("aria-label", "Hide the build errors");
    close.style.cssText = "position:absolute;top:.5rem;right:.75rem;background:none;border:0;" +
      "color:inherit;font-size:1.5rem;cursor:pointer";
    close.onclick = function () { box.remove(); };
    box.appendChild(close);
    document.body.appendChild(box);
  }
  fetch("/__dossier__/status", {cache: "no-store"})
    .then(function (response) { return response.json(); })
    .then(function (status) {
      if (status.ok) return;
      if (document.body) show(status);
      else document.addEventListener("DOMContentLoaded", function () { show(status); });
    })
    .catch(function () {});
})();
</script>
"""

NO_BUILD_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Not found</title></head>
<body><h1>Not found</h1><p>Nothing is built at this address. <a href="{home}">Home page</a></p></body></html>
"""


@dataclass(frozen=True, slots=True)
class Outcome:
    """What one build attempt gave, in words the preview can show."""

    ok: bool
    errors: tuple[str, ...] = ()  # "path:line: message", shown in the terminal and over every page
    warnings: tuple[str, ...] = ()  # shown in the terminal only
    summary: str = ""  # one line for the first build: what was built and what was left out
    detail: str = ""  # a few words for a rebuild line: "3 files written, 120 unchanged"
    base_path: str | None = None  # where the site lives, "/" or "/repo/"; None when unknown


Builder = Callable[[list[str] | None], Outcome]  # the files changed, None when not known


class Preview:
    """The preview's state: the folder served, the last build attempt, and how to build again."""

    def __init__(self, builder: Builder, root: Path, site: Path, local: bool = True):
        self.builder = builder
        self.root = root
        self.site = site
        self.local = local  # listening on this machine only
        self.outcome = Outcome(ok=False, errors=("the site has not been built yet",))
        self.base_path = "/"
        self.attempts = 0

    def rebuild(self, paths: list[str] | None = None) -> tuple[Outcome, float]:
        """Run the builder; any exception becomes an error to show, never the end of the server."""
        started = time.perf_counter()
        outcome = self._build(paths)
        if outcome.base_path:
            self.base_path = outcome.base_path
        self.attempts += 1
        return outcome, time.perf_counter() - started

    def _build(self, paths: list[str] | None) -> Outcome:
        """The builder's outcome, kept as the preview's; an exception becomes an error to show."""
        try:
            outcome = self.builder(paths)
        except Exception as exc:  # a template or generator bug must not stop the preview
            outcome = Outcome(ok=False, errors=(describe_exception(exc, self.site),))
        self.outcome = outcome
        return outcome

    def first_build(self) -> None:
        outcome, _ = self.rebuild()
        for line in (*outcome.warnings, *outcome.errors):
            click.echo(line, err=True)
        if outcome.ok:
            click.echo(outcome.summary)
        else:
            click.echo(
                f"Build failed: {len(outcome.errors)} error(s); serving anyway, "
                "every page shows them until a save fixes them",
                err=True,
            )

    def on_change(self, paths: list[str]) -> None:
        """The watcher's callback: rebuild, say what happened in one line, reload every open page."""
        before = self.outcome
        outcome, seconds = self.rebuild(paths)
        for line in outcome.errors:
            click.echo(line, err=True)
        for line in outcome.warnings:
            if line not in before.warnings:
                click.echo(line, err=True)
        result = outcome.detail if outcome.ok else f"build failed, {len(outcome.errors)} error(s)"
        click.echo(f"{time.strftime('%H:%M:%S')} {self.describe(paths)} changed: {result} in {seconds:.2f} s")
        # An overlay that comes or goes needs the whole page; otherwise assets can be swapped in place.
        for path in reload_paths([self.label(p) for p in paths], in_place=outcome.ok and before.ok):
            LiveReloadHandler.reload_waiters(path)

    def catch_up(self, news: str) -> None:
        """Work the builds left to the background (the search index) is done: build again to
        publish it, and say so. Open pages are not reloaded; the search page reads the new index
        on its next query."""
        started = time.perf_counter()
        outcome = self._build([])
        done = "published" if outcome.ok else "not published: the build failed"
        click.echo(f"{time.strftime('%H:%M:%S')} {news}; {done} in {time.perf_counter() - started:.2f} s")

    def label(self, path: str) -> str:
        """``path`` relative to the site folder, with forward slashes, when it is inside it."""
        try:
            return Path(path).resolve().relative_to(self.site.resolve()).as_posix()
        except ValueError:
            return Path(path).as_posix()

    def describe(self, paths: list[str]) -> str:
        first = self.label(paths[0]) if paths else "a file"
        return first if len(paths) <= 1 else f"{first} and {len(paths) - 1} more"

    def allows(self, host_name: str) -> bool:
        """Whether a request naming ``host_name`` may be answered.

        A preview that listens on this machine only answers requests addressed
        to it by a local name: a web page whose own name was made to point at
        127.0.0.1 (DNS rebinding) cannot read the preview, drafts included.
        """
        return not self.local or host_name.strip("[]") in LOCAL_HOSTS

    def status(self) -> dict:
        return {"ok": self.outcome.ok, "errors": list(self.outcome.errors), "build": self.attempts}

    def not_found_page(self) -> bytes:
        """The site's own 404 page when it exists, else a plain one; with the overlay script."""
        try:
            page = (self.root / "404.html").read_bytes()
        except OSError:
            page = NO_BUILD_PAGE.format(home=self.base_path).encode()
        return with_overlay(page)


def reload_paths(paths: list[str], in_place: bool) -> list[str]:
    """What to tell livereload.js: each stylesheet or image when only those changed, else one page reload.

    livereload.js refreshes a stylesheet in place when the path it is told ends
    with ``.css`` (images likewise), and reloads the page for any other path.
    A page reload is sent as "*", not as the file's name: livereload accepts
    the socket from any web page, and the names of drafts are nobody's business.
    """
    if in_place and paths and all(p.lower().endswith(IN_PLACE) for p in paths):
        return paths
    return ["*"]


def describe_exception(exc: BaseException, site: Path) -> str:
    """One line for an unexpected error: ``template:line: Error: message`` when a template raised it."""
    name = f"{type(exc).__name__}: {exc}"
    frames = traceback.extract_tb(exc.__traceback__)
    # Jinja2 rewrites tracebacks so that template code shows as frames of the template file.
    for frame in reversed(frames):
        if frame.filename.endswith(TEMPLATE_SUFFIXES):
            path = Path(frame.filename)
            with contextlib.suppress(ValueError):
                path = path.resolve().relative_to(site.resolve())
            return f"{path.as_posix()}:{frame.lineno}: {name}"
    where = f" (at {Path(frames[-1].filename).name}:{frames[-1].lineno})" if frames else ""
    return f"internal error: {name}{where}"


def with_overlay(page: bytes) -> bytes:
    """The page with the overlay script before ``</head>`` (where livereload puts its own)."""
    return page.replace(b"</head>", OVERLAY_SCRIPT + b"</head>", 1)


def is_safe_path(relative: str) -> bool:
    """A URL path (already decoded) that stays inside the served folder as written."""
    if not relative:
        return True
    if "\0" in relative or "\\" in relative or relative.startswith("/"):
        return False
    return all(part not in ("..", ".") for part in relative.split("/"))


class LocalHandler(web.RequestHandler):
    """Refuses requests addressed to a name that is not this machine's (see ``Preview.allows``)."""

    preview: Preview

    def prepare(self) -> None:
        if not self.preview.allows(self.request.host_name):
            raise web.HTTPError(403)


class SiteFileHandler(LocalHandler, web.StaticFileHandler):
    """Serves the build folder under the site's base path and answers 404 for anything outside it.

    Paths with ``..`` (decoded from ``%2e%2e`` and ``%2f`` by the router),
    absolute paths, and links that resolve outside the folder all get the
    site's 404 page. Pages get the overlay script on the way out.
    """

    def initialize(self, preview: Preview) -> None:  # type: ignore[override]
        # Resolved, so that a link in the folder's own path does not make every file "outside".
        root = str(preview.root.resolve())
        super().initialize(path=root, default_filename="index.html", allowed_symlink_directory=root)
        self.preview = preview

    async def get(self, path: str, include_body: bool = True) -> None:
        base = self.preview.base_path.lstrip("/")
        if base and path in ("", base.rstrip("/")):
            self.redirect(self.preview.base_path)
            return
        if not path.startswith(base) or not is_safe_path(path[len(base) :]):
            raise web.HTTPError(404)
        try:
            await super().get(path[len(base) :], include_body)
        except web.HTTPError as exc:
            # 403 (outside the folder, or not a regular file): say "not here" and nothing more.
            raise web.HTTPError(404 if exc.status_code == 403 else exc.status_code) from None

    def head(self, path: str):  # type: ignore[override]
        # The body is made and dropped by the server (HEAD sends none), so that the headers are
        # those of a GET, after livereload's script has been put into the page.
        return self.get(path, include_body=True)

    @classmethod
    def get_content(cls, abspath: str, start: int | None = None, end: int | None = None):
        if not abspath.endswith(".html"):
            return super().get_content(abspath, start, end)
        with open(abspath, "rb") as handle:
            return with_overlay(handle.read())[start:end]

    def get_content_size(self) -> int:
        assert self.absolute_path is not None
        if self.absolute_path.endswith(".html"):
            return len(self.get_content(self.absolute_path))
        return super().get_content_size()

    def compute_etag(self) -> str | None:
        return None  # every request gets the file as it is now

    def should_return_304(self) -> bool:
        return False

    def set_extra_headers(self, path: str) -> None:
        self.set_header("Cache-Control", "no-cache")

    def write_error(self, status_code: int, **kwargs) -> None:
        if status_code != 404:
            super().write_error(status_code, **kwargs)
            return
        # The 404 page also carries the scripts, so it reloads when the page appears.
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.set_header("Cache-Control", "no-cache")
        self.finish(self.preview.not_found_page())


class StatusHandler(LocalHandler):
    """``/__dossier__/status``: the last build attempt as JSON, for the overlay script."""

    def initialize(self, preview: Preview) -> None:  # type: ignore[override]
        self.preview = preview

    def get(self) -> None:
        self.set_header("Cache-Control", "no-store")
        self.write(self.preview.status())


class PreviewServer(Server):
    """livereload's server with our file handler, a port search, and our own terminal output."""

    def __init__(self, preview: Preview, fixed_port: bool, on_listening: Callable[[int], None]):
        super().__init__(watcher=ChangeWatcher())
        self.preview = preview
        self.fixed_port = fixed_port
        self.on_listening = on_listening

    def get_web_handlers(self, script):
        return [
            (STATUS_URL, StatusHandler, {"preview": self.preview}),
            (r"/(.*)", SiteFileHandler, {"preview": self.preview}),
        ]

    def application(self, port, host, liveport=None, debug=None, live_css=True):
        """Listen on ``port``, or on the next free port when the user did not choose one."""
        last = port if self.fixed_port else port + PORT_TRIES - 1
        for candidate in range(port, last + 1):
            try:
                super().application(candidate, host, liveport=liveport, debug=debug, live_css=live_css)
            except OSError as exc:
                if exc.errno != errno.EADDRINUSE or candidate == last:
                    raise
                continue
            self.on_listening(candidate)
            return

    def _setup_logging(self) -> None:
        # The preview prints its own lines; keep livereload's and tornado's chatter out of them.
        logging.getLogger("livereload").setLevel(logging.WARNING)
        logging.getLogger("tornado.access").setLevel(logging.ERROR)


def run(
    builder: Builder,
    *,
    root: Path,
    watch: list[Path],
    site: Path,
    host: str = "127.0.0.1",
    port: int | None = None,
    open_browser: bool = False,
    background: Callable[[Callable[[str], None]], None] | None = None,
) -> int:
    """Build, serve ``root`` and rebuild on every change under ``watch``; return the exit code.

    ``background``, when given, is handed a function to call (from any thread)
    with a line of news when work a build left to the background is done.
    """
    preview = Preview(builder, root, site, local=host in LOCAL_HOSTS)

    def listening(bound: int) -> None:
        if background is not None:
            loop = IOLoop.current()
            background(lambda news: loop.add_callback(preview.catch_up, news))
        # Built once the port is ours, so a busy port is reported at once, not after a long build.
        preview.first_build()
        # Announced once the loop runs, when the watcher has started: a save right after
        # the announcement is seen.
        IOLoop.current().add_callback(announce, preview_url(host, bound, preview.base_path))

    def announce(url: str) -> None:
        click.echo(f"Serving the preview at {url} (Ctrl-C to stop)")
        if host not in LOCAL_HOSTS:
            click.echo(
                f"warning: listening on {host}: anyone who can reach this machine can read the preview, "
                "drafts included",
                err=True,
            )
        if open_browser:
            threading.Thread(target=webbrowser.open, args=(url,), daemon=True).start()

    server = PreviewServer(preview, fixed_port=port is not None, on_listening=listening)
    for path in watch:
        server.watch(path, preview.on_change)
    try:
        # root is given although our handler serves it: livereload's default is the current folder.
        server.serve(port=port or DEFAULT_PORT, host=host, root=str(root), debug=False, restart_delay=0)
    except KeyboardInterrupt:
        pass
    except OSError as exc:
        click.echo(f"error: {listen_error(exc, host, port or DEFAULT_PORT, port is not None)}", err=True)
        return 1
    finally:
        server.watcher.stop()
    click.echo("Stopped.")
    return 0


def preview_url(host: str, port: int, base_path: str) -> str:
    if host in ("", "0.0.0.0", "::"):
        host = "127.0.0.1"  # listening everywhere includes here, and this address opens in a browser
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port}{base_path}"


def listen_error(exc: OSError, host: str, port: int, fixed: bool) -> str:
    if exc.errno == errno.EADDRINUSE:
        if fixed:
            return (
                f"port {port} on {host} is already in use: stop the program using it or choose another --port"
            )
        return f"ports {port} to {port + PORT_TRIES - 1} on {host} are all in use: choose one with --port"
    if exc.errno == errno.EACCES:
        return f"not allowed to listen on port {port}: choose a port above 1023"
    return f"cannot listen on {host}:{port}: {exc.strerror or exc}"
