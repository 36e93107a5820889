"""Spread Markdown conversion and page rendering over a process pool.

Small sites run in this process. Large ones fork workers, which inherit the
dossier, the views and the renderer at fork time, so nothing big is pickled;
each worker takes fixed slices of the work and results are merged in a fixed
order, so the output is byte-identical to a single-process build.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from generator.content.bodies import BodyFacts
from generator.content.images import ImageTable
from generator.core.models import Article, ContentError, Profile, Route, Subject
from generator.core.parallel import fork_pool, shared
from generator.markup import MarkupError, fingerprint, to_html
from generator.markup.mentions import MentionTable
from generator.markup.pictures import BodyImages, ImageProblem
from generator.output.cache import HtmlStore
from generator.output.write import Writer, content_stamp
from generator.render import Renderer
from generator.site.reads import Key
from generator.site.routes import kind_of, page_context
from generator.site.urls import url_for
from generator.site.views import Views

# Below these sizes a pool costs more than it saves (pages: see ``_work``).
MIN_PARALLEL_TEXTS = 200
MIN_PARALLEL_PAGES = 400
CHUNK = 64
UNSTAMPED = "-"  # the stamp of a page built without a cache: no build after it compares stamps


Conversion = tuple[str, list[ImageProblem]] | MarkupError


def _convert(text: str, mentions: MentionTable | None, images: BodyImages | None) -> Conversion:
    """HTML and the problems of the body's images, or the error."""
    try:
        html = to_html(text, mentions, images)
    except MarkupError as exc:
        return exc
    return html, images.problems if images else []


def _convert_in_worker(item: tuple[str, bool, BodyImages | None]) -> Conversion:
    text, linked, images = item
    return _convert(text, shared() if linked else None, images)  # the mention table


def page_of(record: Article | Profile) -> str:
    """The site URL of the page that shows a record's body: body image links are relative to it."""
    if isinstance(record, Article):
        return url_for(record)
    return url_for(Subject(record.kind, record.slug, record.name, None))


@dataclass(frozen=True, slots=True)
class KnownBody:
    """A body a preview's last build converted, and what its HTML was made from."""

    record: Article | Profile
    digest: str  # of its text
    names: MentionTable | None  # the figure names linked in it
    images: ImageTable | None
    key: str  # its HTML's key in the store
    quick: str  # the key made without reading its text


Converted = dict[str, KnownBody]  # by path


def _convert_missing(
    missing: dict[str, tuple], jobs: int, mentions: MentionTable | None
) -> dict[str, Conversion]:
    """The HTML (or MarkupError) of each body missing from the store, by key; over a process
    pool when there are enough of them."""
    if jobs > 1 and len(missing) >= MIN_PARALLEL_TEXTS:
        items = [(text, names is not None, body_images) for text, names, body_images in missing.values()]
        if mentions is not None:
            mentions.prepare()  # once, here, rather than in every worker
        with fork_pool(jobs, mentions) as pool:
            return dict(zip(missing, pool.map(_convert_in_worker, items, chunksize=CHUNK), strict=True))
    return {key: _convert(*item) for key, item in missing.items()}


def _not_known(
    records: Sequence[Article | Profile],
    facts: dict[str, BodyFacts],
    store: HtmlStore,
    known: Converted,
    made_from: dict[str, str],
    mentions: MentionTable | None,
    autolink: bool,
    images: ImageTable | None,
) -> tuple[list[Article | Profile], list[str], list[MentionTable | None]]:
    """The records whose body must be keyed (not one the last build converted, as it was),
    with the digest of each body and the names table it is linked with. A known body's key
    goes into ``made_from`` and ``store`` is told it is used."""
    todo, digests, tables = [], [], []
    for record in records:
        digest = facts[record.path].digest
        own = record.autolink if isinstance(record, Article) else None  # mentions: articles only
        names = mentions if mentions is not None and (autolink if own is None else own) else None
        last = known.get(record.path)
        if (
            last
            and last.record is record
            and last.digest == digest
            and last.names is names
            and last.images is images
        ):
            store.use(last.key, last.quick)
            made_from[record.path] = last.key
        else:
            todo.append(record)
            digests.append(digest)
            tables.append(names)
    return todo, digests, tables


