"""The dossier index: topics and figures with their articles, related articles, threads."""

from __future__ import annotations

import bisect
from collections import Counter, defaultdict
from collections.abc import Mapping, MutableMapping, Sequence
from dataclasses import dataclass, field
from itertools import chain, combinations, compress
from typing import TYPE_CHECKING

from generator.content.timeline import Timeline
from generator.core.config import RelatedConfig
from generator.core.models import SUBJECT_KINDS, Article, ContentError, OnDemand, Profile, Subject
from generator.core.parallel import fork_pool, shared
from generator.core.slugs import slugify
from generator.markup.quotes import attribute

if TYPE_CHECKING:
    from generator.content.bodies import BodyFacts

MIN_PARALLEL_RELATED = 2000  # below this many articles to rank, a process pool costs more than it saves


@dataclass(frozen=True, slots=True)
class ThreadStep:
    """An article's place in one topic's story: the articles just before and after it."""

    topic: Subject
    previous: Article | None
    next: Article | None


@dataclass(frozen=True, slots=True)
class Quotation:
    """Words a figure said, as one article reports them."""

    article: Article
    text: str


@dataclass(frozen=True, slots=True)
class Dossier:
    """Every cross-link between articles, topics and figures, computed once."""

    articles: tuple[Article, ...]  # oldest first
    subjects: dict[str, tuple[Subject, ...]]  # kind -> subjects, by name
    subjects_of: dict[str, dict[str, tuple[Subject, ...]]]  # article path -> kind -> subjects
    related: dict[str, tuple[Article, ...]]  # article path -> related articles, best first
    threads: Mapping[str, tuple[ThreadStep, ...]]  # article path -> one step per topic
    # Slug -> (figure, count) pairs, named when first read; ``OnDemand.source`` gives the slugs.
    co_appearances: OnDemand  # figure slug -> who the figure appears with most
    key_figures: OnDemand  # topic slug -> the topic's key figures
    names: dict[str, dict[str, str]] = field(default_factory=dict)  # kind -> slug of a name or alias -> slug
    # Set by the build, from what is not front matter: see ``quotations`` and timeline.link_timeline.
    quotes: dict[str, tuple[Quotation, ...]] = field(default_factory=dict)  # figure slug -> oldest first
    timeline: Timeline = Timeline()  # key events and eras

    def people(self, kind: str) -> OnDemand:
        """A topic's key figures (``kind`` "topic"), or who a figure appears with, by slug."""
        return self.key_figures if kind == "topic" else self.co_appearances

    def subject(self, kind: str, slug: str) -> Subject | None:
        return next((s for s in self.subjects[kind] if s.slug == slug), None)

    def resolve(self, kind: str, name: str) -> Subject | None:
        """The topic or figure that ``name`` (a name or an alias, any case) stands for."""
        key = slugify(name)
        return self.subject(kind, self.names.get(kind, {}).get(key, key))


