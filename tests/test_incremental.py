"""Incremental builds: only what changed is rendered, and the result equals a cold build."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
from contextlib import closing

import pytest
from conftest import article, run_build, write_site

from generator.commands.session import Session
from generator.content.bodies import text_digest
from generator.core import stored
from generator.output.cache import HTML_FILE, write_deferred

STORIES = {
    f"content/articles/2020/2020-01-{day:02}-story-{day}.md": article(
        f"Story {day}",
        f"2020-01-{day:02}",
        f"Paragraph about day {day}.\n\n## Details\n\n- one\n- two",
        topics=["Iran", "Iraq"] if day % 2 else ["Iran"],
        figures=["Trump", "Soleimani"] if day % 3 else ["Pompeo"],
        summary=f"Summary {day}.",
    )
    for day in range(1, 13)
}


def digest(root):
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def incremental(site, **options):
    return run_build(site, cache=True, **options)


def same_as_a_cold_build(site, folder) -> bool:
    """Whether ``site``'s output is, byte for byte, what a cold build into ``folder`` makes."""
    shutil.rmtree(folder, ignore_errors=True)
    assert run_build(site, output=folder).ok
    return digest(site / "build") == digest(folder)


@pytest.fixture
def site(tmp_path):
    return write_site(
        tmp_path / "site", {**STORIES, "content/figures/trump.md": "---\nname: Trump\n---\nBio.\n"}
    )


EDITS = [
    (
        "content/articles/2020/2020-01-05-story-5.md",
        lambda t: t.replace("Paragraph about day 5", "Rewritten body"),
    ),
    (
        "content/articles/2020/2020-01-06-story-6.md",
        lambda t: t.replace("topics: [Iran]", "topics: [Iraq, Syria]"),
    ),
    (
        "content/articles/2020/2020-01-07-story-7.md",
        lambda t: t.replace("figures: [Trump, Soleimani]", "figures: [Esper]"),
    ),
    ("content/figures/trump.md", lambda t: t.replace("Bio.", "A longer biography.")),
    # A new alias that bodies mention: those articles link it now.
    ("content/figures/trump.md", lambda t: t.replace("name: Trump", "name: Trump\naliases: [Details]")),
    ("site.yaml", lambda t: t + "per_page: 3\n"),
    (
        "content/articles/2020/2020-01-02-story-2.md",
        lambda t: t.replace("date: 2020-01-02", "date: 2020-02-02"),
    ),
    ("content/articles/2020/2020-01-09-story-9.md", None),  # deleted
    ("content/timeline.yaml", "events:\n  - date: 2020-01\n    title: A month\n    article: story-5\n"),
    (
        "content/timeline.yaml",
        "events:\n  - date: 2020-01-04/2020-01-08\n    title: Talks\n    figures: [Trump]\n"
        "eras:\n  - {start: 2020-01, end: 2020-02, label: Winter}\n",
    ),
    ("themes/default/templates/404.html", "{% extends 'base.html' %}{% block main %}Lost{% endblock %}"),
    # Body edits after all that: each page not showing the body keeps its stamp from the last build.
    (
        "content/articles/2020/2020-01-04-story-4.md",
        lambda t: t.replace("Paragraph about day 4.", "Paragraph about day 4, with Soleimani in it."),
    ),
    # A quotation in a body shows on the speaker's figure page too.
    (
        "content/articles/2020/2020-01-04-story-4.md",
        lambda t: t + "\n“We will respond,” Trump said.\n",
    ),
    # A link to another article's source file becomes a link to its page.
    (
        "content/articles/2020/2020-01-08-story-8.md",
        lambda t: t + "\nSee [the talks](2020-01-05-story-5.md).\n",
    ),
    (
        "content/articles/2020/2020-01-04-story-4.md",
        lambda t: t.replace("“We will respond,” Trump said.", "Nobody said anything."),
    ),
]


