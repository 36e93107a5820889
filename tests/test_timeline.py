"""timeline.yaml: key events and eras on the timeline page, the month strip, the TimelineJS export."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import jsonschema
import pytest
from conftest import REPO, article, run_build
from htmlcheck import broken_links
from htmlcheck import parse as parse_links

from generator.content.timeline import PartialDate, parse_when, read_timeline

SVG = "{http://www.w3.org/2000/svg}"

ARTICLES = {
    "content/articles/2019/strikes.md": article(
        "Strikes on militia sites", "2019-12-29", topics=["Iraq"], figures=["Kataib Hezbollah"]
    ),
    "content/articles/2020/killed.md": article(
        "Drone strike in Baghdad", "2020-01-03", topics=["Iraq", "Iran"], figures=["Qassem Soleimani"]
    ),
    "content/articles/2020/funeral.md": article("Funeral in Tehran", "2020-01-06", topics=["Iran"]),
    "content/articles/2020/vote.md": article("Senate vote", "2020-02-13", topics=["War powers"]),
    "content/figures/qassem-soleimani.md": "---\nname: Qassem Soleimani\naliases: [Soleimani]\n---\nBio.\n",
}

TIMELINE = """\
events:
  - date: 2020-01-03
    title: Soleimani is killed
    article: killed
    figures: [Soleimani, Kataib Hezbollah]
    summary: A drone strike at Baghdad airport.
  - date: 2020-01
    title: A month of mourning
  - date: 2019
    title: Rockets hit bases all year
  - date: 2020-01-04/2020-01-07
    title: Funerals in Iraq and Iran
    article: content/articles/2020/funeral.md
eras:
  - start: 2019-12-27
    end: 2020-01-08
    label: Escalation
  - start: 2020-01-05
    end: 2020-02
    label: Aftermath
"""


def site_with(tiny_site, timeline: str = TIMELINE, **extra: str):
    return tiny_site({**ARTICLES, "content/timeline.yaml": timeline, **extra})


class Page(HTMLParser):
    """Ids, and for each element with an id: its text and the links inside it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.text: dict[str, str] = {}
        self.links: dict[str, list[str]] = {}
        self.times: dict[str, list[str]] = {}
        self.open: list[str | None] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag in ("meta", "link", "input", "br", "img", "rect"):
            return
        ident = values.get("id")
        self.open.append(ident)
        if ident:
            self.ids.append(ident)
            self.text[ident], self.links[ident], self.times[ident] = "", [], []
        for name in filter(None, self.open):
            if tag == "a" and values.get("href"):
                self.links[name].append(values["href"])
            if tag == "time":
                self.times[name].append(values.get("datetime") or "")

    def handle_endtag(self, tag):
        if tag not in ("meta", "link", "input", "br", "img", "rect") and self.open:
            self.open.pop()

    def handle_data(self, data):
        for name in filter(None, self.open):
            self.text[name] += data


def list_text(path: Path, list_class: str) -> list[str]:
    """The text of each item of the first list of class ``list_class`` in ``path``."""
    html = path.read_text(encoding="utf-8")
    start = html.index(f'class="{list_class}')
    items = html[start : html.index("</ol>", start)].split("<li")[1:]
    return [
        words(" ".join(ET.fromstring("<li" + item.split("</li>")[0] + "</li>").itertext())) for item in items
    ]


def page(path: Path) -> Page:
    parser = Page()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def words(text: str) -> str:
    return " ".join(text.split())


def target(out: Path, page_url: str, link: str) -> tuple[Path, str]:
    """The file a relative link from ``page_url`` leads to, and its fragment."""
    parts = urlsplit(urljoin(page_url, link))
    path = unquote(parts.path)
    file = out / path.lstrip("/")
    return (file / "index.html" if path.endswith("/") else file), parts.fragment


# --- dates ---


