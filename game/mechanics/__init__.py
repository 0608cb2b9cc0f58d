"""The registry of mechanics: the one list of the ways a round is played.

Pure package, no Django. Each mechanic is one module here; this list is the only place that
names them all. A new mechanic is one module, one line below, one JS module (and one line in
static/js/mechanics/index.js), its words (gettext in both) and its tests.
"""

from __future__ import annotations

from collections.abc import Sequence

from game.mechanics import duel, estimate, opinion, solutions, timeline, verdict
from game.mechanics.base import Card, ChoiceError, Mechanic, Option, Problem, Vote, gettext_noop

# In the plan editor's order.
MECHANICS: dict[str, Mechanic] = {
    m.name: m
    for m in (
        timeline.MECHANIC,
        duel.MECHANIC,
        estimate.MECHANIC,
        verdict.MECHANIC,
        solutions.MECHANIC,
        opinion.MECHANIC,
    )
}
INFO = "info"  # a phase with no game: welcome, debrief, break
INFO_LABEL = gettext_noop("No cards (welcome, debrief…)")
NEW_PHASE = verdict.MECHANIC.name  # what a phase added in the plan editor plays at first

__all__ = [
    "INFO",
    "INFO_LABEL",
    "MECHANICS",
    "NEW_PHASE",
    "Card",
    "ChoiceError",
    "Mechanic",
    "Option",
    "Problem",
    "Vote",
    "check_hand",
    "for_kind",
]


def check_hand(mechanic: str, cards: Sequence[Card]) -> None:
    """Refuse a round whose cards do not fit its mechanic (raises ChoiceError)."""
    MECHANICS[mechanic].check_hand(cards)


def for_kind(kind: str) -> Mechanic | None:
    """The mechanic a single card of this kind is played with by default."""
    return next((m for m in MECHANICS.values() if m.plays.default_for_kind and m.plays.kind == kind), None)