def test_incremental_build_after_each_edit_equals_a_cold_build(site, tmp_path):
    assert incremental(site).ok
    for relative, change in EDITS:
        apply(site, relative, change)
        report = incremental(site)
        assert report.ok, [str(p) for p in report.problems]
        assert same_as_a_cold_build(site, tmp_path / "cold"), f"after editing {relative}"


def files(root):
    """Every file below ``root``, with its inode."""
    return {p.relative_to(root).as_posix(): p.stat().st_ino for p in root.rglob("*") if p.is_file()}


def state_file(site):
    """The writer's state file of ``site``'s one output folder."""
    (state,) = (site / ".dossier-cache").glob("output-*.state")
    return state


def writer_state(site):
    return stored.load(state_file(site))


def test_the_build_after_a_cold_one_links_a_spare_and_keeps_it_when_the_content_is_wrong(site, tmp_path):
    """A build into an empty folder leaves no spare; the next one links every file of the
    output into one while it reads the content, and keeps it when the content is wrong."""
    assert incremental(site).ok
    assert not (site / ".build.partial").exists()
    apply(site, STORY_5, lambda t: t.replace("date: 2020-01-05", "date: the fifth"))
    assert not incremental(site).ok
    assert files(site / ".build.partial") == files(site / "build"), "every file linked, nothing else"
    state = writer_state(site)
    assert state["spare"] == state["output"], "the next build knows the spare it can use"
    # An edit that makes no page differ commits nothing, and keeps the spare as well.
    apply(site, STORY_5, lambda t: t.replace("date: the fifth", "date: 2020-01-05"))
    assert incremental(site).ok
    state = writer_state(site)
    assert state["spare"] == state["output"]
    apply(site, *EDITS[0])
    assert incremental(site).ok
    assert same_as_a_cold_build(site, tmp_path / "cold")


def test_a_build_that_fails_on_its_content_leaves_the_spare_and_its_state_alone(site):
    assert incremental(site).ok
    apply(site, *EDITS[0])
    assert incremental(site).ok
    state = state_file(site)
    before = state.read_bytes(), files(site / ".build.partial")
    apply(site, STORY_5, lambda t: t.replace("date: 2020-01-05", "date: the fifth"))
    assert not incremental(site).ok
    assert (state.read_bytes(), files(site / ".build.partial")) == before


def test_a_page_deleted_from_the_output_by_hand_is_made_again(site, tmp_path):
    """The spare cannot be linked from an output that lost a file: the build makes it anew."""
    assert incremental(site).ok
    (site / "build/2020/01/07/story-7/index.html").unlink()
    apply(site, *EDITS[0])
    assert incremental(site).ok
    assert same_as_a_cold_build(site, tmp_path / "cold")


def test_no_change_rebuild_writes_nothing_and_keeps_mtimes(site):
    assert incremental(site).ok
    page = site / "build/topics/iran/index.html"
    before = page.stat().st_mtime_ns
    report = incremental(site)
    assert report.written == 0 and report.kept > 0
    assert page.stat().st_mtime_ns == before


def apply(site, relative, change):
    path = site / relative
    if change is None:
        path.unlink()
    elif isinstance(change, str):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(change)
    else:
        path.write_text(change(path.read_text()))


def test_rebuilds_replace_published_files_never_write_into_them(site, tmp_path):
    """The output and the spare folder share unchanged files as hard links: writing into
    one of them instead of replacing it would change the published site behind its back."""
    assert incremental(site).ok
    for number, (relative, change) in enumerate(EDITS):
        # Hold a link to every published file, so no inode is freed and reused meanwhile.
        held = tmp_path / f"held-{number}"
        held.mkdir()
        before = {}
        for index, page in enumerate(p for p in (site / "build").rglob("*") if p.is_file()):
            os.link(page, held / str(index))
            before[page.stat().st_ino] = page.read_bytes()
        apply(site, relative, change)
        assert incremental(site).ok
        for page in [*(site / "build").rglob("*"), *(site / ".build.partial").rglob("*")]:
            if page.is_file() and page.stat().st_ino in before:
                assert page.read_bytes() == before[page.stat().st_ino], f"{page} changed in place"


