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
from tornado import web
from tornado.ioloop import IOLoop

from generator.commands.preview_web import ReloadSocket, application, reload_paths, with_scripts
from generator.commands.watch import ChangeWatcher

DEFAULT_PORT = 8000
PORT_TRIES = 20  # without --port, how many ports after the default to try
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
TEMPLATE_SUFFIXES = (".html", ".xml", ".txt", ".json", ".j2")

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
        ReloadSocket.tell(reload_paths([self.label(p) for p in paths], in_place=outcome.ok and before.ok))

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
        return with_scripts(page)


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

    # The preview prints its own lines; keep tornado's chatter out of them.
    logging.getLogger("tornado.access").setLevel(logging.ERROR)
    watcher = ChangeWatcher()
    for path in watch:
        watcher.watch(path, preview.on_change)
    try:
        bound = listen(application(preview), host, port or DEFAULT_PORT, fixed=port is not None)
    except OSError as exc:
        click.echo(f"error: {listen_error(exc, host, port or DEFAULT_PORT, port is not None)}", err=True)
        return 1
    listening(bound)
    watcher.start()
    try:
        IOLoop.current().start()
    except KeyboardInterrupt:
        pass
    finally:
        watcher.stop()
    click.echo("Stopped.")
    return 0


def listen(app: web.Application, host: str, port: int, fixed: bool) -> int:
    """Listen on ``port``, or on the next free port when the user did not choose one; the port."""
    last = port if fixed else port + PORT_TRIES - 1
    for candidate in range(port, last + 1):
        try:
            app.listen(candidate, address=host)
        except OSError as exc:
            if exc.errno != errno.EADDRINUSE or candidate == last:
                raise
            continue
        return candidate
    raise AssertionError("unreachable: the last port raises")


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
