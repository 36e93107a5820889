"""Right-to-left languages: which ones, the dir attribute, and the pages mirrored in Chromium."""

from __future__ import annotations

import re
import shutil

import pytest
from conftest import article, opened, require_tool, run_build
from test_quality import AXE_JS, INSTALL, pages_to_check, served

from generator.render.direction import text_direction


@pytest.mark.parametrize(
    ("language", "direction"),
    [
        ("en", "ltr"),
        ("en-GB", "ltr"),
        ("de", "ltr"),
        ("fa", "rtl"),
        ("fa-IR", "rtl"),
        ("ar", "rtl"),
        ("ar_EG", "rtl"),
        ("AR", "rtl"),
        ("he", "rtl"),
        ("ur", "rtl"),
        ("ps", "rtl"),
        ("ckb", "rtl"),
        ("yi", "rtl"),
        ("dv", "rtl"),
        ("sd", "rtl"),
        ("ug", "rtl"),
        ("ug-Latn", "ltr"),  # a right-to-left language in the Latin script
        ("az-Arab", "rtl"),  # a left-to-right language in the Arabic script
        ("pa-Arab-PK", "rtl"),
        ("fr-CA", "ltr"),
        ("arn", "ltr"),  # Mapudungun: starts like Arabic, is not
        ("", "ltr"),
    ],
)
def test_text_direction_follows_the_primary_subtag_and_script(language, direction):
    assert text_direction(language) == direction


def tiny_rtl_site(tiny_site, language: str):
    articles = {
        f"content/articles/a{n}.md": article(
            f"Story {n}", f"2020-01-{n + 1:02d}", topics=["Iran"], figures=["Ali"]
        )
        for n in range(3)
    }
    return tiny_site(
        {
            "site.yaml": f"title: Tiny dossier\ntimezone: UTC\nlanguage: {language}\nper_page: 1\nsearch: false\n",
            **articles,
        }
    )


@pytest.mark.parametrize(
    ("language", "dir_attribute"), [("fa", ' dir="rtl"'), ("ar-EG", ' dir="rtl"'), ("en", "")]
)
def test_every_page_says_its_direction_on_html(tiny_site, tmp_path, language, dir_attribute):
    output = tmp_path / "out"
    report = run_build(tiny_rtl_site(tiny_site, language), output=output)
    assert report.ok, [str(p) for p in report.problems]
    pages = sorted(output.rglob("*.html"))
    assert len(pages) > 8
    for page in pages:
        opening = re.search(r"<html[^>]*>", page.read_text(encoding="utf-8")).group(0)
        assert opening == f'<html lang="{language}"{dir_attribute}>', page


@pytest.mark.parametrize(
    ("language", "earlier", "later", "onward"),
    [
        ("fa", "→ صفحهٔ پیشین", "صفحهٔ بعدی ←", "روز به روز ←"),
        ("he", "→ Earlier page", "Later page ←", "day by day ←"),  # no catalogue: English words
        ("en", "← Earlier page", "Later page →", "day by day →"),
    ],
)
def test_arrows_point_the_way_the_page_reads(tiny_site, tmp_path, language, earlier, later, onward):
    output = tmp_path / "out"
    assert run_build(tiny_rtl_site(tiny_site, language), output=output).ok
    middle = (output / "topics" / "iran" / "page" / "2" / "index.html").read_text(encoding="utf-8")
    assert earlier in middle and later in middle
    home = (output / "index.html").read_text(encoding="utf-8")
    assert onward in home


def test_a_language_pagefind_cannot_stem_is_searched_all_the_same(tiny_site, tmp_path):
    from test_search import require_pagefind

    require_pagefind()
    site = tiny_site(
        {
            "site.yaml": "title: Tiny dossier\ntimezone: UTC\nlanguage: fa\n",
            "content/articles/a.md": article("Missiles on Ain al-Asad", "2020-01-08", topics=["Iran"]),
        }
    )
    output = tmp_path / "out"
    report = run_build(site, output=output)
    assert report.ok and not report.problems, [str(p) for p in report.problems]
    entries = sorted(output.glob("pagefind/*/pagefind-entry.json"))
    assert entries and all('"fa"' in e.read_text() for e in entries)
    assert all((e.parent / "wasm.unknown.pagefind").is_file() for e in entries)


# The sample in Chromium, built in English and in Persian: the same elements, mirrored.


def build_in(sample_copy, root, language: str):
    site = root / f"site-{language}"
    shutil.copytree(sample_copy, site)
    config = site / "site.yaml"
    config.write_text(
        re.sub(r"(?m)^language:.*$", f"language: {language}", config.read_text()), encoding="utf-8"
    )
    output = root / f"build-{language}"
    report = run_build(site, output=output)
    assert report.ok, [str(p) for p in report.problems]
    return output