def test_only_a_changed_build_replaces_the_output_folder(site):
    assert incremental(site).ok
    folder = (site / "build").stat().st_ino
    assert incremental(site).ok
    assert (site / "build").stat().st_ino == folder, "a no-change build left the output alone"
    apply(site, *EDITS[0])
    assert incremental(site).ok
    assert (site / "build").stat().st_ino != folder
    assert "Rewritten body" in (site / "build/2020/01/05/story-5/index.html").read_text()


STORY_5 = "content/articles/2020/2020-01-05-story-5.md"


def test_body_edit_rewrites_only_the_pages_that_show_the_body(site):
    assert incremental(site).ok
    path = site / "content/articles/2020/2020-01-05-story-5.md"
    path.write_text(path.read_text().replace("Paragraph about day 5", "A new paragraph"))
    report = incremental(site)
    # The article page and the site's Atom feed, which carries its full text; lists and the
    # feeds of its topics and figures show titles and summaries, not bodies.
    assert report.written == 1 + 1


def test_timeline_edit_rewrites_only_the_timeline_home_and_data_file(site):
    timeline = site / "content/timeline.yaml"
    timeline.write_text("events:\n  - date: 2020-01\n    title: A month\n")
    assert incremental(site).ok
    before = digest(site / "build")
    timeline.write_text("events:\n  - date: 2020-01\n    title: A month of talks\n    figures: [Trump]\n")
    report = incremental(site)
    assert report.ok and report.written == 3
    after = digest(site / "build")
    assert sorted(name for name in after if after[name] != before.get(name)) == [
        "data/timelinejs.json",
        "index.html",  # the home page tells the key events
        "timeline/index.html",
    ]


def test_a_new_figure_changes_only_the_pages_of_articles_that_name_it(site):
    assert incremental(site).ok
    apply(site, "content/figures/zarif.md", "---\nname: Zarif\n---\nForeign minister.\n")
    apply(site, STORY_5, lambda t: t.replace("Paragraph about day 5", "Zarif spoke about day 5"))
    report = incremental(site)
    assert report.ok
    assert "Zarif" in (site / "build/2020/01/05/story-5/index.html").read_text()
    # Eleven other articles did not name Zarif: their pages were kept as they were.
    assert all(
        (site / f"build/2020/01/{day:02}/story-{day}/index.html").stat().st_nlink == 2
        for day in range(1, 13)
        if day != 5
    )


def test_a_new_figure_converts_again_only_the_bodies_that_name_it(site, monkeypatch):
    from generator.output import workers

    converted = []
    convert = workers._convert
    monkeypatch.setattr(
        workers, "_convert", lambda text, *rest: converted.append(text) or convert(text, *rest)
    )
    for _ in range(3):  # the second and later builds find HTML by the quick key
        assert incremental(site, jobs=1).ok
        apply(site, STORY_5, lambda t: t + f"\nEdit {len(converted)}.\n")
    converted.clear()
    apply(site, "content/figures/zarif.md", "---\nname: Zarif\n---\nForeign minister.\n")
    apply(
        site, "content/articles/2020/2020-01-07-story-7.md", lambda t: t.replace("day 7", "day 7 with Zarif")
    )
    assert incremental(site, jobs=1).ok
    # The edited story 5, story 7 which now names Zarif, and Zarif's profile; no other body.
    assert len(converted) == 3 and any("with Zarif" in text for text in converted)


def test_a_body_edit_reads_one_file_and_the_cache_keeps_no_body_text(site, monkeypatch):
    from generator.content import reading as content
    from generator.content import records as reader

    assert incremental(site).ok
    records = b"".join(path.read_bytes() for path in (site / ".dossier-cache").glob("records-*.pickle"))
    assert b"Story 3" in records and b"Paragraph about day 3" not in records  # front matter only
    read = []
    read_source = reader.read_source
    for module in (content, reader):  # articles are read by records, bodies again by content
        monkeypatch.setattr(
            module, "read_source", lambda path, label: read.append(label) or read_source(path, label)
        )
    apply(site, *EDITS[0])
    assert incremental(site, jobs=1).written == 1 + 1
    assert read == [EDITS[0][0]]


