"""What the room did, for the debrief screen and the session report. Pure: no Django."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from cards.units import UNITS
from game.engine import Round, SessionState
from game.mechanics import orders_off, solutions_tally

Card = Mapping[str, Any]


def played_rounds(state: SessionState) -> list[Round]:
    """The last revealed round of each card of the plan, in plan order (a replay replaces)."""
    latest: dict[int, Round] = {}
    for played in state.rounds:
        if played.status == "revealed":
            latest[played.index] = played
    return [latest[index] for index in sorted(latest)]


def debrief(state: SessionState, cards: Mapping[str, Card], top: int = 5, language: str = "fr") -> dict[str, Any]:
    scores = state.team_scores()
    teams = {t.id: t.name for t in state.teams}
    ranking = sorted(
        ({"team": tid, "name": name, "score": scores.get(tid, 0)} for tid, name in teams.items()),
        key=lambda row: -row["score"],
    )
    wrong, estimates, solution_answers, solution_cards = [], [], {}, {}
    for played in played_rounds(state):
        answered = {t: a for t, a in played.answers.items() if a is not None}
        if played.mechanic == "verdict":
            card = cards.get(played.card_keys[0], {})
            misses = sum(1 for a in answered.values() if a != card.get("verdict"))
            if answered:
                wrong.append(
                    {
                        "key": card.get("key"),
                        "front": card.get("front", ""),
                        "verdict": card.get("verdict"),
                        "wrong": misses,
                        "answered": len(answered),
                    }
                )
        elif played.mechanic == "estimate":
            card = cards.get(played.card_keys[0], {})
            if answered and card:
                offs = [orders_off(float(a), card) for a in answered.values()]
                estimates.append(
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
        elif played.mechanic == "solutions":
            for team, answer in answered.items():
                solution_answers[f"{played.number}:{team}"] = answer
            for key in played.card_keys:
                solution_cards[key] = cards.get(key, {"key": key})
    wrong.sort(key=lambda row: (-row["wrong"] / row["answered"], str(row["key"])))
    estimates.sort(key=lambda row: (-row["mean_off"], str(row["key"])))
    tally = solutions_tally(solution_answers, list(solution_cards.values()))
    chosen = sorted(
        (
            {"key": key, "front": solution_cards[key].get("front", ""), **row}
            for key, row in tally.items()
            if row["count"]
        ),
        key=lambda row: (-row["weight"], str(row["key"])),
    )
    return {
        "scoring": state.scoring,
        "ranking": ranking,
        "room_score": state.room_score(),
        "misconceptions": [row for row in wrong if row["wrong"]][:top],
        "estimates": estimates[:top],
        "solutions": chosen[:top],
    }
