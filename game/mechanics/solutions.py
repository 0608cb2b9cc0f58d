"""Solutions: pick and rank three for a scenario; no single right answer, the room's choice tallied."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction
from random import Random
from typing import Any

from game.mechanics.base import (
    Card,
    ChoiceError,
    Mechanic,
    Option,
    PlayedRound,
    Plays,
    gettext_noop,
    keys_of,
    ngettext_noop,
)
from game.mechanics.report import Cell, Line, ReportSection, ReportTable, Span, section

SOLUTION_PICKS = 3
SCENARIO_MAX = 300


def solutions_tally(answers: Mapping[str, Any], cards: Sequence[Card]) -> dict[str, dict[str, Any]]:
    """For each solution: how many teams chose it, how many at each rank, and its weight."""
    tally: dict[str, dict[str, Any]] = {
        key: {"count": 0, "ranks": [0] * SOLUTION_PICKS, "weight": 0} for key in keys_of(cards)
    }
    for answer in answers.values():
        for rank, key in enumerate(answer or []):
            if key in tally:
                tally[key]["count"] += 1
                tally[key]["ranks"][rank] += 1
                tally[key]["weight"] += SOLUTION_PICKS - rank  # 3 for a first choice, 1 for a third
    return tally


def _teams(n: int) -> Span:
    return ("say_n", (*ngettext_noop("%(n)s team", "%(n)s teams"), n))


class Solutions(Mechanic):
    """A hand of solution cards: each team picks and ranks its choice. Scored only with the
    consensus option (the teams closest to the room's choice); else a discussion round."""

    name = "solutions"
    label = gettext_noop("Solutions: choose and rank")
    plays = Plays("solution", hand=(1, 12), shuffled=True, default_for_kind=True)
    options = (
        Option(
            "consensus_points",
            "bool",
            gettext_noop("Points for consensus (the teams closest to the room's choice score the round's points)"),
        ),
        Option(
            "scenario",
            "text",
            gettext_noop("The scenario the teams choose their solutions for (optional)"),
            SCENARIO_MAX,
            required=False,
        ),
    )
    debrief_keys = ("solutions",)

    def clean(self, choice: Any, cards: Sequence[Card]) -> Any:
        picks = min(SOLUTION_PICKS, len(cards))
        if not isinstance(choice, list) or len(choice) != picks:
            raise ChoiceError("pick_count", picks=picks)
        keys = [str(key) for key in choice]
        if len(set(keys)) != len(keys) or not set(keys) <= set(keys_of(cards)):
            raise ChoiceError("pick_twice")
        return keys

    def max_points(self, options: Mapping[str, Any]) -> int:
        """No right answer: no points, unless the plan gives them for consensus."""
        return super().max_points(options) if options.get("consensus_points") else 0

    def shares(
        self, answers: Mapping[str, Any], dealt: Sequence[Card], options: Mapping[str, Any]
    ) -> dict[str, Fraction]:
        """With `consensus_points`, all the points to the team(s) closest to the room's choice."""
        points = {team: Fraction(0) for team in answers}
        if not options.get("consensus_points"):
            return points
        tally = solutions_tally(answers, dealt)
        closeness = {
            team: sum(tally[key]["weight"] * (SOLUTION_PICKS - rank) for rank, key in enumerate(answer))
            for team, answer in answers.items()
            if answer
        }
        if closeness:
            best = max(closeness.values())
            for team, value in closeness.items():
                if value == best:
                    points[team] = Fraction(1)
        return points

    def sample(self, choices: Any, keys: Sequence[str], rng: Random) -> Any:
        return rng.sample(list(keys), min(choices["picks"], len(keys)))

    def choices(self, shown: Sequence[Card], options: Mapping[str, Any]) -> Any:
        # The scenario the plan gives (in its language), shown above the cards on every screen.
        return {"picks": min(SOLUTION_PICKS, len(shown)), "scenario": str(options.get("scenario") or "").strip()}

    def reveal(
        self, current: PlayedRound, hand: Sequence[Card], earlier: Sequence[PlayedRound], language: str
    ) -> dict[str, Any]:
        return {"tally": solutions_tally(current.answers, hand)}

    def debrief(self, played: Sequence[tuple[PlayedRound, list[Card]]], language: str, top: int) -> dict[str, Any]:
        """The solutions the room chose most, over every solutions round."""
        answers: dict[str, Any] = {}
        cards: dict[str, Card] = {}
        for current, hand in played:
            for team, answer in current.answers.items():
                if answer is not None:
                    answers[f"{current.number}:{team}"] = answer
            for key in current.card_keys:
                cards[key] = next((c for c in hand if c.get("key") == key), {"key": key})
        tally = solutions_tally(answers, list(cards.values()))
        chosen = sorted(
            ({"key": key, "front": cards[key].get("front", ""), **row} for key, row in tally.items() if row["count"]),
            key=lambda row: (-row["weight"], str(row["key"])),
        )
        return {"solutions": chosen[:top]}

    report_title = gettext_noop("Solutions to choose and rank")

    def report_truth(self, played: Mapping[str, Any], language: str) -> list[Line]:
        return [[("say", gettext_noop("No right answer: each team chooses and ranks its solutions."))]]

    def report_answer(self, played: Mapping[str, Any], answer: Any, language: str) -> Cell:
        if not isinstance(answer, list):
            return [[("text", answer)]]
        return [[("text", f"{rank}. "), ("card", key)] for rank, key in enumerate(answer, start=1)]

    def report_tables(self, played: Mapping[str, Any], language: str) -> list[ReportTable]:
        """The room's choices: how many teams chose each solution, at which rank."""
        keys = [str(card.get("key")) for card in played.get("cards", [])]
        count = dict.fromkeys(keys, 0)
        ranks: dict[str, list[int]] = {key: [] for key in keys}
        for answer in (played.get("answers") or {}).values():
            for rank, key in enumerate(answer or [], start=1):
                if str(key) in count:
                    count[str(key)] += 1
                    ranks[str(key)].append(rank)
        order = sorted(keys, key=lambda k: (-count[k], sorted(ranks[k]), k))
        rows = [
            [
                [[("card_full", key)]],
                [[_teams(count[key])]],
                [[("text", "/".join(str(ranks[key].count(r)) for r in (1, 2, 3)))]],
            ]
            for key in order
        ]
        head = (gettext_noop("The room's choices"), gettext_noop("Chosen"), gettext_noop("Ranks 1/2/3"))
        return [ReportTable(head, rows, (118, 28, 28))]

    def report_debrief(self, figures: Mapping[str, Any], language: str) -> list[ReportSection]:
        rows = [
            [
                [[("bold", row.get("key")), ("text", " " + str(row.get("front", "")))]],
                [[_teams(int(row.get("count", 0)))]],
                [[("text", "/".join(str(n) for n in row.get("ranks") or []))]],
                [[("text", str(row.get("weight", 0)))]],
            ]
            for row in figures.get("solutions", [])
        ]
        head = (gettext_noop("Card"), gettext_noop("Chosen"), gettext_noop("Ranks 1/2/3"), gettext_noop("Weight"))
        return [section(gettext_noop("The solutions chosen most"), "debrief-solutions", head, rows, (104, 26, 26, 18))]


MECHANIC = Solutions()