@pytest.fixture(scope="module")
def sites(sample_copy, tmp_path_factory):
    """The sample built in English and in Persian, served; {language: (output, url)}."""
    root = tmp_path_factory.mktemp("direction")
    outputs = {language: build_in(sample_copy, root, language) for language in ("en", "fa")}
    with served(outputs["en"]) as en, served(outputs["fa"]) as fa:
        yield {"en": (outputs["en"], en), "fa": (outputs["fa"], fa)}


def centre(box: dict) -> float:
    return box["x"] + box["width"] / 2


def article_with_threads(output) -> str:
    """An article whose story thread has both a step before and one after."""
    for page in sorted(output.glob("2*/*/*/*/index.html")):
        text = page.read_text(encoding="utf-8")
        if (
            'class="thread__link thread__link--prev"' in text
            and 'class="thread__link thread__link--next"' in text
        ):
            return page.parent.relative_to(output).as_posix() + "/"
    raise AssertionError("no article with a thread both ways")


# (page, element, other): the element sits on the start side of the other, so left of it in
# English and right of it in Persian. Pages: "" home, "article" an article with threads.
START_SIDE = [
    ("", ".brand", ".site-nav"),
    ("", ".home__latest", ".home__aside"),  # the sidebar at the end
    ("", ".spine__date", ".spine__image"),  # the story's spine, its pictures at the end
    ("timeline/", ".entry__date", ".entry__body"),  # the axis and the dates, then the entries
    ("timeline/", ".eras__list > :first-child", ".eras__list > :last-child"),
    ("timeline/", ".timeline-filter label", ".timeline-filter select"),
    ("article", ".story__body", ".story__aside"),
    ("article", ".thread__link--prev", ".thread__link--next"),  # before, then after
    ("topics/iran/", ".subject__main", ".subject__aside"),
    ("figures/", ".network__figure", ".network__list"),
    ("search/", "#search-page-q", ".search-form__query button"),
]


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize("language", ["en", "fa"])
def test_layout_mirrors_in_a_right_to_left_language(browser, sites, language):
    output, url = sites[language]
    rtl = language == "fa"
    wrong = []
    with opened(browser, viewport={"width": 1280, "height": 900}) as page:
        for path, element, other in START_SIDE:
            path = article_with_threads(output) if path == "article" else path
            page.goto(url + path)
            assert page.evaluate("getComputedStyle(document.documentElement).direction") == (
                "rtl" if rtl else "ltr"
            )
            first, second = (centre(page.locator(s).first.bounding_box()) for s in (element, other))
            if (first > second) != rtl:
                wrong.append(f"{path}: {element} at {first:.0f}, {other} at {second:.0f}")
        # The timeline's axis: the entries' rule and the streams' line on the start side.
        for path, selector in [("timeline/", ".entry--event"), ("topics/iran/", ".stream"), ("", ".spine")]:
            page.goto(url + path)
            widths = page.locator(selector).first.evaluate(
                "el => [getComputedStyle(el).borderLeftWidth, getComputedStyle(el).borderRightWidth]"
            )
            if (widths[1] != "0px") != rtl or (widths[0] != "0px") == rtl:
                wrong.append(f"{path}: {selector} borders left and right {widths}")
    assert not wrong, "\n".join(wrong)


