"""The build recipe: read and check everything, then render and write, then swap in."""

from __future__ import annotations

import gc
import os
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import cast

from generator.commands.deploy import host_files
from generator.commands.languages import language_trees, links_memo, root_files, search_cache
from generator.commands.publishing import left_out_reasons, linkable, links_of, next_due, select_published
from generator.commands.report import BuildReport, Made, added_up
from generator.commands.session import Session
from generator.content import images
from generator.content.addresses import with_slugs
from generator.content.reading import Content, load_content
from generator.content.spellings import spelling_clashes
from generator.content.timeline import link_timeline
from generator.content.translations import foreign
from generator.core.config import SiteConfig, load_config, with_base_url
from generator.core.locales import LOCALES, theme_language
from generator.core.locales import fingerprint as catalogues_fingerprint
from generator.core.models import Article, CacheLost, ContentError, ContentProblem, OnDemand, Route
from generator.core.parallel import default_jobs
from generator.index.dossier import Dossier, build_dossier, quotations
from generator.markup.links import source_link_problems
from generator.markup.mentions import mention_table
from generator.output import search_index
from generator.output.cache import Cache, LastBuild, code_fingerprint, signature
from generator.output.folder import OutputError, check_output_folder, output_lock, recover, spare_folder
from generator.output.reuse import Inputs, made_of, unchanged_pages
from generator.output.static import copy_static
from generator.output.workers import RenderJob, convert_all, render_all
from generator.output.write import Writer, folder_identity
from generator.render import Renderer, ThemeError, check_theme, theme_fingerprint, theme_folders
from generator.site.routes import build_routes
from generator.site.translations import Translations
from generator.site.views import Views

Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class BuildOptions:
    """What the user asked for on the command line."""

    site: Path = Path(".")
    output: Path | None = None  # default: <site>/build
    drafts: bool = False
    future: bool = False
    strict: bool = False
    base_url: str | None = None
    offline: bool = False  # as `offline: true` in site.yaml: links name files, for reading from a folder
    cache: bool = True
    cache_dir: Path | None = None  # default: <site>/.dossier-cache
    now: datetime | None = None  # for tests: the moment that decides what is "future"
    jobs: int = 0  # worker processes; 0: one per core
    defer_cache: bool = False  # a preview keeps its cache in memory and writes it when it stops

    @property
    def output_dir(self) -> Path:
        return self.output if self.output is not None else self.site / "build"

    @property
    def cache_folder(self) -> Path | None:
        if not self.cache:
            return None
        return self.cache_dir if self.cache_dir is not None else self.site / ".dossier-cache"


def site_inputs(site: Path, themes: list[Path]) -> list[Path]:
    """Every file and folder a build of ``site`` reads, with its theme's folders."""
    return [site / "site.yaml", *sorted(site.glob("site.*.yaml")), site / "content", site / LOCALES, *themes]