def test_a_body_read_again_that_changed_unseen_makes_the_build_start_again(site, tmp_path):
    """The cache keeps no bodies: one is read again from its file when its figure names are
    looked for anew. An edit that kept the file's size and time is caught there, and the
    build starts again without what the cache remembered."""
    assert incremental(site).ok
    path = site / "content/articles/2020/2020-01-07-story-7.md"
    info = path.stat()
    path.write_text(path.read_text().replace("day 7", "DAY 7"))  # same size, same inode
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
    apply(site, "content/figures/zarif.md", "---\nname: Zarif\n---\nForeign minister.\n")
    report = incremental(site)
    assert report.ok, report.problems
    assert "DAY 7" in (site / "build/2020/01/07/story-7/index.html").read_text()
    assert same_as_a_cold_build(site, tmp_path / "cold")


def test_html_lost_from_the_cache_makes_the_build_start_again(site, tmp_path):
    from conftest import REPO

    assert incremental(site).ok
    with closing(sqlite3.connect(site / ".dossier-cache" / HTML_FILE)) as db, db:
        db.execute("DELETE FROM html WHERE html LIKE '%day 7%'")
    # A template edited: every page is rendered again, and shows its body.
    template = (REPO / "themes/default/templates/article.html").read_text()
    apply(site, "themes/default/templates/article.html", template.replace("</article>", "<hr></article>"))
    report = incremental(site, jobs=1)
    assert report.ok, report.problems
    assert "day 7" in (site / "build/2020/01/07/story-7/index.html").read_text()
    assert same_as_a_cold_build(site, tmp_path / "cold")


def test_a_damaged_html_in_the_cache_is_never_published(site, tmp_path):
    assert incremental(site).ok
    with closing(sqlite3.connect(site / ".dossier-cache" / HTML_FILE)) as db, db:
        db.execute("UPDATE html SET html = replace(html, 'day 7', 'DAMAGED')")
    apply(site, "site.yaml", (site / "site.yaml").read_text().replace("title: ", "title: New "))
    report = incremental(site)
    assert report.ok, report.problems
    assert "DAMAGED" not in (site / "build/2020/01/07/story-7/index.html").read_text()
    assert same_as_a_cold_build(site, tmp_path / "cold")


def test_parallel_build_matches_single_process_build(tmp_path):
    files = {
        f"content/articles/a{i:04}.md": article(
            f"Story {i}",
            f"2020-{1 + i % 12:02}-{1 + i % 28:02}",
            f"Body {i}.",
            topics=[f"T{i % 7}"],
            figures=[f"F{i % 11}", f"F{i % 5}"],
        )
        for i in range(450)
    }
    site = write_site(tmp_path / "site", files)
    one, two = tmp_path / "one", tmp_path / "two"
    assert run_build(site, output=one, jobs=1).ok
    assert run_build(site, output=two, jobs=2).ok
    assert digest(one) == digest(two)


def test_workers_take_whole_dossier_pages_first_and_every_page_once():
    from generator.core.models import Route
    from generator.output.workers import CHUNK, _slices

    def page(kind, subject=None):
        return Route("/", "index.html", "t.html", kind, subject)

    routes = [page("home"), *[page("article", i) for i in range(CHUNK + 5)], page("timeline")]
    routes += [page("feed", "topic"), page("feed"), page("data", "articles")]
    slices = _slices(routes)
    taken = [i for start, stop in slices for i in range(start, stop)]
    assert sorted(taken) == list(range(len(routes)))
    whole = [0, CHUNK + 6, CHUNK + 8, CHUNK + 9]  # home, timeline, the site's feed, a data file
    assert slices[: len(whole)] == [(i, i + 1) for i in whole]
    assert all(stop - start <= CHUNK for start, stop in slices)


