"""How well ``dossier import`` reads wire copy: new names, roles, topics and quotes, against a key.

The stories (benchmarks/wire/stories.txt, written for this test) are read against the
sample site's figures and topics, as ``dossier import`` would read them; the answers
(benchmarks/wire/expected.yaml) were written by hand. Run from the repository's root:

    python benchmarks/names.py            # the scores
    python benchmarks/names.py --details  # and every miss and false find
"""

from __future__ import annotations

import sys
from datetime import UTC
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.commands.importer import read_wire, topic_names  # noqa: E402
from generator.commands.wirebatch import split_stories  # noqa: E402
from generator.content.reading import load_content  # noqa: E402
from generator.core.slugs import slugify  # noqa: E402
from generator.markup.mentions import mention_table  # noqa: E402
from generator.markup.quotes import attribute, quote_candidates  # noqa: E402
from generator.wire.names import find_new_names  # noqa: E402

HERE = Path(__file__).resolve().parent / "wire"


def _role(text: str) -> str:
    words = text.replace("’", "'").split()
    if words and words[0].lower() in ("the", "a", "an"):
        words = words[1:]
    return " ".join(words).casefold()


def _ratio(hits: int, total: int) -> float:
    return hits / total if total else 1.0


def main(details: bool = False) -> None:
    sets = (
        ("stories", "the corpus the rules were written against"),
        ("held-out", "held out"),
        ("quotes", "held out, who said what"),
    )
    for name, title in sets:
        print(f"{name}.txt, {title}:")
        score(HERE / f"{name}.txt", HERE / f"{'expected' if name == 'stories' else name}.yaml", details)
        print()


def score(stories_file: Path, key_file: Path, details: bool = False) -> dict[str, float]:
    content = load_content(ROOT, UTC)
    mentions = mention_table(content.articles, content.profiles)
    topics = topic_names(content.articles, content.profiles)
    expected = yaml.safe_load(key_file.read_text(encoding="utf-8"))
    stories = split_stories(stories_file.read_text(encoding="utf-8"))
    assert len(stories) == len(expected), (len(stories), len(expected))
    tally = dict.fromkeys(
        "people_found people_right people_expected orgs_found orgs_right orgs_expected roles_expected "
        "roles_right topics_found topics_right topics_expected topics_first quotes_found quotes_right "
        "quotes_expected".split(),
        0,
    )
    for number, ((line, text), key) in enumerate(zip(stories, expected, strict=True), 1):
        story = read_wire(text)
        found = find_new_names(story.paragraphs, mentions, topics.slugs)
        for kind, field in (("person", "people"), ("organization", "orgs")):
            wanted = {
                slugify(name): (name, role)
                for name, role in (key[field if kind == "person" else "organizations"] or {}).items()
            }
            got = {slugify(n.name): n for n in found if n.kind == kind}
            tally[f"{field}_found"] += len(got)
            tally[f"{field}_expected"] += len(wanted)
            tally[f"{field}_right"] += len(got.keys() & wanted.keys())
            for slug in sorted(wanted.keys() - got.keys()):
                _say(details, f"story {number} (line {line}): missed {kind} {wanted[slug][0]}")
            for slug in sorted(got.keys() - wanted.keys()):
                _say(details, f"story {number} (line {line}): not a new {kind}: {got[slug].name}")
            for slug in sorted(got.keys() & wanted.keys()):
                role = wanted[slug][1]
                if role:
                    tally["roles_expected"] += 1
                    if _role(got[slug].role) in {_role(choice) for choice in role.split(" | ")}:
                        tally["roles_right"] += 1
                    else:
                        _say(
                            details,
                            f"story {number}: role of {wanted[slug][0]}: {got[slug].role!r}, not {role!r}",
                        )
        proposed = topics.used_in(story.paragraphs)
        tally["topics_found"] += len(proposed)
        tally["topics_expected"] += len(key["topics"])
        tally["topics_right"] += len(set(proposed) & set(key["topics"]))
        tally["topics_first"] += bool(proposed[:1] == key["topics"][:1])
        if proposed != key["topics"]:
            _say(details, f"story {number}: topics {proposed}, not {key['topics']}")
        # Quotes: attributed with the known figures and, once they exist, the new ones.
        names = {slugify(n.name): n.name for n in found}
        names |= {slugify(alias): n.name for n in found for alias in n.aliases}

        def resolve(phrase: str, names=names) -> str | None:
            if (slug := slugify(phrase)) in names:
                return names[slug]
            hit = mentions.find(phrase)
            if len(hit) == 1 and (hit[0].start, hit[0].end) == (0, len(phrase)):
                return mentions.name_of(hit[0].slug)
            return None

        body = "\n\n".join(story.paragraphs)
        quotes = [(q.figure, q.text) for q in attribute(quote_candidates(body), resolve)]
        wanted_quotes = [(speaker, start) for speaker, start in key["quotes"]]
        tally["quotes_found"] += len(quotes)
        tally["quotes_expected"] += len(wanted_quotes)
        for speaker, start in wanted_quotes:
            if any(slugify(s) == slugify(speaker) and t.startswith(start) for s, t in quotes):
                tally["quotes_right"] += 1
            else:
                _say(details, f"story {number}: quote of {speaker} ({start} …) not attributed")
        for speaker, text in quotes:
            if not any(slugify(s) == slugify(speaker) and text.startswith(w) for s, w in wanted_quotes):
                _say(details, f"story {number}: quote wrongly given to {speaker}: {text[:40]}")
    t = tally
    scores = {
        "stories": len(stories),
        "people recall": _ratio(t["people_right"], t["people_expected"]),
        "people precision": _ratio(t["people_right"], t["people_found"]),
        "organisations recall": _ratio(t["orgs_right"], t["orgs_expected"]),
        "organisations precision": _ratio(t["orgs_right"], t["orgs_found"]),
        "roles right (of names found with a role in the key)": _ratio(t["roles_right"], t["roles_expected"]),
        "topics recall": _ratio(t["topics_right"], t["topics_expected"]),
        "topics precision": _ratio(t["topics_right"], t["topics_found"]),
        "topic proposed first right": t["topics_first"] / len(stories),
        "quote attribution recall": _ratio(t["quotes_right"], t["quotes_expected"]),
        "quote attribution precision": _ratio(t["quotes_right"], t["quotes_found"]),
    }
    counts = (
        f"{t['people_expected']} people, {t['orgs_expected']} organisations, {t['roles_expected']} roles, "
        f"{t['quotes_expected']} quotes in the key"
    )
    print(counts)
    for name, value in scores.items():
        print(f"{name:55} {value:.2f}" if isinstance(value, float) else f"{name:55} {value}")
    return scores


def _say(details: bool, message: str) -> None:
    if details:
        print(message)


if __name__ == "__main__":
    main(details="--details" in sys.argv)
