"""The build cache: Markdown HTML by source hash, and the fingerprint of every page written."""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
from pathlib import Path

from . import __version__

CACHE_FILE = "build.pickle"


class Cache:
    """What the previous build knew. A missing or unreadable cache is simply empty."""

    def __init__(self, folder: Path | None, output: Path):
        self.folder = folder
        self.output = str(output.resolve())
        self.markup: dict[str, str] = {}
        self.pages: dict[str, str] = {}
        if folder is None:
            return
        try:
            with open(folder / CACHE_FILE, "rb") as handle:
                data = pickle.load(handle)
        except (OSError, pickle.PickleError, EOFError, AttributeError, ValueError):
            return
        if not isinstance(data, dict) or data.get("version") != __version__:
            return
        self.markup = data.get("markup", {})
        if data.get("output") == self.output:
            self.pages = data.get("pages", {})

    def save(self, markup: dict[str, str], pages: dict[str, str]) -> None:
        """Store what this build produced, replacing the file atomically."""
        if self.folder is None:
            return
        temporary = self.folder / f"{CACHE_FILE}.{os.getpid()}"
        data = {"version": __version__, "output": self.output, "markup": markup, "pages": pages}
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            with open(temporary, "wb") as handle:
                pickle.dump(data, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, self.folder / CACHE_FILE)
        except OSError:
            # The site is built; without a cache the next build is only slower.
            temporary.unlink(missing_ok=True)

    def forget(self) -> None:
        """Remove the saved cache before the output changes.

        A build killed after swapping in the new output but before ``save`` would
        otherwise leave a cache describing the pages of the build before, and a
        later build could keep pages that no longer match their fingerprints.
        """
        if self.folder is not None:
            with contextlib.suppress(OSError):
                (self.folder / CACHE_FILE).unlink(missing_ok=True)


def page_fingerprint(setup: str, template: str, context: dict) -> str:
    """A page is a pure function of its template and context: hash both.

    ``setup`` covers what every page shares (generator version, configuration,
    theme files); the context is plain frozen data whose repr is deterministic.
    """
    text = f"{setup}\0{template}\0{context!r}"
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
