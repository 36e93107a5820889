"""Slugs for names and titles in every script: readable, never empty, never merging two names."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from conftest import article, run_build
from hypothesis import given
from hypothesis import strategies as st
from slugify import slugify as python_slugify

from generator.cli import main
from generator.core.slugs import is_safe_slug, slugify


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        # Persian: alef, yeh and waw as vowels, final heh as e, ZWNJ inside a word.
        ("کشته شدن قاسم سلیمانی در بغداد", "kshte-shdn-qasm-slimani-dr-bghdad"),
        ("ایران", "iran"),
        ("علی خامنه‌ای", "ali-khamnei"),
        ("محمدجواد ظریف", "mhmdjvad-zrif"),
        ("اوکراین", "ukrain"),
        ("آمریکا", "amrika"),
        ("سقوط پرواز ۷۵۲", "squt-prvaz-752"),  # Persian digits
        # Arabic: its own sounds (ظ is dh, waw is w), teh marbuta, alef maksura.
        ("اغتيال قاسم سليماني", "aghtyal-qasm-slimani"),
        ("قاعدة عين الأسد", "qada-ain-alasd"),
        ("مصطفى الكاظمي", "mstfa-alkadhmi"),
        ("ﺑﻐﺪﺍﺩ", "bghdad"),  # presentation forms, as some old text has them
        # Chinese: one word per character, as no spaces are written.
        ("美国无人机袭击", "mei-guo-wu-ren-ji-xi-ji"),
        ("伊朗", "yi-lang"),
        ("Убийство Сулеймани", "ubiystvo-suleymani"),
        ("Η δολοφονία", "i-dolofonia"),
        ("서울", "seoul"),
        # Mixed scripts keep the Latin words as they were.
        ("Trump and ایران", "trump-and-iran"),
        ("Flight PS752 پرواز", "flight-ps752-prvaz"),
        # Symbols alone take their names; punctuation alone gives nothing (an error where it matters).
        ("🕊", "dove"),
        ("🎉🎉", "tada-tada"),
        ("Talks 🎉", "talks"),
        ("!!! ؟ «»", ""),
        ("ء", "u0621"),  # a letter with no Latin letters of its own: its code point
    ],
)
def test_names_in_any_script_make_readable_slugs(name, slug):
    assert slugify(name) == slug
    assert slug == "" or is_safe_slug(slug)


LATIN = st.text(
    st.characters(
        codec="utf-8",
        exclude_categories=("Cs",),
        max_codepoint=0x36F,  # ASCII, Latin-1, Latin Extended A and B, IPA, their symbols and marks
    )
    | st.sampled_from("–—’“”«»‹›…€£¥©®°ßẞ\u0301\u0308 ")
    # Phonetic extensions, Latin Extended Additional, C, D and E, combining half marks, fullwidth.
    | st.sampled_from(
        [
            (0x1D00, 0x1DFF),
            (0x1E00, 0x1EFF),
            (0x2C60, 0x2C7F),
            (0xA720, 0xA7FF),
            (0xAB30, 0xAB6F),
            (0xFE20, 0xFE2F),
            (0xFF01, 0xFF5A),
        ]
    )
    .flatmap(lambda r: st.integers(*r))
    .map(chr),
    max_size=40,
)


@given(LATIN)
def test_latin_names_keep_the_slugs_they_always_had(name):
    before = python_slugify(name, replacements=[["'", ""], ["’", ""]], max_length=80, word_boundary=True)
    if before:  # a name that made no slug may now take its symbols' names
        assert slugify(name) == before


SCRIPTS = [
    (0x0621, 0x064A),  # Arabic letters
    (0x067E, 0x06CC),  # Persian letters among them
    (0x0410, 0x044F),  # Cyrillic
    (0x03B1, 0x03C9),  # Greek
    (0x4E00, 0x9FA5),  # Chinese
    (0xAC00, 0xD7A3),  # Hangul syllables
    (0x0915, 0x0939),  # Devanagari consonants
    (0x05D0, 0x05EA),  # Hebrew
    (0x0E01, 0x0E2E),  # Thai consonants
]
LETTER = st.sampled_from(SCRIPTS).flatmap(lambda r: st.integers(*r)).map(chr)


@given(
    st.lists(LETTER, min_size=1, max_size=12).map("".join), st.sampled_from(["", " ", "، ", "!", "\u200c"])
)
def test_a_name_with_letters_of_any_script_never_makes_an_empty_or_unsafe_slug(word, glue):
    slug = slugify(glue.join([word, word[::-1]]))
    assert is_safe_slug(slug) or slug in {"con", "prn", "aux", "nul"} or slug[:3] in ("com", "lpt")


def test_two_names_spelled_differently_with_one_slug_stop_the_build(tiny_site):
    # سد (a dam) and صد (a hundred) are both "sd": they must not become one topic.
    site = tiny_site(
        {
            "content/articles/a.md": article("One", "2020-01-01", topics=["سد"]),
            "content/articles/b.md": article("Two", "2020-01-02", topics=["صد"]),
        }
    )
    report = run_build(site, output=site / "build")
    assert not report.ok
    messages = [str(p) for p in report.problems if not p.warning]
    assert messages == [
        "content/articles/b.md:4: `صد` and `سد` (content/articles/a.md) are spelled differently but make "
        "the same page name `sd`: if they are one topic, spell them alike or list one in the topic's "
        "`aliases`; if not, tell them apart with another word"
    ]
    assert not (site / "build").exists()


def test_two_spellings_in_one_list_are_an_error_at_that_line(tiny_site):
    site = tiny_site(
        {"content/articles/a.md": article("One", "2020-01-01", topics=["Iran"], figures=["سد", "صد"])}
    )
    report = run_build(site, output=site / "build")
    assert [str(p) for p in report.problems if not p.warning] == [
        "content/articles/a.md:5: `سد` and `صد` in `figures` are spelled differently but make the same "
        "page name `sd`: tell them apart with another word"
    ]


def test_one_name_in_its_arabic_and_persian_letters_and_any_case_is_one_subject(tiny_site):
    # ي/ی and ك/ک are one letter in two code points; Latin case and accents never mattered.
    site = tiny_site(
        {
            "content/articles/a.md": article(
                "One", "2020-01-01", topics=["ایران", "Iran"], figures=["كاظمی"]
            ),
            "content/articles/b.md": article(
                "Two", "2020-01-02", topics=["ايران", "IRÁN"], figures=["کاظمي"]
            ),
        }
    )
    report = run_build(site, output=site / "build")
    assert report.ok, [str(p) for p in report.problems]
    assert sorted(p.name for p in (site / "build" / "topics").iterdir() if p.is_dir()) == ["iran"]
    assert sorted(p.name for p in (site / "build" / "figures").iterdir() if p.is_dir()) == ["kazmi"]


def test_a_profile_that_lists_both_spellings_makes_them_one_figure(tiny_site):
    site = tiny_site(
        {
            "content/figures/sad.md": "---\nname: صد\naliases: [سد]\n---\nBio.\n",
            "content/articles/a.md": article("One", "2020-01-01", topics=["Iran"], figures=["سد"]),
            "content/articles/b.md": article("Two", "2020-01-02", topics=["Iran"], figures=["صد"]),
        }
    )
    report = run_build(site, output=site / "build")
    assert report.ok, [str(p) for p in report.problems]
    assert (site / "build" / "figures" / "sad" / "index.html").exists()


def test_persian_file_names_make_article_slugs_and_clash_like_latin_ones(tiny_site):
    site = tiny_site(
        {
            "content/articles/2020/2020-01-03-کشته-شدن-سلیمانی.md": article(
                "کشته شدن سلیمانی", "2020-01-03", topics=["Iran"]
            ),
            "content/articles/2020/2020-01-08-سقوط-پرواز-۷۵۲.md": article(
                "سقوط پرواز", "2020-01-08", topics=["Iran"]
            ),
        }
    )
    report = run_build(site, output=site / "build")
    assert report.ok, [str(p) for p in report.problems]
    assert (site / "build" / "2020/01/03/kshte-shdn-slimani/index.html").exists()
    assert (site / "build" / "2020/01/08/squt-prvaz-752/index.html").exists()
    # Two files whose names transliterate alike on one day: the error Latin names get.
    (site / "content/articles/2020/2020-01-08-سقوط-پرواز-752.md").write_text(
        article("سقوط", "2020-01-08", topics=["Iran"]), encoding="utf-8"
    )
    report = run_build(site, output=site / "build")
    assert [str(p) for p in report.problems if not p.warning] == [
        "content/articles/2020/2020-01-08-سقوط-پرواز-۷۵۲.md: would be written to /2020/01/08/squt-prvaz-752/ "
        "like content/articles/2020/2020-01-08-سقوط-پرواز-752.md: give one of them another `slug:`"
    ]


@pytest.mark.parametrize(
    ("title", "file"),
    [
        ("کشته شدن قاسم سلیمانی در بغداد", "2020-01-03-kshte-shdn-qasm-slimani-dr-bghdad.md"),
        ("美国无人机袭击", "2020-01-03-mei-guo-wu-ren-ji-xi-ji.md"),
        ("🕊", "2020-01-03-dove.md"),
    ],
)
def test_new_names_the_file_of_a_title_in_any_script(tiny_site, title, file):
    site = tiny_site()
    result = CliRunner().invoke(main, ["new", "--source", str(site), "--date", "2020-01-03", title])
    assert result.exit_code == 0, result.output
    assert [p.name for p in (site / "content/articles/2020").iterdir()] == [file]


def test_new_refuses_a_title_of_punctuation_alone(tiny_site):
    site = tiny_site()
    result = CliRunner().invoke(main, ["new", "--source", str(site), "--date", "2020-01-03", "؟!…"])
    assert result.exit_code == 2
    assert "the title needs letters or digits" in result.output
    assert not (site / "content").exists()


def test_check_reports_two_spellings_of_one_slug_with_their_line(tiny_site):
    from generator.commands.check import check_site

    site = tiny_site(
        {
            "content/articles/a.md": article("One", "2020-01-01", topics=["سد"]),
            "content/articles/b.md": article("Two", "2020-01-02", topics=["صد"]),
        }
    )
    found = [f for f in check_site(site) if f.severity == "error"]
    assert [(f.path, f.line, f.code) for f in found] == [("content/articles/b.md", 4, "name-spelling")]
    assert "make the same page name `sd`" in found[0].message