# (width, page, element): its text hugs the start edge of its box, left in English and right in
# Persian. Each of these is one line at that width.
TEXT_AT_START = [
    (360, "topics/iran/", ".stream__date"),
    (360, "figures/", ".subject-grid .subject-card__name"),
    (1280, "figures/donald-trump/", ".quote__text p"),
    (360, "figures/donald-trump/", ".subject__count"),
    (360, "timeline/", ".entry__date"),
    (1280, "timeline/", ".strip-figure__caption"),
]
TEXT_GAPS = """el => {
  const range = document.createRange();
  range.selectNodeContents(el);
  const text = range.getBoundingClientRect(), box = el.getBoundingClientRect();
  return [text.left - box.left, box.right - text.right];
}"""


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize("language", ["en", "fa"])
def test_text_is_aligned_to_the_start_side(browser, sites, language):
    _, url = sites[language]
    wrong = []
    with opened(browser) as page:
        for width, path, selector in TEXT_AT_START:
            page.set_viewport_size({"width": width, "height": 800})
            page.goto(url + path)
            left, right = page.locator(selector).first.evaluate(TEXT_GAPS)
            start, end = (right, left) if language == "fa" else (left, right)
            if not (start < 2 and end > 10):
                wrong.append(f"{path}: {selector} {left:.0f} px from the left, {right:.0f} from the right")
    assert not wrong, "\n".join(wrong)


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize("language", ["en", "fa"])
def test_strip_runs_from_the_start_side_with_its_labels_under_their_bars(browser, sites, language):
    _, url = sites[language]
    rtl = language == "fa"
    with opened(browser, viewport={"width": 1280, "height": 900}) as page:
        page.goto(url + "timeline/")
        strip = page.locator("svg.strip").bounding_box()
        bars = [b.bounding_box() for b in page.locator("svg.strip a").all()]
        assert len(bars) > 2
        assert (centre(bars[0]) > centre(bars[-1])) == rtl  # the first period at the start
        labels = [b.bounding_box() for b in page.locator(".strip__labels li").all()]
        slot = strip["width"] / len(labels)  # the timeline's strip labels every bar
        for index, label in enumerate(labels):
            offset = slot * (index + 0.5)
            expected = strip["x"] + strip["width"] - offset if rtl else strip["x"] + offset
            assert abs(centre(label) - expected) < slot / 4, (index, centre(label), expected)


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize("language", ["en", "fa"])
def test_network_names_follow_their_dots_and_arcs_sit_before_them(browser, sites, language):
    _, url = sites[language]
    rtl = language == "fa"
    with opened(browser, viewport={"width": 1280, "height": 900}) as page:
        page.goto(url + "figures/")
        figures = page.locator(".network__figures a").all()
        assert len(figures) > 5
        for figure in figures:
            dot, name = figure.locator("circle").bounding_box(), figure.locator("text").bounding_box()
            if rtl:  # the name ends just before its dot, and reads
                assert (
                    name["x"] + name["width"] <= dot["x"] + 1 and dot["x"] - (name["x"] + name["width"]) < 12
                )
            else:
                assert name["x"] >= dot["x"] + dot["width"] - 1 and name["x"] - (dot["x"] + dot["width"]) < 12
        column = centre(figures[0].locator("circle").bounding_box())
        for arc in page.locator(".network__links path").all():
            box = arc.bounding_box()
            assert (centre(box) > column) == rtl
        # A name turned back reads left to right: its first letter is on the left.
        first = figures[0].locator("text").evaluate("t => t.getExtentOfChar(0).x < t.getExtentOfChar(1).x")
        assert first


@pytest.mark.slow
@pytest.mark.browser
def test_right_to_left_pages_fit_a_phone(browser, sites):
    output, url = sites["fa"]
    wide = []
    with opened(browser, viewport={"width": 360, "height": 800}) as page:
        for path in [*pages_to_check(output), article_with_threads(output)]:
            page.goto(url + path)
            page.wait_for_load_state("networkidle")
            if page.evaluate("document.scrollingElement.scrollWidth") > 360:
                wide.append(path)
    assert not wide


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_right_to_left_pages_have_no_accessibility_violations(browser, sites, scheme):
    require_tool(AXE_JS.is_file(), f"needs axe-core; {INSTALL}")
    output, url = sites["fa"]
    found = []
    with opened(browser, viewport={"width": 1280, "height": 900}, color_scheme=scheme) as page:
        for path in pages_to_check(output):
            page.goto(url + path)
            page.wait_for_load_state("networkidle")
            if "?q=" in path:
                page.wait_for_selector(".search-result__title a", timeout=15_000)
            page.add_script_tag(path=str(AXE_JS))
            violations = page.evaluate(
                "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
            )
            found += [
                f"{path}: {v['id']} ({v['impact']}): {[n['target'] for n in v['nodes'][:3]]}"
                for v in violations
            ]
    assert not found, "\n".join(found)


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize("language", ["en", "fa"])
def test_a_strip_with_some_labels_puts_the_first_at_the_start_edge(browser, tiny_site, tmp_path, language):
    """30 months of articles: only the first, busiest and last bars are labelled."""
    articles = {
        f"content/articles/a{n}.md": article(f"Story {n}", f"{2018 + n // 12}-{n % 12 + 1:02d}-10")
        for n in range(30)
    }
    articles["content/articles/busy.md"] = article("Busy", "2019-04-11")
    site = tiny_site(
        {"site.yaml": f"title: Tiny\ntimezone: UTC\nlanguage: {language}\nsearch: false\n", **articles}
    )
    output = tmp_path / "out"
    assert run_build(site, output=output).ok
    rtl = language == "fa"
    with served(output) as url, opened(browser, viewport={"width": 1280, "height": 900}) as page:
        page.goto(url + "timeline/")
        strip = page.locator("svg.strip").bounding_box()
        first, busiest, last = (b.bounding_box() for b in page.locator(".strip__labels--some li").all())
        start, end = (
            (strip["x"] + strip["width"], strip["x"]) if rtl else (strip["x"], strip["x"] + strip["width"])
        )
        assert abs((first["x"] + first["width"] if rtl else first["x"]) - start) < 2
        assert abs((last["x"] if rtl else last["x"] + last["width"]) - end) < 2
        slot = strip["width"] / 30
        april = strip["x"] + strip["width"] - slot * 15.5 if rtl else strip["x"] + slot * 15.5
        assert abs(centre(busiest) - april) < slot / 2
