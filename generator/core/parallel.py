"""Process pools: workers forked from the build, so they start with its memory.

Every stage that spreads work over the cores (reading, images, Markdown, pages)
takes its pool here. A pool is forked only from a process that runs no other
thread: a thread holding a lock (the allocator's, a logger's, the import lock)
when the process forks leaves that lock held for ever in the child. The preview
runs a web server, a file watcher and a search indexer in threads, so its
rebuilds run a pool's tasks in the process itself, one after another; a build
from the command line has no thread and forks. Nothing is pickled either way.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

PR_SET_PDEATHSIG = 1  # Linux's prctl option: the signal a process gets when its parent ends


def default_jobs() -> int:
    """One worker per core this process may run on; one (no pool: the build runs in this
    process) where processes cannot be forked, as on Windows, since the pools fork."""
    if not can_fork():
        return 1
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def can_fork() -> bool:
    """Whether this system forks processes (Linux and macOS do; Windows does not)."""
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()


def safe_to_fork() -> bool:
    """Whether this process may fork now: the system forks and no other thread runs."""
    return can_fork() and threading.active_count() == 1


def fork_pool(jobs: int, shared: object = None) -> ProcessPoolExecutor | InProcess:
    """A pool of ``jobs`` forked workers: what the build holds needs no pickling to reach them.

    ``shared`` (the job all tasks read) is handed to each worker as it forks, not
    pickled; a task reads it with ``shared()``. In a process that runs other
    threads (the preview), the tasks run here, one after another, on the same
    ``shared``.
    """
    import multiprocessing  # here: a build that needs no pool (most rebuilds) need not import them
    from concurrent.futures import ProcessPoolExecutor

    if not safe_to_fork():
        return InProcess(shared)
    # The pool forks every worker before it starts the thread that feeds them.
    return ProcessPoolExecutor(
        jobs,
        mp_context=multiprocessing.get_context("fork"),
        initializer=_share,
        initargs=(shared, os.getpid()),
    )


class InProcess:
    """A pool's tasks run in this process, in order: what ``fork_pool`` gives where it must not fork."""

    def __init__(self, value: object):
        self.value = value

    def __enter__(self) -> InProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def map(self, task: Callable, *items: Iterable, chunksize: int = 1) -> Iterator:
        global _shared
        before, _shared = _shared, self.value
        try:
            return iter([task(*args) for args in zip(*items, strict=True)])
        finally:
            _shared = before


_shared: object = None  # in a worker: what its pool shares, set as it starts


def _share(value: object, parent: int) -> None:
    global _shared
    _shared = value
    end_with(parent)


def end_with(parent: int) -> None:
    """In a process forked from ``parent``: end when the parent ends, however it ends.

    A build killed with SIGKILL cannot stop its workers; left running, they hold
    the cache, the spare folder and the build's standard output (so that
    ``dossier build | cat`` never ends). Linux kills them with their parent when
    asked to (``PR_SET_PDEATHSIG``); elsewhere, workers end when their pool's
    pipes close.
    """
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent ended before the request was made
        os._exit(1)


def shared() -> Any:
    """In a worker, what ``fork_pool`` was given to share."""
    return _shared


def in_background(task: Callable[[], object]) -> Callable[[], bool]:
    """Run ``task`` in a forked process while this one goes on; the function returned
    waits for it (call it once) and tells whether it ended without an error.

    Where this process must not fork (it runs other threads, or the system cannot
    fork), the task runs in a thread instead.
    """
    if not safe_to_fork():
        done: list[bool] = []
        thread = threading.Thread(target=lambda: done.append(_succeeds(task)), name="in background")
        thread.start()

        def joined() -> bool:
            thread.join()
            return done == [True]

        return joined
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:  # the child: run, and leave without running the parent's clean-up
        end_with(parent)
        os._exit(0 if _succeeds(task) else 1)

    def wait() -> bool:
        _, status = os.waitpid(pid, 0)
        return os.waitstatus_to_exitcode(status) == 0

    return wait


def _succeeds(task: Callable[[], object]) -> bool:
    try:
        task()
    except BaseException:  # noqa: BLE001 - the caller is told, and falls back
        return False
    return True
