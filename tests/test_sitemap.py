"""sitemap.xml lists exactly the public pages, dated by their content; robots.txt points to it."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from conftest import article, run_build

BASE = "https://example.org/sub/"
NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
# Written for readers but not for search engines: the 404 page and the search page.
PRIVATE = {"404.html", "search/index.html"}


def sitemap(out):
    root = ET.parse(out / "sitemap.xml").getroot()
    assert root.tag == f"{NS}urlset"
    return {url.findtext(f"{NS}loc"): url.findtext(f"{NS}lastmod") for url in root.iter(f"{NS}url")}


def public_pages(out, base=BASE):
    """The URL of every HTML file in the build but the private ones and Pagefind's own."""
    urls = set()
    for path in out.rglob("*.html"):
        relative = path.relative_to(out).as_posix()
        if relative in PRIVATE or relative.startswith("pagefind/"):
            continue
        urls.add(base + relative.removesuffix("index.html"))
    return urls


def test_sample_sitemap_lists_exactly_the_public_pages(sample_copy, tmp_path):
    out = tmp_path / "out"
    assert run_build(sample_copy, output=out, base_url=BASE).ok
    listed = sitemap(out)
    assert set(listed) == public_pages(out)
    assert BASE in listed and f"{BASE}timeline/" in listed
    assert not any(url.endswith(("404.html", "/search/")) for url in listed)
    assert all(listed.values()), "every page of the sample has a content date"


def test_lastmod_comes_from_the_content(tiny_site, tmp_path):
    site = tiny_site(
        {
            "site.yaml": f"title: Tiny\nbase_url: {BASE}\nper_page: 1\n",
            "content/articles/one.md": article("One", "2020-01-01", topics=["Iran"]),
            "content/articles/two.md": article("Two", "2020-01-05", topics=["Iran"], updated="2020-02-01"),
            "content/articles/three.md": article("Three", "2020-01-07", topics=["Iraq"]),
        }
    )
    out = tmp_path / "out"
    assert run_build(site, output=out).ok
    listed = sitemap(out)
    assert listed[f"{BASE}2020/01/01/one/"] == "2020-01-01T00:00:00+00:00"
    assert listed[f"{BASE}2020/01/05/two/"] == "2020-02-01T00:00:00+00:00"  # its update
    assert listed[f"{BASE}topics/iraq/"] == "2020-01-07T00:00:00+00:00"  # its newest article
    # Paginated pages are listed too: each lists different articles.
    assert (
        listed[f"{BASE}topics/iran/"] == listed[f"{BASE}topics/iran/page/2/"] == "2020-02-01T00:00:00+00:00"
    )
    assert (
        listed[BASE] == listed[f"{BASE}timeline/"] == listed[f"{BASE}topics/"] == "2020-02-01T00:00:00+00:00"
    )
    assert set(listed) == public_pages(out)


def test_robots_txt_points_to_the_absolute_sitemap(tiny_site, tmp_path):
    site = tiny_site({"content/articles/one.md": article("One", "2020-01-01")})
    out = tmp_path / "out"
    assert run_build(site, output=out, base_url=BASE).ok
    robots = (out / "robots.txt").read_text()
    assert robots.startswith("User-agent: *\n")
    assert f"Sitemap: {BASE}sitemap.xml" in robots.splitlines()


def test_without_base_url_there_is_no_sitemap_and_robots_names_none(tiny_site, tmp_path):
    site = tiny_site({"content/articles/one.md": article("One", "2020-01-01")})
    out = tmp_path / "out"
    assert run_build(site, output=out).ok
    assert not (out / "sitemap.xml").exists()
    assert "Sitemap" not in (out / "robots.txt").read_text()


def test_a_profile_without_articles_is_listed_without_a_date(tiny_site, tmp_path):
    site = tiny_site(
        {
            "content/articles/one.md": article("One", "2020-01-01"),
            "content/figures/nobody.md": "---\nname: Nobody\n---\nNot in any article.\n",
        }
    )
    out = tmp_path / "out"
    assert run_build(site, output=out, base_url=BASE).ok
    listed = sitemap(out)
    assert listed[f"{BASE}figures/nobody/"] is None
    assert not (out / "figures/nobody/feed.xml").exists()
