"""Atom feeds: parsed by feedparser, newest first, absolute links, dated by their content."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime

import feedparser
import pytest
from conftest import article, run_build
from htmlcheck import parse

BASE = "https://example.org/dossier/"
ATOM = "{http://www.w3.org/2005/Atom}"


def stories() -> dict[str, str]:
    return {
        "content/articles/rocket-attack-on-k-1.md": article(
            "Rocket attack on K-1",
            "2019-12-27",
            "Rockets hit the base.",
            topics=["Iraq"],
            figures=["Kataib Hezbollah"],
        ),
        "content/articles/strike-in-baghdad.md": article(
            "Strike in Baghdad",
            "2020-01-03",
            "A drone *struck* the convoy. AT&T <em>said</em> nothing.",
            topics=["Iraq", "Iran"],
            figures=["Qassem Soleimani"],
            summary="A drone strike killed the general.",
            updated="2020-01-10",
        ),
        "content/articles/missiles-on-ain-al-asad.md": article(
            "Missiles on Ain al-Asad",
            "2020-01-08",
            "Missiles fell.",
            topics=["Iran"],
            figures=["Qassem Soleimani"],
        ),
        "content/articles/vote-in-congress.md": article(
            "Vote in Congress", "2020-01-09", "The House voted.", topics=["Iran"]
        ),
    }


@pytest.fixture
def built(tiny_site, tmp_path):
    site = tiny_site({**stories(), "site.yaml": f"title: Tiny dossier\nbase_url: {BASE}\nfeed_limit: 3\n"})
    out = tmp_path / "out"
    report = run_build(site, output=out)
    assert report.ok, [str(p) for p in report.problems]
    return out


def read_feed(path):
    feed = feedparser.parse(path.read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


def test_site_feed_holds_the_latest_articles_newest_first_with_absolute_links(built):
    feed = read_feed(built / "feed.xml")
    assert feed.version == "atom10"
    assert [e.title for e in feed.entries] == [
        "Vote in Congress",
        "Missiles on Ain al-Asad",
        "Strike in Baghdad",
    ]
    assert [e.link for e in feed.entries] == [
        f"{BASE}2020/01/09/vote-in-congress/",
        f"{BASE}2020/01/08/missiles-on-ain-al-asad/",
        f"{BASE}2020/01/03/strike-in-baghdad/",
    ]
    assert [e.id for e in feed.entries] == [e.link for e in feed.entries]
    assert feed.feed.title == "Tiny dossier"
    assert {link.rel: link.href for link in feed.feed.links} == {"self": f"{BASE}feed.xml", "alternate": BASE}


def test_feed_updated_is_the_newest_entry_change_not_the_build_time(built):
    feed = read_feed(built / "feed.xml")
    # "Strike in Baghdad" was updated on 10 January, after the newest article's date.
    assert feed.feed.updated == "2020-01-10T00:00:00+00:00"
    strike = next(e for e in feed.entries if e.title == "Strike in Baghdad")
    assert strike.published == "2020-01-03T00:00:00+00:00"
    assert strike.updated == "2020-01-10T00:00:00+00:00"


def test_entries_carry_summary_full_html_content_and_topics(built):
    feed = read_feed(built / "feed.xml")
    strike = next(e for e in feed.entries if e.title == "Strike in Baghdad")
    assert strike.summary == "A drone strike killed the general."
    assert [t.term for t in strike.tags] == ["Iraq", "Iran"]
    # The content element holds the article's HTML as escaped text.
    root = ET.parse(built / "feed.xml").getroot()
    entry = next(e for e in root.iter(f"{ATOM}entry") if e.findtext(f"{ATOM}title") == "Strike in Baghdad")
    content = entry.find(f"{ATOM}content")
    assert content.get("type") == "html"
    assert content.text == "<p>A drone <em>struck</em> the convoy. AT&amp;T <em>said</em> nothing.</p>"


def test_topic_and_figure_feeds_carry_summaries_and_the_site_feed_full_text(built):
    for name in ("topics/iran/feed.xml", "figures/qassem-soleimani/feed.xml"):
        feed = read_feed(built / name)
        strike = next(e for e in feed.entries if e.title == "Strike in Baghdad")
        assert strike.summary == "A drone strike killed the general."
        assert strike.link == f"{BASE}2020/01/03/strike-in-baghdad/"
        assert strike.published == "2020-01-03T00:00:00+00:00"
        assert all("content" not in e for e in feed.entries), name
    assert all(e.content[0].value for e in read_feed(built / "feed.xml").entries)


def test_subject_feeds_carry_full_text_and_their_own_count_when_asked(tiny_site, tmp_path):
    settings = "title: Tiny dossier\nfeed_limit: 1\nsubject_feed_limit: 2\nsubject_feed_full_text: true\n"
    out = tmp_path / "out"
    assert run_build(tiny_site({**stories(), "site.yaml": settings}), output=out).ok
    assert len(read_feed(out / "feed.xml").entries) == 1
    iran = read_feed(out / "topics/iran/feed.xml")
    assert [e.title for e in iran.entries] == ["Vote in Congress", "Missiles on Ain al-Asad"]
    assert iran.entries[0].content[0].value == "<p>The House voted.</p>"


def test_subject_feeds_hold_ten_entries_by_default(tiny_site, tmp_path):
    stories = {
        f"content/articles/day-{day}.md": article(
            f"Day {day}", f"2020-01-{day:02d}", "Text.", topics=["Iran"]
        )
        for day in range(1, 26)
    }
    out = tmp_path / "out"
    assert run_build(tiny_site(stories), output=out).ok
    assert len(read_feed(out / "feed.xml").entries) == 20
    iran = read_feed(out / "topics/iran/feed.xml")
    assert [e.title for e in iran.entries] == [f"Day {day}" for day in range(25, 15, -1)]


def test_topic_and_figure_feeds_hold_only_their_articles(built):
    iraq = read_feed(built / "topics/iraq/feed.xml")
    assert [e.title for e in iraq.entries] == ["Strike in Baghdad", "Rocket attack on K-1"]
    assert iraq.feed.title == "Iraq · Tiny dossier"
    assert iraq.feed.updated == "2020-01-10T00:00:00+00:00"
    soleimani = read_feed(built / "figures/qassem-soleimani/feed.xml")
    assert [e.title for e in soleimani.entries] == ["Missiles on Ain al-Asad", "Strike in Baghdad"]
    assert soleimani.feed.links[0].href == f"{BASE}figures/qassem-soleimani/feed.xml"


def test_every_page_links_the_site_feed_and_subject_pages_their_own(built):
    for page in sorted(built.rglob("*.html")):
        if page.parent.name == "pagefind" or "pagefind" in page.parts:
            continue
        assert 'rel="alternate" type="application/atom+xml" title="Tiny dossier"' in page.read_text(), page
    topic = (built / "topics/iran/index.html").read_text()
    assert 'title="Iran · Tiny dossier" href="../../topics/iran/feed.xml"' in topic
    # and visibly, in the page's header
    links = parse(built / "figures/qassem-soleimani/index.html").links
    assert links.count("../../figures/qassem-soleimani/feed.xml") == 2


def test_without_base_url_ids_are_uuids_and_links_relative_to_the_feed(tiny_site, tmp_path):
    site = tiny_site(stories())
    out = tmp_path / "out"
    assert run_build(site, output=out).ok
    where = "https://mirror.example.net/some/path/topics/iran/feed.xml"
    feed = feedparser.parse(
        (out / "topics/iran/feed.xml").read_bytes(),
        response_headers={"content-location": where, "content-type": "application/atom+xml"},
    )
    assert not feed.bozo
    assert all(e.id.startswith("urn:uuid:") for e in feed.entries)
    assert feed.feed.id.startswith("urn:uuid:")
    assert feed.entries[0].link == "https://mirror.example.net/some/path/2020/01/09/vote-in-congress/"
    # ids are stable: the same site gives the same ids
    again = tmp_path / "again"
    assert run_build(site, output=again).ok
    assert (again / "topics/iran/feed.xml").read_bytes() == (out / "topics/iran/feed.xml").read_bytes()


def test_without_base_url_links_in_content_lead_to_their_pages(tiny_site, tmp_path):
    """Content is read against its entry's xml:base, the article, wherever the feed is."""
    site = tiny_site(
        {
            **stories(),
            "site.yaml": "title: Tiny dossier\nsubject_feed_full_text: true\n",
            "content/articles/more/follow-up.md": article(
                "Follow-up",
                "2020-01-11",
                "Qassem Soleimani was buried. See [the vote](../vote-in-congress.md).",
                topics=["Iran"],
                figures=["Qassem Soleimani"],
            ),
        }
    )
    out = tmp_path / "out"
    assert run_build(site, output=out).ok
    root = "https://mirror.example.net/some/path/"
    for feed_path in ("feed.xml", "topics/iran/feed.xml", "figures/qassem-soleimani/feed.xml"):
        feed = feedparser.parse(
            (out / feed_path).read_bytes(),
            response_headers={"content-location": root + feed_path, "content-type": "application/atom+xml"},
        )
        [follow_up] = [e for e in feed.entries if e.title == "Follow-up"]
        links = parse_links(follow_up.content[0].value)
        assert links == [f"{root}figures/qassem-soleimani/", f"{root}2020/01/09/vote-in-congress/"], feed_path
        for link in links:
            assert (out / link.removeprefix(root) / "index.html").is_file()


