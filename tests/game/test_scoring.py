"""Scores that mean the same in every round: every mechanic's round is worth the same at most
(ROUND_POINTS) unless its phase gives it a weight; a timeline scores the pairs it puts right
beyond the order it was dealt in; a poll gives no points; a team's answer is settled the same
way whatever the mechanic. Pure: no database."""

from __future__ import annotations

import itertools
from fractions import Fraction

import pytest

from game import engine
from game.engine import PlanItem
from game.mechanics import MECHANICS, Vote
from game.mechanics.base import ROUND_POINTS, majority, points_of, weight_of
from game.mechanics.timeline import timeline_deal, timeline_dealt_right, timeline_pairs, timeline_pairs_right
from game.messages import round_data

T0 = 1_000_000.0
MISCONCEPTION = {"key": "B1", "kind": "misconception", "verdict": "false"}
LOW = {"key": "A4", "kind": "fact", "value": 3353, "unit": "J"}
HIGH = {"key": "A7", "kind": "fact", "value": 2.9, "unit": "Wh"}
YEARS = (1950, 1966, 1997, 2012, 2017, 2022)
HISTORY = [{"key": f"D{i}", "kind": "history", "year": year} for i, year in enumerate(YEARS, start=1)]
SOLUTIONS = [{"key": f"C{i}", "kind": "solution", "actors": ["individual"]} for i in range(1, 5)]
CONSENSUS = {"consensus_points": True}

# Each scored mechanic, a hand, its options and the best answer a team can give.
BEST = {
    "verdict": ([MISCONCEPTION], {}, "false"),
    "duel": ([LOW, HIGH], {}, "A7"),
    "estimate": ([HIGH], {}, 2.9),
    "timeline": (HISTORY, {}, [card["key"] for card in HISTORY]),
    "solutions": (SOLUTIONS, CONSENSUS, ["C1", "C2", "C3"]),
}


def keys(cards):
    return [card["key"] for card in cards]


def revealed(mechanic, hand, options, answers, teams=("A", "B", "C")):
    """A session of one round, revealed with these team answers (t1, t2, ...)."""
    state = engine.session_new(
        plan=[PlanItem(keys(hand), mechanic)],
        scoring="competitive",
        team_names=list(teams),
        duration=60,
        cards={card["key"]: card for card in hand},
        phases=[engine.Phase("p", mechanic, 600, options)],
    )
    state = engine.start(engine.open_room(state), T0)
    return engine.reveal(state, T0 + 5, hand, answers)


# --- the same maximum for every mechanic ---


def test_the_best_answer_of_every_scored_mechanic_is_worth_the_same():
    assert set(BEST) == {name for name, m in MECHANICS.items() if m.scored}
    for name, (hand, options, best) in BEST.items():
        state = revealed(name, hand, options, {"t1": best})
        assert state.round.points == {"t1": ROUND_POINTS, "t2": 0, "t3": 0}, name
        assert engine.round_max_points(state.round) == ROUND_POINTS == 10, name


def test_no_answer_scores_nothing_in_any_mechanic():
    for name, (hand, options, _best) in BEST.items():
        assert revealed(name, hand, options, {}).round.points == {"t1": 0, "t2": 0, "t3": 0}, name


def test_a_phase_weight_multiplies_what_its_rounds_are_worth():
    for name, (hand, options, best) in BEST.items():
        state = revealed(name, hand, options | {"weight": 3}, {"t1": best})
        assert state.round.options["weight"] == 3  # carried from the plan's phase into the round
        assert state.round.points["t1"] == 30 and engine.round_max_points(state.round) == 30, name
    practice = revealed("verdict", [MISCONCEPTION], {"weight": 0}, {"t1": "false"})
    assert practice.round.points["t1"] == 0 and engine.round_max_points(practice.round) == 0


def test_a_weight_scales_partial_credit_too():
    estimate = MECHANICS["estimate"]
    answers = {"spot": 2.9, "ten": 20, "hundred": 200, "far": 3000}
    assert estimate.score(answers, [HIGH], {}) == {"spot": 10, "ten": 7, "hundred": 3, "far": 0}
    assert estimate.score(answers, [HIGH], {"weight": 2}) == {"spot": 20, "ten": 13, "hundred": 7, "far": 0}
    assert estimate.rule([HIGH], {"weight": 2}) == {"max": 20, "ten": 13, "hundred": 7}


def test_a_weight_the_plan_would_refuse_counts_as_one():
    assert [weight_of({"weight": w}) for w in (0, 1, 5)] == [0, 1, 5]
    assert [weight_of(options) for options in ({}, {"weight": 6}, {"weight": -1}, {"weight": "2"})] == [1] * 4
    assert weight_of({"weight": True}) == 1  # a boolean is not a number here


