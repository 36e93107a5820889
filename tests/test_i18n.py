"""The theme in the site's language: gettext catalogues for its words, CLDR for dates and numbers."""

from __future__ import annotations

import functools
import http.server
import json
import re
import shutil
import threading
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.extract import extract
from babel.messages.pofile import read_po
from click.testing import CliRunner
from conftest import REPO, article, require_tool, run_build

from generator.cli import main
from generator.commands.check import check_site
from generator.commands.messages import JINJA_OPTIONS, KEYWORDS, template_catalogue, update
from generator.core.config import parse_config
from generator.core.locales import DateFormatError, Language, cldr_pattern, translated

THEME = REPO / "themes" / "default"
LOCALES = THEME / "locales"
SHIPPED = ("en", "de", "fr", "es", "ar", "fa")
PLACEHOLDER = re.compile(r"%\((\w+)\)s")

SITE = {
    "content/articles/2019/strikes.md": article(
        "Strikes on militia sites",
        "2019-12-29",
        topics=["Iraq"],
        figures=["Kataib Hezbollah", "Qassem Soleimani"],
    ),
    "content/articles/2020/killed.md": article(
        "Drone strike in Baghdad",
        "2020-01-03",
        topics=["Iraq", "Iran"],
        figures=["Qassem Soleimani", "Kataib Hezbollah"],
    ),
    "content/articles/2020/funeral.md": article("Funeral in Tehran", "2020-01-06", topics=["Iran"]),
    "content/timeline.yaml": "events:\n  - date: 2020-01\n    title: A month of mourning\n  - date: 2019\n    title: Rockets all year\n",
}


def pot_ids() -> set[str]:
    with (LOCALES / "messages.pot").open("rb") as file:
        return {m.id[0] if isinstance(m.id, tuple) else m.id for m in read_po(file) if m.id}


def catalogue(language: str):
    with (LOCALES / language / "LC_MESSAGES" / "messages.po").open("rb") as file:
        return read_po(file)


# The catalogues


def test_every_message_of_the_templates_and_code_is_in_the_pot():
    """Babel's extractors over the templates and the code find no message the .pot lacks (run
    `python -m generator.commands.messages` after adding one), and the .pot holds none that is gone."""
    found = {m.id[0] if isinstance(m.id, tuple) else m.id for m in template_catalogue(THEME) if m.id}
    assert found - pot_ids() == set(), "messages missing from messages.pot"
    assert pot_ids() - found == set(), "messages.pot holds messages no longer used"


def test_templates_show_no_text_outside_a_message():
    """Every word a template shows a reader goes through _() or ngettext(): once the Jinja2 tags are
    taken out, no text with letters is left between HTML tags nor in attributes readers meet."""
    leftovers = []
    for path in sorted((THEME / "templates").rglob("*.html")):
        source = path.read_text(encoding="utf-8")
        plain = re.sub(r"\{#.*?#\}|\{%.*?%\}|\{\{.*?\}\}", "", source, flags=re.DOTALL)
        texts = re.findall(r">([^<>]*)<", plain)
        texts += re.findall(r'(?:aria-label|placeholder|title|alt)="([^"]*)"', plain)
        leftovers += [f"{path.name}: {t.strip()!r}" for t in texts if re.search(r"[^\W\d_]", t)]
    assert leftovers == []


def test_extractor_finds_a_message_in_a_template(tmp_path):
    """The test above would see a new message: Babel's Jinja2 extractor reads _() and ngettext()."""
    template = tmp_path / "t.html"
    template.write_text('<p>{{ _("Hello") }} {{ ngettext("%(num)s cat", "%(num)s cats", n) }}</p>')
    with template.open("rb") as file:
        found = [
            m for _, m, _, _ in extract("jinja2.ext:babel_extract", file, KEYWORDS, options=JINJA_OPTIONS)
        ]
    assert found == ["Hello", ("%(num)s cat", "%(num)s cats")]


