"""Each mechanic's answers, team settlement and scoring: ties, empty answers, silent teams.

Every round is worth 10 points at most (game.mechanics.base.ROUND_POINTS; tests/game/test_scoring.py
holds the rules common to every mechanic)."""

from fractions import Fraction

import pytest

from game import engine
from game.engine import GameError, PlanItem
from game.mechanics import MECHANICS, ChoiceError, Problem, Vote, check_hand
from game.mechanics.duel import duel_problem, duel_ratio, truth_duel
from game.mechanics.estimate import estimate_share, orders_off
from game.mechanics.solutions import solutions_tally
from game.mechanics.timeline import truth_timeline

clean_estimate, median_estimate, score_estimate = (
    MECHANICS["estimate"].clean,
    MECHANICS["estimate"].settle,
    MECHANICS["estimate"].score,
)
clean_timeline, score_timeline = MECHANICS["timeline"].clean, MECHANICS["timeline"].score
clean_solutions, score_solutions = MECHANICS["solutions"].clean, MECHANICS["solutions"].score
score_duel = MECHANICS["duel"].score

T0 = 1_000_000.0
A7 = {"key": "A7", "kind": "fact", "value": 2.9, "unit": "Wh"}
A4 = {"key": "A4", "kind": "fact", "value": 3353, "unit": "J"}  # 0.93 Wh: lower than A7 once converted
A5 = {"key": "A5", "kind": "fact", "value": 2.9, "unit": "kWh"}
A11 = {"key": "A11", "kind": "fact", "value": 6, "value_max": 57, "unit": "gCO2e"}
A2 = {"key": "A2", "kind": "fact", "value": 22, "unit": "%"}
HISTORY = [
    {"key": "D6", "kind": "history", "year": 1997},
    {"key": "D1", "kind": "history", "year": 1950},
    {"key": "D12", "kind": "history", "year": 2022},
    {"key": "D4", "kind": "history", "year": 1966},
]
SOLUTIONS = [{"key": f"C{i}", "kind": "solution", "actors": ["individual"]} for i in range(1, 6)]


def votes(*choices, team="t1"):
    return [Vote(f"p{i}", team, choice, T0 + i) for i, choice in enumerate(choices)]


# --- duel ---


def test_a_duel_compares_values_across_units():
    assert truth_duel([A7, A4]) == ["A7"]
    assert truth_duel([A7, A5]) == ["A5"]


def test_a_duel_of_equal_values_counts_both_answers_right():
    twin = {**A7, "key": "A7bis"}
    assert score_duel({"t1": "A7", "t2": "A7bis", "t3": None}, [A7, twin], {}) == {"t1": 10, "t2": 10, "t3": 0}


def test_a_duel_needs_two_comparable_facts():
    check_hand("duel", [A7, A4])
    with pytest.raises(ChoiceError, match="duel_units"):
        check_hand("duel", [A7, {"key": "A9", "kind": "fact", "value": 0.12, "unit": "gCO2e"}])
    with pytest.raises(ChoiceError, match="duel_units"):
        check_hand("duel", [A2, {**A2, "key": "A21"}])  # shares of different wholes
    with pytest.raises(ChoiceError):
        check_hand("duel", [A7])


# Facts as the version 2 decks write them (value or range, floor, basis).
GPU_IMAGE = {"key": "A31", "kind": "fact", "value": 2.9, "unit": "Wh", "basis": "gpu-only"}
GPU_TEXT = {"key": "A4", "kind": "fact", "value": 57, "value_max": 3353, "unit": "J", "basis": "gpu-only"}
SERVER_TEXT = {"key": "A23", "kind": "fact", "value": 114, "value_max": 6706, "unit": "J", "basis": "whole-server"}
PROMPT = {"key": "A7", "kind": "fact", "value": 0.24, "value_max": 0.42, "unit": "Wh", "basis": "data-centre"}
REASONING = {"key": "A27", "kind": "fact", "value": 29, "bound": "more_than", "unit": "Wh", "basis": "data-centre"}


