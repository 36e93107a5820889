"""Open data: the dossier's articles, topics, figures and timeline as versioned JSON files.

The field names are a public contract, described by ``schemas/*.schema.json``:
add fields freely, and bump ``DATA_VERSION`` when one is renamed, removed or
changes meaning. Articles are referred to by ``id`` (``YYYY-MM-DD/slug``),
topics and figures by ``slug``.

A file does not repeat what another holds: ``articles.json`` has each
article's fields; the others name articles by id. Rankings (a topic's key
figures, a figure's topics and companions) keep their first ``RANKED``, as the
pages do; ``articles.json`` holds every pairing for whoever wants them all.
"""

from __future__ import annotations

import json
from itertools import groupby
from typing import TYPE_CHECKING

from generator.core.config import SiteConfig
from generator.core.models import Article, Route, Subject
from generator.index.dossier import Dossier
from generator.site import timelinejs
from generator.site.kind import PageKind, always
from generator.site.metadata import moment
from generator.site.strip import month_anchor
from generator.site.urls import out_path, url_for

if TYPE_CHECKING:
    from generator.site.views import Views

DATA_VERSION = 2  # 2: timeline months list article ids; rankings keep their first RANKED
RANKED = 12
FILES = ("articles", "topics", "figures", "timeline")
# In another project's format, without our version field: TimelineJS3's (see timelinejs.py).
FOREIGN_FILES = ("timelinejs",)


def routes(dossier: Dossier, config: SiteConfig, before: list[Route]) -> list[Route]:
    found = []
    for name in FILES + FOREIGN_FILES:
        url = url_for(f"data:{name}")
        found.append(Route(url, out_path(url), "data.json", "data", name))
    return found


def context(views: Views, route: Route) -> dict:
    """The file's JSON text: sorted keys, fixed order of lists, so the same input gives the same bytes."""
    name = route.carries(str)
    if name == "timelinejs":
        return {"document": dump(timelinejs.document(views))}
    build = {"articles": articles, "topics": topics, "figures": figures, "timeline": timeline}[name]
    document = {"version": DATA_VERSION, "dossier": views.config.title, **build(views)}
    return {"document": dump(document)}


_encode = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(", ", ": ")).encode


def dump(document: dict) -> str:
    """JSON with one list item per line: diff-friendly, and fast.

    Python's C encoder only runs without ``indent``; indenting the whole document
    made these files the slowest part of a large build.
    """
    fields = []
    for key in sorted(document):
        value = document[key]
        if isinstance(value, list) and value:
            rows = ",\n".join(f"    {_encode(row)}" for row in value)
            text = f"[\n{rows}\n  ]"
        else:
            text = _encode(value)
        fields.append(f"  {_encode(key)}: {text}")
    return "{\n" + ",\n".join(fields) + "\n}\n"


def article_id(article: Article) -> str:
    day = article.date  # not strftime, slower: the data files name an article at every mention
    return f"{day.year:04d}-{day.month:02d}-{day.day:02d}/{article.slug}"


def _ids(dossier: Dossier) -> dict[str, str]:
    """Each article's id, by path: the files name most articles many times."""
    return {a.path: article_id(a) for a in dossier.articles}


def articles(views: Views) -> dict:
    dossier, config = views.dossier, views.config
    ids = _ids(dossier)
    rows = []
    for article in dossier.articles:
        subjects = dossier.subjects_of[article.path]
        rows.append(
            {
                "id": ids[article.path],
                "url": config.absolute(url_for(article)),
                "title": article.title,
                "date": moment(article.date, article.has_time),
                "updated": moment(article.updated) if article.updated else None,
                "location": article.location,
                "summary": article.summary,
                "topics": [s.slug for s in subjects["topic"]],
                "figures": [s.slug for s in subjects["figure"]],
                "sources": [{"name": s.name, "url": s.url} for s in article.sources],
                "related": [ids[a.path] for a in dossier.related[article.path]],
            }
        )
    return {"articles": rows}


def topics(views: Views) -> dict:
    dossier = views.dossier
    ids = _ids(dossier)
    rows = []
    for topic in dossier.subjects["topic"]:
        row = _subject(views, topic, ids)
        row["key_figures"] = _counts(dossier.key_figures.get(topic.slug, ()))
        rows.append(row)
    return {"topics": rows}


def figures(views: Views) -> dict:
    dossier = views.dossier
    ids = _ids(dossier)
    rows = []
    for figure in dossier.subjects["figure"]:
        row = _subject(views, figure, ids)
        profile = figure.profile
        row["kind"] = figure.entity
        row["role"] = profile.role if profile else ""
        row["topics"] = _topics_of(dossier, figure)[:RANKED]
        row["co_appearances"] = _counts(dossier.co_appearances.get(figure.slug, ()))
        row["quotes"] = [
            {"text": quote.text, "article": ids[quote.article.path]}
            for quote in dossier.quotes.get(figure.slug, ())
        ]
        rows.append(row)
    return {"figures": rows}


def timeline(views: Views) -> dict:
    found = views.dossier.articles
    months = []
    for (year, month), group in groupby(found, key=lambda a: (a.date.year, a.date.month)):
        months.append(
            {
                "month": month_anchor(year, month),
                "label": views.language.month(year, month),
                "articles": [article_id(a) for a in group],
            }
        )
    return {
        "start": moment(found[0].date, found[0].has_time) if found else None,
        "end": moment(found[-1].date, found[-1].has_time) if found else None,
        "months": months,
    }


def _subject(views: Views, subject: Subject, ids: dict[str, str]) -> dict:
    profile = subject.profile
    return {
        "slug": subject.slug,
        "name": subject.name,
        "url": views.config.absolute(url_for(subject)),
        "summary": subject.summary,
        "aliases": list(profile.aliases) if profile else [],
        "article_count": len(subject.articles),
        "articles": [ids[a.path] for a in subject.articles],
    }


def _counts(pairs: tuple[tuple[Subject, int], ...]) -> list[dict]:
    return [{"figure": subject.slug, "count": count} for subject, count in pairs[:RANKED]]


def _topics_of(dossier: Dossier, figure: Subject) -> list[dict]:
    """The topics of a figure's articles, most shared first."""
    counts: dict[str, int] = {}
    for article in figure.articles:
        for topic in dossier.subjects_of[article.path]["topic"]:
            counts[topic.slug] = counts.get(topic.slug, 0) + 1
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [{"topic": slug, "count": count} for slug, count in ranked]


KIND = PageKind("data", routes, context, whole_dossier=always)