def build_dossier(
    articles: list[Article] | tuple[Article, ...],
    profiles: tuple[Profile, ...],
    related: RelatedConfig,
    memo: LinksMemo | None = None,
    jobs: int = 1,
) -> tuple[Dossier, list[ContentError]]:
    """Index published articles and profiles; report name clashes between figures.

    ``memo`` keeps the related articles, co-appearances and key figures of the
    last build that used it: they are the slowest part to find and change only
    with dates, topics and figures.
    """
    problems: list[ContentError] = []
    ordered = tuple(sorted(articles, key=lambda a: a.sort_key))
    resolvers = {kind: _resolver(kind, profiles, problems) for kind in SUBJECT_KINDS}

    members: dict[tuple[str, str], list[Article]] = defaultdict(list)
    names: dict[tuple[str, str], str] = {}
    slugs_of: dict[str, dict[str, tuple[str, ...]]] = {}
    for article in ordered:
        slugs_of[article.path] = {}
        for kind in SUBJECT_KINDS:
            found: list[str] = []
            for name in getattr(article, kind + "s"):
                slug = resolvers[kind].get(slugify(name), slugify(name))
                if slug not in found:
                    found.append(slug)
                    members[(kind, slug)].append(article)
                    names.setdefault((kind, slug), name)
            slugs_of[article.path][kind] = tuple(found)

    by_slug: dict[tuple[str, str], Subject] = {}
    for profile in profiles:
        key = (profile.kind, profile.slug)
        by_slug[key] = Subject(profile.kind, profile.slug, profile.name, profile, tuple(members.get(key, ())))
    for key, name in names.items():
        if key not in by_slug:
            by_slug[key] = Subject(key[0], key[1], name, None, tuple(members[key]))
    subjects = {
        kind: tuple(
            sorted(
                (s for (k, _), s in by_slug.items() if k == kind), key=lambda s: (s.name.casefold(), s.slug)
            )
        )
        for kind in SUBJECT_KINDS
    }
    subjects_of = {
        path: {kind: tuple(by_slug[(kind, slug)] for slug in kinds[kind]) for kind in SUBJECT_KINDS}
        for path, kinds in slugs_of.items()
    }
    by_path = {a.path: a for a in ordered}
    links = _remembered_links(ordered, slugs_of, members, related, memo, jobs)
    dossier = Dossier(
        articles=ordered,
        subjects=subjects,
        subjects_of=subjects_of,
        related={path: tuple(by_path[p] for p in found) for path, found in links.related.items()},
        threads=_threads(ordered, subjects_of),
        co_appearances=_with_subjects(links.co_appearances, "figure", by_slug),
        key_figures=_with_subjects(links.key_figures, "figure", by_slug),
        names=resolvers,
    )
    return dossier, problems


def _resolver(kind: str, profiles: tuple[Profile, ...], problems: list[ContentError]) -> dict[str, str]:
    """Map the slug of every name and alias of ``kind`` to its profile's slug."""
    table: dict[str, str] = {}
    owner: dict[str, Profile] = {}
    for profile in sorted((p for p in profiles if p.kind == kind), key=lambda p: p.path):
        for name in (profile.slug, profile.name, *profile.aliases):
            key = slugify(name)
            if key in table and table[key] != profile.slug:
                other = owner[key]
                problems.append(
                    ContentError(
                        profile.path,
                        2,
                        f"`{name}` also names {other.name} ({other.path}); make the names and aliases distinct",
                    )
                )
                continue
            table[key], owner[key] = profile.slug, profile
    return table


def quotations(
    dossier: Dossier, facts: dict[str, BodyFacts]
) -> tuple[dict[str, tuple[Quotation, ...]], list[ContentError]]:
    """Each figure's quotations, oldest first: the article's ``quotes:`` if given, else
    those found in its body (``facts``, by path)."""
    figures = dossier.names.get("figure", {})
    known = {s.slug for s in dossier.subjects["figure"]}

    def resolve(name: str) -> str | None:
        key = slugify(name)
        slug = figures.get(key, key)
        return slug if slug in known else None

    problems: list[ContentError] = []
    quotes: dict[str, list[Quotation]] = defaultdict(list)
    for article in dossier.articles:
        if article.quotes is None:
            for found in attribute(facts[article.path].quotes, resolve):
                quotes[found.figure].append(Quotation(article, found.text))
            continue
        for quote in article.quotes:
            if slug := resolve(quote.figure):
                quotes[slug].append(Quotation(article, quote.text))
            else:
                problems.append(
                    ContentError(
                        article.path,
                        quote.line,
                        f"`quotes` names `{quote.figure}`, which is no known figure: "
                        "add it to `figures`, or as an alias to its profile",
                    )
                )
    return {slug: tuple(found) for slug, found in quotes.items()}, problems


@dataclass(frozen=True, slots=True)
class Links:
    """The slowest links of the index to find, by article path and subject slug."""

    weights: RelatedConfig
    places: dict[str, tuple[float, str]]  # article path -> its time and slug, which order the articles
    slugs_of: dict[str, dict[str, tuple[str, ...]]]  # article path -> kind -> its subjects' slugs
    related: dict[str, tuple[str, ...]]  # article path -> related article paths, best first
    co_appearances: dict[str, tuple[tuple[str, int], ...]]  # figure slug -> (figure slug, count)
    key_figures: dict[str, tuple[tuple[str, int], ...]]  # topic slug -> (figure slug, count)


