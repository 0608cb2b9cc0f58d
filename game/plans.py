"""Plans: a workshop as an ordered list of phases, each with a mechanic, cards and a time budget.

Pure module, no Django. A plan is stored as plain JSON (a list of phase dicts); this module
checks it against a deck's cards and expands it into the rounds a session plays.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from game.engine import Phase, PlanItem
from game.mechanics import MECHANICS, Card, ChoiceError, check_hand

INFO = "info"  # a phase with no cards: welcome, debrief, break
MECHANIC_NAMES = (*MECHANICS, INFO)
WORKSHOP_SECONDS = 2 * 60 * 60
BUDGET_MAX = 4 * 60 * 60
TITLE_MAX = 80


def phase_rounds(phase: Mapping[str, Any]) -> list[list[str]]:
    """The hands a phase plays: one card a round, pairs for duels, one hand for the others."""
    keys = [str(k) for k in phase.get("cards", [])]
    mechanic = phase.get("mechanic")
    if mechanic == INFO or not keys:
        return []
    if mechanic in ("verdict", "estimate"):
        return [[key] for key in keys]
    if mechanic == "duel":
        return [keys[i : i + 2] for i in range(0, len(keys), 2)]
    return [keys]


def plan_errors(phases: Any, cards: Mapping[str, Card]) -> list[str]:
    """Everything wrong with a plan, phase by phase (empty when it can be played)."""
    if not isinstance(phases, list) or not phases:
        return ["a plan has at least one phase"]
    errors: list[str] = []
    rounds = 0
    for number, phase in enumerate(phases, start=1):
        where = f"phase {number}"
        if not isinstance(phase, dict):
            errors.append(f"{where}: not an object")
            continue
        title = phase.get("title")
        if not isinstance(title, str) or not title.strip() or len(title) > TITLE_MAX:
            errors.append(f"{where}: a title of 1 to {TITLE_MAX} characters")
        mechanic = phase.get("mechanic")
        if mechanic not in MECHANIC_NAMES:
            errors.append(f"{where}: unknown mechanic {mechanic!r}")
            continue
        budget = phase.get("budget")
        if isinstance(budget, bool) or not isinstance(budget, int) or not 0 < budget <= BUDGET_MAX:
            errors.append(f"{where}: a time budget in seconds, up to {BUDGET_MAX}")
        keys = phase.get("cards", [])
        if not isinstance(keys, list) or not all(isinstance(k, str) for k in keys):
            errors.append(f"{where}: cards is a list of card keys")
            continue
        missing = [k for k in keys if k not in cards]
        if missing:
            errors.append(f"{where}: no card {', '.join(missing)} in the deck")
            continue
        if mechanic == INFO:
            if keys:
                errors.append(f"{where}: an info phase has no cards")
            continue
        if not keys:
            errors.append(f"{where}: choose at least one card")
        if mechanic == "duel" and len(keys) % 2:
            errors.append(f"{where}: duels take cards two by two")
            continue
        for hand in phase_rounds(phase):
            try:
                check_hand(mechanic, [cards[k] for k in hand])
            except ChoiceError as exc:
                errors.append(f"{where}: {exc}")
        rounds += len(phase_rounds(phase))
    if not errors and rounds == 0:
        errors.append("a plan needs at least one phase with cards")
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
