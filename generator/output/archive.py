"""``dossier build --zip``: the built site as one zip file, to mail, archive or copy to a stick."""

from __future__ import annotations

import contextlib
import os
import zipfile
from pathlib import Path

# Zip entries carry a time; a fixed one keeps the archive the same bytes for the same site.
ENTRY_TIME = (1980, 1, 1, 0, 0, 0)


class ArchiveError(Exception):
    """The archive cannot be written; the message says why."""


def write_archive(site: Path, archive: Path) -> int:
    """Zip the built ``site`` into ``archive``, its files in a folder named after the archive
    ("brink.zip" holds "brink/index.html"), so that unpacking it makes one folder. Host
    files (``.nojekyll``) are left out. Returns the number of files; raises ArchiveError."""
    root = archive.stem or "site"
    files = sorted(
        (path for path in site.rglob("*") if path.is_file() and not path.name.startswith(".")),
        key=lambda path: path.relative_to(site).as_posix(),
    )
    partial = archive.with_name(f".{archive.name}.partial")
    try:
        archive.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zipped:
            for path in files:
                entry = zipfile.ZipInfo(f"{root}/{path.relative_to(site).as_posix()}", ENTRY_TIME)
                entry.compress_type = zipfile.ZIP_DEFLATED
                entry.external_attr = 0o644 << 16
                zipped.writestr(entry, path.read_bytes())
        os.replace(partial, archive)
    except OSError as exc:
        with contextlib.suppress(OSError):
            partial.unlink()
        raise ArchiveError(f"{archive}: cannot be written: {exc.strerror or exc}") from None
    return len(files)
