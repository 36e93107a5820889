"""The preview's search index, made in the background: Pagefind runs while the page is shown.

A preview's build hands the parts of the index whose text changed to an
``Indexer`` (see ``search_index.publish``) and publishes its pages at once. The
indexer makes each bundle, one at a time, and keeps its files until a build puts
them in; when none is waiting, it tells the preview, which builds again to
publish them.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from generator.output import pagefind


class Indexer:
    """Makes bundles in the background, one at a time, and keeps them until they are published.

    ``on_ready`` is called (from the indexing thread) with a line for the
    terminal each time a bundle is made or could not be.
    """

    def __init__(self, on_ready: Callable[[str], None] | None = None):
        self.on_ready = on_ready
        self._lock = threading.Lock()
        self._wanted: dict[str, tuple[str, list[tuple[str, str]]]] = {}  # part -> (name, documents)
        self._made: dict[str, dict[str, bytes]] = {}  # bundle name -> its files
        self._thread: threading.Thread | None = None
        self._done: list[str] = []  # what was made since the terminal was last told

    def ready(self, name: str) -> dict[str, bytes] | None:
        """The files of the bundle ``name``, once made."""
        with self._lock:
            return self._made.get(name)

    def waiting(self, key: str, name: str) -> bool:
        """Whether the bundle ``name`` of part ``key`` is already asked for (and not made yet)."""
        with self._lock:
            return self._wanted.get(key, ("",))[0] == name

    def want(self, key: str, name: str, documents: list[tuple[str, str]]) -> None:
        with self._lock:
            self._wanted[key] = (name, documents)  # a newer version of a part replaces the one waiting
            if self._thread is None:
                self._thread = threading.Thread(target=self._work, name="search index", daemon=True)
                self._thread.start()

    def keep(self, names: list[str]) -> None:
        """Forget the bundles made earlier that neither the build (published or asked for:
        one may have been made meanwhile) nor a waiting part uses."""
        with self._lock:
            used = set(names) | {name for name, _ in self._wanted.values()}
            for name in [name for name in self._made if name not in used]:
                del self._made[name]

    def _work(self) -> None:
        while True:
            with self._lock:
                if not self._wanted:
                    self._thread = None
                    return
                key = next(iter(self._wanted))
                name, documents = self._wanted[key]
            started = time.perf_counter()
            made = None
            try:
                made = pagefind.make_bundle(documents, name)
                done = f"{key} ({pagefind.page_count(made)} pages, {time.perf_counter() - started:.1f} s)"
            except (OSError, pagefind.PagefindError) as exc:
                done = f"{key} failed: {exc}"
            with self._lock:
                if made is not None:
                    self._made[name] = made
                if self._wanted.get(key, (None,))[0] == name:
                    del self._wanted[key]
                self._done.append(done)
                line = "" if self._wanted else f"search index updated: {', '.join(self._done)}"
                if line:
                    self._done = []
            if self.on_ready is not None and line:
                self.on_ready(line)
