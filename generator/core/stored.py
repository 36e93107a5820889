"""Files a build keeps for the next one (caches, the writer's state): written whole, read only when intact.

Every such file holds a header and a digest of its payload. A file that is
missing, cut short, garbled, written by another version or by someone else
reads as nothing, and the build that finds it does the work again: one rule
for every file of the cache, so that no damage can reach a published page or
end a build in a traceback.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path

MAGIC = b"dossier-cache-1\n"
DIGEST_SIZE = 32


def _digest(payload: bytes) -> bytes:
    return hashlib.sha256(payload).digest()


def read_bytes(path: Path) -> bytes | None:
    """The payload of ``path``, or None when there is no such file or it is not intact."""
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError:
        return None
    start = len(MAGIC) + DIGEST_SIZE
    if len(data) < start or not data.startswith(MAGIC):
        return None
    payload = data[start:]
    return payload if _digest(payload) == data[len(MAGIC) : start] else None


def write_bytes(path: Path, payload: bytes) -> None:
    """Replace ``path`` atomically with ``payload`` and its digest (OSError when it cannot)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        with open(temporary, "wb") as handle:
            handle.write(MAGIC + _digest(payload) + payload)
        os.replace(temporary, path)
    except OSError:
        temporary.unlink(missing_ok=True)
        raise


def load(path: Path) -> object:
    """The value pickled into ``path`` by ``dump``, or None when there is none intact."""
    payload = read_bytes(path)
    if payload is None:
        return None
    try:
        return pickle.loads(payload)
    except Exception:  # noqa: BLE001 - intact bytes of an older code's classes, say: read as none
        return None


def dump(path: Path, value: object) -> None:
    """Pickle ``value`` into ``path`` (OSError when it cannot be written)."""
    write_bytes(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
