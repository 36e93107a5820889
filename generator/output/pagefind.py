"""Pagefind, the search indexer: finding it, feeding it pages, and checking what it wrote.

Pagefind comes from PyPI (``pagefind[bin]``, which ships the binary). It runs
as a service (``pagefind --service``): it is handed documents one after the
other, in the order given, and writes one bundle. Its own directory walk
(``--site``) would number the pages in the order the file system lists them,
and its filter files hold those numbers: the same pages would give different
bundles on different file systems.
"""

from __future__ import annotations

import base64
import contextlib
import gzip
import hashlib
import json
import os
import select
import shutil
import subprocess
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

ENVIRONMENT = "PAGEFIND_BINARY_PATH"  # the pagefind package's own override of the binary
TIMEOUT = 600  # seconds without an answer before a bundle is given up
ENTRY = "pagefind-entry.json"  # a bundle's table of contents, with Pagefind's version
SIGNATURE = b"pagefind_dcd"  # what every decompressed index file of Pagefind starts with
# What the search page uses of a bundle; Pagefind's own interfaces are left out of the site.
UNUSED = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
)


class PagefindError(Exception):
    """Pagefind could not run, failed, or wrote a bundle that cannot be used."""


def find_binary() -> Path | None:
    """The Pagefind executable: $PAGEFIND_BINARY_PATH, the one ``pagefind[bin]`` ships, or on PATH."""
    if override := os.environ.get(ENVIRONMENT):
        return Path(override)
    try:
        from pagefind.service import get_executable
    except ImportError:
        found = shutil.which("pagefind_extended") or shutil.which("pagefind")
        return Path(found) if found else None
    try:
        return get_executable()
    except OSError:
        return None