def test_a_duel_needs_facts_that_count_the_same_thing():
    check_hand("duel", [GPU_IMAGE, GPU_TEXT])  # both GPU only, J and Wh convert
    with pytest.raises(ChoiceError, match="duel_basis") as refused:
        check_hand("duel", [GPU_IMAGE, SERVER_TEXT])
    assert refused.value.params == {"a": "A31", "b": "A23", "x": "gpu-only", "y": "whole-server"}
    unlabelled = {**GPU_TEXT, "key": "X1", "basis": ""}
    assert duel_problem(GPU_IMAGE, unlabelled) == Problem(
        "duel_basis", {"a": "A31", "b": "X1", "x": "gpu-only", "y": ""}
    )
    assert duel_problem(A7, A4) is None  # both without a basis: the same


def test_a_duel_refuses_overlapping_ranges():
    wide = {**GPU_TEXT, "key": "A4w", "value_max": 20_000}  # 57 J to 5.6 Wh: reaches 2.9 Wh
    assert duel_problem(GPU_IMAGE, wide) == Problem("duel_overlap", {"a": "A31", "b": "A4w"})
    touching = {**GPU_IMAGE, "key": "T", "value": 3353, "unit": "J"}  # a single value on the range's top
    assert duel_problem(touching, GPU_TEXT) == Problem("duel_overlap", {"a": "T", "b": "A4"})
    assert duel_problem(A7, {**A7, "key": "A7bis"}) == Problem(
        "duel_overlap", {"a": "A7", "b": "A7bis"}
    )  # equal values


def test_a_floor_reaches_to_infinity_in_a_duel():
    check_hand("duel", [PROMPT, REASONING])  # 0.24-0.42 Wh is below "more than 29 Wh"
    above = {**PROMPT, "key": "BIG", "value": 40, "value_max": 50}  # inside [29, +inf)
    assert duel_problem(above, REASONING) == Problem("duel_overlap", {"a": "BIG", "b": "A27"})
    assert duel_problem(REASONING, {**REASONING, "key": "A27b", "value": 1000}) is not None  # two floors always meet


def test_the_truth_of_a_duel_with_ranges_and_floors():
    assert truth_duel([GPU_TEXT, GPU_IMAGE]) == ["A31"]  # 2.9 Wh beats 57 J to 3 353 J (0.93 Wh)
    assert truth_duel([REASONING, PROMPT]) == ["A27"]
    assert score_duel({"t1": "A31", "t2": "A4"}, [GPU_TEXT, GPU_IMAGE], {}) == {"t1": 10, "t2": 0}


def test_the_ratio_of_a_duel_spans_the_ranges():
    low, high = duel_ratio([GPU_TEXT, GPU_IMAGE])  # 2.9 Wh over 0.93 Wh ... over 0.0158 Wh
    assert low == pytest.approx(2.9 * 3600 / 3353) and high == pytest.approx(2.9 * 3600 / 57)
    assert duel_ratio([A7, A4]) == pytest.approx((2.9 * 3600 / 3353,) * 2)  # two single values: one number
    low, high = duel_ratio([PROMPT, REASONING])
    assert low == pytest.approx(29 / 0.42) and high == float("inf")  # a floor has no top


def test_units_that_do_not_convert_are_refused_with_a_reason():
    carbon = {"key": "A9", "kind": "fact", "value": 0.3, "value_max": 11.4, "unit": "gCO2e"}
    assert duel_problem(PROMPT, carbon) == Problem("duel_units", {"a": "A7", "b": "A9"})
    mass = {"key": "A29", "kind": "fact", "value": 1, "unit": "kg"}
    check_hand("duel", [mass, {"key": "A40", "kind": "fact", "value": 3, "unit": "t"}])  # kg and t convert


# --- estimate ---


def test_an_estimate_scores_by_orders_of_magnitude():
    shares = [estimate_share(orders_off(g, A7)) for g in (2.9, 8, 20, 200, 3000)]
    assert shares == [1, 1, Fraction(2, 3), Fraction(1, 3), 0]
    assert score_estimate({"a": 2.9, "b": 8, "c": 20, "d": 200, "e": 3000}, [A7], {}) == {
        "a": 10,
        "b": 10,
        "c": 7,
        "d": 3,
        "e": 0,
    }
    assert orders_off(0.29, A7) == pytest.approx(1)


def test_a_guess_inside_a_true_range_is_exact():
    assert orders_off(30, A11) == 0
    assert score_estimate({"t1": 30, "t2": 300, "t3": None}, [A11], {}) == {"t1": 10, "t2": 7, "t3": 0}