@pytest.mark.parametrize(
    ("text", "iso", "first", "last"),
    [
        ("2019", "2019", "2019-01-01", "2019-12-31"),
        ("2020-02", "2020-02", "2020-02-01", "2020-02-29"),
        ("2020-01-03", "2020-01-03", "2020-01-03", "2020-01-03"),
        ("2019-12-27/2020-01", "2019-12-27/2020-01", "2019-12-27", "2020-01-31"),
    ],
)
def test_partial_dates_and_ranges_keep_what_was_written(text, iso, first, last):
    when = parse_when(text)
    assert when.iso == iso
    assert when.start.first.isoformat() == first and when.last.isoformat() == last


@pytest.mark.parametrize("text", ["20", "2020-13", "2020-02-30", "2020/01", "2020-01-05/2020-01-04", "0000"])
def test_impossible_dates_are_refused(text):
    with pytest.raises(ValueError):
        parse_when(text)


def test_a_partial_date_sorts_at_the_start_of_its_period():
    dates = ["2020-01-02", "2020-01", "2019-12-31", "2020", "2020-01-01"]
    ordered = sorted((parse_when(d) for d in dates), key=lambda w: w.sort_key)
    assert [w.iso for w in ordered] == ["2019-12-31", "2020", "2020-01", "2020-01-01", "2020-01-02"]


# --- the reader ---


def test_reader_reads_events_and_eras_sorted_by_date(tiny_site):
    site = site_with(tiny_site)
    timeline, problems = read_timeline(site)
    assert problems == []
    assert timeline.path == "content/timeline.yaml"
    assert [e.title for e in timeline.events] == [
        "Rockets hit bases all year",
        "A month of mourning",
        "Soleimani is killed",
        "Funerals in Iraq and Iran",
    ]
    killed = timeline.events[2]
    assert killed.line == 2 and killed.article == "killed"
    assert killed.figures == ("Soleimani", "Kataib Hezbollah")
    assert killed.summary == "A drone strike at Baghdad airport."
    assert timeline.events[0].when.start == PartialDate(2019)  # YAML's 2019 arrives as text, not a number
    assert [(e.label, e.start.iso, e.end.iso) for e in timeline.eras] == [
        ("Escalation", "2019-12-27", "2020-01-08"),
        ("Aftermath", "2020-01-05", "2020-02"),
    ]


def test_no_timeline_file_is_no_problem(tiny_site):
    timeline, problems = read_timeline(tiny_site(ARTICLES))
    assert problems == [] and timeline.events == () and timeline.eras == ()


BAD = """\
events:
  - date: 2020-01-03
    titel: Soleimani is killed
  - date: 2020-01-03
  - date: 2020-13
    title: A month that does not exist
  - date: 2020-01-03
    title: Strike
    article: kiled
  - date: 2020-01-06
    title: Funeral
    figures: [Soleimany]
  - date: 2020-01-06
    title: A draft's event
    article: draft-story
  - Just a sentence
eras:
  - start: 2020-02-01
    end: 2020-01-01
    label: Backwards
  - start: 2020-01-01
    end: 2020-01-05
  - start: 2020-01-01/2020-01-03
    end: 2020-01-05
    label: Range as start
evnts: []
"""


def test_each_bad_entry_is_reported_with_its_line(tiny_site):
    draft = article("Draft story", "2020-01-06", draft="true", topics=["Iran"])
    site = site_with(tiny_site, BAD, **{"content/articles/2020/draft-story.md": draft})
    report = run_build(site, output=site / "out")
    assert not report.ok and not (site / "out").exists()
    found = sorted(str(p) for p in report.problems if p.path == "content/timeline.yaml")
    assert found == sorted(
        [
            "content/timeline.yaml:3: unknown field `titel`: did you mean `title`?",
            "content/timeline.yaml:2: this event has no `title`: add `title: ...`",
            "content/timeline.yaml:4: this event has no `title`: add `title: ...`",
            "content/timeline.yaml:5: `date: 2020-13` is not a date: write 2020, 2020-01, 2020-01-03 "
            "or a range such as 2019-12-27/2020-01-03",
            "content/timeline.yaml:9: `article: kiled` is not an article: did you mean `killed`?",
            "content/timeline.yaml:12: unknown figure `Soleimany`: did you mean `Qassem Soleimani`?",
            "content/timeline.yaml:15: warning: `article: draft-story` is left out of this build "
            "(a draft or dated in the future); the event is shown without its link",
            "content/timeline.yaml:16: each entry of `events` must be `key: value` lines",
            "content/timeline.yaml:19: era `Backwards` ends (2020-01-01) before it starts (2020-02-01): "
            "swap `start` and `end`",
            "content/timeline.yaml:21: this era has no `label`: add `label: ...`",
            "content/timeline.yaml:23: `start` is one date; an era's range is its `start` and `end`",
            "content/timeline.yaml:26: unknown field `evnts`: did you mean `events`?",
        ]
    )


