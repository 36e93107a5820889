"""The only code that writes the site: into a spare folder, then exchanged with the output.

Two trees live side by side: the output (``build/``) and a spare
(``.build.partial``) holding the build before it. A build brings the spare up to
date, writing only the files that differ from what the spare or the output
already hold (unchanged files are hard links to the output's, so they keep their
modification times), then exchanges the two folders in one atomic rename. An
interrupted or failed build therefore leaves the previous site whole, and a
rebuild after a small edit touches a handful of files, not the whole tree.

A build into an empty folder leaves no spare. The build after it links every
file of the output into a new spare, tens of thousands of system calls for a
large site: a forked process (a thread, in a process that must not fork, see
``parallel``) makes those links while the build reads and checks its content,
and the build waits for it before writing its first file.

What each tree holds is remembered in a state file in the build cache: for
every file, a stamp (a hash of a page's or a small file's bytes, a static
file's size and time). The state is cleared before a tree is touched and written
back after, so a build killed half-way makes the next one start afresh instead
of trusting a tree it never finished. Without a cache every file is made anew.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import hashlib
import os
import pickle
import shutil
from collections.abc import Callable
from functools import partial
from pathlib import Path

from generator.core import stored
from generator.core.parallel import in_background
from generator.output.folder import OutputError, describe, recover, spare_folder

STATE_VERSION = 5
WRITE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_CLOEXEC", 0)

Manifest = dict[str, str]  # relative path -> stamp


def content_stamp(data: bytes) -> str:
    """The stamp of a file made here: a hash of its bytes. (SHA-256: processors with SHA
    instructions hash it quicker than BLAKE2, and a cold build hashes every page it writes.)"""
    return hashlib.sha256(data).hexdigest()[:32]


def safe_join(root: Path, relative: str) -> Path:
    """``root / relative``, refusing anything that would leave ``root``."""
    return root.joinpath(*_safe_parts(relative))


def _joined(root: str, relative: str) -> str:
    """``safe_join`` on strings, for the writes and links of every page of a build."""
    return "/".join([root, *_safe_parts(relative)])


def _placed(root: str, relative: str, made: set[str]) -> str:
    """``_joined(root, relative)``, its folder made unless ``made`` holds it (then it does)."""
    path = _joined(root, relative)
    folder = os.path.dirname(path)
    if folder not in made:
        os.makedirs(folder, exist_ok=True)
        made.add(folder)
    return path


def _safe_parts(relative: str) -> list[str]:
    """The names along ``relative`` (a POSIX path inside the output), or OutputError."""
    if not relative or "\0" in relative or "\\" in relative:
        raise OutputError(f"refusing to write the unsafe path {relative!r}")
    parts = [part for part in relative.split("/") if part and part != "."]
    if relative.startswith("/") or ".." in parts:
        raise OutputError(f"refusing to write {relative!r} outside the output folder")
    return parts


class Writer:
    """Fills the spare folder; ``commit()`` exchanges it with the output, ``abort()`` gives up.

    ``keep`` and ``write`` may run in forked worker processes: they only read the
    manifests and write files of their own. Everything that changes the
    manifests happens in the parent, in ``record`` and ``commit``; and ``begin``,
    which the parent calls before its workers fork (every method that reads or
    changes the spare calls it first).
    """

    def __init__(self, output: Path, state_file: Path | None = None):
        self.output = output
        self.staging = spare_folder(output)
        self.state_file = state_file
        self.retired = output.with_name(f".{output.name}.old")
        self._staging = str(self.staging)
        self._made: set[str] = set()
        recover(output)
        state = (_load_state(state_file) if state_file else None) or {}
        # None for a manifest, or for a folder's identity: not known.
        # Each folder is trusted to hold what the state says only if it is the folder the state
        # names: another build (without this cache) may have exchanged them, or someone changed one.
        known = state.get("output_id") is not None and state["output_id"] == folder_identity(output)
        self._known = known  # whether the output holds what ``previous`` says
        self.previous: Manifest = state["output"] if known else {}
        # What the output's pages were made from, as the build that made them described it; kept
        # pickled apart (``made_of``), so that a state saved before the build's end copies it as is.
        self._made_of: bytes | None = state.get("made_of") if known else None
        self.made_of: object = _unpickled(self._made_of)
        spare: Manifest | None = None
        if state.get("spare_id") is not None and state["spare_id"] == folder_identity(self.staging):
            spare = state["spare"]
        self.spare: Manifest = spare or {}
        self.stamps: Manifest = {}  # what the new build is made of
        self._emptied = spare is None  # the spare holds nothing this build does not write or link
        self._started = False  # whether the spare is being changed (see ``begin``)
        self._linking: Callable[[], bool] | None = None  # waits for the links made meanwhile
        if self._emptied:
            self._forget_spare()
            try:
                if self.staging.exists():
                    shutil.rmtree(self.staging)
                self.staging.mkdir(parents=True)
            except OSError as exc:
                raise OutputError(f"cannot prepare {self.staging}: {describe(exc)}") from None
            if self.previous:
                names = list(self.previous)
                self._linking = in_background(partial(_link_all, str(self.output), self._staging, names))

    def _forget_spare(self) -> None:
        """From here on the spare is being changed: forget what it held until commit."""
        try:
            self._save_state(self._output_manifest(), None, self._made_of)
        except OSError as exc:
            raise OutputError(f"cannot prepare {self.staging}: {describe(exc)}") from None

    def begin(self) -> None:
        """Before the first file is read from or written into the spare (and before any
        worker forks): forget what it held, and wait for its links if they are being made."""
        if self._started:
            return
        self._started = True
        if not self._emptied:
            self._forget_spare()
        if self._linking is None:
            return
        linked, self._linking = self._linking(), None
        if linked:
            self.spare, self._emptied = dict(self.previous), False
            return
        try:  # a file went missing from the output meanwhile, say: what is needed is linked at commit
            shutil.rmtree(self.staging)
            self.staging.mkdir(parents=True)
        except OSError as exc:
            raise OutputError(f"cannot prepare {self.staging}: {describe(exc)}") from None

    def _target(self, relative: str) -> str:
        """The spare's path for ``relative``, its folder made and any old file there removed.

        The old file may be a hard link to the output's: writing into it would
        change the published site, so it is always replaced, never overwritten.
        A spare emptied for this build holds only the files this build wrote.
        """
        path = _placed(self._staging, relative, self._made)
        if not self._emptied:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(path)
        return path

    def keep(self, relative: str, stamp: str) -> bool:
        """True when a file with this stamp exists already, so it need not be made again."""
        self.begin()
        if self.spare.get(relative) == stamp:
            return True
        return self.previous.get(relative) == stamp and safe_join(self.output, relative).is_file()

    def write(self, relative: str, data: bytes) -> None:
        self.begin()
        try:
            handle = os.open(self._target(relative), WRITE_FLAGS, 0o666)
            try:
                view = memoryview(data)
                while view:
                    view = view[os.write(handle, view) :]
            finally:
                os.close(handle)
        except OSError as exc:
            raise OutputError(f"cannot write {relative}: {describe(exc)}") from None

    def record(self, stamps: list[tuple[str, str]], written: list[str]) -> None:
        """Note the pages decided by the workers: every stamp, and which files they wrote."""
        self.stamps.update(stamps)
        for name in written:
            self.spare[name] = self.stamps[name]

    def copy(self, source: Path, relative: str) -> bool:
        """Copy a static file unless an identical copy exists; True when it was copied."""
        try:
            info = source.stat()
        except OSError as exc:
            raise OutputError(f"cannot copy {source}: {describe(exc)}") from None
        stamp = f"{info.st_size}:{info.st_mtime_ns}"
        self.stamps[relative] = stamp
        if self.keep(relative, stamp):
            return False
        try:
            shutil.copy2(source, self._target(relative), follow_symlinks=True)
        except OSError as exc:
            raise OutputError(f"cannot copy {source}: {describe(exc)}") from None
        self.spare[relative] = stamp
        return True

    def put(self, relative: str, data: bytes) -> bool:
        """Write a small file unless an identical one exists; True when it was written."""
        stamp = content_stamp(data)
        self.stamps[relative] = stamp
        if self.keep(relative, stamp):
            return False
        self.write(relative, data)
        self.spare[relative] = stamp
        return True

    def carry(self, files: list[tuple[str, str]]) -> None:
        """Declare files of the output, (name, stamp) as ``previous`` has them, part of the new
        build as they are."""
        self.stamps.update(files)

    def complete(self) -> None:
        """Make the spare hold exactly the new build: link in what only the output has,
        remove what the new build no longer has."""
        self.begin()
        try:
            for name, stamp in self.stamps.items():
                if self.spare.get(name) != stamp:
                    os.link(safe_join(self.output, name), self._target(name))
                    self.spare[name] = stamp
            for name in [name for name in self.spare if name not in self.stamps]:
                path = safe_join(self.staging, name)
                path.unlink(missing_ok=True)
                del self.spare[name]
                _remove_empty_parents(path.parent, self.staging)
        except OSError as exc:
            raise OutputError(f"cannot prepare {self.staging}: {describe(exc)}") from None

    def commit(self, made_of: object = None) -> None:
        """Make the spare the new output, unless nothing changed: then the output stays as it is.

        ``made_of`` describes what the new pages were made from, for the next build (see reuse.py).
        """
        self.begin()
        if self.stamps == self.previous:
            self._save_state(self.previous, self.spare, made_of)
            return
        self.complete()
        try:
            self._save_state({}, None, None)
            if not self.output.exists():
                os.replace(self.staging, self.output)
                self._save_state(self.stamps, None, made_of)
                return
            if not _exchange(self.staging, self.output):
                os.replace(self.output, self.retired)
                os.replace(self.staging, self.output)
                os.replace(self.retired, self.staging)
        except OSError as exc:
            recover(self.output)
            raise OutputError(f"cannot replace {self.output}: {describe(exc)}") from None
        # The new site is in place; a state that cannot be saved only makes the next build slower.
        # The spare now holds the previous output: what it holds is known only if that was.
        with contextlib.suppress(OSError):
            self._save_state(self.stamps, self._output_manifest(), made_of)

    def _output_manifest(self) -> Manifest | None:
        """What the output held when this build began; None when that is not known."""
        return self.previous if self._known else None

    def _save_state(self, output: Manifest | None, spare: Manifest | None, made_of: object) -> None:
        """Save the state; ``made_of`` as it is if pickled already (bytes), else pickled once."""
        if made_of is not None and not isinstance(made_of, bytes):
            made_of = self._made_of = pickle.dumps(made_of, protocol=pickle.HIGHEST_PROTOCOL)
        _save_state(self.state_file, (self.output, self.staging), output, spare, made_of)

    def abort(self) -> None:
        """Leave the output alone. A spare the build had not begun to change stays for
        the next one (with the output's files linked in, if that was under way);
        any other is dropped and made again from scratch."""
        if not self._started:
            if not self._emptied:
                return  # the state still describes it
            if self._linking is not None and self._linking():
                with contextlib.suppress(OSError):
                    self._save_state(self.previous, dict(self.previous), self._made_of)
                    return
        shutil.rmtree(self.staging, ignore_errors=True)


def _link_all(output: str, spare: str, names: list[str]) -> None:
    """Hard-link each file ``names`` lists from ``output`` into the empty ``spare``.

    Runs beside the build (see the module's comment); in a process of its own, it
    stops when the build that started it has gone, so that it never works on under
    the next one.
    """
    parent, made = os.getppid(), set[str]()
    for number, name in enumerate(names):
        if number % 500 == 0 and os.getppid() != parent:
            raise SystemExit(1)
        os.link(_joined(output, name), _placed(spare, name, made))


def _remove_empty_parents(folder: Path, root: Path) -> None:
    while folder != root:
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one atomic step (Linux ``renameat2``); False where the system cannot."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    error = ctypes.get_errno()
    if error in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(error, os.strerror(error), str(a))


def _unpickled(data: bytes | None) -> object:
    """What a state's ``made_of`` holds; None when there is none, or none intact."""
    if data is None:
        return None
    try:
        return pickle.loads(data)
    except Exception:  # a state from another version of the code: as no state (cache.py does alike)
        return None


def _load_state(path: Path) -> dict | None:
    state = stored.load(path)
    if not isinstance(state, dict) or state.get("version") != STATE_VERSION:
        return None
    return state


def _save_state(
    path: Path | None,
    folders: tuple[Path, Path],
    output: Manifest | None,
    spare: Manifest | None,
    made_of: bytes | None,
) -> None:
    """Replace the state file atomically, so it is always one whole state or the other.

    A manifest of None says that what the folder holds is not known. The state names the folders it describes (``folder_identity``): a folder
    replaced or changed since, by another build without this cache or by hand,
    is not what the state describes and is trusted in nothing.
    """
    if path is None:
        return
    state = {
        "version": STATE_VERSION,
        "output": output,
        "output_id": folder_identity(folders[0]) if output is not None else None,
        "spare": spare,
        "spare_id": folder_identity(folders[1]) if spare is not None else None,
        "made_of": made_of,
    }
    stored.dump(path, state)


def folder_identity(folder: Path) -> tuple[int, int, int] | None:
    """A folder's device, inode and change time; None when there is no such folder.

    They change when the folder is replaced or exchanged with another, and when
    an entry is added to it or removed from it: a build that leaves a folder
    records them, and the next build trusts what it recorded only if they hold.
    """
    try:
        info = os.stat(folder)
    except OSError:
        return None
    return (info.st_dev, info.st_ino, info.st_ctime_ns)
