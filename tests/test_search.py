"""Search: Pagefind indexes the built site, its own search API finds words, the page works in Chromium."""

from __future__ import annotations

import functools
import http.server
import json
import shutil
import subprocess
import threading

import pytest
from conftest import article, chromium_path, run_build
from htmlcheck import broken_links

from generator import search

# Pagefind's own search API (pagefind.js, the file browsers load), run in Node with
# `fetch` reading the bundle from disk. Prints the matching pages and the filters.
QUERY_SCRIPT = """
import { readFile } from "node:fs/promises";
import { fileURLToPath, pathToFileURL } from "node:url";
const [bundle, term, filters] = process.argv.slice(2);
globalThis.fetch = async (input) => {
  const url = new URL(typeof input === "string" ? input : input.url);
  return new Response(await readFile(fileURLToPath(url)));
};
const pagefind = await import(pathToFileURL(bundle + "/pagefind.js").href);
await pagefind.options({ baseUrl: "/" });
const found = await pagefind.search(term, { filters: JSON.parse(filters) });
const pages = await Promise.all(found.results.map((result) => result.data()));
console.log(JSON.stringify({
  filters: await pagefind.filters(),
  results: pages.map((page) => ({ url: page.url, title: page.meta.title })),
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


def query(bundle, term: str, filters: dict | None = None, tmp_path=None) -> dict:
    script = tmp_path / "query.mjs"
    script.write_text(QUERY_SCRIPT)
    result = subprocess.run(
        ["node", str(script), str(bundle), term, json.dumps(filters or {})],
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


def test_the_build_writes_a_pagefind_bundle_and_a_search_page(built):
    entry = json.loads((built / "pagefind/pagefind-entry.json").read_text())
    assert entry["languages"]["en"]["page_count"] == 3 + 2 + 2  # articles, topics, figures
    assert (built / "pagefind/pagefind-ui.js").is_file()
    page = (built / "search/index.html").read_text()
    assert 'src="../pagefind/pagefind-ui.js"' in page and 'href="../pagefind/pagefind-ui.css"' in page
    home = (built / "index.html").read_text()
    assert '<form class="site-search" role="search" action="search/" method="get">' in home
    assert 'name="q"' in home
    assert broken_links(built) == []


def test_pagefind_search_api_finds_a_word_of_one_article(built, tmp_path):
    require_node()
    found = query(built / "pagefind", "zugzwang", tmp_path=tmp_path)
    assert found["results"] == [{"url": "/2019/12/27/rocket-attack/", "title": "Rocket attack on K-1"}]
    assert query(built / "pagefind", "nonexistentword", tmp_path=tmp_path)["results"] == []


def test_results_filter_by_topic_figure_and_year(built, tmp_path):
    require_node()
    found = query(built / "pagefind", "base", tmp_path=tmp_path)
    # Counts over every indexed page: the articles, and each topic or figure's own page.
    assert found["filters"]["topic"] == {"Iran": 3, "Iraq": 3}
    assert found["filters"]["year"] == {"2019": 1, "2020": 2}
    assert found["filters"]["figure"] == {"Kataib Hezbollah": 2, "Qassem Soleimani": 2}
    in_2020 = query(built / "pagefind", "base", {"year": "2020"}, tmp_path=tmp_path)
    assert [r["title"] for r in in_2020["results"]] == ["Missiles on Ain al-Asad"]


def test_related_articles_and_lists_are_not_indexed_as_the_page_text(built, tmp_path):
    require_node()
    # "convoy" is in one article; the others show it only as a related article or in a list.
    found = query(built / "pagefind", "convoy", tmp_path=tmp_path)
    assert [r["url"] for r in found["results"]] == ["/2020/01/03/strike/"]


def test_two_builds_give_the_same_search_bundle(tiny_site, tmp_path):
    require_pagefind()
    site = tiny_site(STORIES)
    bundles = []
    for name in ("one", "two", "three"):
        assert run_build(site, output=tmp_path / name).ok
        root = tmp_path / name / "pagefind"
        bundles.append(
            {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}
        )
    assert bundles[0] == bundles[1] == bundles[2]


def test_search_false_builds_no_search_page_box_or_index(tiny_site, tmp_path):
    site = tiny_site({**STORIES, "site.yaml": "title: Tiny\nsearch: false\n"})
    out = tmp_path / "out"
    assert run_build(site, output=out).ok
    assert not (out / "search").exists() and not (out / "pagefind").exists()
    assert "site-search" not in (out / "index.html").read_text()
    page = (out / "2020/01/03/strike/index.html").read_text()
    assert "data-pagefind-body" not in page and "data-pagefind-filter" not in page


def test_a_missing_pagefind_is_a_warning_and_the_site_builds_without_search(tiny_site, tmp_path, monkeypatch):
    monkeypatch.setenv(search.ENVIRONMENT, str(tmp_path / "no-such-pagefind"))
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
    monkeypatch.setenv(search.ENVIRONMENT, str(fake))
    site = tiny_site(STORIES)
    out = tmp_path / "out"
    report = run_build(site, output=out)
    assert report.ok
    assert [str(p) for p in report.problems] == [
        "site.yaml: warning: search index not built: Pagefind failed (disk full)"
    ]
    assert (out / "index.html").is_file()
    (out / "marker").write_text("previous build")
    assert not run_build(site, output=out, strict=True).ok
    assert (out / "marker").read_text() == "previous build"


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
            # Results fill in as their fragments load, in any order: wait for the article, then
            # check that it is listed first.
            article = '.pagefind-ui__result-link[href="/sub/2020/01/07/kerman-stampede/"]'
            assert "Kerman" in page.wait_for_selector(article, timeout=15000).inner_text()
            assert page.query_selector(".pagefind-ui__result-link").get_attribute("href") == (
                "/sub/2020/01/07/kerman-stampede/"
            )
            # Typing into Pagefind's own box searches again.
            page.fill(".pagefind-ui__search-input", "Trudeau intelligence")
            page.wait_for_selector(
                '.pagefind-ui__result-link[href="/sub/2020/01/09/trudeau-says-missile-downed-ps752/"]'
            )
            browser.close()
    finally:
        server.shutdown()
