"""Duel: which of two facts is higher? Both values are then shown in one unit, with the ratio."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any

from cards.units import UNITS, comparable, format_number, format_quantity, to_base, unit_get
from game.mechanics.base import Card, ChoiceError, Mechanic, PlayedRound, Plays, Problem, gettext_noop
from game.mechanics.report import Cell, Line


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


def truth_duel(cards: Sequence[Card]) -> list[str]:
    """The key(s) of the higher fact (both when they are equal)."""
    values = {str(card["key"]): fact_value(card) for card in cards}
    top = max(values.values())
    return [key for key, value in values.items() if math.isclose(value, top, rel_tol=1e-9)]


def duel_problem(a: Card, b: Card) -> Problem | None:
    """Why two facts cannot meet in a duel (None when they can): their units must convert (one
    dimension, not a share, ratio or count), they must count the same thing (same basis, both
    empty included) and their ranges must not overlap (a floor reaches to infinity)."""
    ka, kb = a.get("key"), b.get("key")
    if a.get("unit") not in UNITS or b.get("unit") not in UNITS or not comparable(a["unit"], b["unit"]):
        return Problem("duel_units", {"a": ka, "b": kb})
    basis_a, basis_b = str(a.get("basis") or ""), str(b.get("basis") or "")
    if basis_a != basis_b:
        return Problem("duel_basis", {"a": ka, "b": kb, "x": basis_a, "y": basis_b})
    if ranges_overlap(a, b):
        return Problem("duel_overlap", {"a": ka, "b": kb})
    return None


def duel_ratio(cards: Sequence[Card]) -> tuple[float, float]:
    """How many times the higher fact is the lower one, as the honest span [low, high]: the
    smallest ratio (bottom of the higher over top of the lower) to the largest (top of the
    higher over bottom of the lower); high is +inf when the higher one is a floor. Two single
    values give one number (low == high). Only for a fair duel (duel_problem is None)."""
    higher, lower = sorted(cards, key=fact_value, reverse=True)[:2]
    h_low, h_high = fact_range(higher)
    l_low, l_high = fact_range(lower)
    return h_low / l_high, h_high / l_low


RATIO_WORDS = {
    "fr": {"one": "environ {a} fois plus", "span": "environ {a} à {b} fois plus", "floor": "plus de {a} fois plus"},
    "en": {
        "one": "about {a} times as much",
        "span": "about {a} to {b} times as much",
        "floor": "more than {a} times as much",
    },
}


def _sig(value: float, digits: int = 2) -> float:
    if value <= 0 or not math.isfinite(value):
        return value
    return round(value, digits - 1 - math.floor(math.log10(value)))


def _ratio_number(ratio: float) -> float:
    """A ratio as a person says it: 1.04, 1.4, 3, 59, 180, 3 300."""
    if ratio < 1.1:
        return round(ratio, 2)
    if ratio < 2:
        return round(ratio, 1)
    if ratio < 10:
        return float(round(ratio))
    return _sig(ratio, 2)


def ratio_text(low: float, high: float, language: str) -> str:
    """'environ 3 à 180 fois plus', 'about 59 times as much', 'more than 69 times as much'."""
    words = RATIO_WORDS["fr" if language == "fr" else "en"]
    a = format_number(_ratio_number(low), language)
    if math.isinf(high):
        return words["floor"].format(a=a)
    b = format_number(_ratio_number(high), language)
    return words["one"].format(a=a) if a == b else words["span"].format(a=a, b=b)


def _duel_unit(hand: Sequence[Card]) -> str:
    """The one unit both values are shown in: of the two cards' own units, the one whose numbers
    stay closest to 1 (0,016 to 2,9 Wh rather than 57 to 10 440 J)."""

    def spread(code: str) -> float:
        factor = unit_get(code).factor
        ends = [x / factor for card in hand for x in fact_range(card) if math.isfinite(x)]
        return max(abs(math.log10(x)) for x in ends)

    codes = list(dict.fromkeys(str(card["unit"]) for card in hand))
    return min(codes, key=spread)  # min keeps the first of equals: the first card's unit


def _in_unit(card: Card, code: str, language: str) -> str:
    if card["unit"] == code:
        return format_quantity(card["value"], card.get("value_max"), code, language, bound=card.get("bound") or "")
    factor = unit_get(card["unit"]).factor / unit_get(code).factor
    top = card.get("value_max")
    return format_quantity(
        _sig(float(card["value"]) * factor),
        None if top is None else _sig(float(top) * factor),
        code,
        language,
        bound=card.get("bound") or "",
    )


def duel_comparison(hand: Sequence[Card], language: str) -> dict[str, Any]:
    """A duel's two values in one unit and how many times the higher is the lower (no ratio for
    a pair the rules refuse, as a session started before a deck was corrected may hold)."""
    if duel_problem(hand[0], hand[1]) is not None:
        values = {str(card["key"]): _in_unit(card, str(card["unit"]), language) for card in hand}
        return {"unit": "", "values": values, "higher": None, "ratio": None, "ratio_text": ""}
    code = _duel_unit(hand)
    low, high = duel_ratio(hand)
    return {
        "unit": unit_get(code).label(language),
        "values": {str(card["key"]): _in_unit(card, code, language) for card in hand},
        "higher": truth_duel(hand)[0],
        "ratio": [low, None if math.isinf(high) else high],
        "ratio_text": ratio_text(low, high, language),
    }


class Duel(Mechanic):
    """Two facts side by side: which figure is higher? All the points for the right card, none
    for the other (the reveal gives both figures in one unit and their ratio)."""

    name = "duel"
    label = gettext_noop("Duels: which fact is higher? (cards two by two)")
    plays = Plays("fact", hand=(2, 2))

    def shares(
        self, answers: Mapping[str, Any], dealt: Sequence[Card], options: Mapping[str, Any]
    ) -> dict[str, Fraction]:
        """All the points for the higher fact (either, when they are equal), none for the other."""
        winners = truth_duel(dealt)
        return {team: Fraction(int(answer in winners)) for team, answer in answers.items()}

    def truth(self, hand: Sequence[Card]) -> Any:
        return truth_duel(hand)

    def check_cards(self, cards: Sequence[Card]) -> None:
        problem = duel_problem(cards[0], cards[1])
        if problem:
            raise ChoiceError(problem.code, **problem.params)

    def rounds(self, keys: Sequence[str]) -> list[list[str]]:
        return [list(keys[i : i + 2]) for i in range(0, len(keys), 2)]

    def plan_problems(self, keys: Sequence[str], options: Mapping[str, Any]) -> list[Problem]:
        problems = super().plan_problems(keys, options)
        return problems + ([Problem("duel_odd")] if len(keys) % 2 else [])

    def reveal(
        self, current: PlayedRound, hand: Sequence[Card], earlier: Sequence[PlayedRound], language: str
    ) -> dict[str, Any]:
        return {"duel": duel_comparison(hand, language)} if len(hand) == 2 else {}

    report_title = gettext_noop("Duel: which weighs more?")
    report_lists_hand = True
    report_gives_quantity = True

    def report_hand_line(self, card: Card, language: str) -> Line:
        line: Line = [("card_full", card.get("key"))]
        return line + ([("text", " — "), ("bold", card["quantity"])] if card.get("quantity") else [])

    def report_truth(self, played: Mapping[str, Any], language: str) -> list[Line]:
        line: Line = []
        for key in played.get("answer") or []:
            line += [("text", " = ")] if line else []
            line.append(("card", key))
        return [line or [("text", "—")]]

    def report_answer(self, played: Mapping[str, Any], answer: Any, language: str) -> Cell:
        return [[("card", key)] for key in (answer if isinstance(answer, list) else [answer])]


MECHANIC = Duel()
