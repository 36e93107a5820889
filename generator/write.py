"""The only code that writes the site: into a staging folder, then swapped into place.

A build fills ``<output>.partial`` beside the output folder and renames it over
the output only when everything succeeded, so an interrupted or failed build
leaves the previous site whole. Unchanged files are hard-linked from the previous
build instead of written again: cheap, and they keep their modification times.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import shutil
from pathlib import Path, PurePosixPath

# What to do about the system's refusals a user can meet while writing the output.
ADVICE = {
    errno.ENOSPC: "the disk is full; free some space and build again",
    errno.EDQUOT: "the disk quota is used up; free some space and build again",
    errno.EROFS: "the output folder is on a read-only disk; choose another one with --output",
    errno.EACCES: "permission denied; make the output folder writable or choose another one with --output",
    errno.EPERM: "the system does not allow it; make the output folder writable or choose another one with --output",
    errno.ENOTDIR: "a file stands where a folder is needed; choose another output folder with --output",
}


class OutputError(Exception):
    """The output folder cannot be used or written; the message says why and what to do."""


def describe(exc: OSError) -> str:
    """The system's reason, and what to do about it when we know."""
    reason = exc.strerror or str(exc)
    advice = ADVICE.get(exc.errno or 0)
    return f"{reason}: {advice}" if advice else reason


def safe_join(root: Path, relative: str) -> Path:
    """``root / relative``, refusing anything that would leave ``root``."""
    if not relative or "\0" in relative or "\\" in relative:
        raise OutputError(f"refusing to write the unsafe path {relative!r}")
    parts = PurePosixPath(relative).parts
    if PurePosixPath(relative).is_absolute() or any(p in ("..", ".") for p in parts):
        raise OutputError(f"refusing to write {relative!r} outside the output folder")
    return root.joinpath(*parts)


def check_output_folder(output: Path, site: Path) -> None:
    """Refuse output folders whose replacement would destroy something else."""
    out, src = output.resolve(), site.resolve()
    if out == src or src.is_relative_to(out):
        raise OutputError(f"{output} holds the site's sources; choose an output folder such as build/")
    if out.is_relative_to(src / "content") or out.is_relative_to(src / "themes"):
        raise OutputError(f"{output} is inside the sources; choose an output folder such as build/")
    if output.is_symlink():
        raise OutputError(f"{output} is a link; remove it or choose another output folder")
    if (
        out.is_dir()
        and any(out.iterdir())
        and not (out / "index.html").exists()
        and not (out / "404.html").exists()
    ):
        raise OutputError(
            f"{output} is not empty and does not look like a Dossier build; empty it or choose another folder"
        )


class Writer:
    """Fills the staging folder; ``commit()`` swaps it in, ``abort()`` throws it away."""

    def __init__(self, output: Path):
        self.output = output
        self.staging = output.with_name(f".{output.name}.partial")
        self.retired = output.with_name(f".{output.name}.old")
        self._made: set[Path] = set()
        recover(output)
        try:
            if self.staging.exists():
                shutil.rmtree(self.staging)
            self.staging.mkdir(parents=True)
        except OSError as exc:
            raise OutputError(f"cannot create {self.staging}: {describe(exc)}") from None

    def _target(self, relative: str) -> Path:
        path = safe_join(self.staging, relative)
        parent = path.parent
        if parent not in self._made:
            parent.mkdir(parents=True, exist_ok=True)
            self._made.add(parent)
        return path

    def write(self, relative: str, data: bytes) -> None:
        try:
            self._target(relative).write_bytes(data)
        except OSError as exc:
            raise OutputError(f"cannot write {relative}: {describe(exc)}") from None

    def keep(self, relative: str) -> bool:
        """Reuse the previous build's file unchanged; False when there is none."""
        previous = safe_join(self.output, relative)
        try:
            os.link(previous, self._target(relative))
        except FileNotFoundError:
            return False
        except OSError:
            try:
                shutil.copy2(previous, self._target(relative))
            except OSError:
                return False
        return True

    def copy(self, source: Path, relative: str) -> bool:
        """Copy a static file, reusing the previous build's copy when it is the same.

        Returns True when the file was copied, False when the previous copy was kept.
        """
        previous = safe_join(self.output, relative)
        try:
            here, there = source.stat(), previous.stat()
            if here.st_size == there.st_size and here.st_mtime_ns == there.st_mtime_ns:
                os.link(previous, self._target(relative))
                return False
        except OSError:
            pass
        try:
            shutil.copy2(source, self._target(relative), follow_symlinks=True)
        except OSError as exc:
            raise OutputError(f"cannot copy {source}: {describe(exc)}") from None
        return True

    def put(self, relative: str, data: bytes) -> bool:
        """Write a small file, keeping the previous build's copy when its bytes are the same.

        Returns True when the file was written, False when the previous copy was kept.
        """
        try:
            if safe_join(self.output, relative).read_bytes() == data and self.keep(relative):
                return False
        except OSError:
            pass
        self.write(relative, data)
        return True

    def commit(self) -> None:
        """Swap the staging folder into place; the old build is removed afterwards.

        Where the system can swap two folders in one step, there is no moment
        without an output folder; elsewhere the old build is first renamed aside,
        and ``recover`` puts it back if the build is killed between the two renames.
        """
        try:
            if self.output.exists() and exchange(self.staging, self.output):
                shutil.rmtree(self.staging, ignore_errors=True)  # now the old build
                return
            if self.output.exists():
                os.replace(self.output, self.retired)
            os.replace(self.staging, self.output)
        except OSError as exc:
            recover(self.output)
            raise OutputError(f"cannot replace {self.output}: {describe(exc)}") from None
        shutil.rmtree(self.retired, ignore_errors=True)

    def abort(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)


def recover(output: Path) -> None:
    """Put back a previous build left aside by a build killed between its two renames."""
    retired = output.with_name(f".{output.name}.old")
    if not retired.exists():
        return
    if output.exists():
        shutil.rmtree(retired, ignore_errors=True)
        return
    # Where the folder cannot be written, the Writer says so, with the reason.
    with contextlib.suppress(OSError):
        os.replace(retired, output)


AT_FDCWD = -100  # from <fcntl.h>: paths are relative to the working folder
RENAME_EXCHANGE = 2  # from <linux/fs.h>: swap the two paths


def exchange(first: Path, second: Path) -> bool:
    """Swap two existing paths in one step (Linux ``renameat2``); False where the system cannot."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    if renameat2(AT_FDCWD, os.fsencode(first), AT_FDCWD, os.fsencode(second), RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False  # a file system or kernel without the exchange: rename in two steps
    raise OSError(code, os.strerror(code), str(second))