def test_a_share_of_the_points_is_rounded_half_up_exactly():
    assert [points_of(Fraction(n, 8), 10) for n in range(9)] == [0, 1, 3, 4, 5, 6, 8, 9, 10]
    assert points_of(Fraction(3, 20), 10) == 2  # 1.5 exactly, where 10 * 0.15 is 1.4999...
    assert points_of(Fraction(5, 4), 10) == 10 and points_of(Fraction(-1, 4), 10) == 0  # kept in 0..max


def test_the_reveal_says_what_the_round_was_worth():
    state = revealed("duel", [LOW, HIGH], {"weight": 2}, {"t1": "A7"})
    cards = {card["key"]: card for card in (LOW, HIGH)}
    assert round_data(state.round, cards, "fr", 1)["reveal"]["rule"] == {"max": 20}


# --- the opinion poll and solutions without consensus: no points ---


def test_a_poll_gives_no_points_and_is_worth_nothing():
    opinion = MECHANICS["opinion"]
    counts = {"t1": [0, 1, 0, 2, 0], "t2": [3, 0, 0, 0, 0]}
    assert opinion.score(counts, [], {"statement": "x"}) == {"t1": 0, "t2": 0}
    assert opinion.score(counts, [], {"statement": "x", "weight": 5}) == {"t1": 0, "t2": 0}
    assert opinion.max_points({"weight": 5}) == 0


def test_solutions_are_worth_points_only_for_consensus():
    solutions = MECHANICS["solutions"]
    answers = {"t1": ["C1", "C2", "C3"], "t2": ["C4", "C3", "C2"]}
    assert solutions.max_points({}) == 0 and solutions.score(answers, SOLUTIONS, {}) == {"t1": 0, "t2": 0}
    assert solutions.max_points(CONSENSUS) == 10
    assert solutions.score(answers, SOLUTIONS, CONSENSUS) == {"t1": 10, "t2": 10}  # a tie: both closest


# --- the timeline: pairs above the deal ---


def test_a_timeline_is_dealt_with_half_its_pairs_right():
    more = [{"key": f"D{i}", "kind": "history", "year": 2020 + i} for i in range(7, 13)]
    for size in range(2, 13):
        hand = (HISTORY + more)[:size]
        for seed in range(1, 30):
            dealt = timeline_deal(hand, seed)
            assert sorted(keys(dealt)) == sorted(keys(hand))
            assert timeline_pairs_right(keys(dealt), hand) == timeline_pairs(hand) // 2, (size, seed)


def test_the_deal_is_the_same_for_the_same_round_and_differs_between_rounds():
    assert keys(timeline_deal(HISTORY, 7)) == keys(timeline_deal(list(reversed(HISTORY)), 7))
    assert len({tuple(keys(timeline_deal(HISTORY, seed))) for seed in range(1, 20)}) > 5
    assert keys(timeline_deal(HISTORY, 3)) != keys(HISTORY)  # never the years' order


def test_the_dealt_order_and_its_reverse_are_not_good_answers():
    timeline = MECHANICS["timeline"]
    for seed in range(1, 30):
        dealt = timeline_deal(HISTORY, seed)  # 6 cards: 15 pairs, 7 right as dealt
        answers = {"dealt": keys(dealt), "reversed": keys(dealt)[::-1], "true": sorted(keys(HISTORY))}
        assert timeline.score(answers, dealt, {}) == {"dealt": 0, "reversed": 1, "true": 10}


def test_a_timeline_scores_each_pair_beyond_the_deal_as_a_share_of_the_round():
    timeline = MECHANICS["timeline"]
    dealt = timeline_deal(HISTORY, 1)
    assert timeline.rule(dealt, {}) == {"max": 10, "pairs": 15, "dealt": 7}
    by_pairs = {}
    for order in itertools.permutations(keys(HISTORY)):
        right = timeline_pairs_right(order, HISTORY)
        by_pairs[right] = timeline.score({"t": list(order)}, dealt, {})["t"]
    # nothing up to the deal's 7 pairs, then 10 x (right - 7) / 8: 1.25 points a pair
    assert sorted(by_pairs) == list(range(16))
    assert by_pairs == {n: points_of(Fraction(max(0, n - 7), 8), 10) for n in by_pairs}
    assert [by_pairs[n] for n in (0, 7, 8, 9, 11, 13, 14, 15)] == [0, 0, 1, 3, 5, 8, 9, 10]


def test_a_hand_of_two_cards_is_dealt_in_the_wrong_order():
    two = HISTORY[:2]
    for seed in range(1, 10):
        assert keys(timeline_deal(two, seed)) == ["D2", "D1"]
    assert MECHANICS["timeline"].score({"right": ["D1", "D2"], "dealt": ["D2", "D1"]}, timeline_deal(two, 1), {}) == {
        "right": 10,
        "dealt": 0,
    }


