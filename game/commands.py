"""The facilitator's commands: one typed registry that the parser and the service both read.

Pure module, no Django. Each command names its arguments (and their kinds, which the wire
parser checks), what it does to the room (through `Room`, which game.services implements over
the database) and which views it refreshes besides the room's state.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal, Protocol

from game import engine
from game.engine import SessionState, Vote
from game.mechanics import Card

ArgKind = Literal["int", "text", "answer"]
Refresh = Literal["roster", "all_teams", "team"]  # "team": the team named by the `team` argument


@dataclass(frozen=True)
class Arg:
    name: str
    kind: ArgKind
    optional: bool = False


class Room(Protocol):
    """What a command may read and do beyond the pure state (game.services._Room)."""

    state: SessionState
    now: float

    def votes(self) -> Sequence[Vote]: ...
    def captains(self) -> Mapping[str, str | None]: ...
    def round_cards(self) -> Sequence[Card]: ...
    def clear_team(self, team_id: str) -> None: ...
    def balance(self) -> None: ...
    def rename_player(self, player: str, nickname: str) -> None: ...
    def move_player(self, player: str, team: str) -> None: ...
    def remove_player(self, player: str) -> None: ...


Apply = Callable[[Room, dict[str, Any]], SessionState]


@dataclass(frozen=True)
class Command:
    name: str
    apply: Apply
    args: tuple[Arg, ...] = ()
    refresh: frozenset[Refresh] = frozenset()


def _state(change: Callable[..., SessionState]) -> Apply:
    """A command that only changes the state: change(state, now, **args)."""
    return lambda room, args: change(room.state, room.now, **args)


def _reveal(room: Room, args: dict[str, Any]) -> SessionState:
    if room.state.round is None:
        raise engine.GameError("no_card")
    answers = engine.settled_answers(room.state, room.votes(), room.captains())
    return engine.reveal(room.state, room.now, room.round_cards(), answers)


def _enter_answer(room: Room, args: dict[str, Any]) -> SessionState:
    return engine.enter_answer(room.state, args["round"], args["team"], args.get("answer"), room.round_cards())


def _remove_team(room: Room, args: dict[str, Any]) -> SessionState:
    new = engine.remove_team(room.state, args["team"])
    room.clear_team(args["team"])
    return new


def _then_state(act: Callable[[Room, dict[str, Any]], None]) -> Apply:
    """A command on the players only: the state is saved as it was (a new version)."""

    def apply(room: Room, args: dict[str, Any]) -> SessionState:
        act(room, args)
        return room.state

    return apply


TEAM, LABEL, SECONDS = Arg("team", "text"), Arg("label", "text"), Arg("seconds", "int")
PLAYER = Arg("player", "text")
ROUND_MOVES: frozenset[Refresh] = frozenset({"all_teams"})
ROSTER: frozenset[Refresh] = frozenset({"roster"})

COMMANDS: dict[str, Command] = {
    c.name: c
    for c in (
        Command("open", _state(lambda s, now: engine.open_room(s))),
        Command("lock_room", _state(lambda s, now: engine.lock_room(s, True))),
        Command("unlock_room", _state(lambda s, now: engine.lock_room(s, False))),
        Command("start", _state(engine.start), (Arg("index", "int", optional=True),), ROUND_MOVES),
        Command("next", _state(engine.next_card), refresh=ROUND_MOVES),
        Command("back", _state(engine.back), refresh=ROUND_MOVES),
        Command("restart", _state(engine.restart), refresh=ROUND_MOVES),
        Command("pause", _state(engine.pause)),
        Command("resume", _state(engine.resume)),
        Command("extend", _state(engine.extend), (SECONDS,)),
        Command("set_duration", _state(lambda s, now, seconds: engine.set_duration(s, seconds)), (SECONDS,)),
        Command("close", _state(engine.close), refresh=ROUND_MOVES),
        Command("skip", _state(engine.skip), refresh=ROUND_MOVES),
        Command("end", _state(engine.end), refresh=ROUND_MOVES),
        Command("reveal", _reveal, refresh=ROUND_MOVES),
        Command(
            "enter_answer",
            _enter_answer,
            (Arg("round", "int"), TEAM, Arg("answer", "answer", optional=True)),
            frozenset({"team"}),
        ),
        Command("break", _state(engine.start_break), (Arg("minutes", "int"),)),
        Command("end_break", _state(lambda s, now: engine.end_break(s))),
        Command("show_debrief", _state(lambda s, now: engine.show_screen(s, "debrief"))),
        Command("hide_debrief", _state(lambda s, now: engine.show_screen(s, "game"))),
        Command("add_team", _state(lambda s, now, label: engine.add_team(s, label)), (LABEL,), ROSTER),
        Command(
            "rename_team", _state(lambda s, now, team, label: engine.rename_team(s, team, label)), (TEAM, LABEL), ROSTER
        ),
        Command("remove_team", _remove_team, (TEAM,), ROSTER),
        Command("balance", _then_state(lambda room, args: room.balance()), refresh=ROSTER),
        Command(
            "rename_player",
            _then_state(lambda room, args: room.rename_player(args["player"], args["nickname"])),
            (PLAYER, Arg("nickname", "text")),
            ROSTER,
        ),
        Command(
            "move_player",
            _then_state(lambda room, args: room.move_player(args["player"], args["team"])),
            (PLAYER, TEAM),
            ROSTER,
        ),
        Command("remove_player", _then_state(lambda room, args: room.remove_player(args["player"])), (PLAYER,), ROSTER),
    )
}