def parse_links(html_text: str) -> list[str]:
    return re.findall(r'href="([^"]*)"', html_text)


def test_feeds_do_not_depend_on_when_the_site_is_built(tiny_site, tmp_path):
    site = tiny_site(stories())
    first, second = tmp_path / "one", tmp_path / "two"
    assert run_build(site, output=first).ok
    assert run_build(site, output=second, now=datetime(2031, 2, 3, 4, 5, tzinfo=UTC)).ok
    for name in ("feed.xml", "topics/iran/feed.xml", "figures/qassem-soleimani/feed.xml"):
        assert (first / name).read_bytes() == (second / name).read_bytes()


def test_markup_and_control_characters_cannot_break_the_feed(tiny_site, tmp_path):
    site = tiny_site(
        {
            "content/articles/x.md": article(
                '"</title><script>alert(1)</script> & more"',
                "2020-01-01",
                "Text with a form feed \f and <b>bold</b> & </content> in it.",
                summary='"Quotes \' and <angles> & ampersands"',
            )
        }
    )
    out = tmp_path / "out"
    assert run_build(site, output=out).ok
    feed = read_feed(out / "feed.xml")
    assert feed.entries[0].title == "</title><script>alert(1)</script> & more"
    assert feed.entries[0].summary == "Quotes ' and <angles> & ampersands"
    root = ET.parse(out / "feed.xml").getroot()
    assert "</content>" in root.find(f"{ATOM}entry/{ATOM}content").text


def test_an_empty_dossier_still_has_a_valid_feed(tiny_site, tmp_path):
    out = tmp_path / "out"
    assert run_build(tiny_site({}), output=out).ok
    feed = read_feed(out / "feed.xml")
    assert feed.entries == []
    assert feed.feed.updated == "1970-01-01T00:00:00+00:00"


def test_sample_feeds_all_parse(sample_copy, tmp_path):
    out = tmp_path / "out"
    assert run_build(sample_copy, output=out, base_url="https://example.org/brink/").ok
    feeds = sorted(out.rglob("feed.xml"))
    assert len(feeds) > 10
    for path in feeds:
        feed = read_feed(path)
        assert feed.entries, path
        assert all(e.link.startswith("https://example.org/brink/") for e in feed.entries)
        dates = [e.published_parsed for e in feed.entries]
        assert dates == sorted(dates, reverse=True)
