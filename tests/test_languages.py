"""A dossier in two languages: one tree per language, translations, the switcher and hreflang,
what is checked, and the bilingual sample built, searched and clicked through in Chromium."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from xml.etree import ElementTree

import pytest
from conftest import REPO, article, built_cleanly, example_copy, run_build
from htmlcheck import broken_links, parse

from generator.commands.check import check_site
from generator.content.records import read_article, split_language
from generator.core.config import parse_config

BILINGUAL = "title: Tiny dossier\ntimezone: UTC\nlanguages: [en, fa]\nsearch: false\n"


def two_language_site(tiny_site, site_yaml: str = BILINGUAL, **extra: str) -> Path:
    """Two English articles, one with a Persian translation; a figure with a Persian profile."""
    return tiny_site(
        {
            "site.yaml": site_yaml,
            "content/articles/strike.md": article(
                "Drone strike in Baghdad", "2020-01-03", "Qassem Soleimani was killed.",
                topics=["Iraq"], figures=["Qassem Soleimani"],
            ),
            "content/articles/strike.fa.md": article(
                "حمله پهپادی در بغداد", "2020-01-03", "قاسم سلیمانی کشته شد.",
                topics=["Iraq"], figures=["قاسم سلیمانی"],
            ),
            "content/articles/vote.md": article(
                "Parliament votes on troops", "2020-01-05", "The vote was close.", topics=["Iraq"]
            ),
            "content/figures/qassem-soleimani.md": "---\nname: Qassem Soleimani\n---\nA general.\n",
            "content/figures/qassem-soleimani.fa.md": "---\nname: قاسم سلیمانی\n---\nیک فرمانده.\n",
            **extra,
        }
    )  # fmt: skip


def built(site: Path, output: Path, **options: object) -> Path:
    report = run_build(site, output=output, **options)
    assert report.ok, [str(p) for p in report.problems]
    return output


def html(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def alternates(page: Path) -> dict[str, str]:
    """The page's ``<link rel="alternate" hreflang>``: language -> href."""
    return dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html(page)))


def resolve(page: Path, href: str) -> Path:
    target = (page.parent / href).resolve()
    return target / "index.html" if href.endswith("/") else target


# Files, records and site.yaml.


@pytest.mark.parametrize(
    ("stem", "parts"),
    [
        ("foo.fa", ("foo", "fa")),
        ("2020-01-03-foo.pt-br", ("2020-01-03-foo", "pt-br")),
        ("foo", ("foo", "")),
        ("v1.2", ("v1.2", "")),  # a number is no language
        ("report.final", ("report.final", "")),  # nor a word of five letters
    ],
)
def test_a_language_suffix_in_a_file_name_names_the_language(stem, parts):
    assert split_language(stem) == parts


def test_a_translation_has_the_slug_of_what_it_translates(tmp_path):
    path = tmp_path / "2020-01-03-strike.fa.md"
    path.write_text(article("حمله", "2020-01-03", topics=["Iraq"]), encoding="utf-8")
    problems = []
    record, _ = read_article(path, "content/articles/2020-01-03-strike.fa.md", None, problems)
    assert (record.slug, record.lang, problems) == ("strike", "fa", [])


def test_lang_that_disagrees_with_the_file_name_is_an_error_at_its_line(tmp_path):
    path = tmp_path / "strike.fa.md"
    path.write_text(article("Strike", "2020-01-03", topics=["Iraq"], lang="ar"), encoding="utf-8")
    problems = []
    assert read_article(path, "strike.fa.md", None, problems) is None
    assert [(p.line, "disagrees with the file name" in p.message) for p in problems] == [(5, True)]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"languages": ["en", "fa"], "language": "fa"}, "`language: fa` disagrees with `languages`"),
        ({"languages": ["en", "en"]}, "names `en` twice"),
        ({"languages": ["en"]}, "two or more language codes"),
        ({"languages": "en, fa"}, "must be a list"),
        ({"languages": ["en", "Farsi!"]}, "`Farsi!` in `languages` is not a language code"),
    ],
)
def test_languages_in_site_yaml_are_checked(data, message):
    config, problems = parse_config({"title": "x", **data}, {"languages": 3, "language": 4})
    assert config is None and any(message in p.message for p in problems), problems


