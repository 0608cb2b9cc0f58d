"""What the room did, for the debrief screen and the session report. Pure: no Django.

The ranking is the room's; every other section is a mechanic's (its `debrief`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from game.engine import Round, SessionState
from game.mechanics import MECHANICS, Card


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
    ranking: list[dict[str, Any]] = sorted(
        ({"team": tid, "name": name, "score": scores.get(tid, 0)} for tid, name in teams.items()),
        key=lambda row: -int(row["score"]),
    )
    by_mechanic: dict[str, list[tuple[Round, list[Card]]]] = {name: [] for name in MECHANICS}
    for played in played_rounds(state):
        if played.mechanic in by_mechanic:
            hand = [cards[key] for key in played.card_keys if key in cards]
            by_mechanic[played.mechanic].append((played, hand))
    sections: dict[str, Any] = {}
    for name, mechanic in MECHANICS.items():
        sections |= {key: [] for key in mechanic.debrief_keys}
        if by_mechanic[name]:
            sections |= mechanic.debrief(by_mechanic[name], language, top)
    return {
        "scoring": state.scoring,
        "ranking": ranking,
        "room_score": state.room_score(),
        "progress": score_progress(state),
    } | sections


def score_progress(state: SessionState) -> dict[str, Any]:
    """Every team's score after each scored round, in the order the rounds were played (the
    chart of the scores over the rounds): the last point of each is its score (team_scores)."""
    counted = [r for r in state.rounds if r.status == "revealed" and MECHANICS[r.mechanic].scored]
    totals = {t.id: 0 for t in state.teams}
    series: dict[str, list[int]] = {t.id: [] for t in state.teams}
    for played in counted:
        for team_id in totals:
            totals[team_id] += int(played.points.get(team_id, 0))
            series[team_id].append(totals[team_id])
    return {
        "rounds": [{"number": r.number, "card": r.index + 1, "mechanic": r.mechanic} for r in counted],
        "teams": [{"team": t.id, "name": t.name, "scores": series[t.id]} for t in state.teams],
    }