def test_an_estimate_anywhere_inside_a_range_scores_full_points():
    answers = {"low": 57, "middle": 440, "top": 3353, "below": 10, "above": 40_000, "none": None}
    assert score_estimate(answers, [GPU_TEXT], {}) == {
        "low": 10,
        "middle": 10,
        "top": 10,
        "below": 7,  # 0.76 orders under the bottom of the range
        "above": 3,  # 1.08 orders over its top
        "none": 0,
    }
    assert orders_off(100, GPU_TEXT) == 0 and orders_off(5, GPU_TEXT) == pytest.approx(1.057, abs=1e-3)


def test_a_floor_cannot_be_estimated_but_is_right_above_its_floor():
    with pytest.raises(ChoiceError, match="floor_estimate"):
        check_hand("estimate", [REASONING])
    assert orders_off(500, REASONING) == 0 and orders_off(2.9, REASONING) == pytest.approx(1)


def test_a_team_estimate_is_the_median_of_its_members():
    assert median_estimate(votes(1, 10, 1000), None) == 10
    assert median_estimate(votes(1, 100), None) == 10  # the middle on the log scale
    assert median_estimate([], None) is None


def test_an_estimate_must_be_a_positive_finite_number():
    assert clean_estimate(12345.678, [A7]) == 12300
    for bad in (0, -3, "12", True, float("inf"), 1e20):
        with pytest.raises(ChoiceError):
            clean_estimate(bad, [A7])


# --- timeline ---


def test_the_timeline_truth_is_by_year():
    assert truth_timeline(HISTORY) == ["D1", "D4", "D6", "D12"]


def test_a_timeline_scores_the_pairs_in_the_right_order_beyond_the_deal():
    # HISTORY as dealt (D6 D1 D12 D4) has 3 of its 6 pairs right: 3 are left to put right.
    perfect, reversed_order = ["D1", "D4", "D6", "D12"], ["D12", "D6", "D4", "D1"]
    one_swap = ["D4", "D1", "D6", "D12"]  # 5 pairs right: 2 of the 3 beyond the deal
    as_dealt = ["D6", "D1", "D12", "D4"]
    answers = {"a": perfect, "b": reversed_order, "c": one_swap, "d": None, "e": as_dealt}
    assert score_timeline(answers, HISTORY, {}) == {"a": 10, "b": 0, "c": 7, "d": 0, "e": 0}


def test_a_timeline_hand_of_one_card_is_always_in_order():
    hand = HISTORY[:1]
    check_hand("timeline", hand)
    assert score_timeline({"t1": ["D6"], "t2": None}, hand, {}) == {"t1": 10, "t2": 0}


def test_cards_of_the_same_year_are_right_either_way():
    hand = [{"key": "X", "kind": "history", "year": 2022}, {"key": "Y", "kind": "history", "year": 2022}]
    assert score_timeline({"t1": ["X", "Y"], "t2": ["Y", "X"]}, hand, {}) == {"t1": 10, "t2": 10}


def test_a_timeline_answer_uses_every_card_once():
    assert clean_timeline(["D1", "D4", "D6", "D12"], HISTORY) == ["D1", "D4", "D6", "D12"]
    for bad in (["D1", "D4", "D6"], ["D1", "D1", "D6", "D12"], "D1", ["D1", "D4", "D6", "D99"]):
        with pytest.raises(ChoiceError):
            clean_timeline(bad, HISTORY)


# --- solutions ---


def test_solutions_are_three_distinct_picks_of_the_hand():
    assert clean_solutions(["C2", "C1", "C5"], SOLUTIONS) == ["C2", "C1", "C5"]
    for bad in (["C1", "C2"], ["C1", "C1", "C2"], ["C1", "C2", "C9"], "C1"):
        with pytest.raises(ChoiceError):
            clean_solutions(bad, SOLUTIONS)
    assert clean_solutions(["C1"], SOLUTIONS[:1]) == ["C1"]  # a hand smaller than three


def test_the_room_tally_counts_choices_and_ranks():
    tally = solutions_tally({"t1": ["C1", "C2", "C3"], "t2": ["C2", "C1", "C4"], "t3": None}, SOLUTIONS)
    assert tally["C1"] == {"count": 2, "ranks": [1, 1, 0], "weight": 5}
    assert tally["C2"]["weight"] == 5 and tally["C5"]["count"] == 0