def test_a_language_with_a_region_names_its_files_in_any_case(tiny_site, tmp_path):
    site = tiny_site(
        {
            "site.yaml": "title: Tiny\ntimezone: UTC\nlanguages: [en, pt-BR]\nsearch: false\n",
            "content/articles/a.md": article("Strike", "2020-01-03", topics=["Iraq"]),
            "content/articles/a.pt-br.md": article("Ataque", "2020-01-03", topics=["Iraq"]),
        }
    )
    out = built(site, tmp_path / "out")
    assert '<html lang="pt-BR">' in html(out / "pt-BR/2020/01/03/a/index.html")
    assert alternates(out / "en/2020/01/03/a/index.html")["pt-BR"].endswith("/pt-BR/2020/01/03/a/")


def test_the_first_of_languages_is_the_language():
    config, problems = parse_config({"title": "x", "languages": ["fa", "en"]}, {})
    assert problems == [] and (config.language, config.languages) == ("fa", ("fa", "en"))


# The build: trees, switcher, hreflang.


def test_each_language_gets_a_tree_and_the_root_links_to_both(tiny_site, tmp_path):
    out = built(two_language_site(tiny_site), tmp_path / "out")
    for lang in ("en", "fa"):
        for page in ("index.html", "timeline/index.html", "topics/iraq/index.html", "feed.xml", "404.html"):
            assert (out / lang / page).is_file(), (lang, page)
    assert (out / "en/2020/01/03/strike/index.html").is_file()
    assert (out / "fa/2020/01/03/strike/index.html").is_file()
    root = parse(out / "index.html")
    assert {"en/", "fa/"} <= set(root.links)
    assert broken_links(out) == []


def test_only_the_persian_tree_reads_right_to_left(tiny_site, tmp_path):
    out = built(two_language_site(tiny_site), tmp_path / "out")
    for page in sorted(out.rglob("*.html")):
        opening = re.search(r"<html[^>]*>", html(page)).group(0)
        if page.is_relative_to(out / "fa"):
            assert opening == '<html lang="fa" dir="rtl">', page
        else:
            assert 'dir="rtl"' not in opening and 'lang="en"' in opening, page


def test_hreflang_links_point_to_pages_that_exist_and_point_back(tiny_site, tmp_path):
    out = built(two_language_site(tiny_site), tmp_path / "out")
    checked = 0
    pages = sorted((out / "en").rglob("*.html")) + sorted((out / "fa").rglob("*.html"))
    for page in [p for p in pages if p.name != "404.html"]:  # its links are absolute
        links = alternates(page)
        own = "fa" if page.is_relative_to(out / "fa") else "en"
        assert resolve(page, links[own]) == page.resolve(), page
        assert "x-default" in links
        for lang, href in links.items():
            target = resolve(page, href)
            assert target.is_file(), (page, lang, href)
            if lang != "x-default":
                assert resolve(target, alternates(target)[own]) == page.resolve(), (page, target)
                checked += 1
    assert checked > 20


def test_the_switcher_links_a_translation_and_says_when_there_is_none(tiny_site, tmp_path):
    out = built(two_language_site(tiny_site), tmp_path / "out")
    translated = html(out / "en/2020/01/03/strike/index.html")
    assert re.search(
        r'<a href="\.\./\.\./\.\./\.\./\.\./fa/2020/01/03/strike/" hreflang="fa" lang="fa"[^>]*>فارسی</a>',
        translated,
    )
    alone = html(out / "en/2020/01/05/vote/index.html")
    assert 'hreflang="fa"' not in "".join(re.findall(r"<link [^>]*>", alone))  # no alternate in the head
    note = re.search(r'<li class="languages__missing">(.*?)</li>', alone).group(1)
    assert note.startswith('Not available in <a href="../../../../../fa/"') and "فارسی</a>" in note
    # In Persian, through the Persian catalogue, about the English name.
    persian_only = html(out / "fa/topics/iraq/index.html")
    assert "English</a>" in persian_only and "languages__missing" not in persian_only


def test_an_article_without_a_translation_is_listed_in_its_own_language_only(tiny_site, tmp_path):
    out = built(two_language_site(tiny_site), tmp_path / "out")
    assert not (out / "fa/2020/01/05/vote").exists()
    assert "Parliament votes" in html(out / "en/index.html")
    for page in ["fa/index.html", "fa/topics/iraq/index.html", "fa/feed.xml", "fa/data/articles.json"]:
        assert "Parliament votes" not in html(out / page), page


