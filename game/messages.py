"""The wire protocol, typed in one place (see docs/protocol.md).

Server messages are built here from plain data and encoded once; client messages are parsed
and validated here, so consumers only translate.
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal, NotRequired, TypedDict

from cards.jsonbounds import TooDeep, loads_bounded
from cards.provenance import is_caution, provenance_line
from cards.units import UNITS, format_quantity
from game.commands import COMMANDS
from game.debrief import debrief
from game.engine import Round, SessionState, plan_clock
from game.mechanics import MECHANICS, Card
from game.mechanics.base import source_of
from game.selectors import TeamView


class BadMessage(ValueError):
    """The one error parse_client raises, with a message for the sender."""


class TooBig(BadMessage):
    """A frame over MAX_FRAME: refused, and the socket is closed with 1009 (message too big)."""


# --- client -> server ---

MAX_FRAME = 4096  # bytes of UTF-8; a longer frame closes the socket (1009 from daphne, else 4009)
MAX_DEPTH = 4  # levels of arrays and objects: the deepest message is {"choice": [...]}


@dataclass(frozen=True)
class ClientMessage:
    type: Literal["hello", "ping", "propose", "lock", "choose_team", "command"]
    round: int | None = None
    choice: Any = None
    team: str | None = None
    name: str | None = None
    args: dict[str, Any] | None = None


def _int(value: Any, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise BadMessage(f"'{name}' must be a whole number")
    return int(value)


def _str(value: Any, name: str, max_length: int = 200) -> str:
    if not isinstance(value, str) or len(value) > max_length:
        raise BadMessage(f"'{name}' must be a string of at most {max_length} characters")
    return value


def parse_client(text: str | None) -> ClientMessage:
    if text is None:
        raise BadMessage("binary frames are not accepted")
    if len(text) > MAX_FRAME or len(text.encode()) > MAX_FRAME:
        raise TooBig(f"message too long (at most {MAX_FRAME} bytes)")
    try:
        data = loads_bounded(text, max_depth=MAX_DEPTH)
    except json.JSONDecodeError as exc:
        raise BadMessage(f"not JSON: {exc.msg}") from None
    except TooDeep as exc:
        raise BadMessage(str(exc)) from None
    if not isinstance(data, dict):
        raise BadMessage("a message is a JSON object")
    kind = data.get("type")
    if kind == "hello":
        return ClientMessage("hello")
    if kind == "ping":
        return ClientMessage("ping")
    if kind == "propose":
        if "choice" not in data:
            raise BadMessage("'choice' is missing")
        choice = data["choice"]
        if not isinstance(choice, str | int | float | list) or len(json.dumps(choice)) > 500:
            raise BadMessage("'choice' is not an answer")
        return ClientMessage("propose", round=_int(data.get("round"), "round"), choice=choice)
    if kind == "lock":
        return ClientMessage("lock", round=_int(data.get("round"), "round"))
    if kind == "choose_team":
        return ClientMessage("choose_team", team=_str(data.get("team"), "team", 8))
    if kind == "command":
        name = data.get("name")
        if not isinstance(name, str) or name not in COMMANDS:
            raise BadMessage(f"unknown command {str(name)[:40]!r}")
        args: dict[str, Any] = {}
        for spec in COMMANDS[name].args:
            arg = spec.name
            if arg not in data:
                if spec.optional:
                    continue
                raise BadMessage(f"command {name!r} needs '{arg}'")
            value = data[arg]
            if spec.kind == "int":
                args[arg] = _int(value, arg)
            elif spec.kind == "answer":
                if value is not None and (
                    not isinstance(value, str | int | float | list) or len(json.dumps(value)) > 500
                ):
                    raise BadMessage("'answer' is not an answer")
                args[arg] = value
            else:
                args[arg] = _str(value, arg)
        return ClientMessage("command", name=name, args=args)
    raise BadMessage(f"unknown message type {str(kind)[:40]!r}")


# --- server -> client ---


class StateMessage(TypedDict):
    type: Literal["state"]
    v: int
    now: float
    session: dict[str, Any]
    teams: list[dict[str, Any]]
    room_score: int
    plan: dict[str, Any]
    round: dict[str, Any] | None
    debrief: NotRequired[dict[str, Any]]


def encode(message: dict[str, Any] | StateMessage) -> str:
    return json.dumps(message, ensure_ascii=False, separators=(",", ":"))


def card_face(card: Card, language: str) -> dict[str, Any]:
    """What players may see before the reveal: never a value, a verdict or a year."""
    face = {"key": card.get("key"), "kind": card.get("kind"), "front": card.get("front", "")}
    if card.get("kind") == "fact" and card.get("unit") in UNITS:
        face["unit"] = UNITS[card["unit"]].label(language)
    if card.get("kind") == "solution":
        face["actors"] = list(card.get("actors", []))
    return face


def card_back(card: Card, language: str) -> dict[str, Any]:
    """Everything a reveal shows of one card; a fact's words (quantity, provenance) are made
    here, in the session's language, so that every screen shows the same."""
    back = card_face(card, language) | {
        "back": card.get("back", ""),
        "sources": [source_of(s) for s in card.get("sources", [])],
    }
    if card.get("kind") == "fact" and card.get("unit") in UNITS:
        status = [str(s) for s in card.get("status") or []]
        as_of = str(card.get("as_of") or "")
        back |= {
            "value": card.get("value"),
            "value_max": card.get("value_max"),
            "bound": card.get("bound") or "",
            "quantity": format_quantity(
                card["value"], card.get("value_max"), card["unit"], language, bound=card.get("bound") or ""
            ),
            "scope": card.get("scope", ""),
            "as_of": as_of,
            "status": status,
            "provenance": provenance_line(status, as_of, language),
            "caution": is_caution(status),
            "comparison": card.get("comparison", ""),
        }
    if card.get("kind") == "misconception":
        back["verdict"] = card.get("verdict")
    if card.get("kind") == "history":
        back["year"] = card.get("year")
    return back


