"""Which articles a build publishes, and what their bodies may link to."""

from __future__ import annotations

from datetime import datetime
from datetime import time as dt_time
from typing import TYPE_CHECKING

from generator.content.bodies import BodyFacts
from generator.core.config import SiteConfig
from generator.core.models import Article, Profile
from generator.markup.links import SourceLink

if TYPE_CHECKING:
    from generator.commands.build import BuildOptions


def comes_due(article: Article, config: SiteConfig) -> datetime:
    """When an article is published: its moment, or for a bare date the midnight its day starts, site time."""
    return article.date if article.has_time else datetime.combine(article.date.date(), dt_time.min, config.tz)


def next_due(left_out: list[Article], options: BuildOptions, config: SiteConfig) -> datetime | None:
    """When the first article left out as future comes due."""
    return min((comes_due(a, config) for a in left_out if options.drafts or not a.draft), default=None)


def select_published(
    articles: tuple[Article, ...], options: BuildOptions, config: SiteConfig
) -> tuple[list[Article], list[Article]]:
    """Split articles into those to publish and those left out (drafts, future dates).

    A bare date is compared as a day in the site's time zone, so an article
    dated today is published today, whatever the hour.
    """
    now = (options.now or datetime.now(config.tz)).astimezone(config.tz)
    published, left_out = [], []
    for article in articles:
        future = comes_due(article, config) > now
        if (article.draft and not options.drafts) or (future and not options.future):
            left_out.append(article)
        else:
            published.append(article)
    return published, left_out


def links_of(facts: dict[str, BodyFacts]) -> dict[str, tuple[SourceLink, ...]]:
    """The links to source files in each body, by path."""
    return {path: found.links for path, found in facts.items()}


def linkable(published: list[Article], profiles: tuple[Profile, ...]) -> list[str]:
    """The source files a body may link to: published articles and profiles."""
    records: list[Article | Profile] = [*published, *profiles]
    return [record.path for record in records]


def left_out_reasons(left_out: list[Article]) -> dict[str, str]:
    """Why each article left out of the build is, for messages about links to it."""
    return {a.path: "a draft" if a.draft else "dated in the future" for a in left_out}
