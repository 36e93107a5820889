"""The sample as a reader meets it: the story on the home page, the timeline as an index,
charts with words, people with roles, and no page wider than a phone."""

from __future__ import annotations

from datetime import date

import pytest
import yaml
from conftest import REPO, article, run_build
from test_quality import pages_to_check, served

from generator.core.locales import Language
from generator.site.strip import period_counts, strip, unit_for

TIMELINE = yaml.safe_load((REPO / "content/timeline.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def site(sample_build):
    with served(sample_build) as url:
        yield url


def texts(page, selector: str) -> list[str]:
    return [" ".join(t.split()) for t in page.locator(selector).all_inner_texts()]


pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_the_home_page_tells_the_key_events_in_their_chapters(browser, site):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        page.goto(site)
        titles = texts(page, ".spine__title")
        assert titles == [event["title"] for event in TIMELINE["events"]]
        chapters = texts(page, ".spine-chapter__title")
        for number, era in enumerate(TIMELINE["eras"], 1):
            assert any(c.lower().startswith(f"chapter {number} {era['label']}".lower()) for c in chapters)
        # The story comes before the latest articles, and a key event with a lead image shows it.
        story = page.locator("#story").bounding_box()["y"]
        assert story < page.locator("#latest").bounding_box()["y"]
        assert page.locator(".spine__event--image img").count() >= 2
        # Each key event that names an article leads to it.
        linked = [e for e in TIMELINE["events"] if e.get("article")]
        assert page.locator(".spine__title a").count() == len(linked)
    finally:
        page.close()


def test_the_timeline_has_one_entry_per_key_event_and_article(browser, site, sample_build):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        page.goto(site + "timeline/")
        articles = len(list(sample_build.glob("2*/*/*/*/index.html")))
        told = {e["article"] for e in TIMELINE["events"] if e.get("article")}
        entries = page.locator("li.entry")
        assert entries.count() == len(TIMELINE["events"]) + articles - len(told)
        # Each article is reached from one entry only.
        hrefs = page.eval_on_selector_all(
            "li.entry",
            "items => items.map(li => [...new Set([...li.querySelectorAll('a')].map(a => a.href))])",
        )
        article_links = [h for links in hrefs for h in links if "/20" in h]
        assert len(article_links) == len(set(article_links)) == articles
        # Compact: summaries wait behind a disclosure, and open without a script.
        detail = page.locator("li.entry details").first
        assert not detail.locator("p").first.is_visible()
        detail.locator("summary").click()
        assert detail.locator("p").first.is_visible()
        # Same-day entries in time order: the missiles at 01:30 before the speech that answered them.
        order = texts(page, "li.entry .entry__title")
        missiles = next(i for i, t in enumerate(order) if t.startswith("Iranian ballistic missiles"))
        reply = next(i for i, t in enumerate(order) if t.startswith("Trump says Iran"))
        assert missiles < reply
        # The chapter heading stays in sight while its entries scroll by.
        page.locator("text=Iran admits its forces shot down the airliner").scroll_into_view_if_needed()
        page.mouse.wheel(0, 200)
        heading = page.locator("h2.chapter__title", has_text="Missiles and an air disaster").bounding_box()
        assert 0 <= heading["y"] < 5
    finally:
        page.close()


def test_the_timeline_filter_shows_one_figures_entries_and_is_absent_without_a_script(browser, site):
    page = browser.new_page(viewport={"width": 360, "height": 800})
    try:
        page.goto(site + "timeline/")
        total = page.locator("li.entry").count()
        page.select_option("#timeline-filter", "figure:nancy-pelosi")
        shown = page.locator("li.entry:visible")
        assert 0 < shown.count() < total
        assert all("figure:nancy-pelosi" in e.get_attribute("data-about").split() for e in shown.all())
        assert page.locator(".timeline-filter__count").inner_text() == f"{shown.count()} of {total} entries"
        page.select_option("#timeline-filter", "")
        assert page.locator("li.entry:visible").count() == total
    finally:
        page.close()
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(site + "timeline/")
        assert not page.locator(".timeline-filter").is_visible()
        assert page.locator("li.entry:visible").count() == total
    finally:
        context.close()


@pytest.mark.parametrize("path", ["timeline/", "topics/us-iran-relations/"])
def test_every_chart_has_visible_labels_and_counts_that_do_not_overlap(browser, site, path):
    page = browser.new_page(viewport={"width": 360, "height": 800})
    try:
        page.goto(site + path)
        for chart in page.locator("figure.strip-figure").all():
            labels = chart.locator(".strip__labels li")
            assert labels.count() > 1
            boxes = [label.bounding_box() for label in labels.all()]
            assert all(box["height"] > 0 for box in boxes)
            for left, right in zip(boxes, boxes[1:], strict=False):
                assert left["x"] + left["width"] <= right["x"] + 0.5  # readable side by side
            for text in labels.all_inner_texts():
                count, label = text.split("\n", 1)
                assert count.isdigit() and label.strip()
            assert "per week" in chart.locator("figcaption").inner_text()  # seven weeks: a bar a week
    finally:
        page.close()


def test_the_network_lights_a_figures_links_on_focus(browser, site):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        page.goto(site + "figures/")
        caption = page.locator(".network__caption").inner_text()
        assert "every pair of them named together in two articles or more" in caption
        svg = page.locator(".network__svg")
        assert svg.locator("text").count() == svg.locator("a").count() > 5  # every figure named in text
        page.locator(".network__svg a[data-figure='nancy-pelosi']").focus()
        lit = page.eval_on_selector_all(".network__svg path.is-lit", "ps => ps.map(p => p.dataset.pair)")
        assert lit and all("nancy-pelosi" in pair.split() for pair in lit)
        assert any("tim-kaine" in pair.split() for pair in lit)  # they share two articles
        dimmed = page.eval_on_selector(
            ".network__svg path:not(.is-lit)", "p => getComputedStyle(p).strokeOpacity"
        )
        assert float(dimmed) < 0.2
    finally:
        page.close()


def test_figures_are_grouped_with_roles_and_a_small_avatar(browser, site):
    page = browser.new_page(viewport={"width": 360, "height": 800})
    try:
        page.goto(site + "figures/")
        assert texts(page, ".subject-grid ~ h2, section > h2.section-title")[-2:] == [
            "PEOPLE",
            "ORGANISATIONS",
        ]
        organisations = page.locator("section", has=page.locator("h2", has_text="Organisations"))
        assert "Kataib Hezbollah" in organisations.inner_text()
        assert page.locator(".subject-grid .subject-card__role").count() >= 10
        page.goto(site + "figures/donald-trump/")
        name = page.locator("h1").bounding_box()
        assert name["y"] < 250  # the name comes first, not a portrait
        avatar = page.locator(".subject__avatar").bounding_box()
        assert avatar["width"] <= 80
    finally:
        page.close()


def test_an_article_shows_its_quotes_roles_dated_threads_and_its_day(browser, site, sample_build):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        page.goto(site + "2020/01/03/soleimani-killed-baghdad-airport/")
        quote = page.locator(".said__quote").first
        assert quote.locator("blockquote").inner_text().startswith("“We took action last night")
        assert quote.locator("figcaption a").inner_text() == "Donald Trump"
        assert page.locator(".involved__role").count() >= 4
        assert page.locator(".thread__link time").count() >= 2
        day = page.locator("a.story__day")
        day.click()
        page.wait_for_url("**/timeline/#2020-01-03")
        assert page.locator("[id='2020-01-03']").count() == 1
        # Related articles leave out those the threads already lead to.
        page.goto(site + "2020/01/03/soleimani-killed-baghdad-airport/")
        threaded = {a.get_attribute("href") for a in page.locator(".threads a.thread__link").all()}
        related = {a.get_attribute("href") for a in page.locator(".related a").all()}
        assert not threaded & related
    finally:
        page.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_page_is_wider_than_a_phone(browser, site, sample_build, scheme):
    page = browser.new_page(viewport={"width": 360, "height": 800}, color_scheme=scheme)
    try:
        for path in pages_to_check(sample_build):
            page.goto(site + path)
            assert page.evaluate("document.documentElement.scrollWidth") <= 360, path
    finally:
        page.close()


def test_a_dossier_without_a_timeline_file_opens_on_its_latest_articles(tiny_site, tmp_path):
    site = tiny_site(
        {
            "content/articles/a.md": article("First", "2020-01-01", topics=["T"]),
            "content/articles/b.md": article("Second", "2020-01-02", topics=["T"]),
        }
    )
    out = tmp_path / "out"
    assert run_build(site, output=out).ok
    home = (out / "index.html").read_text(encoding="utf-8")
    assert "The story so far" not in home and "Latest developments" in home
    assert home.index(">Second<") < home.index(">First<")


@pytest.mark.parametrize(
    ("first", "last", "unit"),
    [
        (date(2020, 1, 1), date(2020, 1, 31), "day"),
        (date(2019, 12, 27), date(2020, 2, 13), "week"),
        (date(2019, 1, 1), date(2020, 12, 31), "month"),
        (date(2005, 1, 2), date(2019, 12, 20), "year"),
    ],
)
def test_the_strip_takes_a_period_that_suits_the_span(first, last, unit):
    assert unit_for(first, last).name == unit


def test_a_strip_of_many_bars_labels_its_first_busiest_and_last():
    days = [date(2000 + n // 12, n % 12 + 1, 1) for n in range(0, 60, 3)] + [date(2002, 5, 9)] * 4
    periods = period_counts(days, date(2000, 1, 1), date(2004, 12, 1))
    drawn = strip(periods, lambda anchor: "#" + anchor, Language("en"))
    assert drawn.unit == "month" and not drawn.every
    assert [(label.text, label.count) for label in drawn.labels] == [
        ("Jan 2000", 1),
        ("May 2002", 4),
        ("Dec 2004", 0),
    ]