def test_an_event_whose_article_is_left_out_is_shown_without_the_link(tiny_site, tmp_path):
    draft = article("Draft story", "2020-01-06", draft="true", topics=["Iran"])
    timeline = "events:\n  - date: 2020-01-06\n    title: Later news\n    article: draft-story\n"
    site = site_with(tiny_site, timeline, **{"content/articles/2020/draft-story.md": draft})
    out = tmp_path / "out"
    report = run_build(site, output=out)
    assert report.ok and [p.warning for p in report.problems] == [True]
    timeline_page = page(out / "timeline/index.html")
    assert words(timeline_page.text["event-later-news"]).startswith("6 January 2020 Key event Later news")
    assert timeline_page.links["event-later-news"] == []


def test_an_ambiguous_slug_asks_for_the_source_path(tiny_site):
    twin = article("Drone strike, day two", "2020-01-04", slug="killed", topics=["Iraq"])
    site = site_with(tiny_site, **{"content/articles/2020/killed-again.md": twin})
    report = run_build(site, output=site / "out")
    assert [str(p) for p in report.errors] == [
        "content/timeline.yaml:4: `article: killed` names 2 articles (content/articles/2020/killed-again.md, "
        "content/articles/2020/killed.md): give the source path instead"
    ]


def test_yaml_syntax_errors_point_into_the_file(tiny_site):
    report = run_build(site_with(tiny_site, "events:\n  - date: 2020\n   title: [\n"), output=None)
    assert not report.ok
    assert [p.path for p in report.errors] == ["content/timeline.yaml"]
    assert report.errors[0].line in (2, 3, 4)


# --- the timeline page ---


@pytest.fixture
def built(tiny_site, tmp_path):
    site = site_with(tiny_site)
    out = tmp_path / "out"
    report = run_build(site, output=out)
    assert report.ok, [str(p) for p in report.problems]
    assert report.problems == ()
    return out


def test_key_events_are_shown_as_written_in_date_order(built):
    timeline = page(built / "timeline/index.html")
    events = [i for i in timeline.ids if i.startswith("event-")]
    assert events == [
        "event-rockets-hit-bases-all-year",
        "event-a-month-of-mourning",
        "event-soleimani-is-killed",
        "event-funerals-in-iraq-and-iran",
    ]
    assert timeline.times["event-rockets-hit-bases-all-year"] == ["2019"]
    assert timeline.times["event-a-month-of-mourning"] == ["2020-01"]
    # The event's dates as written, then (in its detail) its article's.
    assert timeline.times["event-funerals-in-iraq-and-iran"] == ["2020-01-04", "2020-01-07", "2020-01-06"]
    assert words(timeline.text["event-a-month-of-mourning"]).startswith("January 2020 Key event")
    assert words(timeline.text["event-funerals-in-iraq-and-iran"]).startswith(
        "4 January 2020 – 7 January 2020 Key event Funerals in Iraq and Iran"
    )