def test_cards_of_one_year_count_right_in_the_deal_and_in_every_answer():
    same_year = [dict(card, year=2000) for card in HISTORY[:3]] + HISTORY[3:5]  # 3 tied pairs of 10
    assert timeline_dealt_right(same_year) == 3 + (10 - 3) // 2
    for seed in range(1, 10):
        dealt = timeline_deal(same_year, seed)
        assert timeline_pairs_right(keys(dealt), same_year) == 6
    all_tied = [dict(card, year=2000) for card in HISTORY[:3]]
    assert MECHANICS["timeline"].score({"t": ["D3", "D1", "D2"]}, timeline_deal(all_tied, 1), {}) == {"t": 10}


def test_the_engine_scores_a_timeline_against_the_order_the_screens_dealt():
    answers = {"t1": sorted(keys(HISTORY))}
    state = engine.session_new(
        plan=[PlanItem(keys(HISTORY), "timeline")],
        scoring="competitive",
        team_names=["A", "B"],
        duration=60,
        cards={card["key"]: card for card in HISTORY},
    )
    state = engine.start(engine.open_room(state), T0)
    shown = round_data(state.round, {c["key"]: c for c in HISTORY}, "fr", 0)["cards"]
    answers["t2"] = [card["key"] for card in shown]  # the cards tapped as they were dealt
    state = engine.reveal(state, T0 + 5, HISTORY, answers)
    assert state.round.points == {"t1": 10, "t2": 0}
    reveal = round_data(state.round, {c["key"]: c for c in HISTORY}, "fr", 2)["reveal"]
    assert reveal["rule"] == {"max": 10, "pairs": 15, "dealt": 7}


# --- a team's answer: the same rules whatever the mechanic ---


def votes(*choices, team="t1"):
    return [Vote(f"p{i}", team, choice, T0 + i) for i, choice in enumerate(choices)]


def test_a_team_answer_is_its_members_majority():
    assert majority(votes("true", "false", "false"), None) == "false"
    assert majority(votes(["D1", "D2"], ["D2", "D1"], ["D2", "D1"]), None) == ["D2", "D1"]
    assert majority([], None) is None


def test_the_captain_breaks_a_tie_else_the_earliest_proposal_wins():
    tied = votes("true", "false")
    assert majority(tied, "p1") == "false"  # the captain's
    assert majority(tied, None) == "true"  # the earliest
    assert majority(tied, "someone-else") == "true"


def test_a_team_estimate_is_its_members_median_and_a_poll_counts_every_member():
    assert MECHANICS["estimate"].settle(votes(1, 10, 1000), None) == 10
    assert MECHANICS["opinion"].settle(votes(1, 5, 5), None) == [1, 0, 0, 0, 2]


def test_a_captain_s_lock_settles_the_team_answer_before_the_majority():
    state = engine.session_new(
        plan=[PlanItem(["B1"], "verdict")],
        scoring="competitive",
        team_names=["A"],
        duration=60,
        cards={"B1": MISCONCEPTION},
    )
    state = engine.start(engine.open_room(state), T0)
    team = [Vote("cap", "t1", "false", T0), Vote("b", "t1", "true", T0 + 1), Vote("c", "t1", "true", T0 + 2)]
    locked = engine.lock_team(state, T0 + 3, 1, "t1", "cap", "cap", team[:1])
    assert engine.settled_answers(locked, team, {"t1": "cap"}) == {"t1": "false"}
    assert engine.settled_answers(state, team, {"t1": "cap"}) == {"t1": "true"}
    scored = engine.reveal(locked, T0 + 4, [MISCONCEPTION], engine.settled_answers(locked, team, {"t1": "cap"}))
    assert scored.round.points == {"t1": 10}


@pytest.mark.parametrize("scoring", ["competitive", "cooperative"])
def test_a_session_total_is_the_sum_of_its_rounds_points(scoring):
    state = engine.session_new(
        plan=[PlanItem(["B1"], "verdict", 0), PlanItem(["A4", "A7"], "duel", 1)],
        scoring=scoring,
        team_names=["A", "B"],
        duration=60,
        cards={c["key"]: c for c in (MISCONCEPTION, LOW, HIGH)},
        phases=[engine.Phase("final", "verdict", 600, {"weight": 2}), engine.Phase("duels", "duel", 600)],
    )
    state = engine.reveal(engine.start(engine.open_room(state), T0), T0, [MISCONCEPTION], {"t1": "false"})
    state = engine.reveal(engine.start(state, T0 + 1), T0 + 1, [LOW, HIGH], {"t1": "A7", "t2": "A7"})
    assert state.team_scores() == {"t1": 30, "t2": 10} and state.room_score() == 40
