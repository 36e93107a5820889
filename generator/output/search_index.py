"""The search index, kept in parts that are remade only when they change.

Pagefind has no incremental mode, but its browser side searches several
bundles together (``mergeIndex``). The indexed pages are split into parts
(articles by year, topic pages, figure pages; a part that grows past its
bound, ``PART_PAGES``, splits by quarter, then by month, or by first letter),
each its own bundle in ``/pagefind/<part>/``. A bundle's name
(``<part>-<fingerprint>``) holds a hash of what Pagefind would be given: each
page's search document, which is its ``<main>`` without the elements marked
``data-pagefind-ignore`` (side panels, lists of other articles).
``/pagefind/bundles.json`` lists the parts the search page merges and the
name of each bundle. A part whose bundle in the output has the same name is
carried over as it is; only the others are indexed again, and of a bundle made
again only the files that differ are written: Pagefind names its chunks by
their contents, so one article edited changes a handful of a part's hundreds of
files. Parts no longer there go.

A preview indexes in the background (``Indexer``): the build publishes the
pages at once, with the last bundle of each part that changed, and the next
build, started when the index has caught up, publishes the new one.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from generator.core import stored
from generator.core.models import Route
from generator.core.parallel import default_jobs
from generator.output import pagefind
from generator.site.routes import kind_of
from generator.site.search import BUNDLES, LIST

if TYPE_CHECKING:
    from generator.commands.indexer import Indexer
    from generator.output.write import Writer

FORMAT = "1"  # bumped when the search documents change shape, so that every part is made again
# A part with more pages than its kind's bound is split. Re-indexing a part after an edit
# costs Pagefind about 1.2 ms a page, and each part is one more bundle for the reader's browser
# to merge. Articles are what editors change most: their parts stay small (at 10,000 articles a
# year holds ~660 pages, 0.8 s of Pagefind; a quarter ~170, 0.2 s). Topic and figure pages
# change less often and stay whole longer. Bounded, the parts bound Pagefind's memory.
PART_PAGES = {"article": 250}
OTHER_PART_PAGES = 2000
IGNORE = " data-pagefind-ignore"
# What an ignored element may hold that Pagefind still reads: such elements stay.
KEPT_MARKS = ("data-pagefind-filter", "data-pagefind-meta", "data-pagefind-sort")
TABLE = "search-pages.pickle"  # page stamp -> digest of its search document, in the build cache


def check() -> str | None:
    """Why search cannot be built on this machine, or None when Pagefind runs."""
    found, problem = _version()
    if found is not None:
        return None
    advice = "install it with `pip install 'pagefind[bin]'`, or set `search: false` in site.yaml"
    return f"search is on but {problem}: building without search; {advice}"


def _version() -> tuple[str | None, str]:
    binary = pagefind.find_binary()
    try:
        changed = binary.stat().st_mtime_ns if binary else 0
    except OSError:
        changed = -1
    return _version_of(str(binary), changed)


@lru_cache(maxsize=4)
def _version_of(binary: str, changed: int) -> tuple[str | None, str]:
    return pagefind.version()


@dataclass(frozen=True, slots=True)
class Part:
    """A share of the indexed pages that makes one bundle."""

    key: str  # "2019", "2019-03", "topics", "figures-a"
    pages: tuple[tuple[str, str], ...]  # (site URL, output path), in URL order


def parts(routes: list[Route]) -> list[Part]:
    """The parts of the index: articles by year, topics, figures; each in smaller parts (a year
    by quarter, then by month; figures by first letter) when it holds more pages than its kind's
    bound (``PART_PAGES``)."""
    groups: dict[str, list[tuple[tuple[str, ...], str, str]]] = defaultdict(list)
    bounds: dict[str, int] = {}
    for route in routes:
        kind = kind_of(route)
        if found := kind.search_part(route):
            groups[found[0]].append((found, route.url, route.out_path))
            bounds[found[0]] = PART_PAGES.get(kind.name, OTHER_PART_PAGES)
    made: list[Part] = []
    for top, pages in groups.items():
        level = 0  # the largest parts within the bound, or else the smallest
        while (
            level + 1 < len(pages[0][0])
            and max(Counter(keys[level] for keys, _, _ in pages).values()) > bounds[top]
        ):
            level += 1
        by_part: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for keys, url, path in pages:
            by_part[keys[level]].append((url, path))
        made += [Part(key, tuple(sorted(found))) for key, found in by_part.items()]
    return sorted(made, key=lambda part: part.key)


def document(html: str) -> str | None:
    """What Pagefind is given of a page: its indexed element without the parts marked
    ``data-pagefind-ignore``; None for a page that is not indexed."""
    at = html.find(" data-pagefind-body")
    if at < 0:
        return None
    start = html.rfind("<", 0, at)
    name = _tag_name(html, start)
    end = _element_end(html, start, name)
    body = html[start:end] if end > 0 else html[start:]
    scan = 0
    while (found := body.find(IGNORE, scan)) >= 0:
        opening = body.rfind("<", 0, found)
        ignored = _tag_name(body, opening)
        close = _element_end(body, opening, ignored)
        if close < 0 or any(mark in body[opening:close] for mark in KEPT_MARKS):
            scan = found + len(IGNORE)
            continue
        body = body[:opening] + body[close:]
        scan = opening
    language = "en"
    if (lang := html.find(' lang="', 0, start)) >= 0:
        language = html[lang + 7 : html.find('"', lang + 7)]
    return f'<!doctype html><html lang="{language}"><head></head><body>{body}</body></html>'


def _tag_name(html: str, at: int) -> str:
    end = at + 1
    while end < len(html) and (html[end].isalnum() or html[end] == "-"):
        end += 1
    return html[at + 1 : end]


def _element_end(html: str, start: int, name: str) -> int:
    """Where the element opened at ``start`` ends (after its closing tag), or -1."""
    opening, closing = f"<{name}", f"</{name}>"
    depth, at = 1, html.find(">", start) + 1
    while depth:
        close = html.find(closing, at)
        if close < 0:
            return -1
        other = html.find(opening, at, close)
        if other >= 0 and html[other + len(opening)] in " >\n\t":
            depth, at = depth + 1, other + len(opening)
        elif other >= 0:
            at = other + len(opening)
        else:
            depth, at = depth - 1, close + len(closing)
    return at


def digest(text: str | None) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32] if text is not None else ""


@dataclass(frozen=True, slots=True)
class Bundle:
    """A part's bundle in the output: what it was made from (its name), and its files."""

    name: str  # "<part>-<fingerprint>"
    files: list[tuple[str, str]]  # (output path, stamp)