def test_key_events_sit_in_their_month_and_year_only_events_open_their_year(built):
    timeline = page(built / "timeline/index.html")
    order = timeline.ids
    # Before the first era: the year-long event, under its year.
    assert (
        order.index("2019") < order.index("event-rockets-hit-bases-all-year") < order.index("era-escalation")
    )
    assert order.index("era-escalation") < order.index("2019-12")
    # January: the month-long event comes first, then the day's event before that day's article.
    january = order.index("2020-01")
    assert january < order.index("event-a-month-of-mourning") < order.index("event-soleimani-is-killed")
    assert order.index("event-funerals-in-iraq-and-iran") < order.index("2020-02")


def test_a_key_event_and_its_article_are_one_entry(built):
    html = (built / "timeline/index.html").read_text(encoding="utf-8")
    entries = html.split('<li class="entry ')[1:]
    assert len(entries) == 4 + 2  # four key events; of the four articles, two are told by an event
    told = [e for e in entries if "Drone strike in Baghdad" in e]
    assert len(told) == 1 and told[0].startswith('entry--event" id="event-soleimani-is-killed"')
    assert "<details" in told[0]  # the summary on demand
    # Every day with an article has its anchor, even one whose article an event of another day tells.
    ids = parse_links(built / "timeline/index.html").ids
    assert {"2019-12-29", "2020-01-03", "2020-01-06", "2020-02-13"} <= set(ids)


def test_events_link_their_article_and_figures(built):
    timeline = page(built / "timeline/index.html")
    links = timeline.links["event-soleimani-is-killed"]
    assert len(links) == 4  # the headline and the article line lead to the article, then the figures
    assert links[0] == links[1]
    del links[1]
    titles = []
    for link in links:
        file, _ = target(built, "/timeline/", link)
        assert file.is_file(), link
        titles.append(page(file).text.get("main", ""))
    assert "Drone strike in Baghdad" in titles[0]
    assert "Qassem Soleimani" in titles[1] and "Kataib Hezbollah" in titles[2]
    funeral, _ = target(built, "/timeline/", timeline.links["event-funerals-in-iraq-and-iran"][0])
    assert funeral == built / "2020/01/06/funeral/index.html"  # named by its source path
    assert timeline.links["event-a-month-of-mourning"] == []
    assert broken_links(built) == []


def test_eras_are_labelled_chapters_and_a_day_belongs_to_the_era_begun_last(built):
    html = (built / "timeline/index.html").read_text(encoding="utf-8")
    timeline = page(built / "timeline/index.html")
    assert timeline.ids.index("era-escalation") < timeline.ids.index("event-soleimani-is-killed")
    assert timeline.times["era-escalation"] == ["2019-12-27", "2020-01-08"]
    assert words(timeline.text["era-aftermath"]) == "Chapter 2 Aftermath 5 January 2020 – February 2020"
    assert "#era-escalation" in html and "#era-aftermath" in html  # the list of chapters leads to them
    # The Senate vote of 13 February falls in the aftermath only ("end: 2020-02" is the whole month);
    # the strike of 3 January in the escalation only.
    soleimani = html.index(">Soleimani is killed<")
    assert html.index('id="era-escalation"') < soleimani < html.index('id="era-aftermath"')
    assert html.index('id="era-aftermath"') < html.index(">Senate vote<")
    css = (built / "assets/style.css").read_text(encoding="utf-8")
    assert "position: sticky" in css.split(".chapter__title {")[1].split("}")[0]  # seen while scrolling


# --- the month strip ---


def strip_of(path: Path) -> ET.Element:
    html = path.read_text(encoding="utf-8")
    start = html.index("<svg")
    return ET.fromstring(html[start : html.index("</svg>", start) + len("</svg>")])


