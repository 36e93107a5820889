"""The sample's timeline in Chromium: it fits a phone and a desktop, and the month strip takes you there."""

from __future__ import annotations

import pytest
from conftest import chromium, run_build
from test_quality import served

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def sample_site(sample_copy, tmp_path_factory):
    """The sample, built and served over HTTP (links to folders need a server); its URL."""
    out = tmp_path_factory.mktemp("timeline-browser") / "out"
    assert run_build(sample_copy, output=out).ok
    with served(out) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with chromium() as browser:
        yield browser


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
        assert page.locator(".stream__item--era").count() == page.locator(".era-chip").count() > 1
        event = page.locator(".stream__item--event").first.bounding_box()
        assert event["width"] <= width and event["height"] > 0
    finally:
        page.close()


def test_a_strip_bar_leads_to_its_month_on_the_timeline(browser, sample_site):
    page = browser.new_page(viewport={"width": 360, "height": 800})
    try:
        page.goto(sample_site + "topics/iran/")
        link = page.locator("svg.strip a").first
        month = link.locator("title").text_content().split(":")[0]  # "January 2020"
        link.click()
        page.wait_for_url("**/timeline/#*")
        anchor = page.evaluate("location.hash.slice(1)")
        heading = page.locator(f"[id='{anchor}-label']")
        assert heading.text_content() == month
        top = heading.bounding_box()["y"]
        assert 0 <= top < 800  # scrolled into view, not hidden under the sticky month bar
        sticky = page.locator("nav.jump").bounding_box()
        assert top >= sticky["y"] + sticky["height"] - 1
    finally:
        page.close()