@pytest.mark.parametrize("language", SHIPPED)
def test_each_shipped_catalogue_translates_every_message_with_its_placeholders(language):
    translations = catalogue(language)
    plurals = Language(language).locale.plural_form
    for message in translations:
        if not message.id:
            continue
        assert translated(message), f"{language}: {message.id!r} has no translation"
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if isinstance(message.id, tuple):
            assert len(strings) == translations.num_plurals, f"{language}: {message.id!r}"
        wanted = set(PLACEHOLDER.findall(ids[-1])) - {"num"}
        for string in strings:
            assert set(PLACEHOLDER.findall(string)) - {"num"} <= wanted | {"num"}, (language, string)
            # every placeholder but the count is kept (a form may say "one" in words)
            assert wanted <= set(PLACEHOLDER.findall(string)), (language, message.id, string)
    assert {m.id[0] if isinstance(m.id, tuple) else m.id for m in translations if m.id} == pot_ids()
    assert len(plurals.tags | {"other"}) == translations.num_plurals


def test_english_catalogue_is_the_identity():
    """It is there to be copied and is not read: every text in it is its id."""
    for message in catalogue("en"):
        if message.id:
            assert message.string == message.id


def test_arabic_has_six_plural_forms():
    arabic = Language("ar", folders=[THEME])
    forms = [arabic.ngettext("%(num)s article", "%(num)s articles", n) for n in (0, 1, 2, 3, 11, 100)]
    # Arabic's digits are Latin in CLDR 44 and later, Arabic-Indic before
    expected = ["لا مقالات", "مقالة واحدة", "مقالتان", "3 مقالات", "11 مقالة", "100 مقالة"]
    assert forms == [arabic.digits(form) for form in expected]
    assert set(arabic.plural_forms("%(num)s result", "%(num)s results")) == {
        "zero",
        "one",
        "two",
        "few",
        "many",
        "other",
    }


# Dates and numbers


@pytest.mark.parametrize(
    ("language", "date_format", "shown"),
    [
        ("en", "long", "3 January 2020"),
        ("en", "%-d %B %Y", "3 January 2020"),
        ("en-US", "long", "January 3, 2020"),
        ("de", "long", "3. Januar 2020"),
        ("de", "%-d %B %Y", "3 Januar 2020"),
        ("fr", "long", "3 janvier 2020"),
        ("es", "long", "3 de enero de 2020"),
        ("fa", "long", "۳ ژانویه ۲۰۲۰"),  # ژانویهٔ before CLDR 44
        ("ar", "long", "3 يناير 2020"),  # Arabic-Indic digits before CLDR 44
        ("de", "short", "03.01.20"),
        ("de", "EEEE, d. MMMM y", "Freitag, 3. Januar 2020"),
        ("en", "%d/%m/%Y", "03/01/2020"),
    ],
)
def test_dates_in_the_language_and_date_format(language, date_format, shown):
    words = Language(language, date_format)
    assert words.date(date(2020, 1, 3)).replace("ژانویهٔ", "ژانویه") == words.digits(shown)


@pytest.mark.parametrize(
    ("language", "month", "short", "number"),
    [
        ("en", "January 2020", "Jan", "1,234"),
        ("de", "Januar 2020", "Jan", "1.234"),
        ("fr", "janvier 2020", "janv.", "1\u202f234"),
        ("fa", "ژانویه ۲۰۲۰", "ژانویه", "۱٬۲۳۴"),
    ],
)
def test_months_and_numbers_in_the_language(language, month, short, number):
    words = Language(language)
    shown = (words.month(2020, 1).replace("ژانویهٔ", "ژانویه"), words.short_month(2020, 1), words.number(1234))
    assert shown == (month, short, number)


@pytest.mark.parametrize(
    ("date_format", "month"),
    [
        ("long", "January 2020"),
        ("full", "January 2020"),
        ("medium", "Jan 2020"),
        ("d MMM y", "Jan 2020"),
        ("%-d %b %Y", "Jan 2020"),
        ("d MMMM y", "January 2020"),
        ("dd.MM.y", "January 2020"),
    ],
)
def test_month_headings_name_months_as_the_date_format_does(date_format, month):
    assert Language("en", date_format).month(2020, 1) == month


def test_strftime_date_format_is_converted_to_a_cldr_pattern():
    assert cldr_pattern("%-d %B %Y") == "d MMMM y"
    assert cldr_pattern("%A %-d de %B") == "EEEE d 'de' MMMM"
    assert cldr_pattern("medium") == "medium"
    with pytest.raises(DateFormatError, match="%Q"):
        cldr_pattern("%Q")