def test_strip_links_each_month_with_articles_to_its_anchor_on_the_timeline(built):
    svg = strip_of(built / "timeline/index.html")
    assert svg.get("viewBox") == "0 0 80 60"  # seven weeks of story: a bar a week
    assert svg.find(f"{SVG}desc").text.startswith(
        "4 articles from Week of 23 December 2019 to Week of 10 February 2020, in 4 of 8 weeks"
    )
    picture = svg.find(f"{SVG}g[@role='img']")  # the bars: an image named and described in words
    assert picture.get("aria-labelledby") == "strip-title strip-desc"
    assert picture.find(f"{SVG}path[@class='strip__bar']").get("d").count("M") == 4  # one per busy week
    assert picture.find(f".//{SVG}a") is None  # links inside an image would be lost to screen readers
    links = svg.findall(f".//{SVG}a")
    assert [a.find(f"{SVG}title").text for a in links] == [
        "Week of 23 December 2019: 1 article",
        "Week of 30 December 2019: 1 article",
        "Week of 6 January 2020: 1 article",
        "Week of 10 February 2020: 1 article",
    ]
    ids = parse_links(built / "timeline/index.html").ids
    assert [a.get("href") for a in links] == [
        "../timeline/#2019-12-29",
        "../timeline/#2020-01-03",
        "../timeline/#2020-01-06",
        "../timeline/#2020-02-13",
    ]
    for a in links:
        assert a.get("href").split("#")[1] in ids
    # Every bar has its count and label in text under the drawing, not only in a tooltip.
    labels = list_text(built / "timeline/index.html", "strip__labels")
    assert labels == [
        "1 23 Dec",
        "1 30 Dec",
        "1 6 Jan",
        "0 13 Jan",
        "0 20 Jan",
        "0 27 Jan",
        "0 3 Feb",
        "1 10 Feb",
    ]


def test_topic_pages_show_their_articles_over_the_whole_period(built):
    svg = strip_of(built / "topics/iran/index.html")
    links = svg.findall(f".//{SVG}a")
    assert [a.find(f"{SVG}title").text for a in links] == [
        "Week of 30 December 2019: 1 article",
        "Week of 6 January 2020: 1 article",
    ]
    assert svg.get("viewBox") == "0 0 80 60"  # the dossier's whole span, with gaps
    timeline_ids = parse_links(built / "timeline/index.html").ids
    for a in links:
        file, fragment = target(built, "/topics/iran/", a.get("href"))
        assert file == built / "timeline/index.html" and fragment in timeline_ids
    assert "<svg" not in (built / "figures/qassem-soleimani/index.html").read_text(encoding="utf-8")


@pytest.mark.slow
def test_fifteen_years_draw_a_bar_a_year(tiny_site, tmp_path):
    files = {
        f"content/articles/a{year}.md": article(f"Story {year}", f"{year}-06-15", topics=["Long"])
        for year in range(2005, 2020, 2)
    }
    files["content/articles/last.md"] = article("Last", "2019-12-20", topics=["Long"])
    files["content/articles/first.md"] = article("First", "2005-01-02", topics=["Long"])
    out = tmp_path / "out"
    assert run_build(tiny_site(files), output=out).ok
    svg = strip_of(out / "timeline/index.html")
    assert svg.get("viewBox") == f"0 0 {15 * 10} 60"  # fifteen years: a bar a year
    assert len(svg.findall(f".//{SVG}a")) == 8  # the odd years
    labels = list_text(out / "timeline/index.html", "strip__labels")  # few bars: each labelled
    assert len(labels) == 15 and labels[:2] == ["2 2005", "0 2006"] and labels[-1] == "2 2019"
    assert broken_links(out) == []


# --- TimelineJS ---


def schema() -> dict:
    return json.loads((REPO / "schemas/timelinejs.schema.json").read_text(encoding="utf-8"))


def test_timelinejs_schema_is_a_valid_json_schema():
    jsonschema.Draft202012Validator.check_schema(schema())