def publish(
    writer: Writer, routes: list[Route], cache: Path | None, indexer: Indexer | None = None
) -> str | None:
    """Bring the search bundles of the new build up to date; returns a problem or None.

    Parts whose bundle is already in the output are carried; the others are
    indexed now, or by ``indexer`` in the background (then the part's last
    bundle stays until the new one is ready).
    """
    version, problem = _version()
    if version is None:
        return f"search index not built: {problem}"
    table = _load_table(cache)
    known: dict[str, str] = {}  # this build's stamps and digests, kept for the next one
    previous = _previous_bundles(writer)
    published: list[tuple[str, str]] = []  # (part, bundle name), in order
    to_make: list[tuple[int, Part, str]] = []  # (place in the list, part, bundle name)
    wanted: list[str] = []  # the bundles asked of the indexer
    for part in parts(routes):
        read: dict[str, str | None] = {}  # the documents of this part read here, by path
        name = _bundle_name(writer, part, table, known, read, version)
        if name is None:
            continue
        last = previous.get(part.key)
        if last is not None and last.name == name and _intact(writer, last.files):
            writer.carry(last.files)
            published.append((part.key, name))
        elif indexer is None:
            to_make.append((len(published), part, name))
            published.append((part.key, name))
        elif (made := indexer.ready(name)) is not None:
            _put(writer, part.key, made)
            published.append((part.key, name))
        else:
            if not indexer.waiting(part.key, name):  # asked for by a build before: not read again
                indexer.want(part.key, name, _documents(writer, part, read))
            wanted.append(name)
            if last is not None and _intact(writer, last.files):  # until it is made, the last one stays
                writer.carry(last.files)
                published.append((part.key, last.name))
    failed = _make_all(writer, to_make, published)
    kept = [(key, name) for key, name in published if name]
    if indexer is not None:
        indexer.keep([*(name for _, name in kept), *wanted])
    listed = {"bundles": [key for key, _ in kept], "made": [name for _, name in kept]}
    writer.put(LIST, json.dumps(listed, separators=(",", ":")).encode() + b"\n")
    _save_table(cache, known)
    if failed:
        return f"search index not built for {', '.join(failed[1:])}: {failed[0]}"
    return None


