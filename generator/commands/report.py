"""What a build made, and the report it gives."""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.core.models import Article, ContentError


@dataclass(frozen=True, slots=True)
class BuildReport:
    """How a build went: the problems found, or what was written."""

    ok: bool
    problems: tuple[ContentError, ...]
    counts: dict[str, int] = field(default_factory=dict)
    left_out: tuple[Article, ...] = ()
    written: int = 0
    kept: int = 0
    seconds: float = 0.0
    images: int = 0  # images of the site
    encoded: int = 0  # of which this build had to encode (not in the cache)
    base_path: str | None = None  # where the site lives, "/" or "/repo/"; None when site.yaml failed

    @property
    def errors(self) -> tuple[ContentError, ...]:
        return tuple(p for p in self.problems if not p.warning)

    def summary(self) -> str:
        if not self.ok:
            return f"Build failed: {len(self.errors)} error(s), nothing written ({self.seconds:.2f} s)"
        c = self.counts
        drafts = sum(1 for a in self.left_out if a.draft)
        future = len(self.left_out) - drafts
        left = (
            f"left out {drafts} draft(s) and {future} future article(s)"
            if self.left_out
            else "nothing left out"
        )
        return (
            f"Built {counted(c['article'], 'article')}, {counted(c['topic'], 'topic')}, "
            f"{counted(c['figure'], 'figure')}: "
            f"{counted(self.written + self.kept, 'file')} ({self.written} written, {self.kept} unchanged), "
            f"{left}, in {self.seconds:.2f} s"
        )


def counted(number: int, noun: str) -> str:
    """``1 article``, ``2 articles``."""
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


@dataclass(frozen=True, slots=True)
class Made:
    """What a build made of the site (of each language's tree, added up)."""

    pages: object  # what the pages were made of, for the next build (see reuse.py)
    written: int
    kept: int
    counts: dict[str, int]  # articles, topics and figures
    left_out: tuple[Article, ...]
    images: int
    encoded: int


def added_up(trees: dict[str, Made]) -> Made:
    """What the trees of a site in several languages made, by language, as one."""
    made = list(trees.values())
    return Made(
        {lang: one.pages for lang, one in trees.items()},
        sum(one.written for one in made),
        sum(one.kept for one in made),
        {kind: sum(one.counts[kind] for one in made) for kind in made[0].counts},
        tuple(article for one in made for article in one.left_out),
        made[0].images,  # every tree publishes the site's images
        made[0].encoded,
    )