def version() -> tuple[str | None, str]:
    """Pagefind's version (``"pagefind 1.5.2"``), or None and why it cannot run."""
    binary = find_binary()
    if binary is None:
        return None, "the Pagefind binary was not found"
    try:
        result = subprocess.run(
            [str(binary), "--version"], capture_output=True, text=True, timeout=60, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return None, f"Pagefind ({binary}) cannot run ({exc})"
    if result.returncode != 0:
        return None, f"Pagefind ({binary}) failed ({last_line(result.stderr or result.stdout)})"
    return result.stdout.strip() or "pagefind", ""


def make_bundle(documents: Iterable[tuple[str, str]], name: str) -> dict[str, bytes]:
    """Index ``documents`` ((site URL, HTML) pairs, in this order): the bundle's files, by
    their names in it, checked whole (``name`` says which bundle in messages).

    Raises PagefindError. Pagefind hands the bundle over instead of writing it (its own
    writes can end cut short and still report success: on a full disk, or when the service
    stops before its writes are done).
    """
    binary = find_binary()
    if binary is None:
        raise PagefindError("the Pagefind binary was not found")
    service = _Service(binary)
    try:
        index = service.ask({"type": "NewIndex", "config": None})["index_id"]
        count = 0
        for url, html in documents:
            service.ask(
                {"type": "AddFile", "index_id": index, "url": url, "file_contents": html, "file_path": None}
            )
            count += 1
        answer = service.ask({"type": "GetFiles", "index_id": index})
    finally:
        service.close()
    try:
        files = {
            item["path"]: base64.b64decode(item["content"], validate=True)
            for item in answer["files"]
            if item["path"] not in UNUSED
        }
    except (KeyError, TypeError, ValueError):
        raise PagefindError("Pagefind handed over a bundle that cannot be read") from None
    files = sort_filters(files)
    check_files(files, count, name)
    for path in files:
        if ".." in path.split("/") or path.startswith("/"):
            raise PagefindError(f"Pagefind named a file outside its bundle ({path})")
    return files


def page_count(files: dict[str, bytes]) -> int:
    """How many pages a (checked) bundle holds."""
    return sum(info["page_count"] for info in json.loads(files[ENTRY])["languages"].values())


def check_files(files: dict[str, bytes], pages: int, name: str) -> None:
    """Raise PagefindError unless ``files`` make a whole bundle of ``pages`` pages.

    Every index file the metadata names must be there, decompress, and carry
    Pagefind's signature; the scripts and the WebAssembly must not be empty.
    """
    try:
        entry = json.loads(files[ENTRY])
        languages = entry["languages"]
        if sum(info["page_count"] for info in languages.values()) != pages:
            raise PagefindError(f"{name}: the bundle does not hold the {pages} pages given")
        for info in languages.values():
            meta = _loads(files[f"pagefind.{info['hash']}.pf_meta"])
            if not isinstance(meta, list) or len(meta) < 4:
                raise PagefindError(f"{name}: unknown metadata layout")
            # A gzip stream cut short does not decompress: the signature is check enough.
            named = [f"index/{chunk[-1]}.pf_index" for chunk in meta[2]]
            named += [f"filter/{chunk}.pf_filter" for _, chunk in meta[3]]
            named += [f"fragment/{fragment}.pf_fragment" for fragment, _ in meta[1]]
            for path in named:
                if not gzip.decompress(files[path]).startswith(SIGNATURE):
                    raise PagefindError(f"{name}: {path} is not a Pagefind file")
            # A language Pagefind cannot stem (fa, he, zh) has no wasm of its own: it loads "unknown".
            files[f"wasm.{info['wasm'] or 'unknown'}.pagefind"]  # noqa: B018 - there, and checked below
        for path, data in files.items():
            if path.startswith("wasm.") and not gzip.decompress(data):
                raise PagefindError(f"{name}: {path} is empty")
        for script in ("pagefind.js", "pagefind-worker.js"):
            if not files[script]:
                raise PagefindError(f"{name}: {script} is empty")
    except PagefindError:
        raise
    except (KeyError, ValueError, TypeError, IndexError, EOFError, OSError) as exc:
        raise PagefindError(f"{name}: an incomplete bundle ({type(exc).__name__}: {exc})") from None


class _Service:
    """One ``pagefind --service`` process: requests and answers are base64 JSON, each ended by a comma."""

    def __init__(self, binary: Path):
        self.errors = tempfile.TemporaryFile()  # noqa: SIM115 - closed in close()
        try:
            self.process = subprocess.Popen(
                [str(binary), "--service"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=self.errors,
            )
        except OSError as exc:
            raise PagefindError(f"Pagefind could not run ({exc})") from None
        self.number = 0
        self.pending = b""

    def ask(self, payload: dict) -> dict:
        self.number += 1
        message = json.dumps({"message_id": self.number, "payload": payload}).encode("utf-8")
        try:
            assert self.process.stdin is not None and self.process.stdout is not None
            self.process.stdin.write(base64.b64encode(message) + b",")
            self.process.stdin.flush()
            answers = self.process.stdout.fileno()  # read raw: the buffered reader is never used
            chunks = [self.pending]
            while b"," not in chunks[-1]:  # answers are base64, which has no comma
                if not select.select([answers], [], [], TIMEOUT)[0]:
                    self.process.kill()
                    raise PagefindError(f"Pagefind gave no answer in {TIMEOUT} s")
                chunk = os.read(answers, 1 << 20)
                if not chunk:
                    raise PagefindError(f"Pagefind failed ({self.said()})")
                chunks.append(chunk)
        except BrokenPipeError:  # it stopped before reading
            raise PagefindError(f"Pagefind failed ({self.said()})") from None
        except OSError as exc:
            raise PagefindError(f"Pagefind failed ({exc.strerror or exc}; {self.said()})") from None
        answer, _, self.pending = b"".join(chunks).partition(b",")
        try:
            reply: dict = json.loads(base64.b64decode(answer))["payload"]
        except (ValueError, KeyError, TypeError):
            raise PagefindError("Pagefind gave an answer that cannot be read") from None
        if reply.get("type") == "Error":
            raise PagefindError(f"Pagefind failed ({last_line(str(reply.get('message')))})")
        return reply

    def said(self) -> str:
        """The last line Pagefind wrote to its error output, or its exit code."""
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=5)
        self.errors.seek(0)
        line = last_line(self.errors.read()[-4096:].decode("utf-8", "replace"))
        return line if line != "no message" else f"exit code {self.process.poll()}"

    def close(self) -> None:
        with contextlib.suppress(OSError):
            if self.process.stdin:
                self.process.stdin.close()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.errors.close()


def sort_filters(files: dict[str, bytes]) -> dict[str, bytes]:
    """The bundle with Pagefind's filter values in a fixed order, so that the same pages give
    the same bundle.

    Pagefind writes the values of each filter, and the filters in its metadata,
    in hash-map order, which changes on every run (Pagefind issue #638). Both
    are gzipped CBOR (after a ``pagefind_dcd`` signature) and named by a hash of
    their content: sort them, name them anew, and point the metadata and
    ``pagefind-entry.json`` at the new names.
    """
    try:
        files = dict(files)
        entry = json.loads(files[ENTRY])
        for info in entry["languages"].values():
            meta_name = f"pagefind.{info['hash']}.pf_meta"
            meta = _loads(files.pop(meta_name))
            if not isinstance(meta, list) or len(meta) < 4:
                raise PagefindError("unknown metadata layout")
            filters = []
            for name, chunk in meta[3]:
                label, values = _loads(files.pop(f"filter/{chunk}.pf_filter"))
                if not isinstance(label, str) or not all(isinstance(v[0], str) for v in values):
                    raise PagefindError("unknown filter layout")
                data = _dump([label, sorted(values, key=lambda value: value[0])])
                new_chunk = _name(chunk, data, 7)
                files[f"filter/{new_chunk}.pf_filter"] = data
                filters.append([name, new_chunk])
            meta[3] = sorted(filters)
            data = _dump(meta)
            info["hash"] = _name(info["hash"], data, 10)
            files[f"pagefind.{info['hash']}.pf_meta"] = data
        files[ENTRY] = json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    except PagefindError:
        raise
    except (KeyError, ValueError, TypeError, IndexError, EOFError, OSError) as exc:
        raise PagefindError(f"an incomplete bundle ({type(exc).__name__}: {exc})") from None
    return files


def _name(previous: str, data: bytes, length: int) -> str:
    """A content-hash name with the language prefix of Pagefind's own ("en_1a2b3c4")."""
    prefix = previous.rpartition("_")[0]
    return f"{prefix}_{hashlib.sha256(data).hexdigest()[:length]}"


def _loads(data: bytes) -> Any:
    """A Pagefind index file (gzipped CBOR after a signature) as plain values; ValueError if it is not one.

    Any, as ``json.loads``: the callers check the layout they read, and a bundle of another
    layout fails them with an error that ``sort_filters`` turns into a PagefindError.
    """
    raw = gzip.decompress(data)
    if not raw.startswith(SIGNATURE):
        raise ValueError("not a Pagefind file")
    value, end = _decode(raw, len(SIGNATURE))
    if end != len(raw):
        raise ValueError("trailing data")
    return value


def _dump(value: object) -> bytes:
    return gzip.compress(SIGNATURE + _encode(value), mtime=0)


def _decode(data: bytes, at: int) -> tuple[object, int]:
    """The CBOR subset Pagefind's index files use: integers, text and arrays."""
    major, info = data[at] >> 5, data[at] & 31
    at += 1
    if info < 24:
        number = info
    elif info <= 27:
        size = 1 << (info - 24)
        number, at = int.from_bytes(data[at : at + size], "big"), at + size
    else:
        raise ValueError("unsupported CBOR length")
    if major == 0:
        return number, at
    if major == 1:
        return -1 - number, at
    if major == 2:
        return data[at : at + number], at + number
    if major == 3:
        return data[at : at + number].decode("utf-8"), at + number
    if major == 4:
        items = []
        for _ in range(number):
            item, at = _decode(data, at)
            items.append(item)
        return items, at
    raise ValueError(f"unsupported CBOR major type {major}")


def _encode(value: object) -> bytes:
    if isinstance(value, bool):
        raise ValueError("unsupported CBOR value")
    if isinstance(value, int):
        return _head(0, value) if value >= 0 else _head(1, -1 - value)
    if isinstance(value, bytes):
        return _head(2, len(value)) + value
    if isinstance(value, str):
        text = value.encode("utf-8")
        return _head(3, len(text)) + text
    if isinstance(value, list):
        return _head(4, len(value)) + b"".join(_encode(item) for item in value)
    raise ValueError("unsupported CBOR value")


def _head(major: int, number: int) -> bytes:
    if number < 24:
        return bytes([major << 5 | number])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if number < 1 << (8 * size):
            return bytes([major << 5 | info]) + number.to_bytes(size, "big")
    raise ValueError("integer too large for CBOR")


def last_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else "no message"