def test_a_date_format_babel_cannot_use_is_reported_with_its_line():
    config, problems = parse_config(
        {"title": "T", "date_format": "hello"}, {"title": 1, "date_format": 2}, "site.yaml"
    )
    assert config is None
    assert [(p.path, p.line) for p in problems] == [("site.yaml", 2)]
    assert "not a CLDR date pattern" in problems[0].message


def test_an_unknown_language_is_a_warning_and_english_forms():
    config, problems = parse_config({"title": "T", "language": "qq"}, {"language": 3}, "site.yaml")
    assert config is not None and [(p.line, p.warning) for p in problems] == [(3, True)]
    unknown = Language("qq", folders=[THEME])
    assert unknown.date(date(2020, 1, 3)) == "3 January 2020"
    assert len(unknown.untranslated()) == len(pot_ids()) and unknown.name == "qq"
    assert Language("it").name == "Italian" and Language("en-US", folders=[THEME]).untranslated() == []


# Built pages


class Texts(HTMLParser):
    """The text of the elements a reader finds first: navigation links, headings, dates."""

    WANTED = ("h1", "h2", "h3", "time", "a", "summary", "span")

    def __init__(self):
        super().__init__()
        self.stack: list[tuple[str, dict]] = []
        self.found: list[tuple[str, str, str]] = []  # (tag, class, text)
        self.parts: list[list[str]] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.WANTED:
            self.stack.append((tag, dict(attrs)))
            self.parts.append([])

    def handle_endtag(self, tag):
        if tag in self.WANTED and self.stack and self.stack[-1][0] == tag:
            _, attrs = self.stack.pop()
            text = " ".join("".join(self.parts.pop()).split())
            self.found.append((tag, attrs.get("class") or "", text))
            if self.parts:
                self.parts[-1].append(text)

    def handle_data(self, data):
        if self.parts:
            self.parts[-1].append(data)

    def of(self, tag: str, cls: str = "") -> list[str]:
        return [text for t, c, text in self.found if t == tag and (not cls or cls in c.split())]


def texts(path: Path) -> Texts:
    parser = Texts()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def nav(out: Path) -> list[str]:
    """The section links of the home page's header."""
    header = re.search(r'<nav class="site-nav".*?</nav>', (out / "index.html").read_text(), re.DOTALL).group()
    return re.findall(r">([^<]+)</a>", header)


def built(tiny_site, tmp_path, language: str, extra: dict | None = None) -> Path:
    site = tiny_site(
        {"site.yaml": f"title: Tiny dossier\ntimezone: UTC\nlanguage: {language}\n", **SITE, **(extra or {})}
    )
    report = run_build(site, output=tmp_path / "out")
    assert report.ok, [str(p) for p in report.problems]
    return tmp_path / "out"


def test_german_site_shows_german_navigation_headings_and_dates(tiny_site, tmp_path):
    out = built(tiny_site, tmp_path, "de")
    home, timeline = texts(out / "index.html"), texts(out / "timeline" / "index.html")
    assert nav(out) == ["Chronik", "Themen", "Akteure"]
    assert "Die Geschichte bisher" in home.of("h2") and "Neueste Entwicklungen" in home.of("h2")
    assert timeline.of("h1") == ["Chronik"]
    assert "Januar 2020" in timeline.of("h2", "month__label") + timeline.of("h3", "month__label")
    assert "3. Januar 2020" in timeline.of("time")
    assert "3 Artikel" in home.of("a")
    assert (
        texts(out / "topics" / "iran" / "index.html").of("h2", "section-title")[0] == "Die Geschichte bisher"
    )
    assert "Seite nicht gefunden" in texts(out / "404.html").of("h1")
    words = re.search(r'id="search-words">(.*?)</script>', (out / "search" / "index.html").read_text()).group(
        1
    )
    assert json.loads(words)["results"] == {"one": "{num} Ergebnis", "other": "{num} Ergebnisse"}


def test_persian_site_shows_persian_words_and_digits(tiny_site, tmp_path):
    out = built(tiny_site, tmp_path, "fa")
    home, timeline = texts(out / "index.html"), texts(out / "timeline" / "index.html")
    assert nav(out) == ["گاه‌شمار", "موضوع‌ها", "چهره‌ها"]
    assert timeline.of("h1") == ["گاه‌شمار"]
    months = [
        m.replace("ژانویهٔ", "ژانویه")
        for m in timeline.of("h2", "month__label") + timeline.of("h3", "month__label")
    ]
    assert "ژانویه ۲۰۲۰" in months and "۲۰۱۹" in months  # a date of a year alone, in Persian digits
    assert "۳ ژانویه ۲۰۲۰" in [t.replace("ژانویهٔ", "ژانویه") for t in timeline.of("time")]
    assert "۳ مقاله" in home.of("a")
    assert not re.search("[0-9]", "".join(timeline.of("time")))  # no Latin digit in a date readers see


