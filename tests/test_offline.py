"""``dossier build --offline``: a dossier read from a folder, every link naming a file."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from click.testing import CliRunner
from conftest import chromium, run_build
from htmlcheck import broken_links, parse

from generator.cli import main
from generator.site.urls import relative_url

BASE_URL = "https://news.example.org/brink/"


@pytest.mark.parametrize(
    ("from_url", "to_url", "online", "offline"),
    [
        ("/", "/", "./", "index.html"),
        ("/", "/timeline/", "timeline/", "timeline/index.html"),
        ("/topics/iran/", "/", "../../", "../../index.html"),
        ("/topics/iran/", "/figures/", "../../figures/", "../../figures/index.html"),
        ("/2020/01/03/x/", "/feed.xml", "../../../../feed.xml", "../../../../feed.xml"),
        ("/404.html", "/topics/", "topics/", "topics/index.html"),
        ("/search/", "/assets/style.css", "../assets/style.css", "../assets/style.css"),
    ],
)
def test_offline_links_name_the_file_that_serves_the_page(from_url, to_url, online, offline):
    assert relative_url(from_url, to_url) == online
    assert relative_url(from_url, to_url, files=True) == offline


@pytest.fixture(scope="module")
def offline_build(tmp_path_factory, sample_copy) -> Path:
    out = tmp_path_factory.mktemp("offline") / "build"
    report = run_build(sample_copy, output=out, offline=True)
    assert report.ok, report.problems
    return out


def internal_links(build: Path) -> list[tuple[str, str]]:
    """(page, link) for every link of every page that stays in the site."""
    found = []
    for page in sorted(build.rglob("*.html")):
        for link in parse(page).links:
            parts = urlsplit(link)
            if not parts.scheme and not parts.netloc and not link.startswith("#"):
                found.append((page.relative_to(build).as_posix(), link))
    return found


def test_no_link_of_an_offline_build_names_a_folder(offline_build):
    links = internal_links(offline_build)
    assert len(links) > 1000
    folders = [(page, link) for page, link in links if urlsplit(link).path.endswith("/")]
    assert folders == []
    assert broken_links(offline_build) == []


def test_offline_true_in_site_yaml_is_the_same_build(tmp_path, sample_copy, offline_build):
    site = tmp_path / "site"
    shutil.copytree(sample_copy, site)
    with (site / "site.yaml").open("a", encoding="utf-8") as settings:
        settings.write("offline: true\n")
    assert run_build(site, output=tmp_path / "out").ok
    built = sorted(p.relative_to(tmp_path / "out") for p in (tmp_path / "out").rglob("*") if p.is_file())
    assert built == sorted(p.relative_to(offline_build) for p in offline_build.rglob("*") if p.is_file())
    for name in built:
        assert (tmp_path / "out" / name).read_bytes() == (offline_build / name).read_bytes(), name


def test_offline_build_leaves_search_out_with_a_note(offline_build):
    assert not (offline_build / "pagefind").exists()
    page = (offline_build / "search" / "index.html").read_text(encoding="utf-8")
    assert "made to be read from a folder" in page
    assert "search.js" not in page and "pagefind" not in page
    home = (offline_build / "index.html").read_text(encoding="utf-8")
    assert 'role="search"' not in home


def test_online_build_keeps_folder_links_and_search(tmp_path, sample_copy):
    report = run_build(sample_copy, output=tmp_path / "out")
    assert report.ok
    home = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert 'href="timeline/"' in home and 'role="search"' in home
    assert "made to be read from a folder" not in (tmp_path / "out" / "search" / "index.html").read_text()


def test_feeds_and_sitemap_of_an_offline_build_say_nothing_of_a_local_address(tmp_path, sample_copy):
    report = run_build(sample_copy, output=tmp_path / "out", offline=True, base_url=BASE_URL)
    assert report.ok
    out = tmp_path / "out"
    for path in sorted(out.rglob("*")):
        if path.suffix in (".html", ".xml", ".json", ".txt"):
            assert "file:" not in path.read_text(encoding="utf-8"), path
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>{BASE_URL}timeline/</loc>" in sitemap  # the published site's addresses
    feed = (out / "feed.xml").read_text(encoding="utf-8")
    assert f'href="{BASE_URL}"' in feed and "index.html" not in feed
    # The pages still link to one another by file; the search page sends readers online.
    assert 'href="timeline/index.html"' in (out / "index.html").read_text(encoding="utf-8")
    assert f'href="{BASE_URL}"' in (out / "search" / "index.html").read_text(encoding="utf-8")


def test_zip_holds_the_offline_build_in_one_folder_and_is_reproducible(tmp_path, sample_copy, offline_build):
    archives = []
    for number in (1, 2):
        archive = tmp_path / f"run{number}" / "dossier.zip"
        result = CliRunner().invoke(
            main,
            ["build", "--source", str(sample_copy), "--output", str(tmp_path / f"out{number}"),
             "--offline", "--no-cache", "--zip", str(archive)],
        )  # fmt: skip
        assert result.exit_code == 0, result.output
        assert f"Wrote {archive}" in result.output
        archives.append(archive.read_bytes())
    assert archives[0] == archives[1]
    with zipfile.ZipFile(tmp_path / "run1" / "dossier.zip") as archive:
        names = archive.namelist()
        assert names == sorted(names) and all(name.startswith("dossier/") for name in names)
        assert "dossier/index.html" in names and "dossier/.nojekyll" not in names
        home = archive.read("dossier/index.html")
    assert home == (tmp_path / "out1" / "index.html").read_bytes()


def test_zip_that_cannot_be_written_is_reported(tmp_path, tiny_site):
    site = tiny_site()
    (tmp_path / "blocked").write_text("a file where a folder must go")
    result = CliRunner().invoke(
        main, ["build", "--source", str(site), "--offline", "--zip", str(tmp_path / "blocked" / "a.zip")]
    )
    assert result.exit_code == 1
    assert f"{tmp_path / 'blocked' / 'a.zip'}: cannot be written" in result.output
    assert "Traceback" not in result.output


@pytest.mark.slow
@pytest.mark.browser
def test_every_link_of_every_page_opens_a_page_from_a_folder(offline_build):
    """Chromium reads the offline build from file://: every page's links, as the browser
    resolves them, name a file that opens as a page (never a folder's listing), and every
    link's #fragment is an element of that page."""
    pages = sorted(offline_build.rglob("*.html"))
    opened: dict[str, list[str]] = {}  # a target's file URL -> the ids of its elements
    problems = []
    with chromium() as browser:
        tab = browser.new_page()

        def open_page(url: str) -> list[str]:
            if url not in opened:
                tab.goto(url)
                opened[url] = tab.evaluate(
                    "() => document.querySelector('main, body > *') && !/^Index of /.test(document.title)"
                    " ? Array.from(document.querySelectorAll('[id]'), e => e.id) : null"
                )
            return opened[url]

        links = 0
        for page in pages:
            page_url = page.as_uri()
            open_page(page_url)
            hrefs = tab.evaluate("() => Array.from(document.querySelectorAll('a[href]'), a => a.href)")
            for href in hrefs:
                target = urlsplit(href)
                if target.scheme != "file":
                    continue
                links += 1
                file = Path(unquote(target.path))
                if not file.is_file():
                    problems.append(f"{page_url}: {href} does not name a file")
                    continue
                if file.suffix != ".html":
                    continue
                ids = open_page(target._replace(fragment="", query="").geturl())
                if ids is None:
                    problems.append(f"{page_url}: {href} does not open a page")
                elif target.fragment and unquote(target.fragment) not in ids:
                    problems.append(f"{page_url}: {href} has no #{target.fragment}")
    assert problems == []
    assert links > 1000 and len(opened) == len(pages)
