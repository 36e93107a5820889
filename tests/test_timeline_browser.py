"""The sample's timeline in Chromium: it fits a phone and a desktop, and the month strip takes you there."""

from __future__ import annotations

import pytest
from test_quality import served

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def sample_site(sample_build):
    """The sample, served over HTTP (links to folders need a server); its URL."""
    with served(sample_build) as url:
        yield url


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_timeline_fits_the_screen_and_shows_strip_eras_and_key_events(browser, sample_site, width, scheme):
    page = browser.new_page(viewport={"width": width, "height": 800}, color_scheme=scheme)
    try:
        page.goto(sample_site + "timeline/")
        assert page.evaluate("document.documentElement.scrollWidth") <= width  # no sideways scrolling
        strip = page.locator("svg.strip").bounding_box()
        assert strip["width"] > width * 0.7 and strip["height"] > 40
        bar = page.locator("svg.strip .strip__bar").first
        paper = page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert bar.evaluate("el => getComputedStyle(el).fill") != paper  # bars stand out in both schemes
        assert page.locator("h2.chapter__title[id^='era-']").count() == page.locator(".era-chip").count() > 1
        event = page.locator(".entry--event").first.bounding_box()
        assert event["width"] <= width and event["height"] > 0
    finally:
        page.close()


def test_a_strip_bar_leads_to_its_week_on_the_timeline(browser, sample_site):
    page = browser.new_page(viewport={"width": 360, "height": 800})
    try:
        page.goto(sample_site + "topics/iran/")
        link = page.locator("svg.strip a").first
        week = link.locator("title").text_content().split(":")[0]  # "Week of 30 December 2019"
        assert week.startswith("Week of ")
        link.click()
        page.wait_for_url("**/timeline/#*")
        anchor = page.evaluate("location.hash.slice(1)")  # the day of the week's first article
        target = page.locator(f"[id='{anchor}']")
        assert target.count() == 1
        top = target.bounding_box()["y"]
        assert 0 <= top < 800  # scrolled into view, not hidden under the sticky chapter heading
        heading = page.locator("h2.chapter__title").all()
        covering = [h.bounding_box() for h in heading if 0 <= h.bounding_box()["y"] < 5]
        assert all(top >= box["y"] + box["height"] - 1 for box in covering)
    finally:
        page.close()
