"""The build cache: source files as read, and Markdown HTML by source hash.

(What each output file is made of is kept by write.py.) The cache belongs to
one version of the code: any change to the generator's own files drops it, so a
record read by older code is never mistaken for one read by this code.

Records are split over a few files by key, so that an edit to one article
rewrites one of them rather than megabytes. The HTML, tens of megabytes of
which a rebuild after an edit shows a few pages, is kept in an SQLite file
and read one body at a time (``HtmlStore``).
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from generator import __version__
from generator.content.reading import ReadMemo
from generator.core import stored
from generator.core.models import CacheLost, ContentError
from generator.index.dossier import LinksMemo
from generator.markup.links import placeholders
from generator.output.write import folder_identity

SHARDS = 32  # files the records are split over
LINKS_FILE = "links.pickle"
LAST_FILE = "last.pickle"
HTML_FILE = "bodies.sqlite"  # the HTML of bodies, each with a digest of its text


def shard_file(number: int) -> str:
    return f"records-{number:02d}.pickle"


def _shard(key: str) -> int:
    return zlib.crc32(key.encode("utf-8", "surrogatepass")) % SHARDS


@dataclass(frozen=True, slots=True)
class LastBuild:
    """What the last successful build read and made: enough to know that a new one has nothing to do."""

    inputs: str | None  # the signature of every file it read and of the options (see ``signature``);
    # None when a preview's build was told what changed instead: then the next build looks at everything
    output: tuple[int, int, int] | None  # the identity of the output folder it left (write.folder_identity)
    due: datetime | None  # when the first article it left out as future comes due
    report: object  # its BuildReport


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """The version and the content of every module of the generator."""
    digest = hashlib.blake2b(__version__.encode(), digest_size=16)
    root = Path(__file__).parent.parent  # the whole package
    for path in sorted(root.rglob("*.py")):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


class Cache:
    """What the previous build knew. A missing or unreadable cache is simply empty."""

    def __init__(self, folder: Path | None, defer: bool = False):
        self.folder = folder
        self.defer = defer  # keep changed files in memory until write_deferred()
        self.html = HtmlStore(folder / HTML_FILE if folder is not None else None)
        self.reads: ReadMemo = {}  # see content.load_content
        self.links: LinksMemo = {}  # see dossier.build_dossier
        # What load() read, to compare with in save(): the reads of each shard, and the links.
        self._shards: list[dict] = [{}] * SHARDS
        self._links: LinksMemo = {}
        self.last: LastBuild | None = None
        if folder is None:
            return
        last = _load(folder / LAST_FILE)
        self.last = last if isinstance(last, LastBuild) else None
        if self.last is None or (self.last.inputs or "").split(":")[0] != code_fingerprint():
            self.last = None

    def load(self) -> None:
        """Read the cached records and what HTML is known (the larger part, not needed when nothing changed)."""
        if self.folder is None:
            return
        for number in range(SHARDS):
            data = _load(self.folder / shard_file(number))
            if isinstance(data, dict) and data.get("code") == code_fingerprint():
                self._shards[number] = data["reads"]
                self.reads.update(data["reads"])
        data = _load(self.folder / LINKS_FILE)
        if isinstance(data, dict) and data.get("code") == code_fingerprint():
            self._links = data["links"]
            self.links = dict(data["links"])  # a copy: what was loaded stays as it was
        self.html.load()

    def forget_reads(self) -> None:
        """Drop the records: the next build reads every file."""
        if self.folder is not None:
            for number in range(SHARDS):
                (self.folder / shard_file(number)).unlink(missing_ok=True)

    @property
    def templates_folder(self) -> Path | None:
        """Where compiled templates are kept between builds."""
        return self.folder / "templates" if self.folder is not None else None

    def state_file(self, output: Path) -> Path | None:
        """Where the writer keeps what the output folder holds (one file per output folder)."""
        if self.folder is None:
            return None
        key = hashlib.blake2b(str(output.resolve()).encode(), digest_size=8).hexdigest()
        return self.folder / f"output-{key}.state"

    def unchanged(self, inputs: str, now: datetime, output: Path) -> object | None:
        """The last build's report if it read exactly these inputs and its output is still there."""
        last = self.last
        if last is None or last.inputs != inputs or (last.due is not None and now >= last.due):
            return None
        return last.report if folder_identity(output) == last.output else None

    def save(self, last: LastBuild) -> None:
        """Store what this build produced, replacing files atomically; only the shards that changed."""
        if self.folder is None:
            return
        shards: list[dict] = [{} for _ in range(SHARDS)]
        for label, read in self.reads.items():
            shards[_shard(label)][label] = read
        for number, (reads, reads_before) in enumerate(zip(shards, self._shards, strict=True)):
            if reads != reads_before:
                self._store(shard_file(number), {"code": code_fingerprint(), "reads": reads})
        if self.links != self._links:
            self._store(LINKS_FILE, {"code": code_fingerprint(), "links": self.links})
        self.html.save()
        _dump(self.folder / LAST_FILE, last)

    def _store(self, name: str, data: dict) -> None:
        assert self.folder is not None
        if self.defer and (self.folder / name).exists():  # the first one is written
            _keep(self.folder / name, data)
        else:
            _dump(self.folder / name, data)


