"""The five ways a round is played: what an answer is, how a team settles, how it scores.

Pure module, no Django. A round shows a hand of cards (plain dicts in the deck file's
form); each mechanic cleans a proposal against that hand, settles a team's answer from its
members' votes, and scores every team's answer at once (the solutions round scores teams
against the room's choice, so scoring cannot be one team at a time).
"""

from __future__ import annotations

import hashlib
import math
import statistics
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from cards.units import UNITS, comparable, to_base

VERDICTS = ("true", "false", "depends")
SOLUTION_PICKS = 3
ESTIMATE_MIN, ESTIMATE_MAX = 1e-6, 1e15

Card = Mapping[str, Any]


class ChoiceError(ValueError):
    """A proposal that is not an answer of this round (the engine turns it into bad_choice)."""


@dataclass(frozen=True)
class Vote:
    """One member's proposal, as the engine sees it."""

    player_id: str
    team_id: str
    choice: Any
    at: float  # when it was last changed (earliest wins a tie the captain did not break)


def majority(votes: Sequence[Vote], captain_id: str | None) -> Any:
    """Most common proposal; the captain breaks a tie, else the earliest proposal among the tied."""
    if not votes:
        return None
    counts: dict[str, int] = {}
    first_at: dict[str, float] = {}
    by_key: dict[str, Any] = {}
    for vote in votes:
        key = repr(vote.choice)
        counts[key] = counts.get(key, 0) + 1
        first_at[key] = min(first_at.get(key, vote.at), vote.at)
        by_key[key] = vote.choice
    best = max(counts.values())
    tied = [key for key, count in counts.items() if count == best]
    if len(tied) == 1:
        return by_key[tied[0]]
    for vote in votes:
        if vote.player_id == captain_id and repr(vote.choice) in tied:
            return vote.choice
    return by_key[min(tied, key=lambda key: first_at[key])]


def median_estimate(votes: Sequence[Vote], captain_id: str | None) -> Any:
    """A team's estimate is the median of its members' (on the log scale they answer on)."""
    if not votes:
        return None
    logs = sorted(math.log10(float(v.choice)) for v in votes)
    return _round_sig(10 ** statistics.median(logs))


def _round_sig(value: float, digits: int = 3) -> float:
    if value == 0:
        return 0.0
    return round(value, digits - 1 - int(math.floor(math.log10(abs(value)))))


# --- helpers on cards ---


def fact_value(card: Card) -> float:
    """A fact's value in its dimension's base unit; a range counts as its geometric middle,
    a floor ("more than") as its floor."""
    low = float(card["value"])
    high = float(card.get("value_max") or low)
    return to_base(math.sqrt(low * high), card["unit"])


def fact_range(card: Card) -> tuple[float, float]:
    """The values a fact may have, in its dimension's base unit: [value, value_max], one point
    for a single value, [value, +inf) for a floor ("more than")."""
    low = to_base(float(card["value"]), card["unit"])
    if card.get("bound") == "more_than":
        return low, math.inf
    high = to_base(float(card.get("value_max") or card["value"]), card["unit"])
    return low, max(low, high)


def ranges_overlap(a: Card, b: Card) -> bool:
    """Do two facts share a possible value (then a duel between them has no clear winner)?"""
    a_low, a_high = fact_range(a)
    b_low, b_high = fact_range(b)
    return a_low <= b_high * (1 + 1e-9) and b_low <= a_high * (1 + 1e-9)


def _keys(cards: Sequence[Card]) -> list[str]:
    return [str(card["key"]) for card in cards]


def shuffled(cards: Sequence[Card], seed: int) -> list[Card]:
    """A fixed order that does not give the answer away (not the deck's, not the years')."""
    return sorted(cards, key=lambda c: hashlib.sha256(f"{seed}:{c['key']}".encode()).hexdigest())


# --- verdict: true / false / it depends ---


def clean_verdict(choice: Any, cards: Sequence[Card]) -> Any:
    if choice not in VERDICTS:
        raise ChoiceError("not a verdict")
    return choice


def score_verdict(answers: Mapping[str, Any], cards: Sequence[Card], options: Mapping[str, Any]) -> dict[str, int]:
    truth = cards[0].get("verdict")
    return {team: int(answer is not None and answer == truth) for team, answer in answers.items()}


