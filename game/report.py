"""The session report as plain data: every round, every team's answer, the debrief.

Read by the PDF (printables.report) and the CSV export. Nicknames are the only personal
data it carries; no token, no connection detail.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from cards.provenance import provenance_line
from cards.units import UNITS, format_quantity
from game import footprint, selectors
from game.debrief import debrief, played_rounds
from game.mechanics import MECHANICS
from game.messages import card_back
from game.models import GameSession, Player


def report_data(session: GameSession) -> dict[str, Any]:
    state = selectors.state_of(session)
    cards = selectors.cards_of(session)
    language = session.language
    members: dict[str, list[str]] = {}
    for player in Player.objects.filter(session=session).order_by("team_since", "id"):
        members.setdefault(player.team_id, []).append(player.nickname)
    rounds = []
    revealed = [r for r in state.rounds if r.status == "revealed"]
    for played in played_rounds(state):
        hand = [cards[key] for key in played.card_keys if key in cards]
        mechanic = MECHANICS[played.mechanic]
        phase = state.plan[played.index].phase if played.index < len(state.plan) else 0
        rounds.append(
            {
                "number": played.number,
                "index": played.index,
                "phase": state.phases[phase].title if phase < len(state.phases) else "",
                "mechanic": played.mechanic,
                "cards": [_card_for_report(card, language) for card in hand],
                "answer": mechanic.truth(hand),
                "answers": played.answers,
                "points": played.points,
                "options": played.options,
                # what the reveal added (a duel's comparison, a tally, a poll's spread), keys the report reads
                "reveal": {
                    k: v
                    for k, v in mechanic.reveal(played, hand, revealed, language).items()
                    if k not in ("answers", "points")
                },
            }
        )
    return {
        "title": session.title,
        "code": session.code,
        "language": language,
        "deck": session.deck.title if session.deck else "",
        "created_at": session.created_at.isoformat(timespec="minutes"),
        "scoring": state.scoring,
        "teams": [{"id": t.id, "name": t.name, "members": members.get(t.id, [])} for t in state.teams],
        "rounds": rounds,
        "debrief": debrief(state, cards, language=language),
        "footprint": _footprint(session),
    }


def _footprint(session: GameSession) -> dict[str, Any]:
    footprint.flush()  # this process's latest counts first
    return footprint.summary(session.pk, session.language)


def _card_for_report(card: dict[str, Any], language: str) -> dict[str, Any]:
    """What the reveal showed of a card, and for a fact what the printed report must say of its
    figure: the quantity with its floor ('more than'), the scope, how sure it is and its year."""
    back = card_back(card, language)
    if card.get("kind") == "fact" and card.get("unit") in UNITS and card.get("value") is not None:
        back["quantity"] = format_quantity(
            card["value"], card.get("value_max"), card["unit"], language, bound=card.get("bound", "")
        )
        back["scope"] = card.get("scope", "")
        back["provenance"] = provenance_line(card.get("status", []), card.get("as_of", ""), language)
    return back


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    text = str(value)
    # A cell starting with = + - @ would run as a formula in a spreadsheet.
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def report_csv(data: dict[str, Any]) -> str:
    """One row per round and team: what the team answered, the right answer, the points."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["round", "phase", "mechanic", "cards", "right_answer", "team", "team_name", "answer", "points"])
    names = {team["id"]: team["name"] for team in data["teams"]}
    for played in data["rounds"]:
        keys = " ".join(str(card["key"]) for card in played["cards"])
        for team_id, answer in played["answers"].items():
            writer.writerow(
                [
                    _cell(v)
                    for v in (
                        played["number"],
                        played["phase"],
                        played["mechanic"],
                        keys,
                        played["answer"],
                        team_id,
                        names.get(team_id, ""),
                        answer,
                        played["points"].get(team_id, 0),
                    )
                ]
            )
    return out.getvalue()