def test_english_site_keeps_its_words(tiny_site, tmp_path):
    out = built(tiny_site, tmp_path, "en")
    assert nav(out) == ["Timeline", "Topics", "Figures"]
    assert "3 January 2020" in texts(out / "timeline" / "index.html").of("time")


def test_site_catalogue_overrides_the_theme_and_adds_a_language(tiny_site, tmp_path):
    po = 'msgid ""\nmsgstr ""\n"Language: {lang}\\n"\n\nmsgid "Timeline"\nmsgstr "{word}"\n'
    out = built(
        tiny_site,
        tmp_path,
        "it",
        {"locales/it/LC_MESSAGES/messages.po": po.format(lang="it", word="Cronologia")},
    )
    assert nav(out) == ["Cronologia", "Topics", "Figures"]  # the rest falls back to English
    assert "3 gennaio 2020" in texts(out / "timeline" / "index.html").of("time")  # CLDR knows Italian
    missing = [f for f in check_site(tmp_path / "site") if f.code == "untranslated"]
    assert missing and all(f.path == "locales/it/LC_MESSAGES/messages.po" for f in missing)
    assert not any('"Timeline"' in f.message for f in missing)
    assert any('"Topics"' in f.message for f in missing)


def test_site_catalogue_overrides_one_word_of_a_shipped_language(tiny_site, tmp_path):
    po = 'msgid ""\nmsgstr ""\n"Language: de\\n"\n\nmsgid "Timeline"\nmsgstr "Zeitleiste"\n'
    out = built(tiny_site, tmp_path, "de", {"locales/de/LC_MESSAGES/messages.po": po})
    assert nav(out) == ["Zeitleiste", "Themen", "Akteure"]
    assert [f for f in check_site(tmp_path / "site") if f.code == "untranslated"] == []


def test_check_lists_untranslated_messages_in_json(tiny_site):
    site = tiny_site({"site.yaml": "title: T\nlanguage: it\n", **SITE})
    result = CliRunner().invoke(main, ["check", "--source", str(site), "--format", "json"])
    missing = [f for f in json.loads(result.output) if f["code"] == "untranslated"]
    assert len(missing) == len(pot_ids())
    assert all(f["severity"] == "warning" for f in missing)


def test_a_broken_site_catalogue_is_reported_with_its_path_and_line(tiny_site, tmp_path):
    site = tiny_site(
        {
            "site.yaml": "title: T\nlanguage: de\n",
            **SITE,
            "locales/de/LC_MESSAGES/messages.po": 'msgid "A"\nfoo\nmsgstr "B"\n',
        }
    )
    report = run_build(site, output=tmp_path / "out")
    assert not report.ok
    (problem,) = report.problems
    assert (problem.path, problem.line) == ("locales/de/LC_MESSAGES/messages.po", 2)
    assert "gettext catalogue" in problem.message
    findings = [f for f in check_site(site) if f.code == "catalogue"]
    assert [f.path for f in findings] == ["locales/de/LC_MESSAGES/messages.po"]


def test_editing_a_catalogue_rebuilds_the_pages_it_words(tiny_site, tmp_path):
    """A page's fingerprint holds the catalogues: a kept build is not taken for an unchanged one."""
    po = 'msgid ""\nmsgstr ""\n"Language: de\\n"\n\nmsgid "Timeline"\nmsgstr "{word}"\n'
    site = tiny_site(
        {
            "site.yaml": "title: T\nlanguage: de\n",
            **SITE,
            "locales/de/LC_MESSAGES/messages.po": po.format(word="Zeitleiste"),
        }
    )
    out, cache = tmp_path / "out", tmp_path / "cache"
    assert run_build(site, output=out, cache=True, cache_dir=cache).ok
    assert nav(out)[0] == "Zeitleiste"
    (site / "locales/de/LC_MESSAGES/messages.po").write_text(po.format(word="Zeitstrahl"), encoding="utf-8")
    report = run_build(site, output=out, cache=True, cache_dir=cache)
    assert report.ok and report.written > 0
    assert nav(out)[0] == "Zeitstrahl"