def build(
    options: BuildOptions,
    progress: Progress | None = None,
    session: Session | None = None,
    waiting: Callable[[], None] | None = None,
) -> BuildReport:
    """Build the site; on any error write nothing and leave the previous build as it was.

    One build of an output folder runs at a time: another waits for it (calling
    ``waiting`` first). A cache found lost or stale half-way is dropped, and the
    build starts again once without it.
    """
    session = session or Session(resident=False)
    started = time.perf_counter()
    try:
        check_output_folder(options.output_dir, options.site)
        with output_lock(options.output_dir, waiting), fewer_collections():
            try:
                report = _build(options, progress, session)
            except CacheLost:
                session.forget()
                report = _build(options, progress, session)
    except (OutputError, CacheLost) as exc:
        error = (
            exc.error if isinstance(exc, CacheLost) else ContentError(str(options.output_dir), None, str(exc))
        )
        report = _failed([error], started)
    except BaseException:
        session.forget()
        raise
    if not report.ok:
        session.forget()
    return report


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Run the cyclic garbage collector less often for a while.

    A build makes millions of objects that live until it ends, and few cycles;
    at Python's default rhythm the collector walks them again and again: 7% of
    the CPU time of a rebuild after an edit at 1,000 articles (benchmarks/README.md).
    Garbage without cycles is freed at once anyway.
    """
    before = gc.get_threshold()
    gc.set_threshold(50_000, 20, 20)
    try:
        yield
    finally:
        gc.set_threshold(*before)


def _build(options: BuildOptions, progress: Progress | None, session: Session) -> BuildReport:
    started = time.perf_counter()
    # A build killed between the renames of its swap left the previous one aside.
    recover(options.output_dir)
    problems: list[ContentError] = []
    config = site_config(options, problems)
    if config is None:
        return _failed(problems, started)
    cache = Cache(options.cache_folder, defer=options.defer_cache)
    folders = theme_folders(options.site, config.theme)
    saved = session.begin(options.site, options.cache)
    inputs = None  # a preview reads everything on its first build, and is told what changes after
    stats: dict[str, os.stat_result] = {}  # what the signature asked of each file, by path
    if not session.resident and options.cache:  # without a cache there is no last build to compare
        inputs = signature(
            site_inputs(options.site, folders),
            repr((options.drafts, options.future, options.strict, str(options.output_dir.resolve()), config)),
            stats,
        )
        now = (options.now or datetime.now(config.tz)).astimezone(config.tz)
        if (last := cast("BuildReport | None", cache.unchanged(inputs, now, options.output_dir))) is not None:
            # Nothing the last build read has changed, and its output is in place.
            kept = last.written + last.kept
            return replace(last, written=0, kept=kept, encoded=0, seconds=time.perf_counter() - started)
    # The writer before the content: where the spare is to be made, it is made meanwhile (see write.py).
    try:
        writer = Writer(options.output_dir, cache.state_file(options.output_dir))
    except OutputError as exc:
        problems.append(ContentError(str(options.output_dir), None, str(exc)))
        return _failed(problems, started, config)
    try:
        # 1. Gather: read and check every input before a single file is written.
        # 2. Render every page into the staging folder, reusing unchanged pages; then the files beside.
        cache.load()
        made = make_site(
            Run(options, folders, cache, progress), config, session, Read(saved, stats), writer, problems
        )
        if made is None:
            writer.abort()
            return _failed(problems, started, config)
        # 3. Swap the new build in (when anything changed), then remember what it was made of.
        writer.commit(made.pages)
    except (ThemeError, ContentProblem, OutputError) as exc:
        writer.abort()
        if isinstance(exc, CacheLost):  # what the cache remembers no longer holds: start again
            cache.forget_reads()
            raise
        error = (
            ContentError(str(options.output_dir), None, str(exc))
            if isinstance(exc, OutputError)
            else exc.error
        )
        return _failed([*problems, error], started, config)
    except BaseException:
        writer.abort()
        raise
    report = BuildReport(
        ok=True,
        problems=tuple(problems),
        counts=made.counts,
        left_out=made.left_out,
        written=made.written,
        kept=made.kept,
        images=made.images,
        encoded=made.encoded,
        base_path=config.base_path,
    )
    due = None if options.future else next_due(list(made.left_out), options, config)
    cache.save(LastBuild(inputs, folder_identity(options.output_dir), due, report))
    return replace(report, seconds=time.perf_counter() - started)


def site_config(options: BuildOptions, problems: list[ContentError]) -> SiteConfig | None:
    """``site.yaml`` with what the command line says over it; None (and ``problems``) when unusable."""
    config, found = load_config(options.site / "site.yaml")
    problems.extend(found)
    if config is not None and options.base_url is not None:
        try:
            config = with_base_url(config, options.base_url)
        except ValueError as exc:
            problems.append(ContentError("--base-url", None, str(exc)))
            return None
    if config is not None and options.offline:
        config = replace(config, offline=True)
    if config is not None and (theme_problem := check_theme(options.site, config.theme)):
        problems.append(theme_problem)
        return None
    if config is not None and config.searchable and (search_problem := search_index.check()):
        problems.append(ContentError("site.yaml", None, search_problem, warning=True))
        config = replace(config, search=False)  # no search page, no search box
    return config


@dataclass(frozen=True, slots=True)
class Run:
    """What every stage of one build works with: what was asked, the theme's folders, the
    cache, and whom to tell how far rendering is."""

    options: BuildOptions
    folders: list[Path]
    cache: Cache
    progress: Progress | None


@dataclass(frozen=True, slots=True)
class Read:
    """What the build knows of its files before it reads them."""

    saved: set[str] | None  # the Markdown files saved since the last build, when a preview knows
    stats: dict[str, os.stat_result]  # what the signature asked of each file


@dataclass(frozen=True, slots=True)
class Gathered:
    """Everything a build read and checked, before it writes a file."""

    content: Content
    published: list[Article]
    left_out: list[Article]
    images: images.ImageTable
    keys: dict[str, str]  # the Markdown cache key of each body shown, by path (see workers.convert_all)
    html: OnDemand  # the HTML of each body, read from the cache as pages show them
    dossier: Dossier
    routes: list[Route]
    jobs: int


def make_site(
    run: Run, config: SiteConfig, session: Session, read: Read, writer: Writer, problems: list[ContentError]
) -> Made | None:
    """Gather and check everything, then render and index the site: one tree, or one per language
    (see languages.py); None when there are errors, and nothing is written then."""
    options, folders = run.options, run.folders
    content = read_content(run, config, session, read, problems)
    if config.languages:
        trees = language_trees(options.site, config, content, session, problems)
        gathered = [gather(run, tree.config, tree.session, tree.content, problems) for tree in trees]
    else:
        problems.extend(foreign(options.site, (*content.articles, *content.profiles), (config.language,)))
        gathered = [gather(run, config, session, content, problems)]
    problems[:] = dict.fromkeys(problems)  # a profile two languages show is checked in each
    if any(not p.warning or options.strict for p in problems):
        return None
    if not config.languages:
        return make_tree(run, config, session, gathered[0], writer, problems)
    trees_routes = [
        (tree.lang, tree.config.language_path, found.routes)
        for tree, found in zip(trees, gathered, strict=True)
    ]
    table = Translations(config, trees_routes, trees[0].groups)
    made = []
    for tree, found in zip(trees, gathered, strict=True):
        subtree = tree.subtree(writer)
        one = make_tree(run, tree.config, tree.session, found, subtree, problems, table)
        if one is None:
            return None
        subtree.merge()
        made.append(one)
    language = theme_language(config, folders, options.site)
    root = Renderer(options.site, config, folders, run.cache.templates_folder, language)
    root_files(writer, config, trees, root, host_files(config))
    return added_up({tree.lang: one for tree, one in zip(trees, made, strict=True)})


def make_tree(
    run: Run,
    config: SiteConfig,
    session: Session,
    gathered: Gathered,
    writer: Writer,
    problems: list[ContentError],
    translations: Translations | None = None,
) -> Made | None:
    """Render a tree of pages and index it for search; None when a warning fails a strict build."""
    options = run.options
    pages, written, kept = render(run, config, session, gathered, writer, translations)
    search = search_index.publish if config.searchable else None
    if search and (
        search_problem := search(
            writer, gathered.routes, search_cache(options.cache_folder, config), session.indexer
        )
    ):
        problems.append(ContentError("site.yaml", None, search_problem, warning=True))
        if options.strict:
            return None
    dossier = gathered.dossier
    counts = {kind: len(subjects) for kind, subjects in dossier.subjects.items()}
    counts["article"] = len(dossier.articles)
    images = gathered.images
    return Made(pages, written, kept, counts, tuple(gathered.left_out), len(images.images), images.encoded)


def read_content(
    run: Run, config: SiteConfig, session: Session, read: Read, problems: list[ContentError]
) -> Content:
    """Every source file, read or recalled from the cache; its problems go into ``problems``."""
    options, cache = run.options, run.cache
    content = load_content(
        options.site,
        config.tz,
        memo=cache.reads if options.cache else None,
        last=session.content,
        saved=read.saved,
        jobs=options.jobs or default_jobs(),
        stats=read.stats,
    )
    session.content = content
    problems.extend(content.problems)
    return with_slugs(options.site, content, config.slugs, problems)


def gather(
    run: Run, config: SiteConfig, session: Session, content: Content, problems: list[ContentError]
) -> Gathered:
    """Process images, convert bodies, index the dossier and lay out its routes;
    every problem goes into ``problems``. A preview's session gives back what did not change."""
    options, cache = run.options, run.cache
    site, recall = options.site, session.recall
    jobs = options.jobs or default_jobs()
    articles, profiles, bodies, facts = content.articles, content.profiles, content.bodies, content.facts
    published, left_out = select_published(articles, options, config)
    # Images before Markdown: body images are written out with their processed sizes.
    image_table, image_problems = recall(
        "images",
        (content.image_files,),
        lambda: images.load_images(site, content.image_files, options.cache_folder, jobs),
    )
    problems.extend(image_problems)
    problems.extend(images.check_references((*articles, *profiles), image_table))
    # Figure names link in bodies, so every name must be known before the first conversion.
    mentions = recall("mentions", (published, profiles), lambda: mention_table(published, profiles))
    problems.extend(
        recall("spellings", (published, profiles), lambda: spelling_clashes(site, published, profiles))
    )
    problems.extend(
        recall(
            "source links",
            (published, profiles, left_out, facts),
            lambda: source_link_problems(
                [*published, *profiles],
                links_of(facts),
                linkable(published, profiles),
                left_out_reasons(left_out),
            ),
        )
    )
    keys = convert_all(
        published, bodies, facts, cache.html, problems, jobs, mentions, config.autolink, image_table,
        session.converted,
    )  # fmt: skip
    keys |= convert_all(
        profiles, bodies, facts, cache.html, problems, jobs, images=image_table, known=session.converted
    )
    dossier, dossier_problems = recall(
        "dossier",
        (published, profiles, config.related),
        lambda: build_dossier(published, profiles, config.related, links_memo(cache.links, config), jobs),
    )
    problems.extend(dossier_problems)
    quotes, quote_problems = recall("quotes", (dossier, facts), lambda: quotations(dossier, facts))
    problems.extend(quote_problems)
    timeline, timeline_problems = recall(
        "timeline",
        (content.timeline, dossier, articles),
        lambda: link_timeline(content.timeline, dossier, articles),
    )
    problems.extend(timeline_problems)
    dossier = recall(
        "linked", (dossier, quotes, timeline), lambda: replace(dossier, quotes=quotes, timeline=timeline)
    )
    routes, route_problems = recall("routes", (dossier, config), lambda: build_routes(dossier, config))
    problems.extend(route_problems)
    html = OnDemand(keys, cache.html.html)
    return Gathered(content, published, left_out, image_table, keys, html, dossier, routes, jobs)


