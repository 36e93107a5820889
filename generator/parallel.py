"""Process pools: workers forked from the build, so they start with its memory.

Every stage that spreads work over the cores (reading, images, Markdown, pages)
takes its pool here.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor


def default_jobs() -> int:
    """One worker per core this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def fork_pool(jobs: int, shared: object = None) -> ProcessPoolExecutor:
    """A pool of ``jobs`` forked workers: what the build holds needs no pickling to reach them.

    ``shared`` (the job all tasks read) is handed to each worker as it forks, not
    pickled; a task reads it with ``shared()``.
    """
    import multiprocessing  # here: a build that needs no pool (most rebuilds) need not import them
    from concurrent.futures import ProcessPoolExecutor

    return ProcessPoolExecutor(
        jobs, mp_context=multiprocessing.get_context("fork"), initializer=_share, initargs=(shared,)
    )


_shared: object = None  # in a worker: what its pool shares, set as it starts


def _share(value: object) -> None:
    global _shared
    _shared = value


def shared() -> Any:
    """In a worker, what ``fork_pool`` was given to share."""
    return _shared
