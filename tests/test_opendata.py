"""data/*.json: valid against the schemas in schemas/, cross-linked, absolute, reproducible."""

from __future__ import annotations

import json
import re

import jsonschema
import pytest
from conftest import REPO, article, run_build

from generator.site.opendata import DATA_VERSION, FILES, FOREIGN_FILES

BASE = "https://example.org/sub/"


def schema(name: str) -> dict:
    return json.loads((REPO / "schemas" / f"{name}.schema.json").read_text(encoding="utf-8"))


def load(out, name: str) -> dict:
    return json.loads((out / "data" / f"{name}.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module", params=["", BASE], ids=["no-base-url", "base-url"])
def sample(request, sample_copy, tmp_path_factory):
    out = tmp_path_factory.mktemp("data") / "out"
    assert run_build(sample_copy, output=out, base_url=request.param or None).ok
    return out, request.param


@pytest.mark.parametrize("name", FILES + FOREIGN_FILES)
def test_schemas_are_valid_json_schemas(name):
    jsonschema.Draft202012Validator.check_schema(schema(name))


@pytest.mark.parametrize("name", FILES)
def test_sample_data_validates_against_its_schema(sample, name):
    out, _ = sample
    validator = jsonschema.Draft202012Validator(
        schema(name), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    data = load(out, name)
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(data)]
    assert errors == []
    assert data["version"] == DATA_VERSION
    assert data["dossier"] == "Brink of War"


def test_sample_timelinejs_validates_and_links_every_article_and_key_event(sample):
    out, base = sample
    data = load(out, "timelinejs")
    validator = jsonschema.Draft202012Validator(schema("timelinejs"))
    assert [e.message for e in validator.iter_errors(data)] == []
    groups = [event["group"] for event in data["events"]]
    assert groups.count("Articles") == len(load(out, "articles")["articles"])
    assert groups.count("Key events") > 0 and data["eras"]
    prefix = base or "/"
    for event in data["events"]:
        for url in re.findall(r'href="([^"]+)"', event["text"]["text"]):
            assert url.startswith(prefix)
            assert (out / url.removeprefix(prefix) / "index.html").is_file()


def test_urls_are_absolute_under_a_base_url_and_site_relative_without(sample):
    out, base = sample
    articles = load(out, "articles")["articles"]
    prefix = base or "/"
    for row in articles:
        assert row["url"].startswith(prefix)
        assert (out / row["url"].removeprefix(prefix) / "index.html").is_file()
    for row in load(out, "figures")["figures"] + load(out, "topics")["topics"]:
        assert (out / row["url"].removeprefix(prefix) / "index.html").is_file()


def test_cross_links_point_at_records_that_exist(sample):
    out, _ = sample
    articles = {row["id"]: row for row in load(out, "articles")["articles"]}
    topics = {row["slug"]: row for row in load(out, "topics")["topics"]}
    figures = {row["slug"]: row for row in load(out, "figures")["figures"]}
    for row in articles.values():
        assert set(row["topics"]) <= set(topics) and set(row["figures"]) <= set(figures)
        assert set(row["related"]) <= set(articles)
    for kind, rows in (("topics", topics), ("figures", figures)):
        for slug, row in rows.items():
            assert row["article_count"] == len(row["articles"])
            assert all(slug in articles[a][kind] for a in row["articles"])
    assert any(row["quotes"] for row in figures.values())
    for row in figures.values():
        assert all(quote["article"] in articles and quote["text"] for quote in row["quotes"])
    timeline = load(out, "timeline")
    listed = [a for month in timeline["months"] for a in month["articles"]]
    assert listed == list(articles)  # every article once, oldest first


def test_co_appearance_counts_match_the_articles(sample):
    out, _ = sample
    articles = load(out, "articles")["articles"]
    for figure in load(out, "figures")["figures"]:
        for other in figure["co_appearances"]:
            together = sum(
                1 for a in articles if figure["slug"] in a["figures"] and other["figure"] in a["figures"]
            )
            assert other["count"] == together, (figure["slug"], other)


def test_rankings_keep_the_first_twelve_and_articles_hold_every_pairing(tiny_site, tmp_path):
    crowd = [f"Person {n:02d}" for n in range(15)]
    files = {
        "content/articles/summit.md": article("Summit", "2020-01-03", topics=["Talks"], figures=crowd),
        "content/articles/talks.md": article("Talks", "2020-01-04", topics=["Talks"], figures=crowd[:2]),
    }
    out = tmp_path / "out"
    assert run_build(tiny_site(files), output=out).ok
    figures = {row["slug"]: row for row in load(out, "figures")["figures"]}
    first = figures["person-00"]["co_appearances"]
    assert first[0] == {"figure": "person-01", "count": 2}  # the most shared first
    assert len(first) == 12 and len(load(out, "topics")["topics"][0]["key_figures"]) == 12
    assert len(load(out, "articles")["articles"][0]["figures"]) == 15


def test_records_carry_what_the_editor_wrote(tiny_site, tmp_path):
    site = tiny_site(
        {
            "content/articles/strike.md": article(
                "Strike",
                "2020-01-03T01:00:00+03:00",
                topics=["Iraq", "Iran"],
                figures=["Soleimani", "Kataib Hezbollah"],
                location="Baghdad",
                summary="One sentence.",
                updated="2020-01-04",
            ),
            "content/articles/vote.md": article("Vote", "2020-01-05", figures=["Soleimani"]),
            "content/figures/kataib-hezbollah.md": "---\nname: Kataib Hezbollah\nkind: organization\n"
            "aliases: [KH]\nrole: Militia\n---\nBody.\n",
        }
    )
    out = tmp_path / "out"
    assert run_build(site, output=out).ok
    strike, vote = load(out, "articles")["articles"]
    assert strike == {
        "id": "2020-01-03/strike",
        "url": "/2020/01/03/strike/",
        "title": "Strike",
        "date": "2020-01-03T01:00:00+03:00",
        "updated": "2020-01-04T00:00:00+00:00",
        "location": "Baghdad",
        "summary": "One sentence.",
        "topics": ["iraq", "iran"],
        "figures": ["soleimani", "kataib-hezbollah"],
        "sources": [],
        "related": ["2020-01-05/vote"],
    }
    assert vote["updated"] is None and vote["date"] == "2020-01-05"
    figures = {row["slug"]: row for row in load(out, "figures")["figures"]}
    assert figures["kataib-hezbollah"]["kind"] == "organization"
    assert figures["kataib-hezbollah"]["aliases"] == ["KH"]
    assert figures["kataib-hezbollah"]["co_appearances"] == [{"figure": "soleimani", "count": 1}]
    assert figures["soleimani"]["topics"] == [{"topic": "iran", "count": 1}, {"topic": "iraq", "count": 1}]
    topics = {row["slug"]: row for row in load(out, "topics")["topics"]}
    assert topics["iran"]["key_figures"] == [
        {"figure": "kataib-hezbollah", "count": 1},
        {"figure": "soleimani", "count": 1},
    ]


def test_an_empty_dossier_gives_valid_empty_files(tiny_site, tmp_path):
    out = tmp_path / "out"
    assert run_build(tiny_site({}), output=out).ok
    for name in FILES + FOREIGN_FILES:
        jsonschema.validate(load(out, name), schema(name))
    assert load(out, "timeline")["start"] is None