def test_clean_drops_the_cache_and_the_spare_folder_but_not_the_site(site):
    from click.testing import CliRunner

    from generator.cli import main

    assert incremental(site, cache_dir=site / ".dossier-cache").ok
    apply(site, *EDITS[0])
    assert incremental(site, cache_dir=site / ".dossier-cache").ok
    assert (site / ".dossier-cache").is_dir() and (site / ".build.partial").is_dir()
    result = CliRunner().invoke(main, ["clean", "--source", str(site)])
    assert result.exit_code == 0, result.output
    assert not (site / ".dossier-cache").exists() and not (site / ".build.partial").exists()
    assert (site / "build/index.html").is_file()
    assert "nothing to remove" in CliRunner().invoke(main, ["clean", "--source", str(site)]).output
    # The next build starts cold and still gives the same site.
    report = incremental(site, cache_dir=site / ".dossier-cache")
    assert report.ok and report.written > 0


def test_a_damaged_cache_is_read_as_no_cache(site, tmp_path):
    assert incremental(site).ok
    apply(site, *EDITS[0])
    for path in (site / ".dossier-cache").glob("*.*"):
        if not path.name.endswith(".state"):  # the writer's own: see test_faults.py
            path.write_bytes(b"not a cache " * 100)
    report = incremental(site)
    assert report.ok and not report.problems
    assert same_as_a_cold_build(site, tmp_path / "cold")
    # The build put a sound cache in place.
    apply(site, *EDITS[1])
    assert incremental(site).ok and same_as_a_cold_build(site, tmp_path / "cold")


def test_files_read_from_the_cache_report_the_same_problems(site):
    apply(site, STORY_5, lambda t: t.replace("topics: [Iran, Iraq]\n", ""))
    first = incremental(site)
    second = incremental(site)
    assert first.ok and second.ok
    assert [str(p) for p in first.problems] == [str(p) for p in second.problems]
    assert any("has no topics" in str(p) for p in second.problems)


def test_nothing_changed_means_nothing_done_until_something_does(site):
    """A build whose inputs are all as the last build read them returns at once; any change,
    a deleted output, other options or a future article coming due makes it build again."""
    from datetime import timedelta

    from conftest import NOW

    apply(site, "content/articles/2024/soon.md", article("Soon", "2024-06-03", topics=["Iran"]))
    first = incremental(site)
    assert first.ok and [a.title for a in first.left_out] == ["Soon"]
    again = incremental(site)
    assert again.ok and again.written == 0 and again.kept == first.written + first.kept
    assert again.left_out == first.left_out

    css = site / "themes/default/static/style.css"
    apply(site, "themes/default/static/style.css", "body { color: teal }\n")
    assert incremental(site).written == 1
    assert (site / "build/assets/style.css").read_text() == css.read_text()

    shutil.rmtree(site / "build")
    assert incremental(site).ok and (site / "build/index.html").is_file()

    other = incremental(site, base_url="https://example.org/dossier/")
    assert other.written > 0 and "https://example.org/dossier/" in (site / "build/sitemap.xml").read_text()

    due = incremental(site, now=NOW + timedelta(days=3))
    assert due.ok and not due.left_out
    assert (site / "build/2024/06/03/soon/index.html").is_file()


def test_a_preview_keeps_its_cache_in_memory_and_writes_it_when_it_stops(site, tmp_path):
    folder = site / ".dossier-cache"
    assert incremental(site, defer_cache=True).ok
    shards = sorted(folder.glob("records-*.pickle"))
    assert shards, "the first cache is written at once"
    written = {path: path.stat().st_mtime_ns for path in shards}
    apply(site, *EDITS[0])
    assert incremental(site, defer_cache=True).written == 1 + 1
    assert {path: path.stat().st_mtime_ns for path in shards} == written
    # The HTML is kept in a database, a row at a time: that is written at once.
    with closing(sqlite3.connect(folder / HTML_FILE)) as db:
        kept = [html for (html,) in db.execute("SELECT html FROM html")]
    # The stories and Trump's profile: the HTML before the edit is gone.
    assert len(kept) == len(STORIES) + 1
    assert sum("Rewritten body" in html for html in kept) == 1
    write_deferred()
    rewritten = [path for path in shards if path.stat().st_mtime_ns != written[path]]
    # The shard of the edited file's record: the other shards stay as they were.
    assert len(rewritten) == 1
    # What was written is the newer cache: it holds the record of the edited body.
    reads = stored.load(rewritten[0])["reads"]
    facts = reads[EDITS[0][0]].read.facts
    assert facts.digest == text_digest((site / EDITS[0][0]).read_text().split("---\n", 2)[2])