def test_feeds_are_per_language(tiny_site, tmp_path):
    out = built(two_language_site(tiny_site), tmp_path / "out")
    atom = "{http://www.w3.org/2005/Atom}"
    titles = {
        lang: [
            e.findtext(f"{atom}title")
            for e in ElementTree.parse(out / lang / "feed.xml").iter(f"{atom}entry")
        ]
        for lang in ("en", "fa")
    }
    assert titles == {
        "en": ["Parliament votes on troops", "Drone strike in Baghdad"],
        "fa": ["حمله پهپادی در بغداد"],
    }


def test_a_figure_has_one_slug_and_a_name_per_language(tiny_site, tmp_path):
    out = built(two_language_site(tiny_site), tmp_path / "out")
    assert "<h1" in html(out / "fa/figures/qassem-soleimani/index.html")
    assert "قاسم سلیمانی" in html(out / "fa/figures/qassem-soleimani/index.html")
    assert "Qassem Soleimani" in html(out / "en/figures/qassem-soleimani/index.html")
    # A topic without a Persian profile keeps its one slug, and its default language's name.
    assert (out / "fa/topics/iraq/index.html").is_file() and "Iraq" in html(out / "fa/topics/iraq/index.html")


def test_a_language_s_file_gives_its_tree_its_own_title(tiny_site, tmp_path):
    site = two_language_site(
        tiny_site, **{"site.fa.yaml": "title: دوسیهٔ کوچک\ndescription: چند خبر.\ndate_format: short\n"}
    )
    out = built(site, tmp_path / "out")
    assert "<title>دوسیهٔ کوچک</title>" in html(out / "fa/index.html")
    assert "<title>Tiny dossier</title>" in html(out / "en/index.html")
    assert "دوسیهٔ کوچک" in html(out / "index.html")  # the root names each language's title
    (site / "site.fa.yaml").write_text("title: دوسیه\nsearch: true\n", encoding="utf-8")
    report = run_build(site, output=tmp_path / "out")
    assert [str(p) for p in report.errors] == [
        "site.fa.yaml:2: `search` is one for every language: set it in site.yaml (a language's file sets "
        "title, description, author, publisher, date_format)"
    ]
    assert "<title>دوسیهٔ کوچک</title>" in html(out / "fa/index.html")  # the last site stays


def test_the_default_language_may_live_at_the_root(tiny_site, tmp_path):
    site = two_language_site(tiny_site, BILINGUAL + "default_language_at_root: true\n")
    out = built(site, tmp_path / "out")
    assert (out / "2020/01/03/strike/index.html").is_file() and not (out / "en").exists()
    assert (out / "fa/2020/01/03/strike/index.html").is_file()
    assert '<html lang="en">' in html(out / "index.html")
    assert alternates(out / "fa/index.html")["en"] == "../"
    assert broken_links(out) == []


def test_absolute_alternates_under_base_url(tiny_site, tmp_path):
    site = two_language_site(tiny_site, BILINGUAL + "base_url: https://example.org/dossier/\n")
    out = built(site, tmp_path / "out")
    assert alternates(out / "en/2020/01/03/strike/index.html") == {
        "en": "https://example.org/dossier/en/2020/01/03/strike/",
        "fa": "https://example.org/dossier/fa/2020/01/03/strike/",
        "x-default": "https://example.org/dossier/en/2020/01/03/strike/",
    }
    assert "https://example.org/dossier/fa/" in html(out / "fa/feed.xml")
    # The sitemaps: each lists its tree's pages, with the other languages' as xhtml:link.
    xhtml, maps = "{http://www.w3.org/1999/xhtml}", "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    urls = ElementTree.parse(out / "en/sitemap.xml").getroot().findall(f"{maps}url")
    links = {
        u.findtext(f"{maps}loc"): {x.get("hreflang"): x.get("href") for x in u.findall(f"{xhtml}link")}
        for u in urls
    }
    assert links["https://example.org/dossier/en/2020/01/03/strike/"]["fa"] == (
        "https://example.org/dossier/fa/2020/01/03/strike/"
    )
    assert set(links["https://example.org/dossier/en/2020/01/05/vote/"]) == {"en", "x-default"}
    assert html(out / "robots.txt").splitlines()[-2:] == [
        "Sitemap: https://example.org/dossier/en/sitemap.xml",
        "Sitemap: https://example.org/dossier/fa/sitemap.xml",
    ]


