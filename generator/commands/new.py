"""``dossier new``: a draft article with its front matter filled in, named as the build reads it."""

from __future__ import annotations

import calendar
import re
from pathlib import Path

from generator.core.slugs import slugify, unicode_slug


class NewError(Exception):
    """The article cannot be written; the message says why and what to do."""


def date_problem(text: str) -> str | None:
    """Why ``text`` is not a date written YYYY-MM-DD (another form, or a day the calendar
    does not have), or None."""
    written = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text)
    if not written:
        return f"{text}: write the date as YYYY-MM-DD"
    year, month, day = map(int, written.groups())
    if year < 1:
        return f"{text}: there is no year 0"
    if not 1 <= month <= 12:
        return f"{text}: there is no month {month}; write the date as YYYY-MM-DD"
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        return f"{text}: the day does not exist: {calendar.month_name[month]} {year} has {last} days"
    return None


def article_path(site: Path, title: str, day: str, lang: str = "", unicode: bool = False) -> Path:
    """Where the article titled ``title`` and dated ``day`` (YYYY-MM-DD) goes: date first, by year;
    in a language other than the default one, named for it (``….fa.md``). With ``unicode``
    (``slugs: unicode``) the name keeps the title's own letters."""
    slug = (unicode_slug(title) if unicode else "") or slugify(title)
    if not slug:
        raise NewError("the title needs letters or digits")
    suffix = f".{lang}" if lang else ""
    return site / "content" / "articles" / day[:4] / f"{day}-{slug}{suffix}.md"


def draft_text(title: str, day: str, translation: bool = False) -> str:
    """A draft's file: the front matter an editor fills in, and a line for the body."""
    quoted = title.replace("\\", "\\\\").replace('"', '\\"')
    return (
        "---\n"
        f'title: "{quoted}"\n'
        f"date: {day}\n"
        "location:\n"
        "topics: []\n"
        "figures: []\n"
        "summary:\n"
        "sources: []\n"
        "draft: true\n" + ("translation_of:\n" if translation else "") + "---\n\n"
        "Write the article here.\n"
    )


def new_article(site: Path, title: str, day: str, lang: str = "", unicode: bool = False) -> Path:
    """Write a draft article (in ``lang``, when not the default language, with a line for what it
    translates); returns its path. Raises NewError (nothing written) when it exists."""
    path = article_path(site, title, day, lang, unicode)
    if path.exists():
        raise NewError(f"{path}: already exists; choose another title")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(draft_text(title, day, translation=bool(lang)), encoding="utf-8")
    return path
