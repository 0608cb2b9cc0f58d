"""The ready 2-hour plans play the new decks well: every duel compares comparable facts, every
estimate is on a measured single value, and the shape of the workshop is kept.

The rules are checked here by the test's own code from the shipped deck files, independently of
the engine's own checks (game.plans.plan_errors, which must also accept the plans).
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from cards.deckfile import card_to_dict, parse_deck
from cards.units import UNITS
from game.plans import WORKSHOP_SECONDS, phase_rounds, plan_errors, plan_total

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = ("fr", "en")
WATER_CARDS = {"A18", "A25", "A29", "B19"}
SUPERSEDED = "B15"  # "2.9 Wh a request": the 2023 estimate that 2025 measurements replaced


def cards(language: str) -> dict[str, dict]:
    raw = (ROOT / "cards" / "decks" / f"impacts-ia-{language}.json").read_bytes()
    return {card.key: card_to_dict(card) for card in parse_deck(raw, max_bytes=10_000_000).cards}


def plan(language: str) -> dict:
    return json.loads((ROOT / "game" / "plans" / f"impacts-ia-{language}.json").read_text())


def span(card: dict) -> tuple[float, float]:
    """The card's value in its dimension's base unit, as a closed interval ("more than": open top)."""
    factor = UNITS[card["unit"]].factor
    low = card["value"] * factor
    if card.get("bound") == "more_than":
        return low, math.inf
    return low, card.get("value_max", card["value"]) * factor


def duel_problems(a: dict, b: dict) -> list[str]:
    problems = []
    if not a.get("basis") or a.get("basis") != b.get("basis"):
        problems.append(f"{a['key']} and {b['key']} do not count the same thing ({a.get('basis')} / {b.get('basis')})")
    dimension_a, dimension_b = UNITS[a["unit"]].dimension, UNITS[b["unit"]].dimension
    if dimension_a != dimension_b or dimension_a in {"share", "ratio", "count"}:
        problems.append(f"{a['key']} and {b['key']} are not quantities of one dimension")
    else:
        (low_a, high_a), (low_b, high_b) = span(a), span(b)
        if not (high_a < low_b or high_b < low_a):
            problems.append(f"{a['key']} and {b['key']} overlap: no side is larger")
    return problems


def estimate_problems(card: dict) -> list[str]:
    problems = []
    if "measured" not in card["status"]:
        problems.append(f"{card['key']} is not a measured figure")
    if "value_max" in card or card.get("bound"):
        problems.append(f"{card['key']} is not a single value")
    return problems


def rounds(language: str, mechanic: str) -> list[list[str]]:
    return [hand for phase in plan(language)["phases"] if phase["mechanic"] == mechanic for hand in phase_rounds(phase)]


def test_the_rules_of_this_test_refuse_what_they_should():
    deck = cards("fr")
    assert duel_problems(deck["A4"], deck["A23"])  # GPU only against the whole server
    assert duel_problems(deck["A18"], deck["A25"])  # water with power plants against on-site water
    assert duel_problems(deck["A2"], deck["A14"])  # two shares
    assert duel_problems(deck["A7"], deck["A7"])  # a range against itself overlaps
    assert duel_problems(deck["A3"], deck["A16"])  # energy against carbon, same basis
    assert not duel_problems(deck["A7"], deck["A27"])
    assert estimate_problems(deck["A7"])  # a range
    assert estimate_problems(deck["A27"])  # a floor
    assert estimate_problems(deck["A3"])  # estimated, not measured
    assert not estimate_problems(deck["A36"])


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_duel_compares_comparable_facts(language):
    deck = cards(language)
    duels = rounds(language, "duel")
    assert len(duels) >= 4
    for a, b in duels:
        assert duel_problems(deck[a], deck[b]) == [], (a, b)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_estimate_is_a_measured_single_value(language):
    deck = cards(language)
    estimates = rounds(language, "estimate")
    assert len(estimates) >= 3
    for (key,) in estimates:
        assert estimate_problems(deck[key]) == [], key


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_plan_keeps_the_workshop_shape_and_its_key_cards(language):
    phases = plan(language)["phases"]
    assert plan_total(phases) == WORKSHOP_SECONDS
    assert phases[0]["mechanic"] == phases[-1]["mechanic"] == "info"
    assert [p["mechanic"] for p in phases[1:-1]] == [
        "opinion",
        *("timeline", "duel", "estimate", "verdict", "verdict", "solutions"),
        "opinion",
    ]
    assert phases[1]["options"] == phases[-2]["options"]  # the closing poll repeats the opening statement
    used = {key for phase in phases for key in phase["cards"]}
    assert [SUPERSEDED] in rounds(language, "verdict")  # one round on how a figure changed
    assert used & WATER_CARDS and "A27" in used
    deck = cards(language)
    assert all(deck[key]["kind"] == "history" for hand in rounds(language, "timeline") for key in hand)
    years = [deck[key]["year"] for hand in rounds(language, "timeline") for key in hand]
    assert len(set(years)) == len(years)  # one right order


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_engine_accepts_the_ready_plan(language):
    document = plan(language)
    assert document["deck"] == f"impacts-ia-{language}"
    assert plan_errors(document["phases"], cards(language)) == []


def test_both_languages_play_the_same_rounds():
    fr, en = plan("fr")["phases"], plan("en")["phases"]

    def strip(phases):  # the words are the language's: titles, the polled statement, the scenario
        return [
            {k: v for k, v in p.items() if k != "title"}
            | {"options": {**p.get("options", {}), "statement": "", "scenario": ""}}
            for p in phases
        ]

    assert strip(fr) == strip(en)
