"""Where every page lives: the one place URLs are decided. Output paths derive from URLs.

A leaf: it knows the records and nothing of the stages, so any module may ask it.
"""

from __future__ import annotations

from urllib.parse import quote

from generator.core.models import Article, Subject

PLURAL = {"topic": "topics", "figure": "figures"}
# The search page and the files for machines: feeds, sitemap, the search bundle, open data.
MACHINE_URLS = {
    "search": "/search/",
    "feed": "/feed.xml",
    "sitemap": "/sitemap.xml",
    "robots": "/robots.txt",
    "pagefind": "/pagefind/",
    "data:articles": "/data/articles.json",
    "data:topics": "/data/topics.json",
    "data:figures": "/data/figures.json",
    "data:timeline": "/data/timeline.json",
    "data:timelinejs": "/data/timelinejs.json",
}


def url_for(thing: object, page: int = 1) -> str:
    """The site URL of an article, a subject, a subject kind ("topic") or a named page.

    Named pages include those of ``MACHINE_URLS``; ``("feed", subject)`` is a subject's feed.
    """
    if isinstance(thing, Article):
        day = thing.date  # as %Y/%m/%d would write it; strftime is slower, and asked for every link
        url = f"/{day.year}/{day.month:02d}/{day.day:02d}/{thing.slug}/"
    elif isinstance(thing, Subject):
        url = f"/{PLURAL[thing.kind]}/{thing.slug}/"
    elif isinstance(thing, tuple) and thing[:1] == ("feed",) and isinstance(thing[1], Subject):
        # Before the look-ups by name below: hashing a subject would hash all its articles.
        return f"/{PLURAL[thing[1].kind]}/{thing[1].slug}/feed.xml"
    elif thing in PLURAL:
        url = f"/{PLURAL[thing]}/"
    elif thing == "home":
        url = "/"
    elif thing == "timeline":
        url = "/timeline/"
    elif thing == "not_found":
        return "/404.html"
    elif thing in MACHINE_URLS:
        return MACHINE_URLS[thing]
    else:
        raise ValueError(f"no URL for {thing!r}")
    return url if page == 1 else f"{url}page/{page}/"


def out_path(url: str) -> str:
    """The file that serves ``url``, relative to the output folder."""
    path = url.lstrip("/")
    return path + "index.html" if path.endswith("/") or not path else path


def encoded(url: str) -> str:
    """A site URL with any character a URL may not hold as it is percent-encoded (UTF-8)."""
    return quote(url, safe="/%:@!$&'()*+,;=~?#")


def relative_url(from_url: str, to_url: str, files: bool = False) -> str:
    """``to_url`` as a link relative to the page at ``from_url`` (both start with "/").

    Relative links keep a site working under any sub-path. With ``files`` (an offline
    build) a link names the file that serves the page, ``timeline/index.html``: read
    from a folder, a link to ``timeline/`` shows a file listing.
    """
    if files and to_url.endswith("/"):
        to_url += "index.html"
    if not to_url.isascii():  # a slug in its own letters (slugs: unicode), percent-encoded
        to_url = encoded(to_url)
    depth = from_url.count("/") - 1
    target = to_url[1:]
    if depth == 0:
        return target or "./"
    return "../" * depth + target
