"""Plans: a workshop as an ordered list of phases, each with a mechanic, cards and a time budget.

Pure module, no Django. A plan is stored as plain JSON (a list of phase dicts); this module
checks it against a deck's cards and expands it into the rounds a session plays. What each
mechanic accepts is the mechanic's (game.mechanics); problems are data (Problem), worded by
game.errors.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from game.engine import Phase, PlanItem
from game.mechanics import INFO, MECHANICS, Card, ChoiceError, Mechanic, Problem
from game.mechanics.base import WEIGHT_MAX, WEIGHT_MIN, WEIGHT_OPTION

MECHANIC_NAMES = (*MECHANICS, INFO)
WORKSHOP_SECONDS = 2 * 60 * 60
BUDGET_MAX = 4 * 60 * 60
TITLE_MAX = 80


def phase_rounds(phase: Mapping[str, Any]) -> list[list[str]]:
    """The hands a phase plays, as its mechanic deals them (an info phase plays none)."""
    mechanic = MECHANICS.get(str(phase.get("mechanic")))
    if mechanic is None:
        return []
    return mechanic.rounds([str(k) for k in phase.get("cards", [])])


def weight_problem(mechanic: Mechanic, options: Mapping[str, Any]) -> Problem | None:
    """A phase's weight (its rounds are worth ROUND_POINTS times it) is a whole number from
    WEIGHT_MIN to WEIGHT_MAX, and only for a mechanic that gives points; none means 1."""
    if WEIGHT_OPTION not in options:
        return None
    value = options[WEIGHT_OPTION]
    if not mechanic.scored:
        return Problem("weight_unscored")
    if isinstance(value, bool) or not isinstance(value, int) or not WEIGHT_MIN <= value <= WEIGHT_MAX:
        return Problem("phase_weight", {"min": WEIGHT_MIN, "max": WEIGHT_MAX})
    return None


def plan_errors(phases: Any, cards: Mapping[str, Card]) -> list[Problem]:
    """Everything wrong with a plan, phase by phase (empty when it can be played)."""
    if not isinstance(phases, list) or not phases:
        return [Problem("plan_empty")]
    errors: list[Problem] = []
    rounds = 0
    for number, phase in enumerate(phases, start=1):
        if not isinstance(phase, dict):
            errors.append(Problem("phase_not_object", phase=number))
            continue
        title = phase.get("title")
        if not isinstance(title, str) or not title.strip() or len(title) > TITLE_MAX:
            errors.append(Problem("phase_title", {"max": TITLE_MAX}, number))
        name = phase.get("mechanic")
        if name not in MECHANIC_NAMES:
            errors.append(Problem("unknown_mechanic", {"mechanic": str(name)[:40]}, number))
            continue
        budget = phase.get("budget")
        if isinstance(budget, bool) or not isinstance(budget, int) or not 0 < budget <= BUDGET_MAX:
            errors.append(Problem("phase_budget", {"max": BUDGET_MAX}, number))
        keys = phase.get("cards", [])
        if not isinstance(keys, list) or not all(isinstance(k, str) for k in keys):
            errors.append(Problem("phase_cards", phase=number))
            continue
        missing = [k for k in keys if k not in cards]
        if missing:
            errors.append(Problem("missing_cards", {"keys": ", ".join(missing)}, number))
            continue
        mechanic = MECHANICS.get(name)
        if (mechanic is None or mechanic.plays.hand[1] == 0) and keys:
            errors.append(Problem("phase_takes_no_cards", phase=number))
            continue
        options = phase.get("options", {})
        if not isinstance(options, dict):
            errors.append(Problem("phase_options", phase=number))
            continue
        if mechanic is None:
            continue
        weight = weight_problem(mechanic, options)
        if weight:
            errors.append(weight.at(number))
        problems = mechanic.plan_problems(keys, options)
        errors.extend(problem.at(number) for problem in problems)
        if problems:
            continue
        for hand in mechanic.rounds(keys):
            try:
                mechanic.check_hand([cards[k] for k in hand])
            except ChoiceError as exc:
                errors.append(exc.problem.at(number))
        rounds += len(mechanic.rounds(keys))
    if not errors and rounds == 0:
        errors.append(Problem("plan_no_rounds"))
    return errors


def plan_expand(phases: Sequence[Mapping[str, Any]]) -> tuple[list[Phase], list[PlanItem]]:
    """The engine's phases and rounds for a valid plan (check plan_errors first)."""
    engine_phases = [
        Phase(
            title=str(p["title"]),
            mechanic=str(p["mechanic"]),
            budget=int(p["budget"]),
            options=dict(p.get("options", {})),
        )
        for p in phases
    ]
    items = [
        PlanItem(card_keys=hand, mechanic=str(phase["mechanic"]), phase=index)
        for index, phase in enumerate(phases)
        for hand in phase_rounds(phase)
    ]
    return engine_phases, items


def plan_total(phases: Sequence[Mapping[str, Any]]) -> int:
    return sum(int(p.get("budget", 0)) for p in phases if isinstance(p, Mapping))