def convert_all(
    records: Sequence[Article | Profile],
    bodies: Mapping[str, str],
    facts: dict[str, BodyFacts],
    store: HtmlStore,
    problems: list[ContentError],
    jobs: int,
    mentions: MentionTable | None = None,
    autolink: bool = True,
    images: ImageTable | None = None,
    known: Converted | None = None,
) -> dict[str, str]:
    """Convert each record's body (``bodies``, by path) whose HTML ``store`` does not hold by
    the body's content hash, and tell ``store`` the HTML this build shows.

    With ``mentions`` (articles only), figure mentions are linked in every record
    whose own ``autolink`` is true, or unset while ``autolink`` (the site's) is true.
    A body that shows images also depends on its page and on the site's images,
    so those are part of its key; a body whose images have problems is not
    cached, so that its warnings are reported again by the next build. A body
    that cannot be converted has no HTML, and its error is in ``problems``.
    Keys are made from ``facts`` (see bodies.py): a body's text is read only
    when its HTML is not stored, or to find the figure names in it.

    ``known`` (a preview's, kept from build to build) skips even the cache keys
    of a body whose record, text and tables of names and images are those of
    the last build; it is updated in place.

    Returns the key of each body's HTML (what it is made from; ``store.html(key)``), by path.
    """
    known = {} if known is None else known
    made_from: dict[str, str] = {}
    records, digests, tables = _not_known(records, facts, store, known, made_from, mentions, autolink, images)
    table = (
        ImageTable(images.images, refused=images.refused) if images else None
    )  # no file bytes for the pool
    pictures = [
        BodyImages(table, r.path, page_of(r)) if table is not None and facts[r.path].images else None
        for r in records
    ]
    contexts = [f"{p.source}\0{p.page_url}\0{p.table.digest}" if p else "" for p in pictures]
    keys, quick_keys = _markup_keys(records, bodies, digests, tables, contexts, store)
    missing = {
        key: (bodies[record.path], names, body_images)
        for key, record, names, body_images in zip(keys, records, tables, pictures, strict=True)
        if key not in store
    }
    results = _convert_missing(missing, jobs, mentions)
    for key, quick, record, digest, names in zip(keys, quick_keys, records, digests, tables, strict=True):
        result: Conversion | tuple[None, list] = results.get(key, (None, []))
        if isinstance(result, MarkupError):
            problems.append(ContentError(record.path, record.body_line + result.line, str(result)))
            continue
        html, found = result
        problems += [
            ContentError(
                record.path, _line_of(record, bodies[record.path], image.src), image.message, image.warning
            )
            for image in found
        ]
        store.use(key, quick, html, keep=not found)
        if not found:
            known[record.path] = KnownBody(record, digest, names, images, key, quick)
        made_from[record.path] = key
    return made_from


def _line_of(record: Article | Profile, body: str, src: str) -> int:
    """The line of the body where ``src`` first appears (the image's line, almost always)."""
    at = body.find(f"({src}")
    if at < 0:
        at = body.find(src)
    return record.body_line + (body[:at].count("\n") if at >= 0 else 0)


def _markup_keys(
    records: list[Article | Profile],
    bodies: Mapping[str, str],
    digests: list[str],
    tables: list[MentionTable | None],
    contexts: list[str],
    store: HtmlStore,
) -> tuple[list[str], list[str]]:
    """Two cache keys for each body's HTML: the exact one, under which the HTML is
    stored, and a quick one, under which the exact key is stored.

    Both hold the body's digest. The exact key holds only the figure names
    found in the text, so adding a figure elsewhere does not re-convert every
    article; but finding names means reading the text and searching it. The
    quick key holds the whole table of names: a body whose quick key is cached
    needs neither. ``contexts`` is what else each body's HTML depends on (its
    images), "" for most.
    """
    unique = {id(t): t for t in tables if t is not None}
    whole = {key: table.fingerprint for key, table in unique.items()}
    keys, quick_keys = [], []
    for record, digest, table, context in zip(records, digests, tables, contexts, strict=True):
        source = f"{context}\0{digest}" if context else digest
        quick = fingerprint(source, whole[id(table)] if table is not None else "-")
        quick_keys.append(quick)
        if table is None:
            keys.append(quick)
        elif (exact := store.exact_key(quick)) is not None:
            keys.append(exact)
        else:
            names = "\n".join(f"{m.slug}\t{m.text}" for m in table.find(bodies[record.path]))
            keys.append(fingerprint(source, names))
    return keys, quick_keys