def truth_verdict(cards: Sequence[Card]) -> Any:
    return cards[0].get("verdict")


# --- duel: which of two facts is higher ---


def clean_duel(choice: Any, cards: Sequence[Card]) -> Any:
    if choice not in _keys(cards):
        raise ChoiceError("not one of the two cards")
    return choice


def truth_duel(cards: Sequence[Card]) -> list[str]:
    """The key(s) of the higher fact (both when they are equal)."""
    values = {str(card["key"]): fact_value(card) for card in cards}
    top = max(values.values())
    return [key for key, value in values.items() if math.isclose(value, top, rel_tol=1e-9)]


def score_duel(answers: Mapping[str, Any], cards: Sequence[Card], options: Mapping[str, Any]) -> dict[str, int]:
    winners = truth_duel(cards)
    return {team: int(answer in winners) for team, answer in answers.items()}


def duel_problem(a: Card, b: Card) -> str | None:
    """Why two facts cannot meet in a duel (None when they can): their units must convert (one
    dimension, not a share, ratio or count), they must count the same thing (same basis, both
    empty included) and their ranges must not overlap (a floor reaches to infinity)."""
    ka, kb = a.get("key"), b.get("key")
    if a.get("unit") not in UNITS or b.get("unit") not in UNITS or not comparable(a["unit"], b["unit"]):
        return f"{ka} and {kb} are not in comparable units"
    basis_a, basis_b = str(a.get("basis") or ""), str(b.get("basis") or "")
    if basis_a != basis_b:
        return f"{ka} and {kb} do not count the same thing (basis {basis_a or 'none'} and {basis_b or 'none'})"
    if ranges_overlap(a, b):
        return f"{ka} and {kb} overlap: no clear winner"
    return None


def check_duel(cards: Sequence[Card]) -> None:
    if len(cards) != 2 or any(card.get("kind") != "fact" for card in cards):
        raise ChoiceError("a duel puts two facts face to face")
    problem = duel_problem(cards[0], cards[1])
    if problem:
        raise ChoiceError(problem)


def duel_ratio(cards: Sequence[Card]) -> tuple[float, float]:
    """How many times the higher fact is the lower one, as the honest span [low, high]: the
    smallest ratio (bottom of the higher over top of the lower) to the largest (top of the
    higher over bottom of the lower); high is +inf when the higher one is a floor. Two single
    values give one number (low == high). Only for a duel that passed check_duel."""
    higher, lower = sorted(cards, key=fact_value, reverse=True)[:2]
    h_low, h_high = fact_range(higher)
    l_low, l_high = fact_range(lower)
    return h_low / l_high, h_high / l_low


# --- estimate: a number on a logarithmic scale ---


def clean_estimate(choice: Any, cards: Sequence[Card]) -> Any:
    if isinstance(choice, bool) or not isinstance(choice, int | float) or not math.isfinite(choice):
        raise ChoiceError("not a number")
    if not ESTIMATE_MIN <= choice <= ESTIMATE_MAX:
        raise ChoiceError("out of the scale")
    return _round_sig(float(choice))


def orders_off(guess: float, card: Card) -> float:
    """How many orders of magnitude a guess is from the truth (0 anywhere inside a true range)."""
    low = float(card["value"])
    high = math.inf if card.get("bound") == "more_than" else float(card.get("value_max") or low)
    if low <= guess <= high:
        return 0.0
    nearest = low if guess < low else high
    return abs(math.log10(guess / nearest))


def estimate_points(off: float) -> int:
    """3 within a factor of about 3 (half an order), 2 within 10x, 1 within 100x."""
    if off <= 0.5:
        return 3
    if off <= 1:
        return 2
    if off <= 2:
        return 1
    return 0


def score_estimate(answers: Mapping[str, Any], cards: Sequence[Card], options: Mapping[str, Any]) -> dict[str, int]:
    return {
        team: 0 if answer is None else estimate_points(orders_off(float(answer), cards[0]))
        for team, answer in answers.items()
    }


# --- timeline: put a hand of history cards in order ---


