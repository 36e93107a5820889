"""Pages to bytes: the Jinja2 environment, theme lookup and the ``url`` helper."""

from __future__ import annotations

import contextlib
import hashlib
from pathlib import Path

import jinja2

from generator.core import stored
from generator.core.config import SiteConfig
from generator.core.locales import Language
from generator.core.models import ContentError, Route
from generator.core.resources import shipped
from generator.render import words
from generator.render.direction import text_direction
from generator.render.fastpath import PageContext, PlainCall, ThemeEnvironment
from generator.site.routes import kind_of
from generator.site.urls import encoded, relative_url, url_for

BUILTIN_THEMES = shipped("themes")


class ThemeError(Exception):
    """A template could not be found or compiled; carries a ContentError."""

    def __init__(self, error: ContentError):
        super().__init__(error)  # args holds the record, so the error survives pickling from a worker
        self.error = error

    def __str__(self) -> str:
        return str(self.error)


def theme_folders(site: Path, theme: str) -> list[Path]:
    """Theme folders in lookup order: the site's own, the built-in one, the default theme."""
    candidates = [site / "themes" / theme, BUILTIN_THEMES / theme, BUILTIN_THEMES / "default"]
    folders: list[Path] = []
    for folder in candidates:
        if folder.is_dir() and folder.resolve() not in [f.resolve() for f in folders]:
            folders.append(folder)
    return folders


def check_theme(site: Path, theme: str) -> ContentError | None:
    if not (site / "themes" / theme).is_dir() and not (BUILTIN_THEMES / theme).is_dir():
        return ContentError(
            "site.yaml", None, f"theme `{theme}` not found: create themes/{theme}/ or use `theme: default`"
        )
    return None


class Link(PlainCall):
    """``url(thing)`` in templates: a link from one page to ``thing``; see ``Renderer.link``.
    ``url(thing, anchor=id)`` links to an element of that page."""

    __slots__ = ("renderer", "page_url", "absolute")

    def __init__(self, renderer: Renderer, page_url: str, absolute: bool):
        self.renderer, self.page_url, self.absolute = renderer, page_url, absolute

    def __call__(self, target: object, anchor: str = "") -> str:
        link = self.renderer.link(self.page_url, self.absolute, target)
        return f"{link}#{anchor}" if anchor else link


class CompiledTemplates(jinja2.BytecodeCache):
    """Jinja2's cache of compiled templates, one file each, read only when intact (see stored.py);
    one that cannot be stored is compiled again next time.

    Named for the compiler that made them: templates compiled by another are compiled again.
    """

    def __init__(self, directory: str):
        self.directory = Path(directory)

    def _file(self, bucket: jinja2.bccache.Bucket) -> Path:
        return self.directory / f"{ThemeEnvironment.code_generator_class.__name__}-{bucket.key}.cache"

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        payload = stored.read_bytes(self._file(bucket))
        if payload is not None:
            bucket.bytecode_from_string(payload)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError):
            stored.write_bytes(self._file(bucket), bucket.bytecode_to_string())


def make_environment(folders: list[Path], cache: Path | None = None) -> jinja2.Environment:
    """The theme's templates; with ``cache``, compiled templates are kept there between builds
    (by the template's source, so an edited template is compiled again)."""
    bytecode = None
    if cache is not None:
        with contextlib.suppress(OSError):  # without it, templates are only compiled each time
            cache.mkdir(parents=True, exist_ok=True)
            bytecode = CompiledTemplates(str(cache))
    env = ThemeEnvironment(
        loader=jinja2.FileSystemLoader([str(f / "templates") for f in folders]),
        bytecode_cache=bytecode,
        autoescape=jinja2.select_autoescape(("html", "xml", "svg"), default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    env.context_class = PageContext
    return env


def theme_fingerprint(folders: list[Path]) -> str:
    """A hash of every template that could be used: part of every page's fingerprint."""
    digest = hashlib.blake2b(digest_size=16)
    for folder in folders:
        for path in sorted((folder / "templates").rglob("*")):
            if path.is_file():
                digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
                digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


class Renderer:
    """Renders routes with one Jinja2 environment; the only place templates run."""

    def __init__(
        self,
        site: Path,
        config: SiteConfig,
        folders: list[Path],
        cache: Path | None,
        language: Language,
    ):
        self.site, self.config = site, config
        self.folders = folders
        self.language = language
        self.env = make_environment(folders, cache)
        words.install(self.env, self.language)
        self.env.globals["site"] = config
        self.env.globals["url_path"] = url_for  # the site URL of a thing, to compare with page.url
        self.env.globals["direction"] = text_direction(config.language)  # "ltr" or "rtl"

    def render(self, route: Route, context: dict) -> bytes:
        link = Link(self, route.url, kind_of(route).anywhere)
        try:
            template = self.env.get_template(route.template)
            return template.render(context, url=link).encode("utf-8")
        except jinja2.TemplateSyntaxError as exc:
            raise ThemeError(
                ContentError(
                    self._template_label(exc.filename or exc.name), exc.lineno, exc.message or "syntax error"
                )
            ) from None
        except jinja2.TemplateNotFound as exc:
            raise ThemeError(
                ContentError(f"themes/{self.config.theme}/templates/{exc.name}", None, "template not found")
            ) from None
        except jinja2.UndefinedError as exc:
            raise ThemeError(
                ContentError(
                    f"themes/{self.config.theme}/templates/{route.template}",
                    None,
                    f"{exc.message} (rendering {route.url})",
                )
            ) from None

    def link(self, page_url: str, absolute: bool, target: object) -> str:
        """``url(thing)`` in templates: a link from this page to ``thing``."""
        if isinstance(target, str) and target.startswith("/"):
            site_url = target
        else:
            site_url = url_for(target)
        if absolute and not self.config.offline:  # a server gives the 404 page at any depth
            return encoded(self.config.base_path + site_url[1:])
        return relative_url(page_url, site_url, self.config.offline)

    def _template_label(self, filename: str | None) -> str:
        if not filename:
            return "templates"
        path = Path(filename)
        try:
            return path.resolve().relative_to(self.site.resolve()).as_posix()
        except ValueError:
            return path.as_posix()
