"""The theme's words in templates: ``_()``, ``ngettext()`` and ``{% trans %}`` from the site's
catalogues (Jinja2's i18n extension, newstyle), and the ``number``, ``digits`` and ``month`` filters.

``_("Timeline")`` is a dictionary look-up after its first call in a build: each message is
translated and marked safe once, as newstyle gettext would on every call.
"""

from __future__ import annotations

import jinja2
from markupsafe import Markup

from generator.core.locales import Language
from generator.render.fastpath import PlainCall
from generator.site.metadata import script_json


class Gettext(PlainCall):
    """``_("text", name=value)``: the translation, its ``%(name)s`` filled in with escaped values."""

    __slots__ = ("language", "known")

    def __init__(self, language: Language):
        self.language = language
        self.known: dict[str, Markup] = {}

    def __call__(self, message: str, /, **variables: object) -> Markup:
        found = self.known.get(message)
        if found is None:
            found = self.known[message] = Markup(self.language.gettext(message))
        return found % variables if variables else found


class Ngettext(PlainCall):
    """``ngettext("%(num)s article", "%(num)s articles", n)``: the form for ``n``, with ``num`` the
    count as the language writes numbers."""

    __slots__ = ("language",)

    def __init__(self, language: Language):
        self.language = language

    def __call__(self, singular: str, plural: str, count: int, /, **variables: object) -> Markup:
        variables.setdefault("num", self.language.number(count))
        return Markup(self.language.translations.ngettext(singular, plural, count)) % variables


def install(env: jinja2.Environment, language: Language) -> None:
    """The i18n extension and the language's filters in ``env``."""
    env.add_extension("jinja2.ext.i18n")
    # pgettext and the rest; the extension adds the method, which Jinja2's typing does not know
    env.install_gettext_translations(language.translations, newstyle=True)  # type: ignore[attr-defined]
    gettext = Gettext(language)
    env.globals.update(_=gettext, gettext=gettext, ngettext=Ngettext(language))
    env.globals["language"] = language
    env.globals["plurals"] = language.plural_forms
    env.filters["script_json"] = lambda value: Markup(script_json(value))  # safe inside <script>
    env.filters["number"] = language.number
    env.filters["digits"] = language.digits
