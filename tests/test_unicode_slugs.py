"""``slugs: unicode``: article addresses in their own letters, percent-encoded where links and
sitemaps need it, written as files with those names; and ``dossier new`` naming files so."""

from __future__ import annotations

import re
import unicodedata

import pytest
from conftest import article, run_build
from htmlcheck import broken_links

from generator.commands.new import new_article
from generator.core.slugs import is_safe_unicode_slug, unicode_slug

UNICODE = "title: Tiny dossier\ntimezone: UTC\nlanguage: fa\nsearch: false\nslugs: unicode\n"


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("کشته شدن قاسم سلیمانی", "کشته-شدن-قاسم-سلیمانی"),
        ("سقوط پرواز ۷۵۲", "سقوط-پرواز-۷۵۲"),  # Persian digits stay
        ("می\u200cشود", "میشود"),  # the zero-width non-joiner goes
        ("اغتيال «قاسم» سليماني!", "اغتيال-قاسم-سليماني"),  # punctuation goes
        ("Убийство Сулеймани", "убийство-сулеймани"),  # lower-cased: Cyrillic has case
        ("Irán: ¿qué pasó?", "irán-qué-pasó"),
        ("e\u0301te\u0301", "\u00e9t\u00e9"),  # NFC
        ("美国无人机袭击", "美国无人机袭击"),
        ("O’Brien & sons", "obrien-sons"),
        ("!!!", ""),
    ],
)
def test_a_unicode_slug_keeps_the_letters_of_its_script(text, slug):
    assert unicode_slug(text) == slug
    assert is_safe_unicode_slug(slug) == bool(slug)


def test_a_unicode_slug_is_never_longer_than_80_characters_and_cut_between_words():
    slug = unicode_slug(" ".join(["سلیمانی"] * 30))
    assert len(slug) <= 80 and not slug.endswith("-") and set(slug.split("-")) == {"سلیمانی"}


def unicode_site(tiny_site, site_yaml: str = UNICODE, **files: str):
    return tiny_site(
        {
            "site.yaml": site_yaml,
            "content/articles/2020-01-03-کشته-شدن-سلیمانی.md": article(
                "کشته شدن سلیمانی", "2020-01-03", "متن.", topics=["عراق"]
            ),
            "content/articles/2020-01-04-strike.md": article(
                "Strike", "2020-01-04", "Text.", topics=["عراق"]
            ),
            **files,
        }
    )


def test_unicode_slugs_make_files_with_those_names_and_encoded_links(tiny_site, tmp_path):
    site = unicode_site(tiny_site, UNICODE + "base_url: https://example.org/d/\n")
    out = tmp_path / "out"
    report = run_build(site, output=out)
    assert report.ok, [str(p) for p in report.problems]
    assert (out / "2020/01/03/کشته-شدن-سلیمانی/index.html").is_file()
    assert (out / "2020/01/04/strike/index.html").is_file()  # an ASCII name stays as it was
    encoded = "%DA%A9%D8%B4%D8%AA%D9%87-%D8%B4%D8%AF%D9%86-%D8%B3%D9%84%DB%8C%D9%85%D8%A7%D9%86%DB%8C"
    home = (out / "index.html").read_text(encoding="utf-8")
    assert f'href="2020/01/03/{encoded}/"' in home
    assert 'href="2020/01/03/کشته' not in home
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>https://example.org/d/2020/01/03/{encoded}/</loc>" in sitemap
    assert all(loc.isascii() for loc in re.findall(r"<loc>([^<]*)</loc>", sitemap))
    assert broken_links(out, base_path="/d/") == []


def test_without_the_option_a_name_in_persian_is_transliterated(tiny_site, tmp_path):
    site = unicode_site(tiny_site, UNICODE.replace("slugs: unicode\n", ""))
    out = tmp_path / "out"
    assert run_build(site, output=out).ok
    assert (out / "2020/01/03/kshte-shdn-slimani/index.html").is_file()


def test_a_slug_in_other_letters_needs_the_option(tiny_site, tmp_path):
    files = {"content/articles/a.md": article("حمله", "2020-01-05", topics=["x"], slug="حمله-پهپادی")}
    ascii_site = unicode_site(tiny_site, UNICODE.replace("slugs: unicode\n", ""), **files)
    report = run_build(ascii_site, output=tmp_path / "a")
    assert [str(p) for p in report.errors] == [
        "content/articles/a.md:5: `slug: حمله-پهپادی` holds letters outside a-z: add `slugs: unicode` to "
        "site.yaml, or write `slug: hmle-phpadi`"
    ]
    unicode_site_ = unicode_site(tiny_site, UNICODE, **files)
    out = tmp_path / "u"
    assert run_build(unicode_site_, output=out).ok
    assert (out / "2020/01/05/حمله-پهپادی/index.html").is_file()


def test_two_spellings_of_one_unicode_slug_collide(tiny_site, tmp_path):
    composed, decomposed = "été", unicodedata.normalize("NFD", "été")
    site = tiny_site(
        {
            "site.yaml": UNICODE,
            f"content/articles/{composed}.md": article("A", "2020-01-03", topics=["x"]),
            f"content/articles/{decomposed}.md": article("B", "2020-01-03", topics=["x"]),
        }
    )
    report = run_build(site, output=tmp_path / "out")
    assert not report.ok
    assert any("/2020/01/03/été/" in str(p) for p in report.errors), [str(p) for p in report.errors]


def test_dossier_new_names_the_file_in_the_title_s_letters_and_language(tmp_path):
    path = new_article(tmp_path, "سقوط پرواز ۷۵۲", "2020-01-08", lang="fa", unicode=True)
    assert path.name == "2020-01-08-سقوط-پرواز-۷۵۲.fa.md"
    assert "\ntranslation_of:\n" in path.read_text(encoding="utf-8")
    ascii_path = new_article(tmp_path, "سقوط پرواز ۷۵۲", "2020-01-09")
    assert ascii_path.name == "2020-01-09-squt-prvaz-752.md"
    assert "translation_of" not in ascii_path.read_text(encoding="utf-8")
