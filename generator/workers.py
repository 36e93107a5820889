"""Spread Markdown conversion and page rendering over a process pool.

Small sites run in this process. Large ones fork workers, which inherit the
dossier, the views and the renderer at fork time, so nothing big is pickled;
each worker takes fixed slices of the work and results are merged in a fixed
order, so the output is byte-identical to a single-process build.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace

from .cache import page_fingerprint
from .markup import MarkupError, fingerprint, to_html
from .mentions import MentionTable
from .models import ContentError, Route
from .pages import Views
from .render import Renderer
from .write import Writer

# Below these sizes a pool costs more than it saves.
MIN_PARALLEL_TEXTS = 200
MIN_PARALLEL_PAGES = 400
CHUNK = 64


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def _pool(jobs: int, initializer=None, initargs=()) -> ProcessPoolExecutor:
    # fork: workers start with the parent's memory, so the job needs no pickling.
    return ProcessPoolExecutor(
        jobs, mp_context=multiprocessing.get_context("fork"), initializer=initializer, initargs=initargs
    )


_mentions: MentionTable | None = None  # the worker process's copy, set by the pool initializer


def _start_converter(mentions: MentionTable | None) -> None:
    global _mentions
    _mentions = mentions


def _convert(text: str, mentions: MentionTable | None) -> str | MarkupError:
    try:
        return to_html(text, mentions)
    except MarkupError as exc:
        return exc


def _convert_in_worker(item: tuple[str, bool]) -> str | MarkupError:
    text, linked = item
    return _convert(text, _mentions if linked else None)


def convert_all(
    records,
    previous: dict[str, str],
    current: dict[str, str],
    problems: list[ContentError],
    jobs: int,
    mentions: MentionTable | None = None,
    autolink: bool = True,
):
    """Fill in ``html`` from Markdown, reusing HTML cached by the source's content hash.

    With ``mentions`` (articles only), figure mentions are linked in every record
    whose own ``autolink`` is true, or unset while ``autolink`` (the site's) is true.
    """
    tables = [
        mentions if mentions is not None and (autolink if r.autolink is None else r.autolink) else None
        for r in records
    ]
    keys, quick_keys = _markup_keys(records, tables, previous)
    missing = {
        key: (record.body, table)
        for key, record, table in zip(keys, records, tables, strict=True)
        if key not in previous
    }
    if jobs > 1 and len(missing) >= MIN_PARALLEL_TEXTS:
        items = [(text, table is not None) for text, table in missing.values()]
        if mentions is not None:
            mentions.prepare()  # once, here, rather than in every worker
        with _pool(jobs, _start_converter, (mentions,)) as pool:
            results = dict(zip(missing, pool.map(_convert_in_worker, items, chunksize=CHUNK), strict=True))
    else:
        results = {key: _convert(text, table) for key, (text, table) in missing.items()}
    converted = []
    for key, quick, record in zip(keys, quick_keys, records, strict=True):
        html = previous.get(key) or results.get(key)
        if isinstance(html, MarkupError):
            problems.append(ContentError(record.path, record.body_line + html.line, str(html)))
            continue
        current[key] = current[quick] = html
        converted.append(replace(record, html=html))
    return converted


def _markup_keys(records, tables, previous: dict[str, str]) -> tuple[list[str], list[str]]:
    """Two cache keys for each record's HTML: the one to look up, and a quick one to store too.

    The exact key holds only the figure names found in the text, so adding a
    figure elsewhere does not re-convert every article; but finding names costs
    more than hashing. The quick key holds the whole table of names: a text
    whose quick key is cached needs no search for names.
    """
    unique = {id(t): t for t in tables if t is not None}
    whole = {key: table.fingerprint for key, table in unique.items()}
    keys, quick_keys = [], []
    for record, table in zip(records, tables, strict=True):
        quick = fingerprint(record.body, whole[id(table)] if table is not None else "-")
        quick_keys.append(quick)
        if quick in previous or table is None:
            keys.append(quick)
        else:
            names = "\n".join(f"{m.slug}\t{m.text}" for m in table.find(record.body))
            keys.append(fingerprint(record.body, names))
    return keys, quick_keys


@dataclass(frozen=True, slots=True)
class RenderJob:
    """Everything needed to render pages: shared with workers at fork time."""

    routes: list[Route]
    views: Views
    renderer: Renderer
    writer: Writer
    setup: str  # what every page's fingerprint shares


@dataclass(frozen=True, slots=True)
class Rendered:
    fingerprints: list[tuple[str, str]]  # (out_path, fingerprint) of every page
    written: list[str]  # the pages rendered and written; the others were kept

    @property
    def kept(self) -> int:
        return len(self.fingerprints) - len(self.written)


def render_range(job: RenderJob, start: int, stop: int) -> Rendered:
    """Render routes[start:stop]; a page whose fingerprint is unchanged is kept, not rendered."""
    stamps, written = [], []
    for route in job.routes[start:stop]:
        context = job.views.context(route)
        stamp = page_fingerprint(job.setup, route.template, context)
        stamps.append((route.out_path, stamp))
        if not job.writer.keep(route.out_path, stamp):
            job.writer.write(route.out_path, job.renderer.render(route, context))
            written.append(route.out_path)
    return Rendered(stamps, written)


_job: RenderJob | None = None  # the worker process's copy, set once by the pool initializer


def _start_worker(job: RenderJob) -> None:
    global _job
    _job = job


def _render_slice(bounds: tuple[int, int]) -> Rendered:
    assert _job is not None
    return render_range(_job, *bounds)


def render_all(job: RenderJob, jobs: int, progress: Callable[[int, int], None] | None = None) -> Rendered:
    """Render every route, in parallel for large sites; return fingerprints in route order."""
    total = len(job.routes)
    step = CHUNK if jobs > 1 and total >= MIN_PARALLEL_PAGES else max(total, 1)
    bounds = [(start, min(start + step, total)) for start in range(0, total, step)]
    if step == total or total == 0:
        parts = [render_range(job, 0, total)]
        if progress:
            progress(total, total)
    else:
        parts = []
        with _pool(jobs, _start_worker, (job,)) as pool:
            for part in pool.map(_render_slice, bounds):
                parts.append(part)
                if progress:
                    progress(min(len(parts) * step, total), total)
    return Rendered(
        [stamp for part in parts for stamp in part.fingerprints],
        [name for part in parts for name in part.written],
    )
