"""Search: Pagefind indexes the built site, its own search API finds words, the page works in Chromium."""

from __future__ import annotations

import functools
import http.server
import json
import shutil
import subprocess
import threading
import time
from datetime import datetime

import pytest
from conftest import article, chromium_path, run_build
from htmlcheck import broken_links

from generator.output import pagefind
from generator.output import search_index as search

# Pagefind's own search API (pagefind.js, the file browsers load), run in Node with `fetch`
# reading the bundles from disk, merged as the search page merges them. Prints the matching
# pages (in order) and the filters.
QUERY_SCRIPT = """
import { readFile } from "node:fs/promises";
import { fileURLToPath, pathToFileURL } from "node:url";
const [site, term, filters, sort] = process.argv.slice(2);
globalThis.fetch = async (input) => {
  const url = new URL(typeof input === "string" ? input : input.url);
  return new Response(await readFile(fileURLToPath(url)));
};
const root = pathToFileURL(site + "/pagefind/").href;
const { bundles } = JSON.parse(await readFile(new URL("bundles.json", root), "utf-8"));
const pagefind = await import(new URL(bundles[0] + "/pagefind.js", root).href);
await pagefind.options({ basePath: new URL(bundles[0] + "/", root).href, baseUrl: "/" });
for (const bundle of bundles.slice(1)) {
  await pagefind.mergeIndex(new URL(bundle + "/", root).href, { baseUrl: "/" });
}
const options = { filters: JSON.parse(filters) };
if (sort) options.sort = JSON.parse(sort);
const found = await pagefind.search(term === "" ? null : term, options);
const pages = await Promise.all(found.results.map((result) => result.data()));
console.log(JSON.stringify({
  filters: await pagefind.filters(),
  results: pages.map((page) => ({ url: page.url, title: page.meta.title, meta: page.meta })),
}));
"""

STORIES = {
    "content/articles/2019-12-27-rocket-attack.md": article(
        "Rocket attack on K-1",
        "2019-12-27",
        "Thirty rockets hit the base near Kirkuk. A contractor, a zugzwang expert, was killed.",
        topics=["Iraq"],
        figures=["Kataib Hezbollah"],
    ),
    "content/articles/2020-01-03-strike.md": article(
        "Strike in Baghdad",
        "2020-01-03",
        "A drone struck the convoy near the airport.",
        topics=["Iraq", "Iran"],
        figures=["Qassem Soleimani"],
    ),
    "content/articles/2020-01-08-missiles.md": article(
        "Missiles on Ain al-Asad", "2020-01-08", "Missiles fell on the base.", topics=["Iran"]
    ),
}


def require_pagefind():
    from conftest import require_tool

    problem = search.check()
    require_tool(problem is None, problem or "")


def require_node():
    from conftest import require_tool

    require_tool(shutil.which("node") is not None, "Node.js is not installed")