@dataclass(frozen=True, slots=True)
class RenderJob:
    """Everything needed to render pages: shared with workers at fork time."""

    routes: list[Route]
    views: Views
    renderer: Renderer
    writer: Writer
    unchanged: dict[str, str]  # out_path -> stamp of the pages known to be as the last build left them


@dataclass(frozen=True, slots=True)
class Rendered:
    stamps: list[tuple[str, str]]  # (out_path, stamp) of every page
    written: list[str]  # the pages rendered and written; the others were kept
    read: list[tuple[str, tuple[Key, ...]]]  # (out_path, what it read) of every page rendered

    @property
    def kept(self) -> int:
        return len(self.stamps) - len(self.written)


def render_range(job: RenderJob, start: int, stop: int) -> Rendered:
    """Render routes[start:stop] and write the pages whose bytes differ from the last build's.

    A page whose inputs are unchanged (``job.unchanged``) is kept without even
    its context being made. Without a state file (``--no-cache``) no build
    compares stamps, so none are made: every page is written, stamped ``UNSTAMPED``.
    """
    stamps, written, read = [], [], []
    stamped = job.writer.state_file is not None
    for route in job.routes[start:stop]:
        stamp = job.unchanged.get(route.out_path)
        if stamp is not None and job.writer.keep(route.out_path, stamp):
            stamps.append((route.out_path, stamp))  # known unchanged: not even its context is needed
            continue
        with job.views.reading(route) as reads:
            context = page_context(job.views, route)
        data = job.renderer.render(route, context)
        stamp = content_stamp(data) if stamped else UNSTAMPED
        stamps.append((route.out_path, stamp))
        if stamped:
            read.append((route.out_path, tuple(sorted(reads))))
        if not job.writer.keep(route.out_path, stamp):
            job.writer.write(route.out_path, data)
            written.append(route.out_path)
    return Rendered(stamps, written, read)


def _render_slice(bounds: tuple[int, int]) -> Rendered:
    return render_range(shared(), *bounds)


def render_all(job: RenderJob, jobs: int, progress: Callable[[int, int], None] | None = None) -> Rendered:
    """Render every route, in parallel for large sites; return the stamps in route order."""
    total = len(job.routes)
    job.writer.begin()  # in this process, before workers fork: they share what it knows of the spare
    if jobs <= 1 or _work(job) < MIN_PARALLEL_PAGES:
        parts = [render_range(job, 0, total)]
        if progress:
            progress(total, total)
    else:
        slices, done = _slices(job.routes), 0
        placed: list[tuple[int, Rendered]] = []
        with fork_pool(jobs, job) as pool:
            for (start, stop), part in zip(slices, pool.map(_render_slice, slices), strict=True):
                placed.append((start, part))
                done += stop - start
                if progress:
                    progress(done, total)
        parts = [part for _, part in sorted(placed, key=lambda pair: pair[0])]
    return Rendered(
        [stamp for part in parts for stamp in part.stamps],
        [name for part in parts for name in part.written],
        [pair for part in parts for pair in part.read],
    )


def _whole(route: Route) -> bool:
    """Pages made from the whole dossier (the timeline, the data files, the indexes) each
    take as long as a hundred others: workers take them first, one at a time, so that
    none is left for the end while the other workers wait."""
    return kind_of(route).whole_dossier(route)


def _work(job: RenderJob) -> int:
    """The pages left to render, as so many article pages: a page made from the whole
    dossier counts as one per hundred articles (the data files of 10,000 take a second)."""
    whole = max(1, len(job.views.dossier.articles) // 100)
    return sum(whole if _whole(r) else 1 for r in job.routes if r.out_path not in job.unchanged)


def _slices(routes: list[Route]) -> list[tuple[int, int]]:
    """The slices of ``routes`` that workers take, in the order they take them:
    each whole-dossier page alone, then runs of up to ``CHUNK`` pages in between."""
    alone, runs, start = [], [], 0
    for index, route in enumerate([*routes, None]):
        whole = route is not None and _whole(route)
        if route is None or whole:
            runs += [(at, min(at + CHUNK, index)) for at in range(start, index, CHUNK)]
            if whole:
                alone.append((index, index + 1))
            start = index + 1
    return alone + runs