def _bundle_name(
    writer: Writer,
    part: Part,
    table: dict[str, str],
    known: dict[str, str],
    read: dict[str, str | None],
    version: str,
) -> str | None:
    """The name of ``part``'s bundle: its key and a hash of what Pagefind would be given;
    None when none of its pages is indexed. The documents read are left in ``read``."""
    lines = []
    for url, path in part.pages:
        stamp = writer.stamps.get(path, "")
        found = table.get(stamp) if stamp else None
        if found is None:
            read[path] = document(_read(writer, path))
            found = digest(read[path])
        if stamp:
            known[stamp] = found
        if found:
            lines.append(f"{url} {found}")
    if not lines:
        return None
    text = f"{FORMAT}\n{version}\n" + "\n".join(lines)
    return f"{part.key}-{hashlib.sha256(text.encode('utf-8')).hexdigest()[:12]}"


def _make_all(
    writer: Writer, to_make: list[tuple[int, Part, str]], published: list[tuple[str, str]]
) -> list[str]:
    """Index the parts ``to_make``, Pagefind on one part at a time per core (its memory is
    bounded by the largest parts), each bundle put in the build as it comes. A part that
    fails is taken out of ``published``; returns why the first failed, then the parts."""
    failed: list[str] = []
    jobs = [(writer, part) for _, part, _ in to_make]
    with ThreadPoolExecutor(max(1, min(default_jobs(), len(to_make)))) as pool:
        for (place, part, _), outcome in zip(to_make, pool.map(_make, jobs), strict=True):
            if isinstance(outcome, dict):
                _put(writer, part.key, outcome)
                continue
            published[place] = (part.key, "")
            failed += [part.key] if failed else [outcome, part.key]
    return failed


def _documents(
    writer: Writer, part: Part, read: dict[str, str | None] | None = None
) -> list[tuple[str, str]]:
    """What Pagefind is given for ``part``: (URL, search document) for each indexed page, in order;
    the pages in ``read`` (path: document) are not read again."""
    found = []
    read = read or {}
    for url, path in part.pages:
        text = read[path] if path in read else document(_read(writer, path))
        if text is not None:
            found.append((url, text))
    return found


def _make(job: tuple[Writer, Part]) -> dict[str, bytes] | str:
    """Index one part: its bundle's files, or the problem."""
    writer, part = job
    try:
        return pagefind.make_bundle(_documents(writer, part), part.key)
    except (OSError, pagefind.PagefindError) as exc:
        return str(exc)


def _read(writer: Writer, path: str) -> str:
    """A page of the new build: in the spare when this build wrote it, else in the output."""
    root = writer.staging if writer.spare.get(path) == writer.stamps.get(path) else writer.output
    return (root / path).read_text(encoding="utf-8")


def _previous_bundles(writer: Writer) -> dict[str, Bundle]:
    """The output's bundles, by part: the name ``bundles.json`` gives each, and its files."""
    files: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for name, stamp in writer.previous.items():
        folder, _, rest = name.partition("/")
        if folder == BUNDLES and "/" in rest:
            files[rest.partition("/")[0]].append((name, stamp))
    try:
        listed = json.loads((writer.output / LIST).read_bytes()) if LIST in writer.previous else {}
        made = dict(zip(listed["bundles"], listed["made"], strict=True)) if listed else {}
    except (OSError, ValueError, KeyError, TypeError):
        made = {}  # a list from before bundles kept their folder, or unreadable: nothing to carry
    return {key: Bundle(name, files[key]) for key, name in made.items() if key in files}


def _intact(writer: Writer, files: list[tuple[str, str]]) -> bool:
    """Whether every file of a bundle of the output is there, so that it may be carried over
    (its files were written by the build's writer, as pages are, and are trusted as they are)."""
    if not any(name.endswith(f"/{pagefind.ENTRY}") for name, _ in files):
        return False
    root = str(writer.output)
    return all(os.path.isfile(f"{root}/{name}") for name, _ in files)


def _put(writer: Writer, key: str, files: dict[str, bytes]) -> None:
    """Put a part's bundle in the new build, in its folder: a file the last builds
    already have (Pagefind names its chunks by their contents) is not written again."""
    for name, data in sorted(files.items()):
        writer.put(f"{BUNDLES}/{key}/{name}", data)


def _load_table(cache: Path | None) -> dict[str, str]:
    """The digests a build kept; an empty table when the file is missing or damaged (a wrong
    digest would name a bundle wrongly: the file is read only when intact, see stored.py)."""
    table = stored.load(cache / TABLE) if cache is not None else None
    return table if isinstance(table, dict) else {}


def _save_table(cache: Path | None, table: dict[str, str]) -> None:
    """Keep the digests for the next build; one that cannot be kept only makes it slower."""
    if cache is not None:
        with contextlib.suppress(OSError):
            stored.dump(cache / TABLE, table)