# Errors: path:line, and the previous site left as it was.


def snapshot(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def test_a_broken_translation_of_fails_the_build_and_leaves_the_site(tiny_site, tmp_path):
    site = two_language_site(tiny_site)
    out = built(site, tmp_path / "out")
    before = snapshot(out)
    (site / "content/articles/vote.fa.md").write_text(
        article("رای پارلمان", "2020-01-05", translation_of="votes"), encoding="utf-8"
    )
    report = run_build(site, output=out)
    assert not report.ok
    assert [str(p) for p in report.errors] == [
        "content/articles/vote.fa.md:4: `translation_of: votes` is not an article in another language: "
        "did you mean `vote`?"
    ]
    assert snapshot(out) == before


def test_two_translations_in_one_language_are_an_error(tiny_site, tmp_path):
    site = two_language_site(
        tiny_site,
        **{
            "content/articles/strike-again.md": article(
                "حمله", "2020-01-03", lang="fa", translation_of="strike"
            )
        },
    )
    report = run_build(site, output=tmp_path / "out")
    assert not report.ok
    assert [str(p) for p in report.errors] == [
        "content/articles/strike-again.md:5: translates the same article as "
        "content/articles/strike.fa.md, in the same language (fa): one of them must translate another "
        "article, or be a translation of none"
    ]


def test_an_article_in_a_language_the_site_has_not_is_an_error(tiny_site, tmp_path):
    site = two_language_site(
        tiny_site, **{"content/articles/vote.de.md": article("Abstimmung", "2020-01-05")}
    )
    report = run_build(site, output=tmp_path / "out")
    assert [str(p) for p in report.errors] == [
        "content/articles/vote.de.md: is in `de`, not one of the site's languages (en, fa): add it to "
        "`languages:` in site.yaml, or rename the file"
    ]
    one_language = tiny_site({"content/articles/a.fa.md": article("حمله", "2020-01-03", topics=["Iraq"])})
    report = run_build(one_language, output=tmp_path / "one")
    assert not report.ok and "not one of the site's languages (en)" in report.errors[0].message


def test_check_reports_translations_with_their_line(tiny_site):
    site = two_language_site(
        tiny_site, **{"content/articles/vote.fa.md": article("رای", "2020-01-05", translation_of="nothing")}
    )
    errors = [str(f) for f in check_site(site) if f.severity == "error"]
    assert errors == [
        "content/articles/vote.fa.md:4: error: `translation_of: nothing` is not an article in another "
        "language: write the slug or file name (without .md) of the article it translates [translation]"
    ]


# Incremental builds: one language's edit rewrites that language's pages only.


def test_an_edit_to_a_translation_rewrites_only_its_language(tiny_site, tmp_path):
    site = two_language_site(tiny_site)
    out, cache = tmp_path / "out", tmp_path / "cache"
    built(site, out, cache=True, cache_dir=cache)
    before = snapshot(out)
    path = site / "content/articles/strike.fa.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nجمله‌ای تازه.\n", encoding="utf-8")
    report = run_build(site, output=out, cache=True, cache_dir=cache)
    assert report.ok
    after = snapshot(out)
    changed = sorted(name for name in after if before.get(name) != after[name])
    assert "fa/2020/01/03/strike/index.html" in changed
    assert changed and all(name.startswith("fa/") for name in changed), changed
    # And the same as a cold build of the edited site.
    cold = built(site, tmp_path / "cold")
    assert snapshot(cold) == after


def test_with_the_default_language_at_the_root_an_edit_stays_in_its_tree(tiny_site, tmp_path):
    site = two_language_site(
        tiny_site, BILINGUAL.replace("search: false", "search: true") + "default_language_at_root: true\n"
    )
    out, cache = tmp_path / "out", tmp_path / "cache"
    built(site, out, cache=True, cache_dir=cache)
    for relative, added, inside in [
        ("content/articles/strike.fa.md", "\nجمله‌ای تازه.\n", lambda name: name.startswith("fa/")),
        ("content/articles/strike.md", "\nA new sentence.\n", lambda name: not name.startswith("fa/")),
    ]:
        before = snapshot(out)
        path = site / relative
        path.write_text(path.read_text(encoding="utf-8") + added, encoding="utf-8")
        built(site, out, cache=True, cache_dir=cache)
        after = snapshot(out)
        changed = [name for name in after if before.get(name) != after[name]]
        changed += [name for name in before if name not in after]  # search chunks are renamed
        assert changed and all(inside(name) for name in changed), (relative, changed)
    assert snapshot(out) == snapshot(built(site, tmp_path / "cold"))