def test_solutions_score_nothing_unless_consensus_points_are_on():
    answers = {"t1": ["C1", "C2", "C3"], "t2": ["C1", "C2", "C4"], "t3": ["C5", "C4", "C3"], "t4": None}
    assert score_solutions(answers, SOLUTIONS, {}) == {"t1": 0, "t2": 0, "t3": 0, "t4": 0}
    # Room weights: C1 6, C2 4, C4 3, C5 3, C3 2; t2's picks weigh the most against them.
    assert score_solutions(answers, SOLUTIONS, {"consensus_points": True}) == {"t1": 0, "t2": 10, "t3": 0, "t4": 0}


def test_solutions_with_no_answer_at_all_score_nothing():
    assert score_solutions({"t1": None}, SOLUTIONS, {"consensus_points": True}) == {"t1": 0}


# --- through the engine ---


def session(mechanic, hand, options=None):
    phases = [engine.Phase("p", mechanic, 600, options or {})]
    state = engine.session_new(
        plan=[PlanItem([c["key"] for c in hand], mechanic)],
        scoring="competitive",
        team_names=["A", "B", "C"],
        duration=60,
        cards={c["key"]: c for c in hand},
        phases=phases,
    )
    return engine.start(engine.open_room(state), T0)


def test_the_engine_refuses_a_hand_that_does_not_fit_the_mechanic():
    with pytest.raises(GameError) as caught:
        session("duel", [A7, A2])
    assert caught.value.code == "bad_hand"


def test_a_timeline_round_through_the_engine():
    state = session("timeline", HISTORY)
    assert engine.check_can_propose(state, T0, 1, "t1", ["D1", "D4", "D6", "D12"], HISTORY) == ["D1", "D4", "D6", "D12"]
    with pytest.raises(GameError):
        engine.check_can_propose(state, T0, 1, "t1", ["D1"], HISTORY)
    votes_ = [Vote("a", "t1", ["D1", "D4", "D6", "D12"], T0), Vote("z", "t2", ["D12", "D6", "D4", "D1"], T0)]
    answers = engine.settled_answers(state, votes_, {"t1": "a", "t2": "z"})
    state = engine.reveal(state, T0 + 5, HISTORY, answers)
    assert state.round.points == {"t1": 10, "t2": 0, "t3": 0}


def test_an_estimate_round_settles_on_the_median_and_the_captain_can_lock_it():
    state = session("estimate", [A7])
    team = [Vote("a", "t1", 1.0, T0), Vote("b", "t1", 3.0, T0 + 1), Vote("c", "t1", 9.0, T0 + 2)]
    locked = engine.lock_team(state, T0 + 3, 1, "t1", "a", "a", team)
    assert locked.round.locked == {"t1": 3.0}
    revealed = engine.reveal(locked, T0 + 4, [A7], engine.settled_answers(locked, team, {"t1": "a"}))
    assert revealed.round.points == {"t1": 10, "t2": 0, "t3": 0}


def test_projector_only_answers_are_entered_by_hand_and_scored_the_same():
    state = session("solutions", SOLUTIONS, {"consensus_points": True})
    state = engine.enter_answer(state, 1, "t1", ["C1", "C2", "C3"], SOLUTIONS)
    state = engine.enter_answer(state, 1, "t2", ["C1", "C3", "C2"], SOLUTIONS)
    state = engine.enter_answer(state, 1, "t3", ["C5", "C4", "C2"], SOLUTIONS)
    state = engine.enter_answer(state, 1, "t3", None, SOLUTIONS)  # cleared: t3 did not answer
    with pytest.raises(GameError) as caught:
        engine.enter_answer(state, 1, "t2", ["C1"], SOLUTIONS)
    assert caught.value.code == "bad_choice"
    state = engine.reveal(state, T0, SOLUTIONS, engine.settled_answers(state, [], {}))
    assert state.round.answers == {"t1": ["C1", "C2", "C3"], "t2": ["C1", "C3", "C2"], "t3": None}
    assert state.round.points == {"t1": 10, "t2": 10, "t3": 0}  # equally close to the room: a tie
    with pytest.raises(GameError):
        engine.enter_answer(state, 1, "t1", ["C1", "C2", "C3"], SOLUTIONS)
