"""Verdict: is a misconception true, false, or does it depend?"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any

from game.mechanics.base import Card, ChoiceError, Mechanic, PlayedRound, Plays, gettext_noop, source_of
from game.mechanics.report import Cell, Line, ReportSection, Span, section

VERDICTS = ("true", "false", "depends")
WORDS = {"true": gettext_noop("True"), "false": gettext_noop("False"), "depends": gettext_noop("It depends")}


def _word(verdict: Any, bold: bool = False) -> Span:
    if verdict in WORDS:
        return ("bold_say" if bold else "say", WORDS[verdict])
    return ("bold" if bold else "text", verdict)


class Verdict(Mechanic):
    """A misconception: true, false or it depends. All the points for the card's verdict."""

    name = "verdict"
    label = gettext_noop("Misconceptions: true, false or it depends")
    plays = Plays("misconception", one_a_round=True, default_for_kind=True)
    debrief_keys = ("misconceptions",)

    def clean(self, choice: Any, cards: Sequence[Card]) -> Any:
        if choice not in VERDICTS:
            raise ChoiceError("not_a_verdict")
        return choice

    def truth(self, hand: Sequence[Card]) -> Any:
        return hand[0].get("verdict") if hand else None

    def shares(
        self, answers: Mapping[str, Any], dealt: Sequence[Card], options: Mapping[str, Any]
    ) -> dict[str, Fraction]:
        """All the points for the right verdict, none for another."""
        truth = self.truth(dealt)
        return {team: Fraction(int(answer is not None and answer == truth)) for team, answer in answers.items()}

    def choices(self, shown: Sequence[Card], options: Mapping[str, Any]) -> Any:
        return list(VERDICTS)

    def reveal(
        self, current: PlayedRound, hand: Sequence[Card], earlier: Sequence[PlayedRound], language: str
    ) -> dict[str, Any]:
        if not hand:
            return {}
        # The single card's reveal, flat, for the phone.
        return {"back": hand[0].get("back", ""), "sources": [source_of(s) for s in hand[0].get("sources", [])]}

    def debrief(self, played: Sequence[tuple[PlayedRound, list[Card]]], language: str, top: int) -> dict[str, Any]:
        """The misconceptions the room got most wrong."""
        wrong = []
        for current, hand in played:
            answered = [a for a in current.answers.values() if a is not None]
            card = hand[0] if hand else {}
            if answered:
                wrong.append(
                    {
                        "key": card.get("key"),
                        "front": card.get("front", ""),
                        "verdict": card.get("verdict"),
                        "wrong": sum(1 for a in answered if a != card.get("verdict")),
                        "answered": len(answered),
                    }
                )
        wrong.sort(key=lambda row: (-row["wrong"] / row["answered"], str(row["key"])))
        return {"misconceptions": [row for row in wrong if row["wrong"]][:top]}

    report_title = gettext_noop("True, false or it depends")
    report_lists_hand = True

    def report_truth(self, played: Mapping[str, Any], language: str) -> list[Line]:
        return [[_word(played.get("answer"), bold=True)]]

    def report_answer(self, played: Mapping[str, Any], answer: Any, language: str) -> Cell:
        return [[_word(answer)]]

    def report_debrief(self, figures: Mapping[str, Any], language: str) -> list[ReportSection]:
        rows = [
            [
                [[("bold", row.get("key")), ("text", " " + str(row.get("front", "")))]],
                [[_word(row.get("verdict"))]],
                [[("text", f"{row.get('wrong', 0)} / {row.get('answered', 0)}")]],
            ]
            for row in figures.get("misconceptions", [])
        ]
        head = (gettext_noop("Card"), gettext_noop("Right answer"), gettext_noop("Wrong"))
        return [
            section(
                gettext_noop("The most misleading misconceptions"), "debrief-misconceptions", head, rows, (118, 32, 24)
            )
        ]


MECHANIC = Verdict()
