"""A preview's builds in one process: what changed between them, and the values a build
may take from the last one."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar, cast

from generator.content.reading import Content
from generator.output.reuse import Inputs
from generator.output.workers import Converted

if TYPE_CHECKING:
    from generator.commands.indexer import Indexer

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Recalled:
    """A value a build computed, with the inputs it was computed from."""

    inputs: tuple
    value: object


class Session:
    """A preview's builds, one after another in one process, and what changed between them.

    The preview's watcher tells the session every file saved (``saved``). When
    they are all Markdown files the last build read, the next build reads only
    those again (see ``content.load_content``) and takes from the last build
    every value whose inputs are the same as then (``recall``): a body edit
    leaves every record as it was, so the index, the routes and the cards are
    the last build's. Any other change (a file added or removed, an image, the
    configuration, a template) makes a whole build, as without a session.
    """

    def __init__(self, resident: bool = True) -> None:
        # A resident session's builds always read the records, even when nothing changed
        # since the last build: the next save needs them in memory.
        self.resident = resident
        self.saved: set[Path] | None = None  # None: not known, look at everything
        self.content: Content | None = None  # what the last build read
        self.converted: Converted = {}  # the last build's HTML, see workers.convert_all
        self.inputs: Inputs | None = None  # the last build's page inputs
        self.indexer: Indexer | None = None  # makes the search index in the background
        self._values: dict[str, Recalled] = {}
        self._trust = False
        self._branches: dict[str, Session] = {}  # one per language of a site in several

    def branch(self, name: str) -> Session:
        """The session of one language's tree: its own values, recalled when this one may."""
        branch = self._branches.setdefault(name, Session(self.resident))
        branch._trust = self._trust
        return branch

    def note(self, paths: list[str]) -> None:
        """The watcher's news: these paths were saved, created or removed."""
        if self.saved is not None:
            self.saved.update(Path(p) for p in paths)

    def begin(self, site: Path, cached: bool) -> set[str] | None:
        """The labels of the Markdown files saved since the last build, when they are all that
        changed and the last build read each of them; None when this build must look at everything."""
        saved, self.saved = self.saved, set()
        self._trust = False
        content = self.content
        if saved is None or not cached or content is None or content.listing is None:
            return None
        known = {label for entries in content.listing.markdown.values() for _, label in entries}
        labels = set()
        for path in saved:
            try:
                label = path.resolve().relative_to(site.resolve()).as_posix()
            except ValueError:
                return None
            if label not in known or not path.is_file():
                return None
            labels.add(label)
        self._trust = True
        return labels

    def recall(self, name: str, inputs: tuple, compute: Callable[[], T]) -> T:
        """``compute()``, or what it gave in the last build if its ``inputs`` are the same."""
        last = self._values.get(name)
        if self._trust and last is not None and _same(last.inputs, inputs):
            value = last.value
        else:
            value = compute()
        self._values[name] = Recalled(inputs, value)
        return cast(T, value)  # made by a compute() of this name

    def forget(self) -> None:
        """After a failed build: the next one looks at everything."""
        self.saved = None
        self.content, self.converted, self.inputs = None, {}, None
        self._values.clear()
        self._branches.clear()


def _same(last: tuple, now: tuple) -> bool:
    """Whether two tuples of inputs are equal, asking each pair of items (records, lists of them)
    first whether they are one and the same object."""
    for a, b in zip(last, now, strict=True):
        if a is b:
            continue
        if isinstance(a, list | tuple) and isinstance(b, list | tuple):
            if len(a) != len(b) or not all(x is y or x == y for x, y in zip(a, b, strict=True)):
                return False
        elif a != b:
            return False
    return True
