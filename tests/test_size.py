"""A big dossier stays small enough for GitHub Pages, and works from a sub-path of any static host.

The synthetic dossier is benchmarks/corpus.py's, built with the default settings
as benchmarks/size.py builds it; the figures of that script at 10,000 articles
are in benchmarks/README.md.
"""

from __future__ import annotations

import shutil
import sys
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import feedparser
import pytest
from conftest import REPO, run_build
from test_publish import crawl, pages_server

sys.path.insert(0, str(REPO / "benchmarks"))
import corpus  # noqa: E402
import size  # noqa: E402

ARTICLES = 300
ATOM = "{http://www.w3.org/2005/Atom}"
# Bytes per file of each part, with a margin over what the default theme writes for this corpus.
BUDGET = {
    "article pages": 15_500,  # 13.6 KB when written
    "topic pages": 13_000,  # 10.8 KB
    "figure pages": 7_500,  # 6.2 KB
    "topic feeds": 4_500,  # 3.4 KB
    "figure feeds": 2_000,  # 1.3 KB
}


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    site = tmp_path_factory.mktemp("synthetic")
    corpus.write_dossier(site, ARTICLES)
    size.default_settings(site / "site.yaml")
    return site


@pytest.mark.slow
def test_each_kind_of_page_stays_within_its_budget(synthetic, tmp_path):
    out = tmp_path / "out"
    assert run_build(synthetic, output=out).ok
    parts = size.measure(out)
    per_file = {name: parts[name]["bytes"] / parts[name]["files"] for name in BUDGET}
    over = {name: round(bytes) for name, bytes in per_file.items() if bytes > BUDGET[name]}
    assert over == {}
    # Full text is in the site feed only.
    assert ET.parse(out / "feed.xml").getroot().find(f"{ATOM}entry/{ATOM}content") is not None
    for feed in sorted(out.glob("*/*/feed.xml")):
        assert ET.parse(feed).getroot().find(f"{ATOM}entry/{ATOM}content") is None, feed


@pytest.mark.slow
def test_the_build_works_from_a_deep_sub_path_of_a_static_host(synthetic, tmp_path):
    """As object storage behind a CDN serves it: a folder answers with its index.html."""
    public_base = "https://cdn.example.net/archives/2026/dossier/"
    site = shutil.copytree(synthetic, tmp_path / "site")  # the other test builds the defaults
    (site / "site.yaml").write_text(f"title: Benchmark dossier\nbase_url: {public_base}\nper_page: 5\n")
    out = tmp_path / "out"
    assert run_build(site, output=out).ok
    assert (out / "topics/topic-118-economy/page/2/index.html").is_file()  # later pages are crawled too
    with pages_server(out, urlsplit(public_base).path) as start:
        statuses = crawl(start, public_base, [start + "robots.txt"])
    assert {url: status for url, status in statuses.items() if status != 200} == {}
    assert sum(url.endswith("/index.html") or url.endswith("/") for url in statuses) > ARTICLES
    feed = feedparser.parse((out / "topics/topic-118-economy/feed.xml").read_bytes())
    assert not feed.bozo and feed.entries
    assert all(
        e.link.startswith(public_base) and start + e.link[len(public_base) :] in statuses
        for e in feed.entries
    )
