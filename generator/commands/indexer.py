"""The preview's search index, made in the background: Pagefind runs while the page is shown.

A preview's build hands the parts of the index whose text changed to an
``Indexer`` (see ``search_index.publish``) and publishes its pages at once. The
indexer makes each bundle in a folder of the preview's cache, one at a time;
when none is waiting, it tells the preview, which builds again to publish them.
"""

from __future__ import annotations

import os
import shutil
import threading
import time
from collections.abc import Callable
from pathlib import Path

from generator.output import pagefind


class Indexer:
    """Makes bundles in the background, in a folder of the build cache, one at a time.

    ``on_ready`` is called (from the indexing thread) with a line for the
    terminal each time a bundle is made or could not be.
    """

    def __init__(self, store: Path, on_ready: Callable[[str], None] | None = None):
        self.store = store
        self.on_ready = on_ready
        self._lock = threading.Lock()
        self._wanted: dict[str, tuple[str, list[tuple[str, str]]]] = {}  # part -> (name, documents)
        self._thread: threading.Thread | None = None
        self._done: list[str] = []  # what was made since the terminal was last told

    def ready(self, name: str) -> Path | None:
        folder = self.store / name
        return folder if folder.is_dir() else None

    def want(self, key: str, name: str, documents: list[tuple[str, str]]) -> None:
        with self._lock:
            self._wanted[key] = (name, documents)  # a newer version of a part replaces the one waiting
            if self._thread is None:
                self._thread = threading.Thread(target=self._work, name="search index", daemon=True)
                self._thread.start()

    def keep(self, names: list[str]) -> None:
        """Remove the bundles made earlier that neither the build (published or asked for:
        one may have been made meanwhile) nor a waiting part uses."""
        with self._lock:
            wanted = {name for name, _ in self._wanted.values()}
        if not self.store.is_dir():
            return
        for folder in self.store.iterdir():
            # A bundle being made is in ".<name>.partial" (left behind by a preview stopped meanwhile).
            name = folder.name.removeprefix(".").removesuffix(".partial")
            if name not in wanted and name not in names:
                shutil.rmtree(folder, ignore_errors=True)

    def _work(self) -> None:
        while True:
            with self._lock:
                if not self._wanted:
                    self._thread = None
                    return
                key = next(iter(self._wanted))
                name, documents = self._wanted[key]
            started = time.perf_counter()
            partial = self.store / f".{name}.partial"
            try:
                shutil.rmtree(partial, ignore_errors=True)
                partial.mkdir(parents=True)
                count = pagefind.write_bundle(documents, partial)
                shutil.rmtree(self.store / name, ignore_errors=True)
                os.replace(partial, self.store / name)
                done = f"{key} ({count} pages, {time.perf_counter() - started:.1f} s)"
            except (OSError, pagefind.PagefindError) as exc:
                shutil.rmtree(partial, ignore_errors=True)
                done = f"{key} failed: {exc}"
            with self._lock:
                if self._wanted.get(key, (None,))[0] == name:
                    del self._wanted[key]
                self._done.append(done)
                line = "" if self._wanted else f"search index updated: {', '.join(self._done)}"
                if line:
                    self._done = []
            if self.on_ready is not None and line:
                self.on_ready(line)
