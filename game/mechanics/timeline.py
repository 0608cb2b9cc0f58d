"""Timeline: put a hand of history cards in order; a point per pair in the right order."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from game.mechanics.base import Card, ChoiceError, Mechanic, gettext_noop, keys_of
from game.mechanics.report import Cell, Line


def truth_timeline(cards: Sequence[Card]) -> list[str]:
    return [str(c["key"]) for c in sorted(cards, key=lambda c: (c["year"], str(c["key"])))]


def timeline_pairs_right(order: Sequence[str], cards: Sequence[Card]) -> int:
    """Pairs of cards put in the right order (cards of the same year are right either way)."""
    years = {str(card["key"]): card["year"] for card in cards}
    if len(order) == 1:
        return 1  # a hand of one card is always in order
    return sum(1 for i, a in enumerate(order) for b in order[i + 1 :] if years[a] <= years[b])


def timeline_max(cards: Sequence[Card]) -> int:
    n = len(cards)
    return 1 if n == 1 else n * (n - 1) // 2


class Timeline(Mechanic):
    name = "timeline"
    label = gettext_noop("Timeline: put history cards in order")
    card_kind = "history"
    hand = (1, 12)
    default_for_kind = True
    shuffle_hand = True

    strings = {  # what its screens say (static/js/mechanics/timeline.js)
        "timeline_prompt": gettext_noop("Put these events in order, oldest first."),
        "true_order": gettext_noop("The true order"),
    }
    phone_strings = {
        "propose_order": gettext_noop("Propose this order"),
        "your_order": gettext_noop("Your order (oldest first)"),
        "to_place": gettext_noop("Tap the cards in order"),
        "all_placed": gettext_noop("All the cards are placed."),
        "take_back": gettext_noop("Take back %(card)s"),
        "move_up": gettext_noop("Move up: %(card)s"),
        "move_down": gettext_noop("Move down: %(card)s"),
    }

    def clean(self, choice: Any, cards: Sequence[Card]) -> Any:
        if not isinstance(choice, list) or sorted(map(str, choice)) != sorted(keys_of(cards)):
            raise ChoiceError("not_an_order")
        return [str(key) for key in choice]

    def score(self, answers: Mapping[str, Any], cards: Sequence[Card], options: Mapping[str, Any]) -> dict[str, int]:
        return {team: 0 if answer is None else timeline_pairs_right(answer, cards) for team, answer in answers.items()}

    def truth(self, hand: Sequence[Card]) -> Any:
        return truth_timeline(hand)

    report_title = gettext_noop("Timeline")

    def report_truth(self, played: Mapping[str, Any], language: str) -> list[Line]:
        years = {str(card.get("key")): card.get("year") for card in played.get("cards", [])}
        return [
            [("text", f"{place}. "), ("bold", years.get(str(key)) or "?"), ("text", " — "), ("card_full", key)]
            for place, key in enumerate(played.get("answer") or [], start=1)
        ]

    def report_answer(self, played: Mapping[str, Any], answer: Any, language: str) -> Cell:
        return [[("text", " → ".join(str(key) for key in answer) if isinstance(answer, list) else answer)]]


MECHANIC = Timeline()