def test_messages_command_adds_a_new_message_to_the_pot_and_every_catalogue(tmp_path):
    theme = tmp_path / "default"
    shutil.copytree(THEME, theme)
    footer = theme / "templates" / "partials" / "footer.html"
    footer.write_text(footer.read_text() + '{{ _("A brand new line") }}\n')
    update(theme)
    with (theme / "locales" / "messages.pot").open("rb") as file:
        assert "A brand new line" in read_po(file)
    with (theme / "locales" / "de" / "LC_MESSAGES" / "messages.po").open("rb") as file:
        german = read_po(file)
    assert german["A brand new line"].string == "" and german["Timeline"].string == "Chronik"
    assert Language("de", folders=[theme]).gettext("A brand new line") == "A brand new line"


def test_messages_command_drops_gone_messages_and_writes_the_same_bytes_again(tmp_path):
    theme = tmp_path / "default"
    shutil.copytree(THEME, theme)
    german = theme / "locales" / "de" / "LC_MESSAGES" / "messages.po"
    german.write_text(german.read_text() + '\nmsgid "A message no longer used"\nmsgstr "Nicht mehr"\n')
    update(theme)
    first = {path: path.read_bytes() for path in sorted((theme / "locales").rglob("*.po*"))}
    update(theme)
    assert {path: path.read_bytes() for path in sorted((theme / "locales").rglob("*.po*"))} == first
    assert len(first) == 7 and b"no longer used" not in first[german]
    assert not any(b"POT-Creation-Date" in text or b"Generated-By" in text for text in first.values())


@pytest.mark.slow
@pytest.mark.browser
def test_scripts_speak_german_in_a_browser(tiny_site, tmp_path):
    """search.js and timeline.js take their words from the page: German counts with German plurals."""
    from conftest import chromium
    from test_search import require_pagefind

    require_pagefind()
    out = built(tiny_site, tmp_path, "de")

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=out))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    root = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        with chromium() as browser:
            page = browser.new_page()
            page.goto(root + "search/?q=Tehran")
            page.wait_for_function("document.getElementById('search-note').textContent.includes('Ergebnis')")
            assert page.text_content("#search-note") == "1 Ergebnis"
            meta = page.text_content(".search-result__meta")
            assert meta == "Artikel · 6. Januar 2020"
            page.select_option("select[name=sort]", "oldest")
            page.wait_for_function(
                "document.getElementById('search-note').textContent.endsWith('älteste zuerst')"
            )
            page.goto(root + "timeline/")
            page.select_option("#timeline-filter", "figure:qassem-soleimani")
            assert page.text_content(".timeline-filter__count") == "2 von 5 Einträgen"
    finally:
        server.shutdown()


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize("language", ["de", "fa"])
def test_translated_sample_is_valid_html_and_accessible(sample_copy, tmp_path, language):
    """The sample in German and Persian: the Nu HTML Checker finds no error, axe nothing serious."""
    from test_quality import VNU_JAR, chromium_page, nu_errors, pages_to_check, serious_violations, served

    site = tmp_path / "site"
    shutil.copytree(sample_copy, site)
    settings = (site / "site.yaml").read_text(encoding="utf-8")
    (site / "site.yaml").write_text(re.sub(r"(?m)^language: .*$", f"language: {language}", settings))
    out = tmp_path / "out"
    # Pagefind builds no index for Persian (it has no stemmer for it): a warning, and no results page.
    report = run_build(site, output=out)
    assert report.ok, [str(p) for p in report.problems]
    paths = [p for p in pages_to_check(out) if language == "de" or "?q=" not in p]
    problems = []
    with served(out) as root, chromium_page() as page:
        for path in paths:
            problems += serious_violations(page, root + path)
    assert not problems, "\n".join(problems)
    require_tool(shutil.which("java") is not None, "needs Java (Debian package default-jre-headless)")
    require_tool(VNU_JAR.is_file(), "needs the Nu HTML Checker: npm install --prefix .tools vnu-jar")
    errors = nu_errors(sorted(out.rglob("*.html")), tmp_path)
    assert not errors, "\n".join(errors)
