"""The only code that writes the site: into a staging folder, then swapped into place.

A build fills ``<output>.partial`` beside the output folder and renames it over
the output only when everything succeeded, so an interrupted or failed build
leaves the previous site whole. Unchanged files are hard-linked from the previous
build instead of written again: cheap, and they keep their modification times.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path, PurePosixPath


class OutputError(Exception):
    """The output folder cannot be used or written; the message says why and what to do."""


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
            raise OutputError(f"cannot create {self.staging}: {exc.strerror}") from None

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
            raise OutputError(f"cannot write {relative}: {exc.strerror}") from None

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
            raise OutputError(f"cannot copy {source}: {exc.strerror}") from None
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
        """Swap the staging folder into place; the old build is removed afterwards."""
        try:
            if self.output.exists():
                os.replace(self.output, self.retired)
            os.replace(self.staging, self.output)
        except OSError as exc:
            recover(self.output)
            raise OutputError(f"cannot replace {self.output}: {exc.strerror}") from None
        shutil.rmtree(self.retired, ignore_errors=True)

    def abort(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)


def recover(output: Path) -> None:
    """Put back a previous build left aside by a build killed between its two renames."""
    retired = output.with_name(f".{output.name}.old")
    if retired.exists():
        if output.exists():
            shutil.rmtree(retired, ignore_errors=True)
        else:
            os.replace(retired, output)
