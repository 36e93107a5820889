"""Full-text search: the search page's route and context, and Pagefind run over the finished site.

Pagefind comes from PyPI (``pagefind[bin]``, which ships the binary); it runs
offline on the staging folder after every page is written, and writes its
bundle to ``/pagefind/``. Pages opt in with ``data-pagefind-body`` (set by
``base.html`` from the page's Meta), so only articles and topic and figure
pages are indexed.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING

from .config import SiteConfig
from .models import Route
from .routes import out_path, url_for

if TYPE_CHECKING:
    from .pages import Views

ENVIRONMENT = "PAGEFIND_BINARY_PATH"  # the pagefind package's own override of the binary
TIMEOUT = 600  # seconds; a large dossier indexes in a few
BUNDLE = url_for("pagefind").strip("/")  # the folder Pagefind writes
ENTRY = "pagefind-entry.json"  # the bundle's table of contents, with Pagefind's version
SIGNATURE = b"pagefind_dcd"  # what every decompressed index file of Pagefind starts with


def routes(config: SiteConfig) -> list[Route]:
    if not config.search:
        return []
    url = url_for("search")
    return [Route(url, out_path(url), "search.html", "search")]


def context(views: Views, route: Route) -> dict:
    bundle = url_for("pagefind")
    return {
        "page": views.page(
            route, "Search", f"Search every article, topic and figure of {views.config.title}."
        ),
        "ui_script": f"{bundle}pagefind-ui.js",
        "ui_style": f"{bundle}pagefind-ui.css",
    }


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


def check() -> str | None:
    """Why search cannot be built on this machine, or None when Pagefind runs."""
    binary = find_binary()
    advice = "install it with `pip install 'pagefind[bin]'`, or set `search: false` in site.yaml"
    if binary is None:
        return f"search is on but the Pagefind binary was not found: building without search; {advice}"
    try:
        result = subprocess.run(
            [str(binary), "--version"], capture_output=True, text=True, timeout=60, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"search is on but Pagefind ({binary}) cannot run ({exc}): building without search; {advice}"
    if result.returncode != 0:
        detail = _last_line(result.stderr or result.stdout)
        return f"search is on but Pagefind ({binary}) failed ({detail}): building without search; {advice}"
    return None


def index(site: Path) -> str | None:
    """Index the HTML pages in ``site`` into ``site/pagefind/``; the problem, or None when it worked."""
    binary = find_binary()
    if binary is None:
        return "search index not built: the Pagefind binary was not found"
    shutil.rmtree(site / BUNDLE, ignore_errors=True)
    try:
        result = subprocess.run(
            [str(binary), "--site", str(site.resolve()), "--quiet"],
            cwd=site,
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        shutil.rmtree(site / BUNDLE, ignore_errors=True)
        return f"search index not built: Pagefind could not run ({exc})"
    if result.returncode != 0:
        # A half-written bundle would break the search page; without one it explains itself.
        shutil.rmtree(site / BUNDLE, ignore_errors=True)
        return f"search index not built: Pagefind failed ({_last_line(result.stderr or result.stdout)})"
    # A bundle laid out differently from what sort_filters knows still works, unsorted.
    with contextlib.suppress(OSError, ValueError, KeyError, TypeError, IndexError):
        sort_filters(site / BUNDLE)
    return None


def sort_filters(bundle: Path) -> None:
    """Put Pagefind's filter values in a fixed order, so that the same pages give the same bundle.

    Pagefind writes the values of each filter, and the filters in its metadata,
    in hash-map order, which changes on every run (Pagefind issue #638). Both
    are gzipped CBOR (after a ``pagefind_dcd`` signature) and named by a hash of
    their content: sort them, write them under new names, point the metadata and
    ``pagefind-entry.json`` at the new names, then remove the old files.
    Everything is read and checked before the first write.
    """
    entry_path = bundle / ENTRY
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    writes: dict[Path, bytes] = {}
    old: list[Path] = []
    for info in entry["languages"].values():
        meta_path = bundle / f"pagefind.{info['hash']}.pf_meta"
        meta = _load(meta_path)
        if not isinstance(meta, list) or len(meta) < 4:
            raise ValueError("unknown metadata layout")
        filters = []
        for name, chunk in meta[3]:
            path = bundle / "filter" / f"{chunk}.pf_filter"
            label, values = _load(path)
            if not isinstance(label, str) or not all(isinstance(v[0], str) for v in values):
                raise ValueError("unknown filter layout")
            data = _dump([label, sorted(values, key=lambda value: value[0])])
            new_chunk = _name(chunk, data, 7)
            writes[bundle / "filter" / f"{new_chunk}.pf_filter"] = data
            old.append(path)
            filters.append([name, new_chunk])
        meta[3] = sorted(filters)
        data = _dump(meta)
        info["hash"] = _name(info["hash"], data, 10)
        writes[bundle / f"pagefind.{info['hash']}.pf_meta"] = data
        old.append(meta_path)
    for path, data in writes.items():
        path.write_bytes(data)
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    for path in old:
        if path not in writes:
            path.unlink()


def _name(previous: str, data: bytes, length: int) -> str:
    """A content-hash name with the language prefix of Pagefind's own ("en_1a2b3c4")."""
    prefix = previous.rpartition("_")[0]
    return f"{prefix}_{hashlib.sha256(data).hexdigest()[:length]}"


def _load(path: Path) -> object:
    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(SIGNATURE):
        raise ValueError(f"{path.name}: not a Pagefind file")
    value, end = _decode(raw, len(SIGNATURE))
    if end != len(raw):
        raise ValueError(f"{path.name}: trailing data")
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


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else "no message"