def render(
    run: Run,
    config: SiteConfig,
    session: Session,
    gathered: Gathered,
    writer: Writer,
    translations: Translations | None = None,
) -> tuple[object, int, int]:
    """Render the pages whose inputs changed and put every other file of the site in the spare;
    returns what the pages were made of (for the next build), and how many files were written
    and kept."""
    site, folders, cache, recall = run.options.site, run.folders, run.cache, session.recall
    dossier, image_table, html = gathered.dossier, gathered.images, gathered.html
    # The generator's code, not only its version: pages made by older code are made again.
    # The catalogues are read and compiled once a build, for every page (and every worker).
    words = f"{theme_fingerprint(folders)}\0{catalogues_fingerprint([site, *folders], config.language)}"
    setup = f"{code_fingerprint()}\0{config!r}\0{words}"
    if translations is not None:  # which pages are translated, and where to: on every page
        setup += f"\0{translations.fingerprint(config.language)}"
    language = recall("language", (setup,), lambda: theme_language(config, folders, site))
    renderer = recall(
        "renderer", (setup,), lambda: Renderer(site, config, folders, cache.templates_folder, language)
    )
    views = recall(
        "views",
        (dossier, config, image_table, language),
        lambda: Views(dossier, config, image_table, html, language),
    )
    if translations is not None:
        renderer.env.globals["translations"] = translations.of(config.language)
    if views.html is not html:  # the last build's cards, with this build's bodies
        views = Views(dossier, config, image_table, html, language, like=views)
    page_inputs, unchanged = None, {}
    if writer.state_file is not None:  # without a cache, no build after this one will ask
        page_inputs = Inputs(
            setup,
            views,
            gathered.keys,
            cache.html,
            gathered.left_out,
            gathered.content.profiles,
            gathered.content.timeline,
            image_table,
            session.inputs,
        )
        session.inputs = page_inputs
        unchanged = unchanged_pages(gathered.routes, writer.made_of, page_inputs, writer.previous)
    rendered = render_all(
        RenderJob(gathered.routes, views, renderer, writer, unchanged), gathered.jobs, run.progress
    )
    pages = page_inputs and made_of(gathered.routes, page_inputs, writer.made_of, dict(rendered.read))
    writer.record(rendered.stamps, rendered.written)
    copied = copy_static(writer, site, folders, gathered.content.static_files)
    if translations is None:  # a site in several languages has them at its root (see languages.py)
        copied += [writer.put(name, data) for name, data in host_files(config).items()]
    copied += images.publish(writer, image_table)
    return pages, len(rendered.written) + copied.count(True), rendered.kept + copied.count(False)


def clean(options: BuildOptions) -> list[Path]:
    """Remove the build cache and the spare output folder; returns what was there."""
    removed = []
    with output_lock(options.output_dir):
        for path in (options.cache_folder, spare_folder(options.output_dir)):
            if path is not None and path.is_dir():
                shutil.rmtree(path)
                removed.append(path)
    return removed


def _failed(problems: list[ContentError], started: float, config: SiteConfig | None = None) -> BuildReport:
    seconds = time.perf_counter() - started
    base_path = config.base_path if config else None
    return BuildReport(ok=False, problems=tuple(problems), seconds=seconds, base_path=base_path)
