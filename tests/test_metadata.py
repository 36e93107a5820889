"""Every page's head: a unique title, description, canonical, Open Graph, Twitter card and JSON-LD."""

from __future__ import annotations

import json
from collections import Counter
from html.parser import HTMLParser

import pytest
from conftest import article, run_build

BASE = "https://example.org/sub/"


class Head(HTMLParser):
    """The title, meta tags, links and JSON-LD blocks of one page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.title = ""
        self.meta: dict[str, list[str]] = {}
        self.links: list[dict[str, str]] = []
        self.jsonld: list[str] = []
        self._in: str | None = None
        self._body = False

    def handle_starttag(self, tag, attrs):
        values = {k: v or "" for k, v in attrs}
        if tag == "body":
            self._body = True  # an SVG's <title> in the body is not the page's
        elif tag == "title" and not self._body:
            self._in = "title"
        elif tag == "meta" and ("name" in values or "property" in values):
            key = values.get("property") or values["name"]
            self.meta.setdefault(key, []).append(values.get("content", ""))
        elif tag == "link":
            self.links.append(values)
        elif tag == "script" and values.get("type") == "application/ld+json":
            self._in = "jsonld"
            self.jsonld.append("")

    def handle_endtag(self, tag):
        if tag in ("title", "script"):
            self._in = None

    def handle_data(self, data):
        if self._in == "title":
            self.title += data
        elif self._in == "jsonld":
            self.jsonld[-1] += data

    def one(self, key: str) -> str:
        assert len(self.meta.get(key, [])) == 1, (key, self.meta.get(key))
        return self.meta[key][0]

    def data(self) -> dict:
        assert len(self.jsonld) == 1
        return json.loads(self.jsonld[0])


def head(path) -> Head:
    parser = Head()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def pages(out):
    return sorted(p for p in out.rglob("*.html") if "pagefind" not in p.relative_to(out).parts)


@pytest.fixture(scope="module")
def sample(sample_copy, tmp_path_factory):
    out = tmp_path_factory.mktemp("meta") / "out"
    assert run_build(sample_copy, output=out, base_url=BASE).ok
    return out


def test_every_sample_page_has_a_unique_title_and_full_head(sample):
    titles = Counter()
    for page in pages(sample):
        h = head(page)
        titles[h.title] += 1
        assert h.one("description"), page
        for key in ("og:title", "og:description", "og:type", "og:url", "og:site_name", "twitter:card"):
            assert h.one(key), (page, key)
        assert h.one("og:type") in ("article", "website")
        canonical = [link["href"] for link in h.links if link.get("rel") == "canonical"]
        assert canonical == [h.one("og:url")]
        assert canonical[0].startswith(BASE)
    assert [title for title, n in titles.items() if n > 1] == []


def test_article_page_carries_a_news_article(sample):
    page = sample / "2020/01/03/soleimani-killed-baghdad-airport/index.html"
    h = head(page)
    assert h.one("og:type") == "article"
    assert h.one("og:url") == f"{BASE}2020/01/03/soleimani-killed-baghdad-airport/"
    assert h.one("article:published_time") == "2020-01-03"
    data = h.data()
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "US drone strike kills Qassem Soleimani in Baghdad"
    assert data["datePublished"] == "2020-01-03"
    assert data["dateModified"] == "2020-01-03"
    assert data["url"] == f"{BASE}2020/01/03/soleimani-killed-baghdad-airport/"
    assert data["locationCreated"] == {"@type": "Place", "name": "Baghdad"}
    assert {"@type": "Thing", "name": "Iraq", "url": f"{BASE}topics/iraq/"} in data["about"]
    mentions = {m["name"]: m["@type"] for m in data["mentions"]}
    assert mentions["Qassem Soleimani"] == "Person"
    assert mentions["Islamic Revolutionary Guard Corps"] == "Organization"
    assert all(m["url"].startswith(f"{BASE}figures/") for m in data["mentions"])


def test_figure_pages_describe_a_person_or_an_organisation(sample):
    person = head(sample / "figures/qassem-soleimani/index.html").data()
    assert person["@type"] == "Person"
    assert person["name"] == "Qassem Soleimani"
    assert person["url"] == f"{BASE}figures/qassem-soleimani/"
    assert "Soleimani" in person["alternateName"]
    assert person["jobTitle"]
    group = head(sample / "figures/kataib-hezbollah/index.html").data()
    assert group["@type"] == "Organization"
    assert "jobTitle" not in group


@pytest.mark.parametrize("where", ["topics/iran/index.html", "timeline/index.html"])
def test_topic_pages_and_the_timeline_are_collections_of_articles(sample, where):
    data = head(sample / where).data()
    assert data["@type"] == "CollectionPage"
    items = data["mainEntity"]["itemListElement"]
    assert data["mainEntity"]["@type"] == "ItemList"
    assert data["mainEntity"]["numberOfItems"] == len(items) > 0
    assert [item["position"] for item in items] == list(range(1, len(items) + 1))
    for item in items:
        assert item["@type"] == "ListItem" and sorted(item) == ["@type", "position", "url"]
        assert (sample / item["url"].removeprefix(BASE) / "index.html").is_file()


def test_home_page_is_a_website_with_a_search_action(sample):
    data = head(sample / "index.html").data()
    assert data["@type"] == "WebSite"
    assert data["url"] == BASE
    assert data["potentialAction"]["target"] == f"{BASE}search/?q={{search_term_string}}"


def test_json_ld_cannot_close_its_script_element(tiny_site, tmp_path):
    title = "</script><script>alert(1)</script> & <!-- more"
    site = tiny_site({"content/articles/x.md": article(json.dumps(title), "2020-01-01", topics=["Iran"])})
    out = tmp_path / "out"
    assert run_build(site, output=out).ok
    text = (out / "2020/01/01/x/index.html").read_text()
    block = text.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert "<" not in block and ">" not in block and "&" not in block
    assert json.loads(block)["headline"] == title
    assert head(out / "2020/01/01/x/index.html").title == f"{title} · Tiny dossier"


def test_titles_are_told_apart_when_names_clash(tiny_site, tmp_path):
    site = tiny_site(
        {
            "content/articles/iran.md": article("Iran", "2020-01-01", topics=["Iran"], figures=["Iran"]),
            "content/articles/b.md": article("Talks", "2020-01-02", slug="talks-one"),
            "content/articles/c.md": article("Talks", "2020-01-03", slug="talks-two"),
            "content/articles/d.md": article("Talks", "2020-01-03", slug="talks-three"),
            "content/articles/timeline.md": article("Timeline", "2020-01-04"),
        }
    )
    out = tmp_path / "out"
    assert run_build(site, output=out).ok
    titles = {page.relative_to(out).as_posix(): head(page).title for page in pages(out)}
    assert len(set(titles.values())) == len(titles), titles
    assert titles["topics/iran/index.html"] == "Iran (topic) · Tiny dossier"
    assert titles["figures/iran/index.html"] == "Iran (figure) · Tiny dossier"
    assert titles["2020/01/01/iran/index.html"] == "Iran (1 January 2020) · Tiny dossier"
    assert titles["2020/01/02/talks-one/index.html"] == "Talks (2 January 2020) · Tiny dossier"
    assert titles["2020/01/03/talks-two/index.html"] == "Talks (3 January 2020, talks-two) · Tiny dossier"
    assert titles["timeline/index.html"] == "Timeline · Tiny dossier"


def test_without_base_url_no_absolute_url_is_made_up(tiny_site, tmp_path):
    site = tiny_site({"content/articles/story.md": article("Story", "2020-01-01", topics=["Iran"])})
    out = tmp_path / "out"
    assert run_build(site, output=out).ok
    h = head(out / "2020/01/01/story/index.html")
    assert "og:url" not in h.meta
    assert not [link for link in h.links if link.get("rel") == "canonical"]
    data = h.data()
    # relative to the page, as JSON-LD processors resolve them against the document's address
    assert data["url"] == "../../../../2020/01/01/story/"
    assert data["about"][0]["url"] == "../../../../topics/iran/"


def test_search_and_not_found_pages_ask_not_to_be_indexed(sample):
    assert head(sample / "404.html").one("robots") == "noindex"
    assert head(sample / "search/index.html").one("robots") == "noindex"
    assert "robots" not in head(sample / "index.html").meta