class HtmlStore:
    """The HTML of bodies by Markdown cache key (see workers.convert_all), kept in an SQLite file.

    Every build asks whether each body's HTML is known, and what the links in
    it are (reuse.py); a rebuild after an edit shows few bodies. So the keys,
    the exact key of each quick key and the placeholders of each HTML
    (``links.placeholders``) are read at once, from a table of their own, and
    an HTML when it is first asked for. Without a file (no cache), HTML lives
    in memory only.
    """

    def __init__(self, path: Path | None):
        self.path = path
        self._exact: dict[str, str] = {}  # quick key -> exact key, as stored (the same key for most)
        self._found: dict[str, str] = {}  # key -> the placeholders of its HTML, as stored
        self._made: dict[str, str] = {}  # HTML this build has in memory: made, or read once
        self._used: dict[str, str] = {}  # key -> quick key, of the HTML this build keeps
        self._connection: sqlite3.Connection | None = None
        self._pid = 0

    def load(self) -> None:
        if self.path is None or not self.path.exists():
            return
        try:
            for key, quick, found in self._connect().execute("SELECT key, quick, found FROM known"):
                self._found[key] = found
                self._exact[quick] = key
        except sqlite3.Error:  # not a database of ours: start again
            self._found, self._exact = {}, {}
            self._forget()

    def exact_key(self, quick: str) -> str | None:
        """The exact key stored under ``quick``, when its HTML is stored too."""
        key = self._exact.get(quick)
        return key if key is not None and key in self._found else None

    def __contains__(self, key: str) -> bool:
        return key in self._found or key in self._made

    def use(self, key: str, quick: str, html: str | None = None, keep: bool = True) -> None:
        """This build shows the HTML of ``key`` (``html``, when it made it), found by ``quick`` too;
        unless not to ``keep``, the store keeps it for the next build."""
        if html is not None:
            self._made[key] = html
        if keep:
            self._used[key] = quick

    def html(self, key: str) -> str:
        html = self._made.get(key)
        if html is None:
            try:
                row = (
                    self._connect().execute("SELECT html, digest FROM html WHERE key = ?", (key,)).fetchone()
                )
            except sqlite3.Error:
                row = None
            if row is None or row[1] != html_digest(row[0]):
                # Another build in the same cache, or damage: the build starts again without the HTML.
                self._forget()
                raise CacheLost(
                    ContentError(
                        str(self.path),
                        None,
                        "lost the HTML of a body during the build (another build?): build again",
                    )
                )
            html = self._made[key] = row[0]
        return html

    def placeholders(self, key: str) -> str:
        found = self._found.get(key)
        return found if found is not None else placeholders(self.html(key))

    def save(self) -> None:
        """Keep the HTML this build used, and no other."""
        if self.path is None:
            return
        used, stored = self._used, self._exact
        try:
            connection = self._connect()
            with connection:
                gone = [(key,) for key in self._found if key not in used]
                connection.executemany("DELETE FROM known WHERE key = ?", gone)
                connection.executemany("DELETE FROM html WHERE key = ?", gone)
                connection.executemany(
                    "INSERT OR REPLACE INTO html VALUES (?, ?, ?)",
                    [
                        (key, self._made[key], html_digest(self._made[key]))
                        for key in used
                        if key not in self._found
                    ],
                )
                connection.executemany(
                    "INSERT OR REPLACE INTO known VALUES (?, ?, ?)",
                    [
                        (key, quick, self.placeholders(key))
                        for key, quick in used.items()
                        if key not in self._found or stored.get(quick) != key
                    ],
                )
        except sqlite3.Error:
            pass  # the site is built; without a cache the next build is only slower

    def _connect(self) -> sqlite3.Connection:
        """This process's connection (a forked worker opens its own)."""
        if self._connection is None or self._pid != os.getpid():
            assert self.path is not None
            self.path.parent.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(self.path, timeout=30)
            connection.execute("PRAGMA synchronous = OFF")  # a cache: a crash may lose it, never mislead
            # What every build reads, apart from the HTML, which few pages of a rebuild show.
            connection.execute(
                "CREATE TABLE IF NOT EXISTS known (key TEXT PRIMARY KEY, quick TEXT, found TEXT) WITHOUT ROWID"
            )
            connection.execute(
                "CREATE TABLE IF NOT EXISTS html (key TEXT PRIMARY KEY, html TEXT, digest TEXT) WITHOUT ROWID"
            )
            self._connection, self._pid = connection, os.getpid()
        return self._connection

    def _forget(self) -> None:
        """Drop what the file holds: the next build converts every body."""
        self._close()
        assert self.path is not None
        self.path.unlink(missing_ok=True)

    def _close(self) -> None:
        if self._connection is not None and self._pid == os.getpid():
            self._connection.close()
        self._connection = None


