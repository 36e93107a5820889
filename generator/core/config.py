"""Read ``site.yaml`` into a validated SiteConfig, reporting every problem at once."""

from __future__ import annotations

import difflib
import re
import zoneinfo
from dataclasses import MISSING, dataclass, field, fields, replace
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from generator.core.models import ContentError, ContentProblem
from generator.core.yamltext import load_yaml


def _doc(text: str, default: Any = MISSING) -> Any:
    return field(default=default, metadata={"doc": text})


@dataclass(frozen=True, slots=True)
class RelatedConfig:
    """How "related articles" are chosen, like Hugo's related content."""

    figures: int = _doc("weight of each figure two articles share", 2)
    topics: int = _doc("weight of each topic two articles share", 1)
    limit: int = _doc("how many related articles an article page shows", 5)


@dataclass(frozen=True, slots=True)
class SiteConfig:
    """The site's settings. Every field but ``title`` has a default."""

    title: str = _doc("the dossier's name, shown in every page header")
    description: str = _doc("one or two sentences for the home page, feeds and search engines", "")
    base_url: str = _doc("where the site is published, e.g. https://user.github.io/repo/", "")
    language: str = _doc("language code of the content, e.g. en or en-GB", "en")
    timezone: str = _doc("IANA time zone for dates written without a time", "UTC")
    theme: str = _doc("theme folder name under themes/", "default")
    author: str = _doc("who curates the dossier", "")
    publisher: str = _doc("the organisation that publishes it", "")
    date_format: str = _doc(
        "dates shown to readers: short, medium, long or full in the language's own form, or a CLDR "
        "pattern such as `d MMMM y`; a strftime pattern of old (`%-d %B %Y`) is converted",
        "long",
    )
    per_page: int = _doc("articles per page in long lists", 20)
    home_articles: int = _doc("how many latest articles the home page shows", 8)
    feed_limit: int = _doc("how many entries the site's Atom feed holds, each with its full text", 20)
    subject_feed_limit: int = _doc("how many entries each topic's and figure's Atom feed holds", 10)
    subject_feed_full_text: bool = _doc(
        "topic and figure feeds carry each article's full text, not only its summary", False
    )
    search: bool = _doc("build the full-text search index (Pagefind)", True)
    offline: bool = _doc(
        "links name files (timeline/index.html), so the site reads from a folder; leaves search out", False
    )
    autolink: bool = _doc("link the first mention of a known figure in article bodies", True)
    cname: str = _doc("custom domain for GitHub Pages; writes a CNAME file", "")
    related: RelatedConfig = _doc("weights for related articles", RelatedConfig())
    languages: tuple[str, ...] = _doc(
        "two or more languages of one dossier, the default first, e.g. `[en, fa]`: one tree of pages "
        "for each, under /en/ and /fa/ (see Languages)",
        (),
    )
    default_language_at_root: bool = _doc(
        "with `languages`, the default language's pages at the site's root instead of under /en/", False
    )
    slugs: str = _doc(
        "`ascii` (titles and names in other scripts are transliterated) or `unicode` (they keep "
        "their letters, as in /figures/قاسم-سلیمانی/)",
        "ascii",
    )
    # Not a site.yaml key: the folder of one language's tree ("fa/"), set by the build.
    language_path: str = field(default="", metadata={"doc": "", "internal": True})

    @property
    def base_path(self) -> str:
        """The path part of ``base_url``, always ending with "/": "/repo/" or "/"."""
        path = urlsplit(self.base_url).path or "/"
        return (path if path.endswith("/") else path + "/") + self.language_path

    @property
    def searchable(self) -> bool:
        """Search is built: asked for, and the site is not made to be read from a folder."""
        return self.search and not self.offline

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)

    def absolute(self, url: str) -> str:
        """A site URL ("/topics/iran/") as an absolute URL under ``base_url``."""
        if not self.base_url:
            return url
        path = self.language_path + url[1:]
        return (
            self.base_url.rstrip("/")
            + "/"
            + (path if path.isascii() else quote(path, safe="/%:@!$&'()*+,;=~?#"))
        )


