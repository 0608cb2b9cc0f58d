"""A plan's phase may give its rounds a weight: checked with the plan, refused in words."""

from __future__ import annotations

from django.utils import translation

from game.errors import problem_texts
from game.mechanics import Problem
from game.plans import plan_errors, plan_expand

CARDS = {
    "B1": {"key": "B1", "kind": "misconception", "verdict": "false"},
    "B2": {"key": "B2", "kind": "misconception", "verdict": "true"},
}


def phase(**options):
    return {"title": "Idées reçues", "mechanic": "verdict", "budget": 600, "cards": ["B1", "B2"], "options": options}


def test_a_whole_weight_from_0_to_5_is_accepted_and_none_means_1():
    for weight in (0, 1, 2, 5):
        assert plan_errors([phase(weight=weight)], CARDS) == []
    assert plan_errors([phase()], CARDS) == []


def test_any_other_weight_is_refused_with_the_phase_number():
    for weight in (-1, 6, 1.5, "2", True, None):
        assert plan_errors([phase(), phase(weight=weight)], CARDS) == [Problem("phase_weight", {"min": 0, "max": 5}, 2)]


def test_a_game_without_points_takes_no_weight():
    poll = {"title": "Avis", "mechanic": "opinion", "budget": 300, "options": {"statement": "x", "weight": 2}}
    assert plan_errors([poll, phase()], CARDS) == [Problem("weight_unscored", {}, 1)]


def test_the_weight_problems_are_worded_in_both_languages():
    problems = [Problem("phase_weight", {"min": 0, "max": 5}, 2), Problem("weight_unscored", {}, 1)]
    assert problem_texts(problems, "fr") == [
        "Phase 2 : le poids est un nombre entier de 0 à 5.",
        "Phase 1 : ce jeu ne donne pas de points, il ne prend donc pas de poids.",
    ]
    with translation.override("en"):
        assert problem_texts(problems)[0] == "Phase 2: a weight is a whole number from 0 to 5."


def test_the_weight_goes_with_each_round_of_its_phase():
    phases, items = plan_expand([phase(weight=2), phase()])
    assert [p.options for p in phases] == [{"weight": 2}, {}]
    assert [item.phase for item in items] == [0, 0, 1, 1]