def test_offline_the_root_links_name_files(tiny_site, tmp_path):
    out = built(two_language_site(tiny_site), tmp_path / "out", offline=True)
    assert {"en/index.html", "fa/index.html"} <= set(parse(out / "index.html").links)
    assert broken_links(out) == []


def test_adding_a_translation_adds_the_switcher_to_its_original(tiny_site, tmp_path):
    site = two_language_site(tiny_site)
    out, cache = tmp_path / "out", tmp_path / "cache"
    built(site, out, cache=True, cache_dir=cache)
    assert "languages__missing" in html(out / "en/2020/01/05/vote/index.html")
    (site / "content/articles/vote.fa.md").write_text(article("رای پارلمان", "2020-01-05"), encoding="utf-8")
    built(site, out, cache=True, cache_dir=cache)
    page = html(out / "en/2020/01/05/vote/index.html")
    assert "languages__missing" not in page and 'hreflang="fa"' in page
    assert snapshot(out) == snapshot(built(site, tmp_path / "cold"))


def test_a_preview_session_builds_each_language_as_a_cold_build_would(tiny_site, tmp_path):
    from generator.commands.session import Session

    site = two_language_site(tiny_site)
    out, cache = tmp_path / "out", tmp_path / "cache"
    session = Session()
    built(site, out, cache=True, cache_dir=cache, session=session, defer_cache=True)
    edits = [
        ("content/articles/strike.fa.md", "\nجمله‌ای تازه.\n"),
        ("content/articles/strike.md", "\nA new sentence.\n"),
        ("content/figures/qassem-soleimani.fa.md", "\nزندگی‌نامه.\n"),
    ]
    for number, (relative, added) in enumerate(edits):
        path = site / relative
        path.write_text(path.read_text(encoding="utf-8") + added, encoding="utf-8")
        session.note([str(path)])
        built(site, out, cache=True, cache_dir=cache, session=session, defer_cache=True)
        assert snapshot(out) == snapshot(built(site, tmp_path / f"cold-{number}")), relative


# The bilingual sample, with search.

EXAMPLE = REPO / "examples" / "brink-of-war-bilingual"


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    return example_copy(tmp_path_factory, EXAMPLE.name)


@pytest.fixture(scope="module")
def example_build(example, tmp_path_factory):
    from test_search import require_pagefind

    require_pagefind()
    return built_cleanly(example, tmp_path_factory)


def test_the_bilingual_example_checks_without_errors(example):
    assert [str(f) for f in check_site(example) if f.severity == "error"] == []


def test_every_link_of_the_bilingual_example_resolves(example_build):
    assert broken_links(example_build) == []
    assert len(list((example_build / "fa").rglob("*.html"))) > 20


def test_each_language_has_its_own_search_index(example_build):
    for lang in ("en", "fa"):
        entries = sorted((example_build / lang / "pagefind").glob("*/pagefind-entry.json"))
        assert entries, lang
        for entry in entries:
            assert re.findall(r'"languages":\{"([a-z-]+)"', entry.read_text()) == [lang], entry
    assert not (example_build / "pagefind").exists()


def test_the_untranslated_article_of_the_example_says_so(example_build):
    page = html(example_build / "en/2020/01/08/ukraine-airlines-ps752-crash/index.html")
    assert "Not available in" in page
    assert not (example_build / "fa/2020/01/08/ukraine-airlines-ps752-crash").exists()
    persian = html(example_build / "fa/2020/01/03/soleimani-killed-baghdad-airport/index.html")
    assert 'hreflang="en" lang="en" dir="auto">English</a>' in persian


def test_each_language_shows_its_own_key_events(example_build):
    english = html(example_build / "en/timeline/index.html")
    persian = html(example_build / "fa/timeline/index.html")
    assert "Escalation" in english and "تشدید" not in english
    assert "تشدید" in persian and "Escalation" not in persian
    # The event of an article Persian has not: shown, without a link.
    assert "پرواز ۷۵۲ در نزدیکی تهران سرنگون شد" in persian
    assert "ukraine-airlines-ps752-crash" not in persian


