"""The site's language: the theme's words from gettext catalogues, and dates and numbers in the
language's own form from Babel's CLDR data.

Catalogues are ``.po`` files, read and compiled once a build (Babel's ``read_po`` and
``write_mo``): the site's ``locales/<lang>/LC_MESSAGES/messages.po`` over its theme's,
over the default theme's; a message none of them translates stays in English. The
calendar is always the Gregorian one; only its names and digits follow the language.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, match_skeleton
from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import NullTranslations, Translations

from generator.core.models import ContentError, ContentProblem
from generator.core.resources import shipped

if TYPE_CHECKING:
    from generator.core.config import SiteConfig

BUILTIN_CATALOGUES = [shipped("themes") / "default"]  # folders holding the shipped locales/
LOCALES = "locales"  # the folder of catalogues, in a theme and in a site
DOMAIN = "messages"
TEMPLATE = f"{DOMAIN}.pot"  # every message a theme shows, beside its catalogues
NAMED_LENGTHS = ("short", "medium", "long", "full")
DEFAULT_DATE_FORMAT = "long"
Day = date  # the type, by a name that the method Language.date does not hide
SOURCE_LANGUAGE = "en"  # the language of the message ids: its catalogue is the identity
# The form Dossier has always written dates in for a bare `en` ("3 January 2020", "6 Jan"): CLDR's
# British English. `en-US` asks for "January 3, 2020".
DATE_LOCALES = {"en": "en_GB"}
# The zero of each numbering system (CLDR) a language may write digits in; the nine others follow it.
ZERO_DIGITS = {"arab": "\u0660", "arabext": "\u06f0", "beng": "\u09e6", "deva": "\u0966", "mymr": "\u1040"}
# strftime directives a `date_format` of old may hold, as CLDR pattern fields.
STRFTIME_FIELDS = {
    "%-d": "d",
    "%d": "dd",
    "%e": "d",
    "%-m": "M",
    "%m": "MM",
    "%B": "MMMM",
    "%b": "MMM",
    "%Y": "y",
    "%y": "yy",
    "%A": "EEEE",
    "%a": "EEE",
}
_STRFTIME = re.compile(r"%-?[a-zA-Z%]")
_LITERAL = re.compile(r"[A-Za-z']+")


def N_(message: str) -> str:  # noqa: N802 - the name gettext's tools look for
    """Marks a message for the catalogue where it is declared; it is translated where shown."""
    return message


class DateFormatError(ValueError):
    """A ``date_format`` that is neither a named length nor a CLDR pattern Babel can use."""


def babel_locale(language: str) -> Locale | None:
    """The CLDR locale of a language tag (``en``, ``fa-IR``, ``pt_BR``); None when CLDR has none."""
    try:
        return Locale.parse(language.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        return None


def cldr_pattern(date_format: str) -> str:
    """The CLDR pattern of a ``date_format``: a named length as it is, a strftime pattern
    (``%-d %B %Y``, the default of old) converted (``d MMMM y``), a CLDR pattern as it is."""
    text = date_format.strip()
    if text in NAMED_LENGTHS or "%" not in text:
        if not text:
            raise DateFormatError(
                "`date_format` is empty: use long, medium, short or a pattern like `d MMMM y`"
            )
        _check_pattern(text)
        return text
    parts, end = [], 0
    for found in _STRFTIME.finditer(text):
        parts.append(_quoted(text[end : found.start()]))
        directive = found.group()
        if directive == "%%":
            parts.append("%")
        elif directive in STRFTIME_FIELDS:
            parts.append(STRFTIME_FIELDS[directive])
        else:
            raise DateFormatError(
                f"`date_format` has `{directive}`, which has no CLDR form here: "
                "use long, medium, short or a CLDR pattern like `d MMMM y`"
            )
        end = found.end()
    parts.append(_quoted(text[end:]))
    pattern = "".join(parts)
    _check_pattern(pattern)
    return pattern


def _quoted(literal: str) -> str:
    """Text of a strftime pattern as CLDR literal text: letters go in quotes."""
    return _LITERAL.sub(lambda m: "''" if m.group() == "'" else f"'{m.group()}'", literal)


def _check_pattern(pattern: str) -> None:
    if pattern in NAMED_LENGTHS:
        return
    try:
        shown = format_date(date(2020, 1, 3), pattern, locale="en")
    except (ValueError, KeyError, AttributeError, TypeError) as exc:
        raise DateFormatError(f"`date_format` `{pattern}` is not a CLDR date pattern: {exc}") from None
    if not re.search(r"[dMLyE]", re.sub(r"'[^']*'", "", pattern)) or shown == pattern:
        raise DateFormatError(
            f"`date_format` `{pattern}` names no day, month or year: use long, medium, short "
            "or a CLDR pattern like `d MMMM y`"
        )


def catalogue_paths(folders: list[Path], language: str) -> list[Path]:
    """The catalogues of ``language`` in ``folders`` (each holding a ``locales/`` folder), in the
    order they are laid over each other: the last wins. A language with a region (``de-AT``) reads
    its language's catalogues (``de``) first."""
    names = _catalogue_names(language)
    found = []
    for folder in reversed(folders):
        for name in names:
            path = folder / LOCALES / name / "LC_MESSAGES" / f"{DOMAIN}.po"
            if path.is_file():
                found.append(path)
    return found