def round_truth(mechanic: str, hand: Sequence[Card]) -> Any:
    return MECHANICS[mechanic].truth(hand)


def round_data(
    current: Round,
    cards: dict[str, dict[str, Any]],
    language: str,
    answered: int,
    earlier: Sequence[Round] = (),
) -> dict[str, Any]:
    """The round on screen; `earlier` are the session's revealed rounds (a reveal may compare)."""
    mechanic = MECHANICS[current.mechanic]
    hand = [cards[key] for key in current.card_keys if key in cards]
    shown = mechanic.deal(hand, current.number)
    reveal = None
    if current.status == "revealed":
        reveal = {
            "answer": mechanic.truth(hand),
            "cards": [card_back(card, language) for card in hand],
            "answers": current.answers,
            "points": current.points,
            "rule": mechanic.rule(shown, current.options),  # how the points were given, in figures
        } | mechanic.reveal(current, hand, earlier, language)
    # sent only when false (an unscored poll, no captain's lock): every phone gets every state
    flags = {name: False for name in ("scored", "lockable") if not getattr(mechanic, name)}
    return {
        "number": current.number,
        "index": current.index,
        "mechanic": current.mechanic,
        **flags,
        "status": current.status,
        "duration": current.duration,
        "deadline": current.deadline,
        "remaining": current.remaining,
        "card": card_face(hand[0], language) if hand else None,
        "cards": [card_face(card, language) for card in shown],
        "choices": mechanic.choices(shown, current.options),
        "answered": answered,
        "reveal": reveal,
    }


def state_message(
    *,
    version: int,
    code: str,
    title: str,
    language: str,
    state: SessionState,
    cards: dict[str, dict[str, Any]],
    sizes: dict[str, int],
    answered: int,
) -> StateMessage:
    scores = state.team_scores()
    current = state.round
    now = time.time()
    message: StateMessage = {
        "type": "state",
        "v": version,
        "now": round(now, 3),
        "session": {
            "code": code,
            "title": title,
            "lifecycle": state.lifecycle,
            "locked": state.locked,
            "scoring": state.scoring,
            "language": language,
            "duration": state.duration,
            "projector_only": state.projector_only,
            "break_until": state.break_until,
            "screen": state.screen,
        },
        "teams": [
            {"id": t.id, "name": t.name, "size": sizes.get(t.id, 0), "score": scores.get(t.id, 0)} for t in state.teams
        ],
        "room_score": state.room_score(),
        "plan": {
            "index": current.index if current else None,
            "total": len(state.plan),
            "phase": state.plan[current.index].phase if current else None,
            "phases": [{"title": p.title, "mechanic": p.mechanic, "budget": p.budget} for p in state.phases],
            "started_at": state.started_at,
            "clock": plan_clock(state, now),
        },
        "round": round_data(current, cards, language, answered, [r for r in state.rounds if r.status == "revealed"])
        if current is not None
        else None,
    }
    if state.screen == "debrief" or state.lifecycle == "ended":
        message["debrief"] = debrief(state, cards, language=language)
    return message


def team_message(view: TeamView) -> dict[str, Any]:
    return {
        "type": "team",
        "team": view.team_id,
        "round": view.round_number,
        "captain": view.members[0].public_id if view.members else None,
        "members": [
            {"id": p.public_id, "nickname": p.nickname, "proposal": view.proposals.get(p.public_id)}
            for p in view.members
        ],
        "locked": view.locked,
        "answer": view.answer,
    }


def you_message(*, public_id: str, nickname: str, team_id: str) -> dict[str, Any]:
    return {"type": "you", "player": {"id": public_id, "nickname": nickname, "team": team_id or None}}


def roster_message(players: list[tuple[str, str, str]]) -> dict[str, Any]:
    return {
        "type": "roster",
        "players": [{"id": pid, "nickname": nick, "team": team or None} for pid, nick, team in players],
    }


def progress_message(*, round_number: int, answered: int, teams: int) -> dict[str, Any]:
    return {"type": "progress", "round": round_number, "answered": answered, "teams": teams}


def ack_message(of: str, **fields: Any) -> dict[str, Any]:
    return {"type": "ack", "of": of, **fields}


def pong_message(version: int | None) -> dict[str, Any]:
    """The answer to a client's periodic check: the room's version, nothing else."""
    return {"type": "pong", "v": version}


def error_message(code: str, message: str) -> dict[str, Any]:
    return {"type": "error", "code": code, "message": message}


REMOVED = {"type": "removed"}