def test_timelinejs_export_validates_and_holds_articles_key_events_and_eras(tiny_site, tmp_path):
    out = tmp_path / "out"
    assert run_build(site_with(tiny_site), output=out, base_url="https://example.org/sub/").ok
    data = json.loads((out / "data/timelinejs.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema())
    assert [e.message for e in validator.iter_errors(data)] == []
    events = {e["unique_id"]: e for e in data["events"]}
    assert len(events) == 4 + 4
    assert events["article-2020-01-03-killed"]["start_date"] == {
        "year": 2020,
        "month": 1,
        "day": 3,
        "display_date": "3 January 2020",
    }
    assert "https://example.org/sub/2020/01/03/killed/" in events["article-2020-01-03-killed"]["text"]["text"]
    assert events["event-rockets-hit-bases-all-year"]["start_date"] == {"year": 2019, "display_date": "2019"}
    assert events["event-a-month-of-mourning"]["start_date"] == {
        "year": 2020,
        "month": 1,
        "display_date": "January 2020",
    }
    funerals = events["event-funerals-in-iraq-and-iran"]
    assert funerals["end_date"]["day"] == 7 and funerals["display_date"] == "4 January 2020 – 7 January 2020"
    killed = events["event-soleimani-is-killed"]["text"]["text"]
    assert 'href="https://example.org/sub/figures/qassem-soleimani/"' in killed
    assert [era["text"]["headline"] for era in data["eras"]] == ["Escalation", "Aftermath"]
    assert data["eras"][1]["end_date"] == {"year": 2020, "month": 2, "display_date": "February 2020"}


def test_timelinejs_text_is_escaped_html(tiny_site, tmp_path):
    timeline = 'events:\n  - date: 2020-01\n    title: "<script>alert(1)</script> & more"\n'
    out = tmp_path / "out"
    assert run_build(site_with(tiny_site, timeline), output=out).ok
    raw = (out / "data/timelinejs.json").read_text(encoding="utf-8")
    assert "<script>" not in raw and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in raw
    assert "<script>alert" not in (out / "timeline/index.html").read_text(encoding="utf-8")


def test_the_same_input_gives_the_same_bytes(tiny_site, tmp_path):
    site = site_with(tiny_site)
    one, two = tmp_path / "one", tmp_path / "two"
    assert run_build(site, output=one).ok and run_build(site, output=two).ok
    for name in ("timeline/index.html", "data/timelinejs.json", "topics/iran/index.html"):
        assert (one / name).read_bytes() == (two / name).read_bytes(), name


def test_dossier_check_reports_the_timeline_problems_too(tiny_site):
    from generator.commands.check import check_site

    timeline = (
        "events:\n  - date: 2020-01-03\n    title: Strike\n    article: kiled\n    figures: [Nobody Known]\n"
    )
    findings = check_site(site_with(tiny_site, timeline))
    found = [(f.path, f.line, f.severity, f.code) for f in findings if f.path == "content/timeline.yaml"]
    assert found == [
        ("content/timeline.yaml", 4, "error", "timeline"),
        ("content/timeline.yaml", 5, "error", "timeline"),
    ]


def test_what_every_page_of_a_subject_shares_is_on_its_first_page_only(tiny_site, tmp_path):
    """The month strip and the articles shared with each companion are the same on every
    page of a topic or figure: the first page shows them, the others list its articles."""
    stories = {
        f"content/articles/day-{day}.md": article(
            f"Day {day}", f"2020-0{1 + day % 3}-{day:02d}", topics=["Iran"], figures=["Ali", "Bo"]
        )
        for day in range(1, 6)
    }
    out = tmp_path / "out"
    assert run_build(tiny_site({**stories, "site.yaml": "title: T\nper_page: 2\n"}), output=out).ok
    topic = [(out / "topics/iran" / p / "index.html").read_text() for p in ("", "page/2", "page/3")]
    assert "<svg" in topic[0] and not any("<svg" in p for p in topic[1:])
    figure = [(out / "figures/ali" / p / "index.html").read_text() for p in ("", "page/2", "page/3")]
    assert all('>Bo</a> <span class="people__count">5 articles together</span>' in p for p in figure)
    assert "people__shared" in figure[0] and not any("people__shared" in p for p in figure[1:])
    assert 'rel="prev" href="../../../../topics/iran/"' in topic[1]  # the way back to the first page
    assert broken_links(out) == []
