"""The build cache: source files as read, and Markdown HTML by source hash.

(What each output file is made of is kept by write.py.) The cache belongs to
one version of the code: any change to the generator's own files drops it, so a
record read by older code is never mistaken for one read by this code.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from functools import lru_cache
from pathlib import Path

from . import __version__
from .content import ReadMemo

CACHE_FILE = "build.pickle"


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """The version and the content of every module of the generator."""
    digest = hashlib.blake2b(__version__.encode(), digest_size=16)
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


class Cache:
    """What the previous build knew. A missing or unreadable cache is simply empty."""

    def __init__(self, folder: Path | None):
        self.folder = folder
        self.markup: dict[str, str] = {}
        self.reads: ReadMemo = {}  # see content.load_content
        self._loaded: tuple = ({}, {})
        if folder is None:
            return
        try:
            with open(folder / CACHE_FILE, "rb") as handle:
                data = pickle.load(handle)
        except (OSError, pickle.PickleError, EOFError, AttributeError, ValueError):
            return
        if not isinstance(data, dict) or data.get("code") != code_fingerprint():
            return
        self.markup, self.reads = data["markup"], data["reads"]
        self._loaded = (self.markup, dict(self.reads))

    def state_file(self, output: Path) -> Path | None:
        """Where the writer keeps what the output folder holds (one file per output folder)."""
        if self.folder is None:
            return None
        key = hashlib.blake2b(str(output.resolve()).encode(), digest_size=8).hexdigest()
        return self.folder / f"output-{key}.state"

    def save(self, markup: dict[str, str]) -> None:
        """Store what this build produced (unless it is what was loaded), replacing the file atomically."""
        if self.folder is None or (markup.keys() == self._loaded[0].keys() and self.reads == self._loaded[1]):
            return
        temporary = self.folder / f"{CACHE_FILE}.{os.getpid()}"
        data = {"code": code_fingerprint(), "markup": markup, "reads": self.reads}
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