def _catalogue_names(language: str) -> list[str]:
    parts = language.replace("-", "_").split("_")
    names = [parts[0].lower()]
    if len(parts) > 1:
        names.append(f"{parts[0].lower()}_{'_'.join(parts[1:])}")
    return names


def fingerprint(folders: list[Path], language: str) -> str:
    """A hash of the catalogues of ``language`` in ``folders``, those a build reads: its pages'
    words change with them (another language's catalogue does not touch them)."""
    digest = hashlib.blake2b(digest_size=16)
    for path in catalogue_paths(folders, language):
        digest.update("/".join(path.parts[-4:]).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


@dataclass(frozen=True, slots=True)
class Untranslated:
    """A message shown in English because no catalogue of the language translates it."""

    msgid: str
    template: Path  # the .pot that lists it


def read_catalogue(path: Path, label: str | None = None) -> Catalog:
    """A ``.po`` or ``.pot`` file; a broken one raises ContentProblem with its path and line."""
    try:
        with path.open("rb") as file:
            return read_po(file, abort_invalid=True)
    except Exception as exc:  # noqa: BLE001 - Babel's PoFileError, a decoding or reading error
        message = f"not a gettext catalogue Babel can read ({exc}): check its quotes and msgid/msgstr lines"
        line = getattr(exc, "lineno", None)  # Babel counts from 0
        raise ContentProblem(
            ContentError(label or str(path), None if line is None else line + 1, message)
        ) from None


def translated(message: Message) -> bool:
    """Whether a catalogue's message has every form filled in (not fuzzy)."""
    if message.fuzzy or not message.id:
        return False
    strings = message.string if isinstance(message.string, (list, tuple)) else (message.string,)
    return all(strings)


class Language:
    """The site's language: its words, dates and numbers. Made once a build."""

    def __init__(
        self,
        language: str,
        date_format: str = DEFAULT_DATE_FORMAT,
        folders: Sequence[Path] = (),
        site: Path | None = None,
    ):
        """``folders`` hold ``locales/`` folders, the first winning; ``site``, when one of them,
        names files in messages."""
        self.tag, self.site = language, site
        self.locale = babel_locale(language) or Locale.parse(SOURCE_LANGUAGE)
        base = self.locale.language
        self.date_locale = (
            Locale.parse(DATE_LOCALES[base])
            if base in DATE_LOCALES and not self.locale.territory
            else self.locale
        )
        self.pattern = cldr_pattern(date_format or DEFAULT_DATE_FORMAT)
        # Months (headings, dates of a month alone) name the month as the site's dates do.
        self.month_skeleton = "yMMM" if _abbreviates_months(self.pattern) else "yMMMM"
        self.folders = list(folders)
        self._known: set[str] = set()  # the ids of the messages translated
        self.translations = self._translations()
        zero = ZERO_DIGITS.get(self.locale.default_numbering_system)
        self._digits = (
            str.maketrans("0123456789", "".join(chr(ord(zero) + i) for i in range(10))) if zero else None
        )
        # What a build asks again and again (a count, a day, a month), made once.
        self._numbers: dict[int | float, str] = {}
        self._dates: dict[date, str] = {}
        self._months: dict[tuple[int, int], tuple[str, str]] = {}
        self._skeletons: dict[str, str] = {}  # the locale's pattern of each skeleton

    def _translations(self) -> NullTranslations:
        """The catalogues laid over each other, compiled once; messages none translates are left
        out, so that gettext gives the English id."""
        # The shipped English catalogue is the identity (it is there to be copied): not read.
        identity = BUILTIN_CATALOGUES[0] / LOCALES / SOURCE_LANGUAGE / "LC_MESSAGES" / f"{DOMAIN}.po"
        paths = [path for path in catalogue_paths(self.folders, self.tag) if path != identity]
        if not paths:
            return NullTranslations()
        merged = Catalog(locale=self.locale, domain=DOMAIN)
        for path in paths:
            catalogue = read_catalogue(path, self.label(path))
            if any(name.lower() == "plural-forms" for name, _ in catalogue.mime_headers):
                merged.mime_headers = catalogue.mime_headers  # the catalogue's own plural rule
            for message in catalogue:
                if translated(message):
                    merged.delete(message.id)  # setting an id already there would keep its old text
                    merged[message.id] = message
                    self._known.add(_key(message.id))
        compiled = io.BytesIO()
        write_mo(compiled, merged)
        compiled.seek(0)
        return Translations(compiled, domain=DOMAIN)

    # Words

    def gettext(self, message: str, /, **variables: object) -> str:
        """The translation of ``message``, its ``%(name)s`` filled in from ``variables``."""
        found = self.translations.gettext(message)
        return found % variables if variables else found

    def ngettext(self, singular: str, plural: str, count: int, /, **variables: object) -> str:
        """The form for ``count``; ``%(num)s`` in it is the count as the language writes numbers."""
        return self.translations.ngettext(singular, plural, count) % {"num": self.number(count), **variables}

    def plural_forms(self, singular: str, plural: str) -> dict[str, str]:
        """The message in each CLDR plural category of the language ("one", "few", "other"…), with
        ``{num}`` for the count: for a script, which picks one with ``Intl.PluralRules``."""
        rule = self.locale.plural_form
        forms: dict[str, str] = {}
        for count in (*range(201), 1_000_000):  # a count of each category ("many" in French: a million)
            forms.setdefault(
                rule(count), self.translations.ngettext(singular, plural, count) % {"num": "{num}"}
            )
        return dict(sorted(forms.items()))

    def untranslated(self) -> list[Untranslated]:
        """The messages of the themes' templates (``messages.pot``) no catalogue translates."""
        if _catalogue_names(self.tag)[0] == SOURCE_LANGUAGE:
            return []
        missing, seen = [], set()
        for folder in self.folders:
            template = folder / LOCALES / TEMPLATE
            if not template.is_file():
                continue
            for message in read_catalogue(template, self.label(template)):
                key = _key(message.id)
                if not key or key in seen:
                    continue
                seen.add(key)
                if key not in self._known:
                    missing.append(Untranslated(key, template))
        return missing

    def label(self, path: Path) -> str:
        """How messages name a catalogue: from the site's folder, or from its theme's."""
        if self.site is not None and path.is_relative_to(self.site):
            return path.relative_to(self.site).as_posix()
        for folder in self.folders:
            if path.is_relative_to(folder):
                return f"themes/{folder.name}/{path.relative_to(folder).as_posix()}"
        return path.as_posix()

    @property
    def name(self) -> str:
        """The language's English name, for messages: "German"."""
        known = babel_locale(self.tag)
        return (known.get_display_name("en") if known else None) or self.tag

    # Numbers and dates

    def digits(self, text: object) -> str:
        """``text`` with its digits in the language's numbering system (a year: "۲۰۲۰")."""
        text = str(text)
        return text.translate(self._digits) if self._digits else text

    def number(self, value: int | float) -> str:
        """A count as the language writes it: "1,234", "1.234", "۱٬۲۳۴"."""
        if not isinstance(value, (int, float)):
            return str(value)
        found = self._numbers.get(value)
        if found is None:
            found = self._numbers[value] = self.digits(
                format_decimal(value, locale=self.locale, numbering_system="default")
            )
        return found

    def date(self, moment: date | datetime) -> str:
        """A day in the site's ``date_format``: "3 January 2020", "3. Januar 2020"."""
        day = moment.date() if isinstance(moment, datetime) else moment
        found = self._dates.get(day)
        if found is None:
            found = self._dates[day] = self.digits(format_date(day, self.pattern, locale=self.date_locale))
        return found

    def month(self, year: int, month: int) -> str:
        """A month as a heading: "January 2020", "Januar 2020" ("Jan 2020" when dates name months short)."""
        return self._month(year, month)[0]

    def short_month(self, year: int, month: int) -> str:
        """A month among its year's: "Jan", "janv."."""
        return self._month(year, month)[1]

    def _month(self, year: int, month: int) -> tuple[str, str]:
        found = self._months.get((year, month))
        if found is None:
            first = date(year, month, 1)
            found = self._months[(year, month)] = (
                self.skeleton(self.month_skeleton, first),
                self.skeleton("MMM", first),
            )
        return found

    def skeleton(self, skeleton: str, day: Day) -> str:
        """``day`` in the language's form of a CLDR skeleton ("dMMM": "6 Jan", "yMMM": "Jan 2020")."""
        pattern = self._skeletons.get(skeleton)
        if pattern is None:  # Babel matches the skeleton to the locale's patterns on every call
            pattern = self._skeletons[skeleton] = _skeleton_pattern(skeleton, self.date_locale)
        return self.digits(format_date(day, pattern, locale=self.date_locale))

    def year(self, year: int) -> str:
        return self.digits(str(year))


def _abbreviates_months(pattern: str) -> bool:
    """Whether a ``date_format`` names months short ("3 Jan 2020"): ``medium``, or ``MMM`` in a pattern."""
    if pattern in NAMED_LENGTHS:
        return pattern == "medium"
    fields = re.sub(r"'[^']*'", "", pattern)
    return bool(re.search(r"(?<![ML])[ML]{3}(?![ML])", fields))


def _skeleton_pattern(skeleton: str, locale: Locale) -> str:
    """The locale's date pattern for a CLDR skeleton ("yMMMM": "MMMM y"), as ``format_skeleton`` finds it."""
    skeletons = locale.datetime_skeletons
    matched = skeleton if skeleton in skeletons else (match_skeleton(skeleton, skeletons) or skeleton)
    pattern: str = skeletons[matched].pattern
    if "MMMM" in skeleton and "MMMM" not in matched:
        # CLDR adjusts a matched pattern's fields to the widths asked for; Babel does not (older
        # CLDR data has no "yMMMMd" for en_GB, so "d MMM y" is matched): the month in full.
        pattern = re.sub(r"(?<![ML])([ML])\1\1(?![ML])", r"\1\1\1\1", pattern)
    return pattern


def _key(msgid: str | tuple[str, ...] | list[str]) -> str:
    """A message's id; a plural message's is its singular."""
    return msgid[0] if isinstance(msgid, (list, tuple)) else msgid


def theme_language(config: SiteConfig, folders: list[Path], site: Path | None = None) -> Language:
    """The language of a build: the site's ``locales/`` over its theme folders."""
    places = ([site] if site is not None else []) + list(folders)
    return Language(config.language, config.date_format, places, site)