LinksMemo = MutableMapping[str, Links]  # "last" -> the links of the last build


def _remembered_links(
    articles: tuple[Article, ...],
    slugs_of: dict[str, dict[str, tuple[str, ...]]],
    members: dict[tuple[str, str], list[Article]],
    weights: RelatedConfig,
    memo: LinksMemo | None,
    jobs: int,
) -> Links:
    """The links of the last build, found again only where changed articles can move them."""
    places = {a.path: (a.date.timestamp(), a.slug) for a in articles}
    last = memo.get("last") if memo is not None else None
    if last is not None and last.weights != weights:
        last = None
    if last is not None and last.places == places and last.slugs_of == slugs_of:
        links = last
    else:
        links = _links(places, articles, slugs_of, members, weights, last, jobs)
    if memo is not None:
        memo["last"] = links
    return links


def _links(
    places: dict[str, tuple[float, str]],
    articles: tuple[Article, ...],
    slugs_of: dict[str, dict[str, tuple[str, ...]]],
    members: dict[tuple[str, str], list[Article]],
    weights: RelatedConfig,
    last: Links | None,
    jobs: int = 1,
) -> Links:
    """The links; with ``last``, those of the last build, found again where changed articles move them.

    Only the scores between a changed article (its time, slug, topics or figures;
    or added, or removed) and those sharing a subject with it, before or after,
    differ; the others keep their order in time, so their related articles stay
    as they were.
    """
    if last is None:
        return Links(
            weights,
            places,
            slugs_of,
            related=_related(articles, slugs_of, members, weights, jobs=jobs),
            co_appearances=dict(sorted(_co_appearances(articles, slugs_of).items())),
            key_figures=_key_figures(articles, slugs_of, members),
        )
    changed = {path for path, place in places.items() if last.places.get(path) != place}
    changed |= {path for path, slugs in slugs_of.items() if last.slugs_of.get(path) != slugs}
    changed |= last.places.keys() - places.keys()
    touched = {
        (kind, slug)
        for path in changed
        for slugs in (last.slugs_of.get(path), slugs_of.get(path))
        if slugs
        for kind in SUBJECT_KINDS
        for slug in slugs[kind]
    }
    affected = {path for path in changed if path in places}
    affected |= {a.path for key in touched for a in members.get(key, ())}
    again = _related(articles, slugs_of, members, weights, only=affected, jobs=jobs)
    related = {a.path: again[a.path] if a.path in affected else last.related[a.path] for a in articles}
    co_appearances = dict(last.co_appearances)
    key_figures = dict(last.key_figures)
    for kind, slug in touched:
        found = members.get((kind, slug), ())
        table = co_appearances if kind == "figure" else key_figures
        counts = (
            _co_appearances(found, slugs_of).get(slug)
            if kind == "figure"
            else _figure_counts(found, slugs_of)
        )
        if found and (counts or kind == "topic"):  # as _co_appearances and _key_figures list them
            table[slug] = counts or ()
        else:
            table.pop(slug, None)
    return Links(
        weights,
        places,
        slugs_of,
        related,
        dict(sorted(co_appearances.items())),
        dict(sorted(key_figures.items())),
    )


def _with_subjects(
    counted: dict[str, tuple[tuple[str, int], ...]], kind: str, by_slug: dict[tuple[str, str], Subject]
) -> OnDemand:
    """Slug -> ((subject, count), ...), each entry named when first read: 1,500 figures
    hold 190,000 pairs at 10,000 articles, and a rebuild after an edit shows few."""
    return OnDemand(counted, lambda pairs: tuple((by_slug[(kind, slug)], n) for slug, n in pairs))


