"""The build cache: Markdown HTML by source hash, and the fingerprint of every page written."""

from __future__ import annotations

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
        self.folder.mkdir(parents=True, exist_ok=True)
        temporary = self.folder / f"{CACHE_FILE}.{os.getpid()}"
        data = {"version": __version__, "output": self.output, "markup": markup, "pages": pages}
        with open(temporary, "wb") as handle:
            pickle.dump(data, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, self.folder / CACHE_FILE)


def page_fingerprint(setup: str, template: str, context: dict) -> str:
    """A page is a pure function of its template and context: hash both.

    ``setup`` covers what every page shares (generator version, configuration,
    theme files); the context is plain frozen data whose repr is deterministic.
    """
    text = f"{setup}\0{template}\0{context!r}"
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