def test_a_preview_session_builds_each_edit_as_a_cold_build_would(site, tmp_path):
    """The session is told each saved path, as the preview's watcher tells it; edits to
    bodies and front matter take its quick way, the others (a file gone, the configuration,
    the timeline, a template) a whole build."""
    session = Session()
    assert incremental(site, defer_cache=True, session=session).ok
    for relative, change in EDITS:
        apply(site, relative, change)
        session.note([str(site / relative)])
        report = incremental(site, defer_cache=True, session=session)
        assert report.ok, [str(p) for p in report.problems]
        assert same_as_a_cold_build(site, tmp_path / "cold"), f"after editing {relative}"


def test_a_session_reads_only_the_saved_files_and_lists_no_folder(site, monkeypatch):
    from generator.content import reading as content

    session = Session()
    assert incremental(site, defer_cache=True, session=session).ok
    read, listed = [], []
    reader, lister = content.read_article, content._files
    monkeypatch.setattr(content, "read_article", lambda path, *rest: read.append(path) or reader(path, *rest))
    monkeypatch.setattr(
        content, "_files", lambda folder, *rest: listed.append(folder) or lister(folder, *rest)
    )
    apply(site, *EDITS[0])
    session.note([str(site / EDITS[0][0])])
    report = incremental(site, defer_cache=True, session=session)
    assert report.ok and report.written == 1 + 1
    assert read == [site / EDITS[0][0]] and listed == []
    # A file the session was not told of is not looked at: the preview's watcher tells of every save.
    apply(site, STORY_5, lambda t: t.replace("Rewritten body", "Unseen edit"))
    assert incremental(site, defer_cache=True, session=session).written == 0
    # A new file makes the session look at everything again.
    new = "content/articles/2020/2020-01-20-new.md"
    apply(site, new, article("New", "2020-01-20", topics=["Iran"]))
    session.note([str(site / new)])
    assert incremental(site, defer_cache=True, session=session).ok
    assert listed and "Unseen edit" in (site / "build/2020/01/05/story-5/index.html").read_text()


def test_a_session_reads_a_saved_file_again_even_with_the_same_size_and_time(site):
    """Two saves within one tick of the file system's clock leave the same time and size."""
    session = Session()
    assert incremental(site, defer_cache=True, session=session).ok
    path = site / STORY_5
    before = path.stat()
    path.write_text(path.read_text().replace("Paragraph about day 5", "Paragraph about day 6"))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    session.note([str(path)])
    assert incremental(site, defer_cache=True, session=session).ok
    assert "Paragraph about day 6" in (site / "build/2020/01/05/story-5/index.html").read_text()


def test_pages_made_by_other_generator_code_are_made_again(site, monkeypatch):
    import generator.commands.build
    import generator.output.cache
    from generator.render import Renderer

    def pages():  # each page file and what it holds (the search index is made by Pagefind)
        made = site / "build"
        return {
            p: p.read_bytes()
            for p in made.rglob("*")
            if p.suffix in (".html", ".xml", ".json") and "pagefind" not in p.parts
        }

    assert incremental(site).ok and incremental(site).written == 0
    before = pages()
    # Other code that renders pages otherwise.
    render = Renderer.render
    monkeypatch.setattr(Renderer, "render", lambda self, *args: render(self, *args) + b"<!-- other -->")
    apply(site, *EDITS[0])
    assert incremental(site).ok
    others = [p for p, data in pages().items() if data.endswith(b"<!-- other -->")]
    assert 0 < len(others) < 10, "with the same code, only the pages of the edit are made"
    # Same version number, other code (an update from git): no page may be kept unseen.
    for module in (generator.commands.build, generator.output.cache):
        monkeypatch.setattr(module, "code_fingerprint", lambda: "other code", raising=False)
    assert incremental(site).ok
    after = pages()
    assert len(before) > 30 and after.keys() == before.keys()
    assert [str(p) for p, data in after.items() if not data.endswith(b"<!-- other -->")] == []