def load_config(path: Path, label: str = "site.yaml") -> tuple[SiteConfig | None, list[ContentError]]:
    """Read and validate the configuration file; return it with every problem found."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        return None, [
            ContentError(
                label,
                None,
                "not found: this is not a dossier's folder; start one with `dossier init`, "
                "or give the site's folder with --source",
            )
        ]
    except (OSError, UnicodeDecodeError) as exc:
        return None, [ContentError(label, None, f"cannot be read: {exc}")]
    try:
        data, lines = load_yaml(text, label)
    except ContentProblem as problem:
        return None, [problem.error]
    if data is None:
        data = {}
    if not isinstance(data, dict):
        return None, [ContentError(label, 1, "must be a mapping of `key: value` lines")]
    return parse_config(data, lines, label)


# What a language's own file (``site.fa.yaml``) may say: the words of the site, not its settings.
LANGUAGE_KEYS = ("title", "description", "author", "publisher", "date_format")


def language_config(config: SiteConfig, path: Path, label: str) -> tuple[SiteConfig, list[ContentError]]:
    """``config`` with what a language's file says (``site.fa.yaml``: its title, description…),
    when there is one; with every problem found."""
    if not path.is_file():
        return config, []
    try:
        data, lines = load_yaml(path.read_text(encoding="utf-8-sig"), label)
    except (OSError, UnicodeDecodeError) as exc:
        return config, [ContentError(label, None, f"cannot be read: {exc}")]
    except ContentProblem as problem:
        return config, [problem.error]
    if not isinstance(data, dict):
        return config, [ContentError(label, 1, f"must be `key: value` lines, of {', '.join(LANGUAGE_KEYS)}")]
    values: dict[str, Any] = {}
    problems: list[ContentError] = []
    for key, raw in data.items():
        line = lines.get(str(key))
        if key not in LANGUAGE_KEYS:
            problems.append(
                ContentError(
                    label,
                    line,
                    f"`{key}` is one for every language: set it in site.yaml "
                    f"(a language's file sets {', '.join(LANGUAGE_KEYS)})",
                )
            )
        elif not isinstance(raw, str) or not raw.strip():
            problems.append(ContentError(label, line, f"`{key}` must be text; put it in quotes"))
        else:
            values[key] = raw.strip()
    problems.extend(_language_problems(values, lines, label))
    return replace(config, **values), problems


def parse_config(
    data: dict, lines: dict[str, int], label: str = "site.yaml"
) -> tuple[SiteConfig | None, list[ContentError]]:
    """Turn already-parsed YAML into a SiteConfig, collecting every problem."""
    problems: list[ContentError] = []
    values: dict[str, Any] = {}
    known = {f.name: f for f in fields(SiteConfig) if not f.metadata.get("internal")}
    for key, raw in data.items():
        line = lines.get(str(key))
        spec = known.get(key)
        if spec is None:
            hint = difflib.get_close_matches(str(key), known, n=1)
            fix = f"did you mean `{hint[0]}`?" if hint else f"known keys: {', '.join(sorted(known))}"
            problems.append(ContentError(label, line, f"unknown key `{key}`: {fix}", warning=True))
            continue
        errors: list[ContentError]
        if spec.name == "related":
            value, errors = _coerce_related(raw, label, line)
        elif spec.name == "languages":
            value, errors = _coerce_languages(raw, label, line)
        else:
            value, messages = _coerce(
                spec.name, raw, type(spec.default) if spec.default is not MISSING else str
            )
            errors = [ContentError(label, line, message) for message in messages]
        problems.extend(errors)
        if not errors:
            values[key] = value
    if not values.get("title"):
        problems.append(
            ContentError(label, lines.get("title", 1), "`title` is required: add `title: My dossier`")
        )
    if "timezone" in values:
        try:
            zoneinfo.ZoneInfo(values["timezone"])
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            problems.append(
                ContentError(
                    label,
                    lines.get("timezone"),
                    f"unknown time zone `{values['timezone']}`: use a name like Europe/London",
                )
            )
            del values["timezone"]
    problems.extend(_languages_agree(values, lines, label))
    problems.extend(_language_problems(values, lines, label))
    if values.get("slugs", "ascii") not in ("ascii", "unicode"):
        problems.append(ContentError(label, lines.get("slugs"), "`slugs` must be `ascii` or `unicode`"))
    if values.get("base_url"):
        base_url, error = normalise_base_url(values["base_url"])
        if error:
            problems.append(ContentError(label, lines.get("base_url"), error))
        values["base_url"] = base_url
    if values.get("cname") and (error := cname_problem(values["cname"])):
        problems.append(ContentError(label, lines.get("cname"), error))
    if any(not p.warning for p in problems) or "title" not in values:
        return None, problems
    return SiteConfig(**values), problems


def _language_problems(values: dict[str, Any], lines: dict[str, int], label: str) -> list[ContentError]:
    """``language`` that CLDR knows (else a warning: English dates), and a ``date_format`` Babel can use."""
    from generator.core.locales import (  # Babel loads only when asked
        DateFormatError,
        babel_locale,
        cldr_pattern,
    )

    problems = []
    if "language" in values and babel_locale(values["language"]) is None:
        problems.append(
            ContentError(
                label,
                lines.get("language"),
                f"`language: {values['language']}` is not a language CLDR knows: dates and numbers are "
                "written as in English; use a code like en, de, fa or pt-BR",
                warning=True,
            )
        )
    if "date_format" in values:
        try:
            cldr_pattern(values["date_format"])
        except DateFormatError as exc:
            problems.append(ContentError(label, lines.get("date_format"), str(exc)))
            del values["date_format"]
    return problems


def _coerce_languages(raw: object, label: str, line: int | None) -> tuple[object, list[ContentError]]:
    """``languages: [en, fa]``: two or more distinct language codes; ``[]``: one language."""
    if raw is None or raw == []:
        return (), []
    shape = (
        "`languages` must be a list of two or more language codes, the default first: `languages: [en, fa]`"
    )
    if not isinstance(raw, list) or not all(isinstance(code, str) and code.strip() for code in raw):
        return None, [ContentError(label, line, shape)]
    codes = tuple(code.strip() for code in raw)
    if len(codes) < 2:
        return None, [
            ContentError(
                label, line, f"{shape}; a site in one language says `language: {codes[0] if codes else 'en'}`"
            )
        ]
    if len(set(codes)) != len(codes):
        twice = next(code for code in codes if codes.count(code) > 1)
        return None, [
            ContentError(label, line, f"`languages` names `{twice}` twice: name each language once")
        ]
    if bad := [code for code in codes if not LANGUAGE_CODE.fullmatch(code)]:
        return None, [
            ContentError(
                label, line, f"`{bad[0]}` in `languages` is not a language code such as en, fa or pt-BR"
            )
        ]
    return codes, []


def _languages_agree(values: dict[str, Any], lines: dict[str, int], label: str) -> list[ContentError]:
    """With ``languages``, ``language`` is the first of them (and may be left out)."""
    languages = values.get("languages")
    if not languages:
        return []
    if "language" in values and values["language"] != languages[0]:
        return [
            ContentError(
                label,
                lines.get("language"),
                f"`language: {values['language']}` disagrees with `languages`, whose first, `{languages[0]}`, "
                f"is the default language: leave `language` out, or put `{values['language']}` first",
            )
        ]
    values["language"] = languages[0]
    return []


# A language code as it names a tree's folder and a translation's file (foo.fa.md): en, fa, pt-br.
LANGUAGE_CODE = re.compile(r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})?")


def normalise_base_url(url: str) -> tuple[str, str | None]:
    """Check a base URL and make it end with "/"; return it and an error message or None."""
    url = url.strip()
    if not url:
        return "", None
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return "", f"base_url `{url}` must be an absolute http(s) URL such as https://user.github.io/repo/"
    return (url if url.endswith("/") else url + "/"), None


# A host name as GitHub Pages takes it in a CNAME file: labels of letters, digits and hyphens.
_HOST_LABEL = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)")


def cname_problem(cname: str) -> str | None:
    """Why ``cname`` is not a domain that can go in a CNAME file; None when it is one."""
    labels = cname.lower().removesuffix(".").split(".")
    if len(cname) <= 253 and len(labels) >= 2 and all(_HOST_LABEL.fullmatch(label) for label in labels):
        return None
    return (
        f"cname `{cname}` is not a domain name: write the bare domain, such as `cname: dossier.example.org` "
        "(no https://, no path)"
    )


def with_base_url(config: SiteConfig, base_url: str) -> SiteConfig:
    """The configuration with base_url overridden (``--base-url``); raises ValueError."""
    url, error = normalise_base_url(base_url)
    if error:
        raise ValueError(error)
    return replace(config, base_url=url)


def _coerce(name: str, raw: object, kind: type) -> tuple[object, list[str]]:
    if kind is bool:
        if isinstance(raw, bool):
            return raw, []
        return None, [f"`{name}` must be true or false"]
    if kind is int:
        text = str(raw).strip() if isinstance(raw, str) else None
        if text and text.isdigit() and int(text) > 0:
            return int(text), []
        return None, [f"`{name}` must be a whole number greater than 0, e.g. `{name}: 20`"]
    if raw is None:
        return "", []
    if not isinstance(raw, str):
        return None, [f"`{name}` must be text; put it in quotes"]
    return raw.strip(), []


def _coerce_related(raw: object, label: str, line: int | None) -> tuple[object, list[ContentError]]:
    if not isinstance(raw, dict):
        return None, [
            ContentError(
                label, line, "`related` must be a mapping: `related: {figures: 2, topics: 1, limit: 5}`"
            )
        ]
    values, errors = {}, []
    names = {f.name for f in fields(RelatedConfig)}
    for key, value in raw.items():
        if key not in names:
            errors.append(
                ContentError(label, line, f"unknown key `related.{key}`: use {', '.join(sorted(names))}")
            )
            continue
        text = str(value).strip()
        if not text.isdigit():
            errors.append(ContentError(label, line, f"`related.{key}` must be a whole number"))
            continue
        values[key] = int(text)
    return RelatedConfig(**values), errors


def describe_keys() -> list[tuple[str, object, str]]:
    """(key, default, documentation) for every site.yaml key, for the README and `init`."""
    rows = []
    for spec in fields(SiteConfig):
        if spec.metadata.get("internal"):
            continue
        default = None if spec.default is MISSING else spec.default
        rows.append((spec.name, default, spec.metadata["doc"]))
    return rows
