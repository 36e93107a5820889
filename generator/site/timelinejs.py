"""The timeline as TimelineJS3 JSON (``data/timelinejs.json``), so newsrooms can embed it.

The format is TimelineJS's own (https://timeline.knightlab.com/docs/json-format.html),
described for our output by ``schemas/timelinejs.schema.json``: a title slide,
one event per article (group "Articles") and per key event (group "Key
events"), and the eras. Dates carry only the parts the editor wrote, so a key
event dated ``2020-01`` stays a month. Text fields are HTML made from escaped
parts; links are absolute when ``base_url`` is set.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from generator.content.timeline import PartialDate
from generator.site.timeline_views import date_text, era_cards, event_cards, when_texts
from generator.site.urls import url_for

if TYPE_CHECKING:
    from datetime import datetime

    from generator.site.views import Views


def document(views: Views) -> dict:
    config, dossier, words = views.config, views.dossier, views.language
    read = words.gettext("Read the article")
    events = []
    for article in dossier.articles:
        card = views.cards[article.path]
        text = f"<p>{escape(article.summary)}</p>" if article.summary else ""
        text += _link(config.absolute(card.url), read)
        events.append(
            {
                "start_date": _moment(article.date, card.date),
                "text": {"headline": escape(article.title), "text": text},
                "group": words.gettext("Articles"),
                "unique_id": f"article-{article.date:%Y-%m-%d}-{article.slug}",
            }
        )
    for linked, told in zip(dossier.timeline.events, event_cards(views), strict=True):
        when = linked.event.when
        text = f"<p>{escape(told.summary)}</p>" if told.summary else ""
        if told.figures:
            names = ", ".join(_link(config.absolute(f.url), f.name, paragraph=False) for f in told.figures)
            with_names = words.gettext("With %(names)s", names=names)
            text += f"<p>{with_names}</p>"
        if told.article:
            text += _link(config.absolute(told.article.url), read)
        event = {
            "start_date": _partial(when.start, date_text(views, when.start).text),
            "text": {"headline": escape(told.title), "text": text},
            "group": words.gettext("Key events"),
            "unique_id": told.anchor,
            "display_date": " – ".join(part.text for part in when_texts(views, when)),
        }
        if when.end:
            event["end_date"] = _partial(when.end, date_text(views, when.end).text)
        events.append(event)
    eras = [
        {
            "start_date": _partial(era.start, card.dates[0].text),
            "end_date": _partial(era.end, card.dates[1].text),
            "text": {"headline": escape(card.label)},
        }
        for era, card in zip(dossier.timeline.eras, era_cards(views), strict=True)
    ]
    intro = f"<p>{escape(config.description)}</p>" if config.description else ""
    intro += _link(config.absolute(url_for("timeline")), words.gettext("The timeline on the dossier's site"))
    title = {"text": {"headline": escape(config.title), "text": intro}}
    return {"title": title, "events": events, "eras": eras}


def _moment(moment: datetime, shown: str) -> dict:
    return {"year": moment.year, "month": moment.month, "day": moment.day, "display_date": shown}


def _partial(partial: PartialDate, shown: str) -> dict:
    found = {"year": partial.year, "display_date": shown}
    if partial.month is not None:
        found["month"] = partial.month
    if partial.day is not None:
        found["day"] = partial.day
    return found


def _link(url: str, text: str, paragraph: bool = True) -> str:
    link = f'<a href="{escape(url)}">{escape(text)}</a>'
    return f"<p>{link}</p>" if paragraph else link