def html_digest(html: str) -> str:
    """What the HTML store keeps beside an HTML, to tell it whole when it is read back."""
    return hashlib.blake2b(html.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def signature(files: list[Path], extra: str, stats: dict[str, os.stat_result] | None = None) -> str:
    """The code's fingerprint and a hash of ``extra`` and of the name, size, time and inode of
    every file in ``files`` (folders are walked): it changes when any of them changes.

    ``stats``, when given, receives what was asked of each file, by path: the build
    reads the content's from there instead of asking again (see ``content.load_content``).
    """
    digest = hashlib.blake2b(extra.encode(), digest_size=16)
    for root in files:
        digest.update(f"\0{root}".encode())
        for path in _walk(root):
            try:
                info = os.stat(path)
            except OSError:
                continue
            if stats is not None:
                stats[path] = info
            digest.update(f"\0{path}\0{info.st_size}:{info.st_mtime_ns}:{info.st_ino}".encode())
    return f"{code_fingerprint()}:{digest.hexdigest()}"


def _walk(root: Path) -> Iterator[str]:
    if root.is_file():
        yield str(root)
        return
    for directory, folders, names in os.walk(root, followlinks=False):
        folders.sort()
        for name in sorted(names):
            yield os.path.join(directory, name)


# What this process last wrote or read, by file and identity: a preview server
# builds again and again, and need not read back what it has just written.
_remembered: dict[Path, tuple[tuple[int, int, int] | None, object]] = {}


def _identity(path: Path) -> tuple[int, int, int] | None:
    """Inode, size and modification time of ``path``; None when there is no such file."""
    try:
        info = path.stat()
    except OSError:
        return None
    return (info.st_ino, info.st_size, info.st_mtime_ns)


def _load(path: Path) -> object:
    identity = _identity(path)
    if (known := _remembered.get(path)) and known[0] == identity:
        return known[1]
    if identity is None:
        return None
    data = stored.load(path)
    if data is not None:
        _remembered[path] = (identity, data)
    return data


# Data kept in memory instead of written: the file holds an older cache meanwhile,
# which is only slower for another process, never wrong (every memo is keyed by its inputs).
_deferred: dict[Path, object] = {}


def _keep(path: Path, data: object) -> None:
    """Remember ``data`` as ``path``'s content for this process; write it at write_deferred()."""
    _remembered[path] = (_identity(path), data)
    _deferred[path] = data


def write_deferred() -> None:
    """Write the data that builds with a deferring Cache kept in memory (a preview, when it stops)."""
    while _deferred:
        path, data = _deferred.popitem()
        _dump(path, data)


def _dump(path: Path, data: object) -> None:
    _deferred.pop(path, None)  # this data is newer
    try:
        stored.dump(path, data)
        _remembered[path] = (_identity(path), data)
    except OSError:
        pass  # the site is built; without a cache the next build is only slower