def _related(
    articles: tuple[Article, ...],
    slugs_of: dict[str, dict[str, tuple[str, ...]]],
    members: dict[tuple[str, str], list[Article]],
    weights: RelatedConfig,
    only: set[str] | None = None,
    jobs: int = 1,
) -> dict[str, tuple[str, ...]]:
    """Score other articles by shared figures and topics; ties go to the closest in time, then the older.

    With ``only``, the related articles of those article paths alone. Many
    articles are shared out among ``jobs`` worker processes.

    Articles are counted by their place in date order, so that within a score
    the closest in time are found by bisection instead of by sorting everyone
    who shares a topic (a topic of a large dossier has thousands of articles).
    """
    position = {article.path: index for index, article in enumerate(articles)}
    places = {key: [position[a.path] for a in found] for key, found in members.items()}
    stamps = [article.date.timestamp() for article in articles]
    sets = {slug: frozenset(found) for (kind, slug), found in places.items() if kind == "topic"}
    scoring = _Scoring(tuple(slugs_of[a.path] for a in articles), places, sets, stamps, weights)
    wanted = [index for index, article in enumerate(articles) if only is None or article.path in only]
    if jobs > 1 and len(wanted) >= MIN_PARALLEL_RELATED:
        with fork_pool(jobs, scoring) as pool:
            found = list(pool.map(_best_in_worker, wanted, chunksize=-(-len(wanted) // (4 * jobs))))
    else:
        found = [scoring.best(index) for index in wanted]
    return {
        articles[index].path: tuple(articles[i].path for i in best)
        for index, best in zip(wanted, found, strict=True)
    }


@dataclass(frozen=True, slots=True)
class _Scoring:
    """What ranking related articles reads, by place in date order: shared with workers at fork time.

    An article's topics are shared by thousands of articles in a large dossier,
    most of which share nothing else with it: each of those scores one topic's
    weight, and only the closest in time among them can make the list. So only
    *the few* are scored one by one: the articles that share a figure with it,
    or two of its topics. Of *the crowd*, the others in its topics, only those
    nearest to it in each topic are looked at, and only if their score is
    reached before the list is full.
    """

    slugs: tuple[dict[str, tuple[str, ...]], ...]  # each article's topic and figure slugs
    places: dict[tuple[str, str], list[int]]  # the articles of each subject, in date order
    sets: dict[str, frozenset[int]]  # the articles of each topic, by slug
    stamps: list[float]  # each article's time
    weights: RelatedConfig

    def best(self, index: int) -> list[int]:
        """The places of the related articles of the article at ``index``, best first."""
        weights, mine = self.weights, self.slugs[index]
        figures = [self.places[("figure", slug)] for slug in mine["figure"]] if weights.figures else []
        topics = [self.places[("topic", slug)] for slug in mine["topic"]] if weights.topics else []
        sets = [self.sets[slug] for slug in mine["topic"]] if weights.topics else []
        # Each subject shared adds its kind's weight: its articles are counted that many
        # times over, which Counter does at C speed.
        scores: Counter[int] = Counter(chain.from_iterable(figures * weights.figures))
        few = set(scores)
        for one, other in combinations(sets, 2):
            few |= one & other
        few.discard(index)
        scores.update(chain.from_iterable([topic & few for topic in sets] * weights.topics))
        scores.pop(index, None)
        # Of the few, only those scored at least as high as the limit-th best can make the list.
        lowest = _cutoff(scores, weights.limit)
        groups: dict[int, list[int]] = defaultdict(list)  # score -> places, in date order
        for place in sorted(compress(scores, map(lowest.__le__, scores.values()))):
            groups[scores[place]].append(place)
        crowd = weights.topics if topics else None  # the score of every article of the crowd
        best: list[int] = []
        for score in sorted(groups.keys() | ({crowd} if crowd else set()), reverse=True):
            wanted = weights.limit - len(best)
            if wanted <= 0:
                break
            group = groups.get(score, [])
            if score == crowd:
                group = sorted({*group, *self._nearest(topics, index, few, wanted)})
            best += _closest(group, index, self.stamps, wanted)
        return best

    def _nearest(self, topics: list[list[int]], here: int, few: set[int], count: int) -> set[int]:
        """The ``count`` articles of the crowd nearest to ``here`` on either side in each of
        ``topics``, and any as near as the farthest of them: the nearest of the crowd are among them."""
        stamps, found = self.stamps, set()
        for places in topics:
            middle = bisect.bisect_left(places, here)
            for step, start in ((-1, middle - 1), (1, middle)):
                taken, at = 0, start
                while 0 <= at < len(places):
                    place = places[at]
                    if taken >= count and stamps[place] != stamps[places[at - step]]:
                        break
                    if place != here and place not in few:
                        found.add(place)
                        taken += 1
                    at += step
        return found


def _cutoff(scores: Counter[int], limit: int) -> int:
    """The score of the ``limit``-th best of ``scores`` (the lowest, when there are fewer; 0
    when none), found from how many have each score rather than by sorting them all."""
    taken = 0
    for score, count in sorted(Counter(scores.values()).items(), reverse=True):
        taken += count
        if taken >= limit:
            return score
    return min(scores.values(), default=0)


def _best_in_worker(index: int) -> list[int]:
    best: list[int] = shared().best(index)  # the index this worker was forked with
    return best


def _closest(places: list[int], here: int, stamps: list[float], count: int) -> list[int]:
    """The ``count`` places closest in time to ``here`` (the earlier on a tie), closest first.

    ``places`` is sorted and ``stamps`` grows with the place, so the closest lie
    within ``count`` places on either side of ``here``, or share a time with the
    last of those.
    """
    middle = bisect.bisect_left(places, here)
    start, end = max(0, middle - count), min(len(places), middle + count)
    while start > 0 and stamps[places[start - 1]] == stamps[places[start]]:
        start -= 1
    while end < len(places) and stamps[places[end]] == stamps[places[end - 1]]:
        end += 1
    window = places[start:end]
    return sorted(window, key=lambda place: (abs(stamps[place] - stamps[here]), place))[:count]


def _threads(
    articles: tuple[Article, ...], subjects_of: dict[str, dict[str, tuple[Subject, ...]]]
) -> Mapping[str, tuple[ThreadStep, ...]]:
    """For each article and each of its topics: the previous and next article in that topic,
    found when a page first asks (a rebuild after an edit shows few)."""

    places: dict[str, dict[str, int]] = {}  # topic slug -> article path -> its place in the topic

    def steps(article: Article) -> tuple[ThreadStep, ...]:
        found = []
        for topic in subjects_of[article.path]["topic"]:
            members = topic.articles  # in date order, as ``articles``
            if (place := places.get(topic.slug)) is None:
                place = places[topic.slug] = {a.path: i for i, a in enumerate(members)}
            index = place[article.path]
            previous = members[index - 1] if index > 0 else None
            following = members[index + 1] if index + 1 < len(members) else None
            found.append(ThreadStep(topic, previous, following))
        return tuple(found)

    return OnDemand({a.path: a for a in articles}, steps)


def _co_appearances(
    articles: Sequence[Article], slugs_of: dict[str, dict[str, tuple[str, ...]]]
) -> dict[str, tuple[tuple[str, int], ...]]:
    """Who appears with whom, and in how many articles, most often first."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for article in articles:
        present = slugs_of[article.path]["figure"]
        for figure in present:
            for other in present:
                if other != figure:
                    counts[figure][other] += 1
    return {slug: _most_first(others) for slug, others in counts.items()}


def _key_figures(
    articles: tuple[Article, ...],
    slugs_of: dict[str, dict[str, tuple[str, ...]]],
    members: dict[tuple[str, str], list[Article]],
) -> dict[str, tuple[tuple[str, int], ...]]:
    """The figures that appear most often in each topic's articles."""
    topics = sorted({slug for kinds in slugs_of.values() for slug in kinds["topic"]})
    return {topic: _figure_counts(members[("topic", topic)], slugs_of) for topic in topics}


def _figure_counts(
    articles: Sequence[Article], slugs_of: dict[str, dict[str, tuple[str, ...]]]
) -> tuple[tuple[str, int], ...]:
    """How many of ``articles`` each figure appears in, most first."""
    return _most_first(Counter(chain.from_iterable(slugs_of[a.path]["figure"] for a in articles)))


def _most_first(counts: Counter[str]) -> tuple[tuple[str, int], ...]:
    """Highest count first; ties by slug."""
    return tuple(sorted(counts.items(), key=lambda item: (-item[1], item[0])))
