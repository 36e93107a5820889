"""How pages name the two kinds of subject, in words the catalogues translate."""

from __future__ import annotations

from dataclasses import dataclass

from generator.core.locales import N_


@dataclass(frozen=True, slots=True)
class SubjectWords:
    """The words for one kind of subject (English, each a message of the catalogues)."""

    one: str  # "Topic": the label on a subject's page
    many: str  # "Topics": its index's title, and its group among the timeline's filters
    word: str  # "topic": what a search result calls one


WORDS = {
    "topic": SubjectWords(N_("Topic"), N_("Topics"), N_("topic")),
    "figure": SubjectWords(N_("Figure"), N_("Figures"), N_("figure")),
}
# The titles of pages that are always there, as the catalogue has them: an article or subject
# with one of these names needs telling apart (see metadata.py).
FIXED_TITLES = (N_("Timeline"), N_("Search"), N_("Page not found"), *(w.many for w in WORDS.values()))
