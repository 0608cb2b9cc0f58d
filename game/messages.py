"""The wire protocol, typed in one place (see docs/protocol.md).

Server messages are built here from plain data and encoded once; client messages are parsed
and validated here, so consumers only translate.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Any, Literal, TypedDict

from game.engine import VERDICTS, SessionState
from game.selectors import TeamView


class BadMessage(ValueError):
    pass


# --- client -> server ---

COMMANDS = {
    "open": (),
    "lock_room": (),
    "unlock_room": (),
    "start": ("index?",),
    "next": (),
    "back": (),
    "restart": (),
    "pause": (),
    "resume": (),
    "extend": ("seconds",),
    "set_duration": ("seconds",),
    "close": (),
    "reveal": (),
    "skip": (),
    "end": (),
    "add_team": ("label",),
    "rename_team": ("team", "label"),
    "remove_team": ("team",),
    "balance": (),
    "rename_player": ("player", "nickname"),
    "move_player": ("player", "team"),
    "remove_player": ("player",),
}
MAX_FRAME = 4096


@dataclass(frozen=True)
class ClientMessage:
    type: Literal["hello", "propose", "lock", "choose_team", "command"]
    round: int | None = None
    choice: Any = None
    team: str | None = None
    name: str | None = None
    args: dict[str, Any] | None = None


def _int(value: Any, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise BadMessage(f"'{name}' must be a whole number")
    return value


def _str(value: Any, name: str, max_length: int = 200) -> str:
    if not isinstance(value, str) or len(value) > max_length:
        raise BadMessage(f"'{name}' must be a string of at most {max_length} characters")
    return value


def parse_client(text: str | None) -> ClientMessage:
    if text is None:
        raise BadMessage("binary frames are not accepted")
    if len(text) > MAX_FRAME:
        raise BadMessage(f"message too long (at most {MAX_FRAME} characters)")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BadMessage(f"not JSON: {exc.msg}") from None
    if not isinstance(data, dict):
        raise BadMessage("a message is a JSON object")
    kind = data.get("type")
    if kind == "hello":
        return ClientMessage("hello")
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
        if name not in COMMANDS:
            raise BadMessage(f"unknown command {str(name)[:40]!r}")
        args: dict[str, Any] = {}
        for spec in COMMANDS[name]:
            optional = spec.endswith("?")
            arg = spec.rstrip("?")
            if arg not in data:
                if optional:
                    continue
                raise BadMessage(f"command {name!r} needs '{arg}'")
            value = data[arg]
            if arg in ("index", "seconds"):
                args[arg] = _int(value, arg)
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


def encode(message: dict[str, Any] | StateMessage) -> str:
    return json.dumps(message, ensure_ascii=False, separators=(",", ":"))


def _source(source: dict[str, Any]) -> dict[str, Any]:
    return {k: source.get(k) for k in ("author", "title", "year", "url")}


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
    round_data = None
    if current is not None:
        card = cards.get(current.card_key, {})
        reveal = None
        if current.status == "revealed":
            reveal = {
                "answer": card.get("verdict"),
                "back": card.get("back", ""),
                "sources": [_source(s) for s in card.get("sources", [])],
                "answers": current.answers,
                "points": current.points,
            }
        round_data = {
            "number": current.number,
            "index": current.index,
            "mechanic": current.mechanic,
            "status": current.status,
            "duration": current.duration,
            "deadline": current.deadline,
            "remaining": current.remaining,
            "card": {"key": card.get("key"), "kind": card.get("kind"), "front": card.get("front", "")},
            "choices": list(VERDICTS),
            "answered": answered,
            "reveal": reveal,
        }
    return {
        "type": "state",
        "v": version,
        "now": round(time.time(), 3),
        "session": {
            "code": code,
            "title": title,
            "phase": state.phase,
            "locked": state.locked,
            "scoring": state.scoring,
            "language": language,
            "duration": state.duration,
        },
        "teams": [
            {"id": t.id, "name": t.name, "size": sizes.get(t.id, 0), "score": scores.get(t.id, 0)} for t in state.teams
        ],
        "room_score": state.room_score(),
        "plan": {"index": current.index if current else None, "total": len(state.plan)},
        "round": round_data,
    }


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


def error_message(code: str, message: str) -> dict[str, Any]:
    return {"type": "error", "code": code, "message": message}


REMOVED = {"type": "removed"}
