"""New names in wire copy: people and organisations told from places, days and sentence starts."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from generator.markup.mentions import MentionTable
from generator.wire.names import find_new_names

KNOWN = MentionTable(
    names=(("Mike Pompeo", "mike-pompeo"), ("Pompeo", "mike-pompeo")),
    canonical=(("mike-pompeo", "Mike Pompeo"),),
)


def names(*paragraphs: str) -> dict[str, tuple[str, str, int, int]]:
    return {n.name: (n.kind, n.role, n.count, n.quotes) for n in find_new_names(paragraphs, KNOWN)}


@pytest.mark.parametrize(
    ("text", "name", "role"),
    [
        ("Gen. Kenneth F. McKenzie Jr., commander of U.S. Central Command, spoke.", "Kenneth F. McKenzie Jr.",
         "commander of U.S. Central Command"),
        ("Secretary of State Antony Blinken flew to Riyadh.", "Antony Blinken", "Secretary of State"),
        ("Maj. Gen. Ali Hamid arrived.", "Ali Hamid", "Major General"),
        ("Iraqi Prime Minister Mustafa al-Kadhimi spoke.", "Mustafa al-Kadhimi", "Iraqi Prime Minister"),
        ("Shiite cleric Moqtada al-Sadr called for calm.", "Moqtada al-Sadr", "Shiite cleric"),
        ("A PMF spokesman, Ahmed al-Asadi, denied it.", "Ahmed al-Asadi", "PMF spokesman"),
        ("Crown Prince Mohammed bin Salman met them.", "Mohammed bin Salman", "Crown Prince"),
        ("Sen. Jack Reed of Rhode Island, the ranking Democrat, asked.", "Jack Reed", "ranking Democrat"),
        ("Payman Parseyan, 41, a community leader, wept.", "Payman Parseyan", "community leader"),
        ("Abu Musab al-Zarqawi was killed in 2006.", "Abu Musab al-Zarqawi", ""),
        ("Ursula von der Leyen, the commission's president, spoke.", "Ursula von der Leyen",
         "commission's president"),
    ],
)  # fmt: skip
def test_a_person_is_found_with_the_role_the_text_gives(text, name, role):
    assert names(text)[name][:2] == ("person", role)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Officials at the Ministry of Foreign Affairs said so.", "Ministry of Foreign Affairs"),
        ("The Popular Mobilization Forces denied it.", "Popular Mobilization Forces"),
        (
            "A team from the Transportation Safety Board of Canada left.",
            "Transportation Safety Board of Canada",
        ),
        ("He heads the militia Asaib Ahl al-Haq, it said.", "Asaib Ahl al-Haq"),
        ("Talks with the Taliban resumed.", "Taliban"),
    ],
)
def test_an_organisation_is_found(text, name):
    assert names(text)[name][0] == "organization"


@pytest.mark.parametrize(
    "text",
    [
        "New York and Saudi Arabia said on Monday that talks in January would go on.",
        "Officials in Baghdad International Airport said the Strait of Hormuz was calm.",
        "After the meeting, Washington said Tehran was wrong. But Iraq disagreed.",
        "Iran's Foreign Ministry and the Army said nothing; the Guards were quiet.",
        "Hundreds gathered in Tahrir Square. Protesters marched through Sadr City on Friday.",
        "The U.S. and the U.N. met in Geneva in March.",
        "Pompeo and Mike Pompeo's aides met.",  # known figures are not new
        "Sen. Mîke Pompeo spoke.",  # nor are their names written another way
    ],
)
def test_places_days_months_and_sentence_starts_are_no_names(text):
    assert names(text) == {}


def test_short_mentions_count_for_the_full_name_and_quotes_are_counted():
    found = names(
        "Lloyd J. Austin, a retired general, was sworn in.",
        "“We will be ready,” Austin said. Mr. Austin later left.",
        "Abu Musab al-Zarqawi led the group; Zarqawi was killed. The Popular Mobilization Forces (PMF) said "
        "PMF units stayed.",
    )
    assert found["Lloyd J. Austin"] == ("person", "retired general", 3, 1)
    assert found["Abu Musab al-Zarqawi"][2] == 2
    assert found["Popular Mobilization Forces"][2] == 2
    assert set(found) == {"Lloyd J. Austin", "Abu Musab al-Zarqawi", "Popular Mobilization Forces"}


def test_a_short_form_two_people_share_counts_for_neither():
    found = names("John Smith and Mary Smith met. Smith said nothing.")
    assert found["John Smith"][2] == 1 and found["Mary Smith"][2] == 1


def test_two_capitalised_words_alone_are_not_taken_for_a_name():
    assert names("Marching Bands played in the square.") == {}


def test_an_aircraft_s_call_sign_is_no_organisation():
    found = names("President Donald Trump flew back aboard Air Force One on Sunday.")
    assert "Air Force One" not in found and "Donald Trump" in found


@pytest.mark.parametrize(
    ("stories", "key", "organisations"),
    [("stories", "expected", 0.9), ("held-out", "held-out", 0.8), ("quotes", "quotes", 0.5)],
)
def test_the_wire_corpus_scores_stay_above_the_aims(stories, key, organisations, capsys):
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parent.parent / "benchmarks/names.py"
    spec = importlib.util.spec_from_file_location("names_benchmark", path)
    benchmark = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(benchmark)
    scores = benchmark.score(benchmark.HERE / f"{stories}.txt", benchmark.HERE / f"{key}.yaml")
    assert scores["people recall"] >= 0.9 and scores["people precision"] >= 0.85
    assert scores["organisations recall"] >= organisations and scores["organisations precision"] >= 0.85
    assert scores["quote attribution precision"] >= 0.9 and scores["quote attribution recall"] >= 0.85


FRAGMENTS = [
    "Gen.", " of ", " al-", "Mr. ", "'s", " bin ", "(PMF)", ", the ", " said", "“", "”", '"', "Iraq", "\x00",
    "\u200b", "Pompeo", " Ali ", "Jr.", "Ministry", " and ", "a ", "Sen. ", ",", ".", " ", "\n", "—", "A", "é",
    "(", ")", "Zarqawi", " who", "U.S.", "7", "\f", "\t",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@example("Omar Hassan, the (PMF) said.")
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=40).map("".join))
def test_any_text_gives_names_a_headline_and_a_summary_without_an_error(text):
    from generator.commands.importer import WireError, headline, read_wire, summary

    found = find_new_names(text.split("\n"), KNOWN)
    assert all(name.name.strip() and name.count >= 0 for name in found)
    try:
        story = read_wire("date 2020-01-01\nWASHINGTON — " + text)
    except WireError:
        return
    assert isinstance(headline(story), str) and isinstance(summary(story), str)


def test_copy_without_full_stops_is_read_in_linear_time_and_quotes_a_few_words():
    import time

    base = "Gen. Ali Hassan, commander of the Quds Force, met Sen. Omar Said near the Ministry of Oil and "
    started = time.perf_counter()
    found = find_new_names([base * 2000], KNOWN)  # 190 kB in one sentence
    assert time.perf_counter() - started < 20
    assert {n.name for n in found} == {"Ali Hassan", "Omar Said", "Ministry of Oil", "Quds Force"}
    assert all(len(n.sentence) < 450 and n.sentence.startswith("… ") for n in found)
