"""The solutions phase's scenario: an optional text of the plan, sent with the round's choices."""

from game.mechanics import MECHANICS
from game.mechanics.solutions import SCENARIO_MAX

SOLUTIONS = MECHANICS["solutions"]
HAND = [{"key": f"C{i}", "kind": "solution", "front": f"Solution {i}"} for i in range(1, 5)]


def test_the_scenario_travels_with_the_choices():
    options = {"scenario": "  Votre lycée veut utiliser l’IA.  "}
    assert SOLUTIONS.choices(HAND, options) == {"picks": 3, "scenario": "Votre lycée veut utiliser l’IA."}


def test_a_phase_without_a_scenario_is_fine():
    assert SOLUTIONS.plan_problems(["C1", "C2"], {}) == []
    assert SOLUTIONS.plan_problems(["C1", "C2"], {"scenario": ""}) == []
    assert SOLUTIONS.choices(HAND, {})["scenario"] == ""


def test_a_scenario_too_long_is_refused():
    problems = SOLUTIONS.plan_problems(["C1"], {"scenario": "x" * (SCENARIO_MAX + 1)})
    assert [p.code for p in problems] == ["option_text"]


def test_the_ready_plans_give_their_scenario():
    import json
    from pathlib import Path

    for language in ("fr", "en"):
        plan = json.loads(Path(f"game/plans/impacts-ia-{language}.json").read_text())
        phase = next(p for p in plan["phases"] if p["mechanic"] == "solutions")
        assert 0 < len(phase["options"]["scenario"]) <= SCENARIO_MAX