def clean_timeline(choice: Any, cards: Sequence[Card]) -> Any:
    if not isinstance(choice, list) or sorted(map(str, choice)) != sorted(_keys(cards)):
        raise ChoiceError("an order uses every card of the hand once")
    return [str(key) for key in choice]


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


def score_timeline(answers: Mapping[str, Any], cards: Sequence[Card], options: Mapping[str, Any]) -> dict[str, int]:
    return {team: 0 if answer is None else timeline_pairs_right(answer, cards) for team, answer in answers.items()}


# --- solutions: pick and rank three for a scenario; no single right answer ---


def clean_solutions(choice: Any, cards: Sequence[Card]) -> Any:
    picks = min(SOLUTION_PICKS, len(cards))
    if not isinstance(choice, list) or len(choice) != picks:
        raise ChoiceError(f"pick and rank {picks} solutions")
    keys = [str(key) for key in choice]
    if len(set(keys)) != len(keys) or not set(keys) <= set(_keys(cards)):
        raise ChoiceError("each pick is a different solution of the hand")
    return keys


def solutions_tally(answers: Mapping[str, Any], cards: Sequence[Card]) -> dict[str, dict[str, Any]]:
    """For each solution: how many teams chose it, how many at each rank, and its weight."""
    tally: dict[str, dict[str, Any]] = {
        key: {"count": 0, "ranks": [0] * SOLUTION_PICKS, "weight": 0} for key in _keys(cards)
    }
    for answer in answers.values():
        for rank, key in enumerate(answer or []):
            if key in tally:
                tally[key]["count"] += 1
                tally[key]["ranks"][rank] += 1
                tally[key]["weight"] += SOLUTION_PICKS - rank  # 3 for a first choice, 1 for a third
    return tally


def score_solutions(answers: Mapping[str, Any], cards: Sequence[Card], options: Mapping[str, Any]) -> dict[str, int]:
    """No right answer; with `consensus_points`, a point to the team(s) closest to the room."""
    points = {team: 0 for team in answers}
    if not options.get("consensus_points"):
        return points
    tally = solutions_tally(answers, cards)
    closeness = {
        team: sum(tally[key]["weight"] * (SOLUTION_PICKS - rank) for rank, key in enumerate(answer))
        for team, answer in answers.items()
        if answer
    }
    if closeness:
        best = max(closeness.values())
        for team, value in closeness.items():
            if value == best:
                points[team] = 1
    return points


# --- the table of mechanics ---


@dataclass(frozen=True)
class Mechanic:
    name: str
    card_kind: str
    hand: tuple[int, int]  # how many cards a round shows (min, max)
    clean: Callable[[Any, Sequence[Card]], Any]
    settle: Callable[[Sequence[Vote], str | None], Any]
    score: Callable[[Mapping[str, Any], Sequence[Card], Mapping[str, Any]], dict[str, int]]


MECHANICS: dict[str, Mechanic] = {
    "verdict": Mechanic("verdict", "misconception", (1, 1), clean_verdict, majority, score_verdict),
    "duel": Mechanic("duel", "fact", (2, 2), clean_duel, majority, score_duel),
    "estimate": Mechanic("estimate", "fact", (1, 1), clean_estimate, median_estimate, score_estimate),
    "timeline": Mechanic("timeline", "history", (1, 12), clean_timeline, majority, score_timeline),
    "solutions": Mechanic("solutions", "solution", (1, 12), clean_solutions, majority, score_solutions),
}


def check_hand(mechanic: str, cards: Sequence[Card]) -> None:
    """Refuse a round whose cards do not fit its mechanic (raises ChoiceError)."""
    spec = MECHANICS[mechanic]
    low, high = spec.hand
    if not low <= len(cards) <= high:
        raise ChoiceError(f"a {mechanic} round shows {low} to {high} cards")
    for card in cards:
        if card.get("kind") != spec.card_kind:
            raise ChoiceError(f"{card.get('key')} is not a {spec.card_kind} card")
        if spec.card_kind == "fact" and card.get("unit") not in UNITS:
            raise ChoiceError(f"{card.get('key')} has no known unit")
        if mechanic == "estimate" and card.get("bound") == "more_than":
            raise ChoiceError(f"{card.get('key')} is a floor ('more than'): there is no value to estimate")
    if mechanic == "duel":
        check_duel(cards)
