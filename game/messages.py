"""The wire protocol, typed in one place (see docs/protocol.md).

Server messages are built here from plain data and encoded once; client messages are parsed
and validated here, so consumers only translate.
"""

from __future__ import annotations

import json
import math
import time
from dataclasses import dataclass
from typing import Any, Literal, NotRequired, TypedDict

from cards.jsonbounds import TooDeep, loads_bounded
from cards.provenance import is_caution, provenance_line
from cards.units import UNITS, format_number, format_quantity, unit_get
from game.debrief import debrief
from game.engine import Round, SessionState, plan_clock
from game.mechanics import (
    SOLUTION_PICKS,
    VERDICTS,
    duel_problem,
    duel_ratio,
    fact_range,
    shuffled,
    solutions_tally,
    truth_duel,
    truth_timeline,
)
from game.selectors import TeamView

ESTIMATE_SCALE = (0.001, 1e9)


class BadMessage(ValueError):
    """The one error parse_client raises, with a message for the sender."""


class TooBig(BadMessage):
    """A frame over MAX_FRAME: refused, and the socket is closed with 1009 (message too big)."""


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
    "enter_answer": ("round", "team", "answer?"),
    "break": ("minutes",),
    "end_break": (),
    "show_debrief": (),
    "hide_debrief": (),
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
    return value


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
        for spec in COMMANDS[name]:
            optional = spec.endswith("?")
            arg = spec.rstrip("?")
            if arg not in data:
                if optional:
                    continue
                raise BadMessage(f"command {name!r} needs '{arg}'")
            value = data[arg]
            if arg in ("index", "seconds", "round", "minutes"):
                args[arg] = _int(value, arg)
            elif arg == "answer":
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


def _source(source: dict[str, Any]) -> dict[str, Any]:
    return {k: source.get(k) for k in ("author", "title", "year", "url")}


def card_face(card: dict[str, Any], language: str) -> dict[str, Any]:
    """What players may see before the reveal: never a value, a verdict or a year."""
    face = {"key": card.get("key"), "kind": card.get("kind"), "front": card.get("front", "")}
    if card.get("kind") == "fact" and card.get("unit") in UNITS:
        face["unit"] = UNITS[card["unit"]].label(language)
    if card.get("kind") == "solution":
        face["actors"] = list(card.get("actors", []))
    return face


def card_back(card: dict[str, Any], language: str) -> dict[str, Any]:
    """Everything a reveal shows of one card; a fact's words (quantity, provenance) are made
    here, in the session's language, so that every screen shows the same."""
    back = card_face(card, language) | {
        "back": card.get("back", ""),
        "sources": [_source(s) for s in card.get("sources", [])],
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


def _duel_unit(hand: list[dict[str, Any]]) -> str:
    """The one unit both values are shown in: of the two cards' own units, the one whose numbers
    stay closest to 1 (0,016 to 2,9 Wh rather than 57 to 10 440 J)."""

    def spread(code: str) -> float:
        factor = unit_get(code).factor
        ends = [x / factor for card in hand for x in fact_range(card) if math.isfinite(x)]
        return max(abs(math.log10(x)) for x in ends)

    codes = list(dict.fromkeys(str(card["unit"]) for card in hand))
    return min(codes, key=spread)  # min keeps the first of equals: the first card's unit


def _in_unit(card: dict[str, Any], code: str, language: str) -> str:
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


def duel_comparison(hand: list[dict[str, Any]], language: str) -> dict[str, Any]:
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


def _choices(mechanic: str, hand: list[dict[str, Any]]) -> Any:
    if mechanic == "verdict":
        return list(VERDICTS)
    if mechanic == "estimate":
        return {"min": ESTIMATE_SCALE[0], "max": ESTIMATE_SCALE[1]}
    if mechanic == "solutions":
        return {"picks": min(SOLUTION_PICKS, len(hand))}
    return [card.get("key") for card in hand]


def round_truth(mechanic: str, hand: list[dict[str, Any]]) -> Any:
    if mechanic == "verdict":
        return hand[0].get("verdict")
    if mechanic == "duel":
        return truth_duel(hand)
    if mechanic == "estimate":
        return {"value": hand[0].get("value"), "value_max": hand[0].get("value_max")}
    if mechanic == "timeline":
        return truth_timeline(hand)
    return None


def round_data(current: Round, cards: dict[str, dict[str, Any]], language: str, answered: int) -> dict[str, Any]:
    hand = [cards[key] for key in current.card_keys if key in cards]
    # Timeline and solution hands are shown in an order that gives nothing away.
    shown = shuffled(hand, current.number) if current.mechanic in ("timeline", "solutions") else hand
    reveal = None
    if current.status == "revealed":
        reveal = {
            "answer": round_truth(current.mechanic, hand),
            "cards": [card_back(card, language) for card in hand],
            "answers": current.answers,
            "points": current.points,
        }
        if current.mechanic == "verdict" and hand:  # the single card's reveal, flat, for the phone
            reveal |= {"back": hand[0].get("back", ""), "sources": [_source(x) for x in hand[0].get("sources", [])]}
        if current.mechanic == "solutions":
            reveal["tally"] = solutions_tally(current.answers, hand)
        if current.mechanic == "duel" and len(hand) == 2:
            reveal["duel"] = duel_comparison(hand, language)
    return {
        "number": current.number,
        "index": current.index,
        "mechanic": current.mechanic,
        "status": current.status,
        "duration": current.duration,
        "deadline": current.deadline,
        "remaining": current.remaining,
        "card": card_face(hand[0], language) if hand else None,
        "cards": [card_face(card, language) for card in shown],
        "choices": _choices(current.mechanic, shown),
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
            "phase": state.phase,
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
        "round": round_data(current, cards, language, answered) if current is not None else None,
    }
    if state.screen == "debrief" or state.phase == "ended":
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
