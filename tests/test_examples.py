"""The second sample, examples/brink-of-war-fa (the dossier in Persian): it builds, checks clean,
its links resolve, its titles make its URLs, and its search finds Persian words in Chromium."""

from __future__ import annotations

import functools
import http.server
import json
import threading
from urllib.parse import quote
from zoneinfo import ZoneInfo

import pytest
from conftest import REPO, built_cleanly, example_copy, run_build
from htmlcheck import broken_links
from test_sample import tree_digest
from test_search import require_pagefind

from generator.commands.check import check_site
from generator.content.reading import load_content
from generator.core.slugs import slugify

EXAMPLE = REPO / "examples" / "brink-of-war-fa"


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    return example_copy(tmp_path_factory, EXAMPLE.name)


@pytest.fixture(scope="module")
def example_build(example, tmp_path_factory):
    return built_cleanly(example, tmp_path_factory)


def test_the_persian_example_checks_clean(example):
    assert [str(finding) for finding in check_site(example)] == []


def test_every_link_of_the_persian_example_resolves(example_build):
    assert broken_links(example_build) == []
    html = (example_build / "index.html").read_text(encoding="utf-8")
    assert '<html lang="fa"' in html


def test_the_persian_example_is_a_small_dossier(example, example_build):
    content = load_content(example, ZoneInfo("Asia/Tehran"))
    kinds = [p.kind for p in content.profiles]
    assert (
        4 <= len(content.articles) <= 6 and 3 <= kinds.count("figure") <= 4 and 1 <= kinds.count("topic") <= 2
    )
    # Articles name their topics and figures in Persian; profiles keep the English sample's slugs,
    # so the two samples' figures share one identity (one URL) across languages.
    assert (example_build / "figures/qassem-soleimani/index.html").is_file()
    assert (REPO / "content/figures/qassem-soleimani.md").is_file()
    # A name without a profile takes its transliteration.
    assert (example_build / "topics/araq/index.html").is_file()  # عراق


def test_the_persian_titles_make_the_file_names_and_urls(example, example_build):
    # `dossier new` names a file by its title: the example's files were made that way.
    content = load_content(example, ZoneInfo("Asia/Tehran"))
    for article in content.articles:
        assert article.path.endswith(f"/{article.date:%Y-%m-%d}-{slugify(article.title)}.md"), article.path
        assert any("\u0600" <= ch <= "\u06ff" for ch in article.title)
        assert (example_build / f"{article.date:%Y/%m/%d}/{article.slug}/index.html").is_file()
    assert (example_build / "2020/01/08/squt-prvaz-752-ukrain-dr-nzdiki-thran/index.html").is_file()


def test_the_persian_example_builds_the_same_bytes_twice(example, example_build, tmp_path):
    again = tmp_path / "again"
    assert run_build(example, output=again).ok
    assert tree_digest(again) == tree_digest(example_build)


def test_every_search_bundle_of_the_persian_example_is_a_persian_index(example_build):
    require_pagefind()
    names = json.loads((example_build / "pagefind/bundles.json").read_text())["bundles"]
    assert len(names) == 4  # 2019, 2020, figures, topics
    for name in names:
        entry = json.loads((example_build / "pagefind" / name / "pagefind-entry.json").read_text())
        assert list(entry["languages"]) == ["fa"]
        assert entry["languages"]["fa"]["wasm"] is None  # Pagefind has no Persian stemmer


@pytest.mark.slow
@pytest.mark.browser
def test_a_persian_word_is_found_on_the_search_page_in_chromium(example_build, browser):
    require_pagefind()

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=example_build)
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    site = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        page = browser.new_page()
        # شهریار (the town where flight 752 came down) is in one article only: it comes first
        # (Pagefind also ranks pages with شهر, "city", a part of the word, lower).
        page.goto(site + "search/?q=" + quote("شهریار"))
        crash = '.search-result__title a[href="/2020/01/08/squt-prvaz-752-ukrain-dr-nzdiki-thran/"]'
        assert "پرواز ۷۵۲" in page.wait_for_selector(crash, timeout=15000).inner_text()
        first = page.query_selector(".search-result__title a").get_attribute("href")
        assert first == "/2020/01/08/squt-prvaz-752-ukrain-dr-nzdiki-thran/"  # the only page with the word
        # A word of several articles, typed into the page's box, finds each of them.
        page.fill("#search-page-q", "عین‌الاسد")
        strike = '.search-result__title a[href="/2020/01/08/hmle-mushki-iran-be-paigahhai-ainalasd-v-arbil/"]'
        page.wait_for_selector(strike, timeout=15000)
        assert page.query_selector(crash) is None
        # A word in no page finds nothing.
        page.fill("#search-page-q", "زیردریایی")
        page.wait_for_function(
            "!document.querySelector('.search-result') && document.getElementById('search-note').textContent"
        )
        page.close()
    finally:
        server.shutdown()


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_persian_example_has_no_serious_accessibility_violations(example_build, browser, scheme):
    from conftest import require_tool
    from test_quality import AXE_JS, INSTALL, pages_to_check, serious_violations, served

    require_tool(AXE_JS.is_file(), f"needs axe-core; {INSTALL}")
    paths = [
        p if p != "search/?q=Soleimani" else "search/?q=" + quote("سلیمانی")
        for p in pages_to_check(example_build)
    ]
    problems = []
    page = browser.new_page(color_scheme=scheme)
    with served(example_build) as site:
        for path in paths:
            problems += serious_violations(page, site + path)
    page.close()
    assert not problems, "\n".join(problems)
