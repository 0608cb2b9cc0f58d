"""Estimate: how much? A number on a logarithmic scale, points by orders of magnitude."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from fractions import Fraction
from random import Random
from typing import Any

from cards.units import UNITS, format_number, format_quantity
from game.mechanics.base import (
    Card,
    ChoiceError,
    Mechanic,
    PlayedRound,
    Plays,
    Vote,
    colon,
    gettext_noop,
    log_median,
    points_of,
    round_sig,
)
from game.mechanics.report import Cell, Line, ReportSection, section

ESTIMATE_MIN, ESTIMATE_MAX = 1e-6, 1e15  # what a proposal may be
ESTIMATE_SCALE = (0.001, 1e9)  # what the phone's slider spans


def orders_off(guess: float, card: Card) -> float:
    """How many orders of magnitude a guess is from the truth (0 anywhere inside a true range)."""
    low = float(card["value"])
    high = math.inf if card.get("bound") == "more_than" else float(card.get("value_max") or low)
    if low <= guess <= high:
        return 0.0
    nearest = low if guess < low else high
    return abs(math.log10(guess / nearest))


# A guess's share of the points by how many orders of magnitude it is off: all within a factor of
# about 3 (half an order), two thirds within 10 times, one third within 100 times.
ESTIMATE_BANDS = ((0.5, Fraction(1)), (1.0, Fraction(2, 3)), (2.0, Fraction(1, 3)))


def estimate_share(off: float) -> Fraction:
    return next((share for most, share in ESTIMATE_BANDS if off <= most), Fraction(0))


def quantity(value: Any, value_max: Any, unit: Any, language: str) -> str:
    """A number with its unit, in the language's way ('—' for no number)."""
    if not isinstance(value, int | float) or isinstance(value, bool):
        return "—"
    if unit in UNITS:
        return format_quantity(value, value_max if isinstance(value_max, int | float) else None, unit, language)
    return format_number(value, language)


class Estimate(Mechanic):
    """A fact's figure hidden: each team answers a number on a log scale. Its share falls with
    how many times it is off (ESTIMATE_BANDS: within 3 times, 10 times, 100 times); a range on
    the card counts as right anywhere inside it."""

    name = "estimate"
    label = gettext_noop("Estimates: how much?")
    plays = Plays("fact", one_a_round=True, default_for_kind=True)
    debrief_keys = ("estimates",)

    def clean(self, choice: Any, cards: Sequence[Card]) -> Any:
        if isinstance(choice, bool) or not isinstance(choice, int | float) or not math.isfinite(choice):
            raise ChoiceError("not_a_number")
        if not ESTIMATE_MIN <= choice <= ESTIMATE_MAX:
            raise ChoiceError("off_the_scale")
        return round_sig(float(choice))

    def settle(self, votes: Sequence[Vote], captain_id: str | None) -> Any:
        """A team's estimate is the median of its members' (on the log scale they answer on)."""
        return log_median([float(v.choice) for v in votes]) if votes else None

    def shares(
        self, answers: Mapping[str, Any], dealt: Sequence[Card], options: Mapping[str, Any]
    ) -> dict[str, Fraction]:
        return {
            team: Fraction(0) if answer is None else estimate_share(orders_off(float(answer), dealt[0]))
            for team, answer in answers.items()
        }

    def rule(self, dealt: Sequence[Card], options: Mapping[str, Any]) -> dict[str, Any]:
        """The points of each band: within 3 times ("max"), 10 times ("ten"), 100 times ("hundred")."""
        most = self.max_points(options)
        ten, hundred = (points_of(share, most) for _off, share in ESTIMATE_BANDS[1:])
        return super().rule(dealt, options) | {"ten": ten, "hundred": hundred}

    def check_cards(self, cards: Sequence[Card]) -> None:
        for card in cards:
            if card.get("bound") == "more_than":
                raise ChoiceError("floor_estimate", key=card.get("key"))

    def sample(self, choices: Any, keys: Sequence[str], rng: Random) -> Any:
        low, high = choices["min"], choices["max"]
        return float(f"{low * (high / low) ** rng.random():.2g}")

    def choices(self, shown: Sequence[Card], options: Mapping[str, Any]) -> Any:
        return {"min": ESTIMATE_SCALE[0], "max": ESTIMATE_SCALE[1]}

    def truth(self, hand: Sequence[Card]) -> Any:
        return {"value": hand[0].get("value"), "value_max": hand[0].get("value_max")} if hand else None

    def debrief(self, played: Sequence[tuple[PlayedRound, list[Card]]], language: str, top: int) -> dict[str, Any]:
        """The estimates furthest off, on average over the teams."""
        rows = []
        for current, hand in played:
            answered = {t: a for t, a in current.answers.items() if a is not None}
            if not answered or not hand:
                continue
            card = hand[0]
            offs = [orders_off(float(a), card) for a in answered.values()]
            rows.append(
                {
                    "key": card.get("key"),
                    "front": card.get("front", ""),
                    "value": card.get("value"),
                    "value_max": card.get("value_max"),
                    "unit": card.get("unit"),
                    "unit_label": UNITS[card["unit"]].label(language) if card.get("unit") in UNITS else "",
                    "mean_off": round(sum(offs) / len(offs), 2),
                    "guesses": answered,
                }
            )
        rows.sort(key=lambda row: (-row["mean_off"], str(row["key"])))
        return {"estimates": rows[:top]}

    report_title = gettext_noop("Estimate")
    report_lists_hand = True
    report_gives_quantity = True

    def report_truth(self, played: Mapping[str, Any], language: str) -> list[Line]:
        card: Mapping[str, Any] = next(iter(played.get("cards", [])), {})
        answer = played.get("answer") or {}
        shown = card.get("quantity") or quantity(
            answer.get("value"), answer.get("value_max"), card.get("unit"), language
        )
        line: Line = [("bold", shown)]
        return [line + ([("text", f" ({card['comparison']})")] if card.get("comparison") else [])]

    def report_answer(self, played: Mapping[str, Any], answer: Any, language: str) -> Cell:
        card: Mapping[str, Any] = next(iter(played.get("cards", [])), {})
        return [[("text", quantity(answer, None, card.get("unit"), language))]]

    def report_debrief(self, figures: Mapping[str, Any], language: str) -> list[ReportSection]:
        rows = []
        for row in figures.get("estimates", []):
            unit = row.get("unit")
            guesses: Cell = [
                [("team", team), ("text", f"{colon(language)} {quantity(value, None, unit, language)}")]
                for team, value in (row.get("guesses") or {}).items()
            ]
            rows.append(
                [
                    [[("bold", row.get("key")), ("text", " " + str(row.get("front", "")))]],
                    [[("text", quantity(row.get("value"), row.get("value_max"), unit, language))]],
                    guesses,
                    [[("text", format_number(float(row.get("mean_off", 0) or 0), language))]],
                ]
            )
        head = (
            gettext_noop("Card"),
            gettext_noop("True value"),
            gettext_noop("Guesses"),
            gettext_noop("Mean gap (orders of magnitude)"),
        )
        return [section(gettext_noop("The estimates furthest off"), "debrief-estimates", head, rows, (70, 28, 52, 24))]


MECHANIC = Estimate()
