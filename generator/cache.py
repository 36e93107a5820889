"""The build cache: Markdown HTML by source hash. (What each output file is made of is kept by write.py.)"""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path

from . import __version__

CACHE_FILE = "build.pickle"


class Cache:
    """What the previous build knew. A missing or unreadable cache is simply empty."""

    def __init__(self, folder: Path | None):
        self.folder = folder
        self.markup: dict[str, str] = {}
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

    def state_file(self, output: Path) -> Path | None:
        """Where the writer keeps what the output folder holds (one file per output folder)."""
        if self.folder is None:
            return None
        key = hashlib.blake2b(str(output.resolve()).encode(), digest_size=8).hexdigest()
        return self.folder / f"output-{key}.state"

    def save(self, markup: dict[str, str]) -> None:
        """Store what this build produced, replacing the file atomically."""
        if self.folder is None:
            return
        temporary = self.folder / f"{CACHE_FILE}.{os.getpid()}"
        data = {"version": __version__, "markup": markup}
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            with open(temporary, "wb") as handle:
                pickle.dump(data, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, self.folder / CACHE_FILE)
        except OSError:
            # The site is built; without a cache the next build is only slower.
            temporary.unlink(missing_ok=True)


def page_fingerprint(setup: str, template: str, context: dict) -> str:
    """A page is a pure function of its template and context: hash both.

    ``setup`` covers what every page shares (generator version, configuration,
    theme files); the context is plain frozen data whose repr is deterministic.
    """
    text = f"{setup}\0{template}\0{context!r}"
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
