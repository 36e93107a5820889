"""``dossier serve`` in a real Chromium: saves show up in the open page, errors over it."""

from __future__ import annotations

import shutil
import time

import pytest
from conftest import REPO, article, chromium
from test_serve import ARTICLE_URL, serving, tiny

pytestmark = [pytest.mark.browser, pytest.mark.slow]

TIMEOUT_MS = 10_000


@pytest.fixture
def page():
    """A Chromium page; the test skips without Chromium, and fails in CI."""
    with chromium() as browser:
        yield browser.new_page()


def wait_until(page, script: str, arg=None) -> float:
    """Wait for ``script`` to be true in the page; return the seconds it took."""
    started = time.perf_counter()
    page.wait_for_function(script, arg=arg, timeout=TIMEOUT_MS, polling=20)
    return time.perf_counter() - started


def open_article(page, url: str, expected: str) -> None:
    page.goto(url)
    # The page's reload socket is open: a save from now on reaches it.
    page.wait_for_function(
        "() => window.DossierPreview && window.DossierPreview.connected", timeout=TIMEOUT_MS
    )
    assert page.locator("h1").first.inner_text() == expected
    page.evaluate("() => { window.__before_save = true; }")


def test_saves_show_up_in_the_open_page_and_errors_over_it(tmp_path, page):
    site = tiny(tmp_path / "site")
    theme_css = site / "themes/default/static/style.css"
    theme_css.parent.mkdir(parents=True)
    shutil.copy(REPO / "themes/default/static/style.css", theme_css)
    source = site / "content/articles/2020-01-03-strike.md"

    with serving(site) as served:
        url = f"http://127.0.0.1:{served.port}/{ARTICLE_URL}"
        open_article(page, url, "Strike in Baghdad")

        # A stylesheet alone is swapped in place: the page is not reloaded.
        theme_css.write_text(theme_css.read_text() + "\nh1 { outline: 7px solid rgb(1, 2, 3); }\n")
        css_seconds = wait_until(
            page, "() => getComputedStyle(document.querySelector('h1')).outlineWidth === '7px'"
        )
        assert page.evaluate("() => window.__before_save") is True

        # An article: the same page reloads with the new title.
        source.write_text(article("Strike near Baghdad airport", "2020-01-03", topics=["Iraq"]))
        title_seconds = wait_until(
            page, "() => document.querySelector('h1').innerText === 'Strike near Baghdad airport'"
        )
        assert page.url == url
        assert page.evaluate("() => window.__before_save") is None  # reloaded, not navigated

        # Broken front matter: an overlay names the file, the last good page stays underneath.
        source.write_text("---\ntitle: Strike\ndate: 2020-01-03\ntopics: [Iraq\n---\n\nBody.\n")
        wait_until(page, "() => document.getElementById('dossier-overlay') !== null")
        overlay = page.locator("#dossier-overlay").inner_text()
        assert "content/articles/2020-01-03-strike.md:" in overlay
        assert page.locator("h1").first.inner_text() == "Strike near Baghdad airport"
        assert page.url == url

        # The fix takes the overlay away.
        source.write_text(article("Strike fixed", "2020-01-03", topics=["Iraq"]))
        wait_until(page, "() => document.querySelector('h1').innerText === 'Strike fixed'")
        assert page.locator("#dossier-overlay").count() == 0
        assert page.url == url

    print(f"\nsave to updated page, tiny site: stylesheet {css_seconds:.2f} s, article {title_seconds:.2f} s")
    assert title_seconds < 5


def test_template_and_profile_edits_reload_the_open_page(tmp_path, page):
    site = tiny(tmp_path / "site")
    footer = site / "themes/default/templates/partials/footer.html"
    profile = site / "content/figures/someone.md"
    with serving(site) as served:
        url = f"http://127.0.0.1:{served.port}/figures/someone/"
        page.goto(url)
        page.wait_for_function("() => window.DossierPreview && window.DossierPreview.connected")
        page.evaluate("() => { window.__before_save = true; }")

        footer.parent.mkdir(parents=True)
        footer.write_text('<footer class="site-footer"><p>A footer from the site theme</p></footer>\n')
        wait_until(page, "() => document.body.innerText.includes('A footer from the site theme')")
        assert page.evaluate("() => window.__before_save") is None

        profile.parent.mkdir(parents=True)
        profile.write_text("---\nname: Someone\nrole: Envoy\n---\n\nA biography written while previewing.\n")
        wait_until(page, "() => document.body.innerText.includes('A biography written while previewing.')")
        assert page.url == url


def test_an_article_edit_reaches_the_open_page_of_the_sample(sample_copy, tmp_path, page):
    from generator.content.reading import load_content
    from generator.core.config import load_config
    from generator.site.urls import url_for

    site = tmp_path / "sample"
    shutil.copytree(sample_copy, site, ignore=shutil.ignore_patterns(".dossier-cache", "build"))
    config, _ = load_config(site / "site.yaml")
    chosen = next(a for a in load_content(site, config.tz).articles if not a.draft)
    source = site / chosen.path
    with serving(site) as served:
        url = f"http://127.0.0.1:{served.port}{url_for(chosen)}"
        open_article(page, url, chosen.title)
        text = source.read_text()
        source.write_text(text + "\nA sentence added while previewing.\n")
        seconds = wait_until(
            page, "() => document.body.innerText.includes('A sentence added while previewing.')"
        )
        assert page.url == url
        assert page.evaluate("() => window.__before_save") is None
    print(f"\nsave to updated page, sample site ({chosen.path}): {seconds:.2f} s")
    assert seconds < 5