def query(site, term: str, filters: dict | None = None, tmp_path=None, sort: dict | None = None) -> dict:
    script = tmp_path / "query.mjs"
    script.write_text(QUERY_SCRIPT)
    result = subprocess.run(
        ["node", str(script), str(site), term, json.dumps(filters or {}), json.dumps(sort) if sort else ""],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(result.stdout)


@pytest.fixture
def built(tiny_site, tmp_path):
    require_pagefind()
    out = tmp_path / "out"
    report = run_build(tiny_site(STORIES), output=out)
    assert report.ok and not report.problems, [str(p) for p in report.problems]
    return out


def bundles(out) -> list[str]:
    """The folders of the bundles the search page merges, in order."""
    return json.loads((out / "pagefind/bundles.json").read_text())["bundles"]


def made(out) -> list[str]:
    """What each bundle was made from: its part and a fingerprint of its pages' text."""
    return json.loads((out / "pagefind/bundles.json").read_text())["made"]


def bundle_files(out) -> dict[str, bytes]:
    root = out / "pagefind"
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_the_index_is_one_bundle_per_year_and_per_kind_and_a_search_page(built):
    names = bundles(built)
    assert names == ["2019", "2020", "figures", "topics"]
    assert [name.rpartition("-")[0] for name in made(built)] == names
    counts = [
        json.loads((built / "pagefind" / name / "pagefind-entry.json").read_text())["languages"]["en"][
            "page_count"
        ]
        for name in names
    ]
    assert counts == [1, 2, 2, 2]  # articles of each year, figures, topics
    assert sorted(p.name for p in (built / "pagefind").iterdir()) == sorted([*names, "bundles.json"])
    # Pagefind's own interfaces are not published: the search page has its own.
    assert not list((built / "pagefind").rglob("pagefind-ui.js"))
    page = (built / "search/index.html").read_text()
    assert 'data-bundles="../pagefind/bundles.json"' in page and 'src="../assets/search.js"' in page
    home = (built / "index.html").read_text()
    assert '<form class="site-search" role="search" action="search/" method="get">' in home
    assert 'name="q"' in home
    assert broken_links(built) == []


def test_pagefind_search_api_finds_a_word_of_one_article(built, tmp_path):
    require_node()
    found = query(built, "zugzwang", tmp_path=tmp_path)
    assert [(r["url"], r["title"]) for r in found["results"]] == [
        ("/2019/12/27/rocket-attack/", "Rocket attack on K-1")
    ]
    assert query(built, "nonexistentword", tmp_path=tmp_path)["results"] == []


def test_results_filter_by_topic_figure_and_year(built, tmp_path):
    require_node()
    found = query(built, "base", tmp_path=tmp_path)
    # Counts over every indexed page: the articles, and each topic or figure's own page.
    assert found["filters"]["topic"] == {"Iran": 3, "Iraq": 3}
    assert found["filters"]["year"] == {"2019": 1, "2020": 2}
    assert found["filters"]["figure"] == {"Kataib Hezbollah": 2, "Qassem Soleimani": 2}
    in_2020 = query(built, "base", {"year": "2020"}, tmp_path=tmp_path)
    assert [r["title"] for r in in_2020["results"]] == ["Missiles on Ain al-Asad"]
    by_figure = query(built, "", {"figure": "Qassem Soleimani"}, tmp_path=tmp_path)
    assert sorted(r["url"] for r in by_figure["results"]) == [
        "/2020/01/03/strike/",
        "/figures/qassem-soleimani/",
    ]


def test_related_articles_and_lists_are_not_indexed_as_the_page_text(built, tmp_path):
    require_node()
    # "convoy" is in one article; the others show it only as a related article or in a list.
    found = query(built, "convoy", tmp_path=tmp_path)
    assert [r["url"] for r in found["results"]] == ["/2020/01/03/strike/"]


def test_a_name_finds_the_page_about_it_not_the_pages_that_list_it(built, tmp_path):
    require_node()
    # The rocket attack lists Kataib Hezbollah under "Who is involved" without naming it in its text.
    found = query(built, "Kataib", tmp_path=tmp_path)
    assert [r["url"] for r in found["results"]] == ["/figures/kataib-hezbollah/"]


def test_results_tell_kind_date_and_place_and_order_by_date(tiny_site, tmp_path):
    require_pagefind()
    require_node()
    stories = {
        **STORIES,
        "content/articles/2020-01-05-vote.md": "---\ntitle: Vote on the base\ndate: 2020-01-05\n"
        "location: Baghdad\ntopics: [Iraq]\n---\nParliament voted on the base.\n",
    }
    out = tmp_path / "out"
    assert run_build(tiny_site(stories), output=out).ok
    # Pagefind orders each bundle's results (the search page asks year by year).
    found = query(out, "base", {"year": "2020"}, tmp_path=tmp_path, sort={"date": "desc"})
    assert [r["url"] for r in found["results"]] == ["/2020/01/08/missiles/", "/2020/01/05/vote/"]
    vote = found["results"][1]["meta"]
    assert (vote["kind"], vote["date"], vote["place"]) == ("article", "5 January 2020", "Baghdad")
    oldest = query(out, "base", {"year": "2020"}, tmp_path=tmp_path, sort={"date": "asc"})
    assert [r["url"] for r in oldest["results"]] == ["/2020/01/05/vote/", "/2020/01/08/missiles/"]
    topic = query(out, "Iran", {"topic": "Iran"}, tmp_path=tmp_path)["results"]
    assert {r["meta"]["kind"] for r in topic} == {"article", "topic"}


def test_two_builds_give_the_same_search_bundles(tiny_site, tmp_path):
    require_pagefind()
    site = tiny_site(STORIES)
    made = []
    for name in ("one", "two", "three"):
        assert run_build(site, output=tmp_path / name, cache=False).ok
        made.append(bundle_files(tmp_path / name))
    assert made[0] == made[1] == made[2]


def test_pages_are_given_to_pagefind_in_url_order_whatever_the_order_of_the_routes():
    from datetime import UTC, datetime

    from generator.core.models import Article, Route

    def story(year: int, slug: str) -> Article:
        return Article(f"content/articles/{slug}.md", slug, slug, datetime(year, 1, 1, tzinfo=UTC), False,
                       None, "", (), (), "", (), False, 1)  # fmt: skip

    routes = [Route(f"/{y}/01/01/{n}/", f"{y}/01/01/{n}/index.html", "article.html", "article", story(y, n))
              for y, n in ((2020, "b"), (2019, "z"), (2020, "a"), (2019, "c"))]  # fmt: skip
    expected = [
        search.Part("2019", (("/2019/01/01/c/", "2019/01/01/c/index.html"), ("/2019/01/01/z/", "2019/01/01/z/index.html"))),
        search.Part("2020", (("/2020/01/01/a/", "2020/01/01/a/index.html"), ("/2020/01/01/b/", "2020/01/01/b/index.html"))),
    ]  # fmt: skip
    assert search.parts(routes) == expected
    assert search.parts(list(reversed(routes))) == expected


def test_a_part_the_indexer_is_still_making_is_not_handed_to_it_again(tiny_site, tmp_path, monkeypatch):
    """In a preview, a save made while the index is being made hands the indexer only the parts
    whose text changed: the others it has already (reading them again cost seconds at 10,000
    articles in the first minute of a preview)."""
    from generator.commands.indexer import Indexer
    from generator.commands.session import Session

    require_pagefind()
    real = pagefind.find_binary()
    slow = tmp_path / "pagefind"  # the real Pagefind, a second slower to start each bundle
    slow.write_text(f'#!/bin/sh\nif [ "$1" = "--service" ]; then sleep 1; fi\nexec "{real}" "$@"\n')
    slow.chmod(0o755)
    monkeypatch.setenv(pagefind.ENVIRONMENT, str(slow))

    class Counting(Indexer):
        def __init__(self):
            super().__init__()
            self.asked: list[str] = []

        def want(self, key, name, documents):
            self.asked.append(name)
            super().want(key, name, documents)

    session = Session()
    session.indexer = Counting()
    site = tiny_site(STORIES)
    options = {
        "output": tmp_path / "out",
        "cache": True,
        "cache_dir": tmp_path / "cache",
        "defer_cache": True,
    }
    assert run_build(site, session, **options).ok
    first = list(session.indexer.asked)
    assert len(first) == 4  # 2019, 2020, topics, figures
    story = site / "content/articles/2020-01-08-missiles.md"
    story.write_text(story.read_text() + "\nA second salvo followed.\n")
    session.note([str(story)])
    assert run_build(site, session, **options).ok
    again = session.indexer.asked[len(first) :]
    assert len(again) == 1 and again[0].startswith("2020-") and again[0] not in first


@pytest.mark.parametrize(
    ("bound", "expected"),
    [
        (9, ["2020"]),  # the year fits
        (4, ["2020-q1", "2020-q2"]),  # its quarters fit
        (2, ["2020-01", "2020-02", "2020-03", "2020-04"]),  # a quarter does not: months
        (1, ["2020-01", "2020-02", "2020-03", "2020-04"]),  # nothing smaller than a month
    ],
)
def test_a_year_of_more_articles_than_a_part_holds_is_split_by_quarter_then_by_month(
    monkeypatch, bound, expected
):
    from datetime import UTC, datetime

    from generator.core.models import Article, Route

    monkeypatch.setattr(search, "PART_PAGES", {"article": bound})
    days = [(1, 3), (1, 20), (2, 5), (3, 1), (4, 2), (4, 9)]
    routes = [
        Route(f"/2020/{m:02d}/{d:02d}/s/", f"2020/{m:02d}/{d:02d}/s/index.html", "article.html", "article",
              Article(f"content/articles/{m}-{d}.md", "s", "S", datetime(2020, m, d, tzinfo=UTC), False,
                      None, "", (), (), "", (), False, 1))
        for m, d in days
    ]  # fmt: skip
    found = search.parts(routes)
    assert [part.key for part in found] == expected
    assert sorted(page for part in found for page in part.pages) == sorted(
        (r.url, r.out_path) for r in routes
    )


def test_a_body_edit_remakes_the_bundle_of_its_year_only(tiny_site, tmp_path):
    require_pagefind()
    require_node()
    site = tiny_site(STORIES)
    out = tmp_path / "out"
    assert run_build(site, output=out, cache=True).ok
    before = made(out)
    inodes = {p: p.stat().st_ino for p in (out / "pagefind").rglob("*") if p.is_file()}
    path = site / "content/articles/2020-01-08-missiles.md"
    path.write_text(path.read_text().replace("Missiles fell", "Missiles and a quokka fell"))
    assert run_build(site, output=out, cache=True).ok
    after = made(out)
    assert [name.rpartition("-")[0] for name in after if name not in before] == ["2020"]
    # Carried bundles are the very same files; of the one made again, only the files whose
    # bytes changed (Pagefind names its chunks by their contents) are new.
    now = {p: p.stat().st_ino for p in (out / "pagefind").rglob("*") if p.is_file()}
    new = sorted(p.relative_to(out / "pagefind").as_posix() for p in now if inodes.get(p) != now[p])
    assert new and all(name.startswith(("2020/", "bundles.json")) for name in new), new
    assert not [n for n in new if n.endswith((".js", ".pagefind"))]  # scripts, WebAssembly
    assert len([n for n in new if "/fragment/" in n]) == 1  # the page edited, not its neighbour of 2020
    assert (out / "pagefind/2020/pagefind.js").stat().st_ino == inodes[out / "pagefind/2020/pagefind.js"]
    assert [r["url"] for r in query(out, "quokka", tmp_path=tmp_path)["results"]] == ["/2020/01/08/missiles/"]
    # A cold build of the same sources makes the same bundles, byte for byte.
    assert run_build(site, output=tmp_path / "cold", cache=False).ok
    assert bundle_files(tmp_path / "cold") == bundle_files(out)
    # An article added changes the index of its own year only, and a year without articles goes.
    path.unlink()
    (site / "content/articles/2021-02-01-talks.md").write_text(article("Talks", "2021-02-01", "Talks began."))
    assert run_build(site, output=out, cache=True).ok
    assert bundles(out) == ["2019", "2020", "2021", "figures", "topics"]
    assert [n for n in made(out) if n not in after] == [
        n for n in made(out) if n.startswith(("2020", "2021"))
    ]
    assert sorted(p.name for p in (out / "pagefind").iterdir()) == sorted([*bundles(out), "bundles.json"])
    assert bundle_files(out) == bundle_files(built_cold(site, tmp_path / "cold-2"))


def built_cold(site, out):
    assert run_build(site, output=out, cache=False).ok
    return out


def test_a_bundle_with_a_file_gone_from_the_output_is_made_again_not_carried(tiny_site, tmp_path):
    require_pagefind()
    site = tiny_site(STORIES)
    out = tmp_path / "out"
    assert run_build(site, output=out, cache=True).ok
    name = bundles(out)[0]
    next((out / "pagefind" / name / "index").iterdir()).unlink()
    # Another year's article changes, so that the build runs (the 2019 bundle's text has not changed).
    path = site / "content/articles/2020-01-08-missiles.md"
    path.write_text(path.read_text().replace("Missiles fell", "Missiles and a quokka fell"))
    assert run_build(site, output=out, cache=True).ok
    assert bundles(out)[0] == name
    pagefind.check_files(files_in(out / "pagefind" / name), 1, name)
    assert run_build(site, output=tmp_path / "cold", cache=False).ok
    assert bundle_files(tmp_path / "cold") == bundle_files(out)


@pytest.mark.parametrize(
    ("page", "document"),
    [
        ("<html><body><main>Not indexed</main></body></html>", None),
        (
            '<html lang="fr"><body><nav>Menu</nav><main id="m" data-pagefind-body><h1>Titre</h1>'
            "<aside data-pagefind-ignore><p>Who</p><aside>nested</aside></aside><p>Texte</p></main>"
            "<footer>Pied</footer></body></html>",
            '<!doctype html><html lang="fr"><head></head><body><main id="m" data-pagefind-body><h1>Titre</h1>'
            "<p>Texte</p></main></body></html>",
        ),
        (
            '<html lang="en"><body><main data-pagefind-body><div hidden data-pagefind-ignore>'
            '<span data-pagefind-filter="year">2020</span></div><section class="x" data-pagefind-ignore>'
            "<section>Related</section></section><p>Body</p></main></body></html>",
            '<!doctype html><html lang="en"><head></head><body><main data-pagefind-body><div hidden '
            'data-pagefind-ignore><span data-pagefind-filter="year">2020</span></div><p>Body</p></main>'
            "</body></html>",
        ),
    ],
    ids=["not-indexed", "panels-cut", "filters-kept"],
)
def test_the_search_document_is_the_indexed_element_without_its_ignored_parts(page, document):
    assert search.document(page) == document


def files_in(folder) -> dict[str, bytes]:
    """A bundle's files, by their names in it."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_a_bundle_pagefind_handed_over_incompletely_is_never_published():
    require_pagefind()
    page = '<html lang="en"><body><main data-pagefind-body><h1>A</h1><p>Words.</p></main></body></html>'
    files = pagefind.make_bundle([("/a/", page)], "bundle")
    assert pagefind.page_count(files) == 1
    pagefind.check_files(dict(files), 1, "bundle")
    with pytest.raises(pagefind.PagefindError, match="does not hold"):
        pagefind.check_files(dict(files), 2, "bundle")
    # What a full disk leaves: files of the right names, empty or cut short.
    for damage in ("empty", "cut"):
        for name in sorted(name for name in files if not name.endswith(".js")):
            broken = dict(files)
            broken[name] = b"" if damage == "empty" else files[name][:10]
            with pytest.raises(pagefind.PagefindError):
                pagefind.check_files(broken, 1, "bundle")


@pytest.mark.slow
def test_a_full_disk_while_the_index_is_written_is_an_error_not_empty_files(tmp_path):
    from test_faults import tmpfs

    from generator.output.folder import OutputError
    from generator.output.write import Writer

    require_pagefind()
    pages = [
        (f"/{n}/", f'<html lang="en"><body><main data-pagefind-body><h1>Page {n}</h1><p>{"word " * 200}{n}</p>'
         "</main></body></html>")
        for n in range(200)
    ]  # fmt: skip
    files = pagefind.make_bundle(pages, "bundle")
    with tmpfs(tmp_path / "disk", "256k") as disk:
        writer = Writer(disk / "out")
        with pytest.raises(OutputError, match="No space left on device"):
            search._put(writer, "bundle", files)
        writer.abort()


def test_search_false_builds_no_search_page_box_or_index(tiny_site, tmp_path):
    site = tiny_site({**STORIES, "site.yaml": "title: Tiny\nsearch: false\n"})
    out = tmp_path / "out"
    assert run_build(site, output=out).ok
    assert not (out / "search").exists() and not (out / "pagefind").exists()
    assert "site-search" not in (out / "index.html").read_text()
    page = (out / "2020/01/03/strike/index.html").read_text()
    assert "data-pagefind-body" not in page and "data-pagefind-filter" not in page


def test_a_missing_pagefind_is_a_warning_and_the_site_builds_without_search(tiny_site, tmp_path, monkeypatch):
    monkeypatch.setenv(pagefind.ENVIRONMENT, str(tmp_path / "no-such-pagefind"))
    site = tiny_site(STORIES)
    out = tmp_path / "out"
    report = run_build(site, output=out)
    assert report.ok
    assert [p.warning for p in report.problems] == [True]
    assert "Pagefind" in str(report.problems[0]) and "without search" in str(report.problems[0])
    assert not (out / "search").exists() and not (out / "pagefind").exists()
    assert "site-search" not in (out / "index.html").read_text()
    assert broken_links(out) == []
    strict = run_build(site, output=tmp_path / "strict", strict=True)
    assert not strict.ok
    assert not (tmp_path / "strict").exists()


def test_a_failing_pagefind_keeps_the_site_and_strict_keeps_the_previous_build(
    tiny_site, tmp_path, monkeypatch
):
    fake = tmp_path / "pagefind"
    fake.write_text(
        '#!/bin/sh\nif [ "$1" = "--version" ]; then echo "pagefind 1.5.2"; exit 0; fi\necho "disk full" >&2\nexit 3\n'
    )
    fake.chmod(0o755)
    monkeypatch.setenv(pagefind.ENVIRONMENT, str(fake))
    site = tiny_site(STORIES)
    out = tmp_path / "out"
    report = run_build(site, output=out)
    assert report.ok
    assert [str(p) for p in report.problems] == [
        "site.yaml: warning: search index not built for 2019, 2020, figures, topics: Pagefind failed (disk full)"
    ]
    assert (out / "index.html").is_file()
    (out / "marker").write_text("previous build")
    assert not run_build(site, output=out, strict=True).ok
    assert (out / "marker").read_text() == "previous build"


@pytest.mark.browser
def test_ordered_by_date_across_the_parts_of_a_year(tiny_site, tmp_path, monkeypatch):
    """A year with more pages than a part holds is indexed by month, one bundle each: the
    search page still lists the newest (or oldest) article first, across the bundles."""
    from conftest import chromium, served

    require_pagefind()
    monkeypatch.setattr(search, "PART_PAGES", {"article": 2})
    stories = {
        f"content/articles/2020-{month:02d}-{day:02d}-s.md": article(
            f"Story of {month}/{day}", f"2020-{month:02d}-{day:02d}", "The embassy spoke again."
        )
        for month, day in [(1, 3), (1, 20), (2, 5), (2, 9), (3, 1), (3, 30), (4, 2)]
    }
    site = tiny_site({**stories, **STORIES})
    out = tmp_path / "out"
    assert run_build(site, output=out).ok
    bundles = json.loads((out / "pagefind/bundles.json").read_text())["bundles"]
    assert {"2020-01", "2020-02", "2020-03", "2020-04"} <= set(bundles)
    with served(out) as root, chromium() as browser:
        page = browser.new_page()
        for order, newest in (("newest", True), ("oldest", False)):
            page.goto(f"{root}search/?q=embassy&sort={order}")
            page.wait_for_function(
                f"document.getElementById('search-note').textContent.endsWith('{order} first')"
            )
            metas = page.eval_on_selector_all(".search-result__meta", "s => s.map(e => e.textContent)")
            days = [
                datetime.strptime(meta.split(" · ")[1], "%d %B %Y").date()
                for meta in metas
                if meta.startswith("article")
            ]
            assert len(days) == 7 and days == sorted(days, reverse=newest)


@pytest.mark.slow
@pytest.mark.browser
def test_search_page_lists_the_right_article_in_chromium_under_a_sub_path(sample_copy, tmp_path):
    from conftest import require_tool

    require_pagefind()
    browser_path = chromium_path()
    require_tool(browser_path is not None, "Chromium is not installed")
    sync_playwright = pytest.importorskip("playwright.sync_api").sync_playwright
    root = tmp_path / "www"
    assert run_build(sample_copy, output=root / "sub", base_url="https://example.org/sub/").ok

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=root))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    site = f"http://127.0.0.1:{server.server_address[1]}/sub/"
    args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=browser_path, args=args)
            page = browser.new_page()
            # The header's search box is a plain form: it takes the query to the search page.
            page.goto(site + "2020/01/03/soleimani-killed-baghdad-airport/")
            page.fill("#site-search", "stampede")
            page.press("#site-search", "Enter")
            page.wait_for_url("**/sub/search/?q=stampede")
            article = '.search-result__title a[href="/sub/2020/01/07/kerman-stampede/"]'
            assert "Kerman" in page.wait_for_selector(article, timeout=15000).inner_text()
            first = page.query_selector(".search-result")
            assert first.query_selector("a").get_attribute("href") == "/sub/2020/01/07/kerman-stampede/"
            # Each result says what it is, when and where.
            assert (
                first.query_selector(".search-result__meta").text_content()
                == "article · 7 January 2020 · Kerman"
            )
            # Typing into the page's box searches again; a filter and an order narrow and sort.
            page.fill("#search-page-q", "Trudeau intelligence")
            page.wait_for_selector(
                '.search-result__title a[href="/sub/2020/01/09/trudeau-says-missile-downed-ps752/"]'
            )
            # Ordered by date: newest first across the bundles of every year, topic and figure pages last.
            page.fill("#search-page-q", "embassy")
            page.select_option("select[name=sort]", "newest")
            page.wait_for_url("**/sub/search/?q=embassy&sort=newest")
            page.wait_for_function(
                "document.getElementById('search-note').textContent.endsWith('newest first')"
            )
            metas = page.eval_on_selector_all(".search-result__meta", "s => s.map(e => e.textContent)")
            kinds = [meta.split(" · ")[0] for meta in metas]
            assert kinds == sorted(kinds, key=lambda kind: kind != "article") and "figure" in kinds
            days = [
                datetime.strptime(meta.split(" · ")[1], "%d %B %Y").date()
                for meta in metas
                if meta.startswith("article")
            ]
            assert len(days) >= 4 and days == sorted(days, reverse=True) and days[-1].year == 2019
            page.select_option("select[name=year]", "2020")
            page.wait_for_url("**/sub/search/?q=embassy&year=2020&sort=newest")
            page.wait_for_function(
                "document.getElementById('search-note').textContent.endsWith('newest first') && "
                "![...document.querySelectorAll('.search-result__meta')].some(m => m.textContent.includes('2019'))"
            )
            page.select_option("select[name=figure]", "Qassem Soleimani")
            page.wait_for_url("**figure=Qassem+Soleimani**")
            browser.close()
    finally:
        server.shutdown()


@pytest.mark.slow
@pytest.mark.browser
def test_in_the_preview_a_saved_word_is_found_once_the_index_catches_up(tmp_path):
    from conftest import chromium
    from test_serve import serving, tiny

    require_pagefind()
    site = tiny(tmp_path / "site")
    source = site / "content/articles/2020-01-03-strike.md"
    with serving(site) as served, chromium() as browser:
        served.wait_for("search index updated")
        page = browser.new_page()
        page.goto(f"http://127.0.0.1:{served.port}/search/?q=wombat")
        page.wait_for_function("document.getElementById('search-note').textContent === 'No results.'")
        before, saved = len(served.lines), time.perf_counter()
        source.write_text(
            article("Strike in Baghdad", "2020-01-03", "A wombat crossed the road.", topics=["Iraq"])
        )
        # The page is shown first; the terminal says when the index has caught up.
        while not any("search index updated: 2020" in line for line in served.lines[before:]):
            assert time.perf_counter() - saved < 20, served.output
            time.sleep(0.05)
        assert "published" in served.lines[-1] or "published" in served.output.split("changed:")[-1]
        # The open search page finds the word on its next query, without being reloaded.
        found = '.search-result__title a[href="/2020/01/03/strike/"]'
        while page.query_selector(found) is None:
            assert time.perf_counter() - saved < 20, "the saved word was never found"
            page.press("#search-page-q", "Enter")
            page.wait_for_timeout(100)
        assert time.perf_counter() - saved < 10


@pytest.mark.parametrize(("language", "wasm"), [("fa", None), ("ar", "ar"), ("zh", None), ("de", "de")])
def test_each_language_is_indexed_with_its_own_stemming_or_none(tiny_site, tmp_path, language, wasm):
    # Pagefind reads <html lang>: Arabic and German have a stemmer, Persian and Chinese have none
    # (their bundle loads "wasm.unknown.pagefind"), and either is a whole bundle.
    require_pagefind()
    site = tiny_site({**STORIES, "site.yaml": f"title: T\ntimezone: UTC\nlanguage: {language}\n"})
    out = tmp_path / "out"
    report = run_build(site, output=out)
    assert report.ok and not report.problems, [str(p) for p in report.problems]
    for name in bundles(out):
        entry = json.loads((out / "pagefind" / name / "pagefind-entry.json").read_text())
        assert list(entry["languages"]) == [language]
        assert entry["languages"][language]["wasm"] == wasm
        assert (out / "pagefind" / name / f"wasm.{wasm or 'unknown'}.pagefind").is_file()


@pytest.mark.parametrize(("language", "stemmed"), [("ar", True), ("fa", False)])
def test_arabic_words_are_found_by_their_stem_only_where_the_language_is_arabic(
    tiny_site, tmp_path, language, stemmed
):
    require_pagefind()
    require_node()
    body = "اشترى الطلاب الكتب من المكتبة. وصلت الصواريخ إلى القاعدة."
    site = tiny_site(
        {
            "site.yaml": f"title: T\ntimezone: UTC\nlanguage: {language}\n",
            "content/articles/a.md": article("A", "2020-01-01", body, topics=["x"]),
        }
    )
    out = tmp_path / "out"
    assert run_build(site, output=out).ok
    # The Arabic stemmer takes the article al- off: كتب finds الكتب, صواريخ finds الصواريخ.
    for word in ("كتب", "صواريخ", "قاعدة"):
        found = [r["url"] for r in query(out, word, tmp_path=tmp_path)["results"]]
        assert found == (["/2020/01/01/a/"] if stemmed else [])
    assert [r["url"] for r in query(out, "الكتب", tmp_path=tmp_path)["results"]] == ["/2020/01/01/a/"]