def test_a_language_s_timeline_is_checked_at_its_line(tiny_site, tmp_path):
    timeline = "events:\n  - date: 2020-01-03\n    title: حمله\n    article: no-such-article\n"
    site = two_language_site(tiny_site, **{"content/timeline.fa.yaml": timeline})
    report = run_build(site, output=tmp_path / "out")
    assert [str(p) for p in report.errors] == [
        "content/timeline.fa.yaml:4: `article: no-such-article` is not an article: use the article's slug or its "
        "source path"
    ]


def test_the_bilingual_example_builds_the_same_bytes_twice(example, example_build, tmp_path):
    again = tmp_path / "again"
    assert run_build(example, output=again).ok
    assert snapshot(again) == snapshot(example_build)


@pytest.mark.slow
@pytest.mark.browser
def test_the_switcher_takes_a_reader_to_the_translation(browser, example_build):
    from test_quality import served

    with served(example_build) as url:
        page = browser.new_page(viewport={"width": 360, "height": 800})
        try:
            page.goto(url + "en/2020/01/03/soleimani-killed-baghdad-airport/")
            page.get_by_role("link", name="فارسی").click()
            page.wait_for_load_state()
            assert page.url == url + "fa/2020/01/03/soleimani-killed-baghdad-airport/"
            assert page.evaluate("document.documentElement.lang") == "fa"
            assert page.evaluate("getComputedStyle(document.documentElement).direction") == "rtl"
            page.get_by_role("link", name="English").click()
            page.wait_for_load_state()
            assert page.url == url + "en/2020/01/03/soleimani-killed-baghdad-airport/"
        finally:
            page.close()


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize(("lang", "word"), [("en", "Erbil"), ("fa", "عین‌الاسد")])
def test_each_language_s_search_finds_its_own_pages_in_chromium(browser, example_build, lang, word):
    from urllib.parse import quote

    from test_quality import served

    with served(example_build) as url:
        page = browser.new_page()
        try:
            page.goto(f"{url}{lang}/search/?q={quote(word)}")
            page.wait_for_selector(".search-result__title a", timeout=15_000)
            found = page.eval_on_selector_all(
                ".search-result__title a", "links => links.map(a => a.getAttribute('href'))"
            )
        finally:
            page.close()
    assert f"/{lang}/2020/01/08/iran-missiles-ain-al-asad-erbil/" in found
    assert all(href.startswith(f"/{lang}/") for href in found), found


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_serious_accessibility_violations_in_either_language(browser, example_build, scheme):
    from conftest import require_tool
    from test_quality import AXE_JS, INSTALL, serious_violations, served

    require_tool(AXE_JS.is_file(), f"needs axe-core; {INSTALL}")

    paths = [
        "",
        "en/2020/01/03/soleimani-killed-baghdad-airport/",
        "fa/2020/01/03/soleimani-killed-baghdad-airport/",
        "en/2020/01/08/ukraine-airlines-ps752-crash/",
        "fa/",
        "fa/figures/qassem-soleimani/",
        "en/topics/iran/",
    ]
    problems = []
    with served(example_build) as site:
        page = browser.new_page(color_scheme=scheme)
        try:
            for path in paths:
                problems += serious_violations(page, site + path)
        finally:
            page.close()
    assert not problems, "\n".join(problems)


@pytest.mark.slow
def test_every_page_of_both_trees_is_valid_html_for_the_nu_checker(example_build):
    from conftest import require_tool
    from test_quality import INSTALL, VNU_JAR, nu_errors

    require_tool(shutil.which("java") is not None, "needs Java (Debian package default-jre-headless)")
    require_tool(VNU_JAR.is_file(), f"needs the Nu HTML Checker; {INSTALL}")
    files = sorted(example_build.rglob("*.html"))
    assert len(files) > 40
    errors = nu_errors(files, example_build)
    assert not errors, "\n".join(errors)


def test_an_edit_to_a_language_s_file_is_seen_by_a_cached_build(tiny_site, tmp_path):
    site = two_language_site(tiny_site, **{"site.fa.yaml": "title: یک\n"})
    out, cache = tmp_path / "out", tmp_path / "cache"
    built(site, out, cache=True, cache_dir=cache)
    (site / "site.fa.yaml").write_text("title: دو\n", encoding="utf-8")
    built(site, out, cache=True, cache_dir=cache)
    assert "<title>دو</title>" in html(out / "fa/index.html")
