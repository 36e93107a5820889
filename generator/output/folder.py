"""The output folder: whether a build may replace it, one build at a time, and its spare."""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]  # typeshed has no module that may be missing

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


def check_output_folder(output: Path, site: Path) -> None:
    """Refuse output folders whose replacement would destroy something else: by where they
    are, and a folder with files in it that no build made (a build replaces its content)."""
    out, src = output.resolve(), site.resolve()
    if out.parent == out:
        raise OutputError(f"{output} is the root of the file system; choose an output folder such as build/")
    if out == src or src.is_relative_to(out):
        raise OutputError(f"{output} holds the site's sources; choose an output folder such as build/")
    if out.is_relative_to(src / "content") or out.is_relative_to(src / "themes"):
        raise OutputError(f"{output} is inside the sources; choose an output folder such as build/")
    if output.is_symlink():
        raise OutputError(f"{output} is a link; remove it or choose another output folder")
    if output.is_dir() and any(output.iterdir()) and not made_by_a_build(output):
        raise OutputError(
            f"{output} holds files that no Dossier build made, and a build replaces what it holds: "
            "choose an empty or new folder with --output"
        )


# What every build holds (a site's theme adds to the default theme's assets; it does not remove them).
BUILD_HALLMARKS = ("index.html", "404.html", ".nojekyll", "assets/style.css")


def made_by_a_build(output: Path) -> bool:
    """Whether ``output`` looks like a folder a build made."""
    return all((output / name).is_file() for name in BUILD_HALLMARKS)


@contextmanager
def output_lock(output: Path, waiting: Callable[[], None] | None = None) -> Iterator[None]:
    """Hold ``output`` for one build, clean or deploy at a time: another one waits here.

    The lock is taken (``flock``) on the folder that holds the output, its spare
    and the folder set aside during a swap, so no file is left behind for it; the
    system releases it when its holder ends, however it ends. ``waiting`` is
    called when another process holds it, before this one waits its turn.
    """
    if fcntl is None:  # no flock (Windows): one build at a time is up to the user
        yield
        return
    parent = output.resolve().parent
    try:
        try:
            parent.mkdir(parents=True, exist_ok=True)
        except FileExistsError:  # a file where the folder should be
            raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR)) from None
        handle = os.open(parent, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise OutputError(f"cannot use {output}: {describe(exc)}") from None
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if waiting is not None:
                waiting()
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)  # releases the lock


def spare_folder(output: Path) -> Path:
    """The folder that takes turns with ``output``: ``build/`` has ``.build.partial``."""
    return output.with_name(f".{output.name}.partial")


def recover(output: Path) -> None:
    """Put back a previous build left aside by a build killed between its renames."""
    retired = output.with_name(f".{output.name}.old")
    if not retired.exists():
        return
    if output.exists():
        shutil.rmtree(retired, ignore_errors=True)
        return
    # Where the folder cannot be written, the Writer says so, with the reason.
    with contextlib.suppress(OSError):
        os.replace(retired, output)
