"""Watch the sources for the preview: the system's file notifications, a burst of saves as one change."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass

import click
from tornado.ioloop import IOLoop
from watchdog.events import (
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver
from watchdog.observers.polling import PollingObserver

Callback = Callable[[list[str]], None]


@dataclass(frozen=True, slots=True)
class Task:
    """What to do about a watched path: call ``func`` with the changed files, unless ``ignore``."""

    func: Callback | None
    ignore: Callable[[str], bool] | None = None


# Writes, creations, deletions and renames; not the opening and reading the build itself does.
CHANGES = [
    FileCreatedEvent,
    FileModifiedEvent,
    FileDeletedEvent,
    FileMovedEvent,
    FileClosedEvent,
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
]


class ChangeWatcher:
    """Watches paths by the system's file notifications (watchdog), not by scans.

    It waits until a burst of saves pauses for ``settle`` seconds, then calls each
    callback once with every changed file, on the server's thread (the IOLoop it
    was started on). The callbacks send the reloads themselves.
    """

    settle = 0.05  # seconds without a change that end a burst of saves

    def __init__(self) -> None:
        self._tasks: dict[str, Task] = {}
        self.observer: BaseObserver | None = None
        self._loop: IOLoop | None = None
        self._handler: _Forward | None = None
        self._pending: set[str] = set()
        self._known: dict[str, tuple[int, int] | None] = {}
        self._timer: object | None = None

    def watch(
        self,
        path: str | os.PathLike,
        func: Callback | None = None,
        ignore: Callable[[str], bool] | None = None,
    ) -> None:
        self._tasks[os.path.abspath(path)] = Task(func, ignore)

    def start(self) -> None:
        """Start listening, calling back on the current IOLoop."""
        self._loop = IOLoop.current()
        self._handler = _Forward(self._loop, self._heard)
        try:
            self.observer = self._observe(Observer())
        except OSError as exc:  # e.g. the system's limit on watched folders is reached
            click.echo(
                f"note: no file notifications ({exc.strerror or exc}); checking every second", err=True
            )
            self.observer = self._observe(PollingObserver(timeout=1))

    def stop(self) -> None:
        if self.observer is not None:
            self.observer.stop()

    def _observe(self, observer: BaseObserver) -> BaseObserver:
        assert self._handler is not None  # made by start()
        for folder, recursive in self._folders():
            observer.schedule(self._handler, folder, recursive=recursive, event_filter=CHANGES)
        observer.daemon = True
        observer.start()
        return observer

    def _folders(self) -> list[tuple[str, bool]]:
        """Each watched folder, and the folder holding each watched path (to see it appear or go)."""
        found: dict[str, bool] = {}
        for path in self._tasks:
            if os.path.isdir(path) and not any(
                _inside(path, other) for other in self._tasks if other != path
            ):
                found[path] = True
            parent = os.path.dirname(path)
            if os.path.isdir(parent) and not any(_inside(parent, other) for other in self._tasks):
                found.setdefault(parent, False)
        return sorted(found.items())

    def _heard(self, paths: list[str]) -> None:
        """On the server's thread: note the paths and wait for the saves to pause."""
        assert self._loop is not None
        relevant = [p for p in paths if self._is_watched(p)]
        if not relevant:
            return
        self._pending.update(relevant)
        if self._timer is not None:
            self._loop.remove_timeout(self._timer)
        self._timer = self._loop.call_later(self.settle, self._settled)

    def _settled(self) -> None:
        self._timer = None
        changed = sorted(p for p in self._pending if self._has_changed(p))
        self._pending = set()
        if not changed:
            return
        self._watch_new_folders(changed)
        for func in self._callbacks(changed):
            func(changed)

    def _has_changed(self, path: str) -> bool:
        """False for a notification that left the file as it was when last seen (a touch, a no-op save)."""
        try:
            info = os.stat(path)
            now: tuple[int, int] | None = (info.st_mtime_ns, info.st_size)
        except OSError:
            now = None
        seen = path in self._known
        before = self._known.get(path)
        self._known[path] = now
        return not seen or before != now

    def _is_watched(self, path: str) -> bool:
        if _is_scratch_file(os.path.basename(path)):
            return False
        for watched, task in self._tasks.items():
            if _inside(path, watched) and not (task.ignore and task.ignore(path)):
                return True
        return False

    def _watch_new_folders(self, paths: list[str]) -> None:
        """A watched folder that did not exist at the start (themes/, say) is watched once it appears."""
        if self.observer is None:
            return
        assert self._handler is not None  # made with the observer
        for path in paths:
            if path in self._tasks and os.path.isdir(path):
                self.observer.schedule(self._handler, path, recursive=True, event_filter=CHANGES)

    def _callbacks(self, paths: list[str]) -> list[Callback]:
        """Each distinct callback of the watched paths that hold a changed file, once."""
        found: list[Callback] = []
        for watched, task in self._tasks.items():
            func = task.func
            if func and func not in found and any(_inside(p, watched) for p in paths):
                found.append(func)
        return found


class _Forward(FileSystemEventHandler):
    """Hands the paths of each event to the server's thread (watchdog calls from its own)."""

    def __init__(self, loop: IOLoop, heard: Callable[[list[str]], None]):
        self.loop = loop
        self.heard = heard

    def on_any_event(self, event: FileSystemEvent) -> None:
        paths = [os.fsdecode(p) for p in (event.src_path, event.dest_path) if p]
        self.loop.add_callback(self.heard, paths)


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def _is_scratch_file(name: str) -> bool:
    """Editors' swap, backup and lock files: saving them is not a change to the site."""
    return name.startswith((".", "#")) or name.endswith(("~", ".swp", ".swx", ".tmp")) or name == "4913"
