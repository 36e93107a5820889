"""URLs and slugs, table-driven: the one place URLs are decided."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from generator.core.models import Article, Subject
from generator.core.slugs import is_safe_slug, slugify
from generator.site.urls import out_path, relative_url, url_for


def make_article(slug: str, when: datetime) -> Article:
    return Article(
        path="content/articles/x.md", slug=slug, title="T", date=when, has_time=False, updated=None,
        location="", topics=(), figures=(), summary="", sources=(), draft=False, body_line=4,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("thing", "page", "url"),
    [
        (
            make_article("soleimani-killed", datetime(2020, 1, 3, tzinfo=UTC)),
            1,
            "/2020/01/03/soleimani-killed/",
        ),
        (Subject("topic", "iran", "Iran", None), 1, "/topics/iran/"),
        (Subject("topic", "iran", "Iran", None), 3, "/topics/iran/page/3/"),
        (Subject("figure", "qassem-soleimani", "Qassem Soleimani", None), 1, "/figures/qassem-soleimani/"),
        ("topic", 1, "/topics/"),
        ("figure", 1, "/figures/"),
        ("home", 1, "/"),
        ("timeline", 1, "/timeline/"),
        ("not_found", 1, "/404.html"),
    ],
)
def test_url_for(thing, page, url):
    assert url_for(thing, page) == url


@pytest.mark.parametrize(
    ("url", "path"),
    [("/", "index.html"), ("/topics/iran/", "topics/iran/index.html"), ("/404.html", "404.html")],
)
def test_output_path_derives_from_url(url, path):
    assert out_path(url) == path


@pytest.mark.parametrize(
    ("here", "there", "link"),
    [
        ("/", "/topics/iran/", "topics/iran/"),
        ("/", "/", "./"),
        ("/topics/iran/", "/", "../../"),
        ("/topics/iran/", "/assets/style.css", "../../assets/style.css"),
        ("/2020/01/03/x/", "/figures/a/", "../../../../figures/a/"),
        ("/404.html", "/timeline/", "timeline/"),
    ],
)
def test_relative_url(here, there, link):
    assert relative_url(here, there) == link


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("US–Iran relations", "us-iran-relations"),
        ("Iran", "iran"),
        ("IRAN", "iran"),
        ("Irán", "iran"),
        ("Abu Mahdi al-Muhandis", "abu-mahdi-al-muhandis"),
        ("Soleimani's", "soleimanis"),
        ("../../etc/passwd", "etc-passwd"),
        ("???", ""),
    ],
)
def test_slugify(name, slug):
    assert slugify(name) == slug


@pytest.mark.parametrize(
    ("slug", "safe"),
    [("iran", True), ("a-b-1", True), ("", False), ("a/b", False), ("..", False), ("A", False),
     ("con", False), ("nul", False), ("a\\b", False), ("a\x00", False), ("-a", False)],
)  # fmt: skip
def test_safe_slugs(slug, safe):
    assert is_safe_slug(slug) is safe
