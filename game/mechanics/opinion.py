"""Opinion shift: one statement polled at the start and again at the end of the workshop.

Each phone answers on an agree-disagree scale of five steps; nobody's answer is shown, only
how the room is spread, and no points are given. A team's "answer" is the count of its
members at each step, so that the room's spread is the sum of the teams'. The statement is
a text the plan carries in the phase's options (in the plan's language): the closing poll
repeats the opening one's statement, and its reveal shows the room before and after.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from random import Random
from typing import Any

from game.mechanics.base import Card, ChoiceError, Mechanic, Option, PlayedRound, Plays, Vote, colon, gettext_noop
from game.mechanics.report import Cell, Line, ReportSection, section

SCALE = (1, 2, 3, 4, 5)  # strongly disagree .. strongly agree
WORDS = (
    gettext_noop("Strongly disagree"),
    gettext_noop("Rather disagree"),
    gettext_noop("Neither agree nor disagree"),
    gettext_noop("Rather agree"),
    gettext_noop("Strongly agree"),
)
STATEMENT_MAX = 200


def spread(answers: Mapping[str, Any]) -> list[int]:
    """The room's count at each step of the scale, from the teams' counts (or, in a room with
    no phones, the one step the facilitator entered for a team)."""
    room = [0] * len(SCALE)
    for counts in answers.values():
        if isinstance(counts, list) and len(counts) == len(SCALE):
            room = [a + int(b) for a, b in zip(room, counts, strict=True)]
        elif counts in SCALE and not isinstance(counts, bool):
            room[SCALE.index(counts)] += 1
    return room


def mean(counts: Sequence[int]) -> float | None:
    total = sum(counts)
    return round(sum(step * n for step, n in zip(SCALE, counts, strict=True)) / total, 2) if total else None


def _statement(options: Mapping[str, Any]) -> str:
    return str(options.get("statement") or "").strip()


def _poll(current: PlayedRound) -> dict[str, Any]:
    counts = spread(current.answers)
    return {"round": current.number, "counts": counts, "votes": sum(counts), "mean": mean(counts)}


class Opinion(Mechanic):
    """One statement, no card: each phone says how much it agrees, alone and anonymously, at the
    start and again at the end; no points. The projector shows how the room moved."""

    name = "opinion"
    label = gettext_noop("Opinion shift: agree or disagree, at the start and at the end")
    plays = Plays(None, hand=(0, 0))
    scored = False
    lockable = False
    shared_in_team = False
    options = (
        Option("statement", "text", gettext_noop("The statement the room agrees or disagrees with"), STATEMENT_MAX),
    )
    debrief_keys = ("opinions",)

    def clean(self, choice: Any, cards: Sequence[Card]) -> Any:
        if isinstance(choice, bool) or choice not in SCALE:
            raise ChoiceError("not_on_the_scale")
        return int(choice)

    def settle(self, votes: Sequence[Vote], captain_id: str | None) -> Any:
        """Not a single answer: how many members stand at each step (None when nobody voted)."""
        if not votes:
            return None
        counts = [0] * len(SCALE)
        for vote in votes:
            if vote.choice in SCALE:
                counts[SCALE.index(vote.choice)] += 1
        return counts

    def rounds(self, keys: Sequence[str]) -> list[list[str]]:
        return [[]]  # one poll a phase, on no card

    def sample(self, choices: Any, keys: Sequence[str], rng: Random) -> Any:
        return rng.choice(choices["scale"])

    def choices(self, shown: Sequence[Card], options: Mapping[str, Any]) -> Any:
        return {"scale": list(SCALE), "statement": _statement(options)}

    def reveal(
        self, current: PlayedRound, hand: Sequence[Card], earlier: Sequence[PlayedRound], language: str
    ) -> dict[str, Any]:
        """The room's spread, and the last earlier poll of the same statement (the room before);
        no team's answer is sent: the poll is anonymous."""
        statement = _statement(current.options)
        before = [
            r
            for r in earlier
            if r.mechanic == self.name and r.number < current.number and _statement(r.options) == statement
        ]
        return {
            "answers": {},
            "points": {},
            "opinion": {
                "statement": statement,
                "now": _poll(current),
                "before": _poll(before[-1]) if before else None,
            },
        }

    def debrief(self, played: Sequence[tuple[PlayedRound, list[Card]]], language: str, top: int) -> dict[str, Any]:
        """Each statement with its polls in order: the first and the last say how the room moved."""
        by_statement: dict[str, list[dict[str, Any]]] = {}
        for current, _hand in sorted(played, key=lambda p: p[0].number):
            by_statement.setdefault(_statement(current.options), []).append(_poll(current))
        rows = []
        for statement, polls in by_statement.items():
            first, last = polls[0], polls[-1]
            shift = None
            if len(polls) > 1 and first["mean"] is not None and last["mean"] is not None:
                shift = round(last["mean"] - first["mean"], 2)
            rows.append(
                {
                    "statement": statement,
                    "polls": polls,
                    "before": first if len(polls) > 1 else None,
                    "after": last,
                    "shift": shift,
                }
            )
        return {"opinions": rows}

    report_title = gettext_noop("Opinion shift")

    def report_truth(self, played: Mapping[str, Any], language: str) -> list[Line]:
        """The statement, then the room at each step (and before, for a closing poll)."""
        poll = played.get("reveal", {}).get("opinion") or {}
        now, before = poll.get("now") or {}, poll.get("before")
        lines: list[Line] = [[("bold", poll.get("statement") or _statement(played.get("options", {})))]]
        for i, word in enumerate(WORDS):
            line: Line = [("say", word), ("text", f"{colon(language)} {(now.get('counts') or [0] * 5)[i]}")]
            if before:
                line += [
                    ("text", " ("),
                    ("say", (gettext_noop("before: %(n)s"), {"n": before["counts"][i]})),
                    ("text", ")"),
                ]
            lines.append(line)
        return lines

    def report_answer(self, played: Mapping[str, Any], answer: Any, language: str) -> Cell:
        """A team's count at each step, never who said what."""
        if isinstance(answer, int) and answer in SCALE:
            return [[("say", WORDS[SCALE.index(answer)])]]
        if isinstance(answer, list) and len(answer) == len(SCALE):
            steps: Cell = [
                [("say", word), ("text", f"{colon(language)} {n}")] for word, n in zip(WORDS, answer, strict=True) if n
            ]
            return steps or [[("text", "—")]]
        return [[("text", answer)]]

    def report_debrief(self, figures: Mapping[str, Any], language: str) -> list[ReportSection]:
        def mean_of(poll: Mapping[str, Any] | None) -> str:
            return (
                "—"
                if not poll or poll.get("mean") is None
                else str(poll["mean"]).replace(".", "," if language == "fr" else ".")
            )

        def votes(row: Mapping[str, Any]) -> str:
            """How many phones answered, before and after: a shift is only as telling as that."""
            steps = [poll.get("votes", 0) for poll in (row.get("before"), row.get("after")) if poll]
            return " → ".join(str(n) for n in steps) or "0"

        rows = [
            [
                [[("text", row.get("statement", ""))]],
                [[("text", mean_of(row.get("before")))]],
                [[("text", mean_of(row.get("after")))]],
                [[("text", mean_of({"mean": row.get("shift")}))]],
                [[("text", votes(row))]],
            ]
            for row in figures.get("opinions", [])
        ]
        head = (
            gettext_noop("Statement"),
            gettext_noop("Before"),
            gettext_noop("After"),
            gettext_noop("Shift (1 to 5)"),
            gettext_noop("Answers"),
        )
        return [section(gettext_noop("How the room moved"), "debrief-opinions", head, rows, (84, 20, 20, 26, 24))]


MECHANIC = Opinion()