def test_cards_repr_as_dataclasses_do_for_their_inputs_hashes():
    from dataclasses import fields

    from generator.site.views import ArticleCard

    card = ArticleCard("/2020/01/03/s/", 'It\'s "quoted"', "3 January 2020", "2020-01-03", "Baghdad", "")
    stock = ", ".join(f"{f.name}={getattr(card, f.name)!r}" for f in fields(card))
    assert repr(card) == f"ArticleCard({stock})"
    assert repr((card, [card])) == f"(ArticleCard({stock}), [ArticleCard({stock})])"


# What each peer adds to the benchmark: Hugo alone, and Hugo followed by Pagefind (the search a
# Hugo user adds; Pagefind is installed with Dossier).
PEER_ROWS = {"Hugo": ["Hugo, cold build", "Hugo + Pagefind, cold build"], "Pelican": ["Pelican, cold build"]}


@pytest.mark.slow
def test_the_benchmark_runs_every_scenario(tmp_path):
    """The benchmark builds its corpus and measures each scenario as a whole process."""
    import json
    import subprocess
    import sys

    from conftest import REPO

    results = tmp_path / "results.json"
    command = [sys.executable, str(REPO / "benchmarks/run.py"), "--articles", "30", "--runs", "1"]
    command += ["--no-serve", "--peers", "--work", str(tmp_path / "work"), "--json", str(results)]
    finished = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    assert finished.returncode == 0, finished.stderr
    rows = {row["scenario"]: row for row in json.loads(results.read_text())["results"]}
    peers = [name for name in ("Hugo", "Pelican") if shutil.which(name.lower())]  # built when installed
    for peer in peers:
        for row in PEER_ROWS[peer]:
            assert f"Dossier cold build / {row}: " in finished.stdout
    assert list(rows) == [
        "cold build",
        "cold build, cache written",
        "one body edited, just after a cold build",
        "no-change rebuild",
        "one body edited",
        "one article's topics changed",
        "one article added",
        "template edited",
        *(row for peer in peers for row in PEER_ROWS[peer]),
    ]
    assert all(row["wall"] > 0 and row["rss_mib"] > 0 for row in rows.values())
    assert (tmp_path / "work/dossier-30/build/index.html").is_file()
    # the outputs set aside before each cold build are gone
    assert sorted(p.name for p in (tmp_path / "work").iterdir()) == [
        "dossier-30",
        *(p.lower() for p in peers),
    ]


def test_a_quoted_figures_new_role_reaches_the_article_that_quotes_them(tmp_path):
    """The article shows who said each quotation, with their role, whether or not it lists
    them among its figures: a change to that figure's profile must remake the article page."""
    site = write_site(
        tmp_path / "site",
        {
            "content/articles/a.md": article(
                "Talks", "2020-01-03", "Zarif spoke.", topics=["Iran"], figures=["Rouhani"],
                quotes='[{figure: Zarif, text: "We do not seek war."}]',
            ),
            "content/articles/b.md": article("Other", "2020-01-04", topics=["Iran"], figures=["Zarif"]),
            "content/figures/zarif.md": "---\nname: Zarif\nrole: Foreign minister\n---\n",
        },
    )  # fmt: skip
    assert incremental(site).ok
    page = site / "build/2020/01/03/a/index.html"
    assert "Foreign minister" in page.read_text()
    apply(site, "content/figures/zarif.md", "---\nname: Zarif\nrole: Former foreign minister\n---\n")
    assert incremental(site).ok
    assert "Former foreign minister" in page.read_text()
    assert same_as_a_cold_build(site, tmp_path / "cold")
