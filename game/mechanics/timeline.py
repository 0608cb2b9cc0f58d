"""Timeline: put a hand of history cards in order; points for the pairs put right beyond the deal.

How it scores. Every pair of cards is in the right order or not (cards of the same year are
right either way). Any order already has some pairs right, the order the cards are dealt in
included: tapping them as they come would score without knowing a single year. So the hand is
dealt with half of its pairs right (`timeline_deal`: half of those whose years differ, rounded
down, so that a two-card hand is dealt wrong), and a team scores the pairs it puts right beyond
the deal's, as a share of the pairs the deal left to put right:

    share = max(0, right - dealt) / (pairs - dealt)

The deal scores nothing, its reverse next to nothing (half the pairs again: 0, or one pair's
share when their number is odd), the true order everything; a team cannot lose points by
playing worse than the deal. A deal fixed at half, rather than the shuffle's luck, makes every
timeline of a given size equally hard.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from fractions import Fraction
from random import Random
from typing import Any

from game.mechanics.base import Card, ChoiceError, Mechanic, Plays, gettext_noop, keys_of, ngettext_noop, shuffled
from game.mechanics.report import Cell, Line

# "11 paires sur 15 dans le bon ordre" (English says "pairs" either way; French follows n)
PAIRS_RIGHT = ngettext_noop(
    "%(n)s of %(total)s pairs in the right order", "%(n)s of %(total)s pairs in the right order"
)


def truth_timeline(cards: Sequence[Card]) -> list[str]:
    return [str(c["key"]) for c in sorted(cards, key=lambda c: (c["year"], str(c["key"])))]


def timeline_pairs(cards: Sequence[Card]) -> int:
    """How many pairs a hand has (none for a single card)."""
    n = len(cards)
    return n * (n - 1) // 2


def timeline_pairs_right(order: Sequence[str], cards: Sequence[Card]) -> int:
    """Pairs of cards put in the right order (cards of the same year are right either way)."""
    years = {str(card["key"]): card["year"] for card in cards}
    return sum(1 for i, a in enumerate(order) for b in order[i + 1 :] if years[a] <= years[b])


def timeline_dealt_right(cards: Sequence[Card]) -> int:
    """How many pairs the deal has right: the pairs of one year (right in any order), and half of
    the others, rounded down."""
    years = [card["year"] for card in cards]
    tied = sum(1 for i, a in enumerate(years) for b in years[i + 1 :] if a == b)
    return tied + (timeline_pairs(cards) - tied) // 2


def timeline_deal(cards: Sequence[Card], seed: int) -> list[Card]:
    """The hand shuffled (base.shuffled), then brought to timeline_dealt_right pairs right by
    swapping neighbours of different years, one pair at a time, the neighbours picked by the
    seed: the same deal for the same round on every screen and in the engine."""
    order = shuffled(cards, seed)
    target = timeline_dealt_right(cards)
    step = 0
    while (right := timeline_pairs_right(keys_of(order), order)) != target:
        # too many pairs right: swap two neighbours in order; too few: two out of order
        spots = [
            i
            for i in range(len(order) - 1)
            if order[i]["year"] != order[i + 1]["year"]
            and (order[i]["year"] < order[i + 1]["year"]) == (right > target)
        ]
        pick = int(hashlib.sha256(f"{seed}:{step}".encode()).hexdigest(), 16) % len(spots)
        i = spots[pick]
        order[i], order[i + 1] = order[i + 1], order[i]
        step += 1
    return order


class Timeline(Mechanic):
    """History cards dealt out of order: each team puts them in order. It scores the pairs it
    orders right above what the dealt order already had right (so dealing scores nothing)."""

    name = "timeline"
    label = gettext_noop("Timeline: put history cards in order")
    plays = Plays("history", hand=(1, 12), shuffled=True, default_for_kind=True)

    def clean(self, choice: Any, cards: Sequence[Card]) -> Any:
        if not isinstance(choice, list) or sorted(map(str, choice)) != sorted(keys_of(cards)):
            raise ChoiceError("not_an_order")
        return [str(key) for key in choice]

    def sample(self, choices: Any, keys: Sequence[str], rng: Random) -> Any:
        return rng.sample(list(keys), len(keys))

    def deal(self, hand: Sequence[Card], seed: int) -> list[Card]:
        return timeline_deal(hand, seed)

    def shares(
        self, answers: Mapping[str, Any], dealt: Sequence[Card], options: Mapping[str, Any]
    ) -> dict[str, Fraction]:
        baseline = timeline_pairs_right(keys_of(dealt), dealt)
        left = timeline_pairs(dealt) - baseline  # none: every order is right (one card, one year)
        return {
            team: Fraction(0)
            if answer is None
            else Fraction(1)
            if left <= 0
            else Fraction(max(0, timeline_pairs_right(answer, dealt) - baseline), left)
            for team, answer in answers.items()
        }

    def rule(self, dealt: Sequence[Card], options: Mapping[str, Any]) -> dict[str, Any]:
        """The round's maximum, its pairs and the deal's pairs right (each team's pairs right the
        screens count from the years the reveal gives)."""
        pairs = timeline_pairs(dealt)
        return super().rule(dealt, options) | {"pairs": pairs, "dealt": timeline_pairs_right(keys_of(dealt), dealt)}

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
        """The team's order, each card by its key (the right answer above lists them), and how
        many of its pairs are right."""
        if not isinstance(answer, list):
            return [[("text", answer)]]
        cards = played.get("cards", [])
        line: Line = []
        for key in answer:
            line += ([("text", " → ")] if line else []) + [("card_ref", key)]
        if not all(isinstance(card.get("year"), int) for card in cards) or len(cards) < 2:
            return [line]
        right = timeline_pairs_right([str(key) for key in answer], cards)
        counted = ("say_n", (*PAIRS_RIGHT, right, {"total": timeline_pairs(cards)}))
        return [line, [counted]]


MECHANIC = Timeline()
