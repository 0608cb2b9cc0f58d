"""The rules of a live session, as a pure engine: no Django, no database, no clock.

The state is plain dataclasses that round-trip through JSON (`to_json` / `from_json`).
Every rule is a function that takes the state and the facts it needs (the time, the
proposals of a round) and returns the new state, or raises GameError with a message the
facilitator or the player can act on. game.services loads, applies, saves and broadcasts.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, cast, get_args

from game.mechanics import MECHANICS, Card, ChoiceError, Vote, check_hand, for_kind
from game.mechanics.base import CodedError

Lifecycle = Literal["draft", "lobby", "playing", "ended"]  # the session's, not a workshop phase
RoundStatus = Literal["answering", "paused", "closed", "revealed", "skipped"]
Screen = Literal["game", "debrief"]  # what the projector shows
Scoring = Literal["competitive", "cooperative"]
LIFECYCLE: tuple[Lifecycle, ...] = get_args(Lifecycle)
SCREENS: tuple[Screen, ...] = get_args(Screen)
SCORINGS: tuple[Scoring, ...] = get_args(Scoring)
NICKNAME_MAX = 24
TEAM_NAME_MAX = 30
DURATION_MIN, DURATION_MAX = 10, 900
TEAMS_MAX = 24
BREAK_MAX_MINUTES = 60
__all__ = ["Vote"]


class GameError(CodedError):
    """Something the player or the facilitator can fix; `code` says which message to show."""


# --- the state ---


def _json_copy(value: Any) -> Any:
    """A deep copy of JSON-shaped data (what answers, points and options hold): the containers
    are new, the atoms shared (strings and numbers never change)."""
    if isinstance(value, dict):
        return {key: _json_copy(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_json_copy(item) for item in value]
    return value


def _dict_copy(values: dict[str, Any]) -> dict[str, Any]:
    """A copy of a dict of JSON values: most values are atoms (a choice, points), copied only when not."""
    return {key: _json_copy(item) if isinstance(item, dict | list) else item for key, item in values.items()}


# Each class below says itself as JSON (`to_json`) explicitly, field by field, and the state's
# copy is its JSON read back: copy.deepcopy and dataclasses.asdict walked every value through
# their generic machinery, a good part of a facilitator action's CPU. A new field must be added
# to to_json (the round trip and the deep copy are tested in tests/game/test_engine.py).


@dataclass
class Team:
    id: str
    name: str

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name}


@dataclass
class Phase:
    """A part of the workshop with its time budget (a plan is a list of phases)."""

    title: str
    mechanic: str  # one of MECHANICS, or "info" for a welcome, a debrief, a break...
    budget: int  # seconds
    options: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "mechanic": self.mechanic,
            "budget": self.budget,
            "options": _dict_copy(self.options),
        }


@dataclass
class PlanItem:
    """One round to play: the cards it shows, under which mechanic, in which phase."""

    card_keys: list[str]
    mechanic: str
    phase: int = 0

    def to_json(self) -> dict[str, Any]:
        return {"card_keys": list(self.card_keys), "mechanic": self.mechanic, "phase": self.phase}


@dataclass
class Round:
    number: int  # unique in the session, increasing: proposals are filed under it
    index: int  # position of the round in the plan
    card_keys: list[str]
    mechanic: str
    status: RoundStatus
    duration: int
    deadline: float | None = None  # while answering
    remaining: float | None = None  # while paused
    locked: dict[str, Any] = field(default_factory=dict)  # team id -> answer settled by its captain
    answers: dict[str, Any] = field(default_factory=dict)  # team id -> settled answer (None: no answer)
    points: dict[str, int] = field(default_factory=dict)
    options: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "index": self.index,
            "card_keys": list(self.card_keys),
            "mechanic": self.mechanic,
            "status": self.status,
            "duration": self.duration,
            "deadline": self.deadline,
            "remaining": self.remaining,
            "locked": _dict_copy(self.locked),
            "answers": _dict_copy(self.answers),
            "points": dict(self.points),
            "options": _dict_copy(self.options),
        }


@dataclass
class SessionState:
    lifecycle: Lifecycle = "draft"  # draft → lobby → playing → ended (a workshop's parts are `Phase`s)
    locked: bool = False
    scoring: Scoring = "competitive"
    duration: int = 60
    teams: list[Team] = field(default_factory=list)
    plan: list[PlanItem] = field(default_factory=list)
    rounds: list[Round] = field(default_factory=list)
    current: int | None = None  # index in `rounds` of the round on screen
    next_team: int = 1
    phases: list[Phase] = field(default_factory=list)
    started_at: float | None = None  # the first card: the plan's clock starts there
    break_until: float | None = None
    screen: Screen = "game"
    projector_only: bool = False  # no phones: the facilitator enters the teams' answers

    def copy(self) -> SessionState:
        """A deep copy: what a rule changes on it never reaches the state it was given (to_json
        shares no container with the state, from_json builds the objects around them)."""
        return SessionState.from_json(self.to_json())

    def to_json(self) -> dict[str, Any]:
        """The state as JSON-shaped data, sharing no container with the state."""
        return {
            "lifecycle": self.lifecycle,
            "locked": self.locked,
            "scoring": self.scoring,
            "duration": self.duration,
            "teams": [t.to_json() for t in self.teams],
            "plan": [p.to_json() for p in self.plan],
            "rounds": [r.to_json() for r in self.rounds],
            "current": self.current,
            "next_team": self.next_team,
            "phases": [p.to_json() for p in self.phases],
            "started_at": self.started_at,
            "break_until": self.break_until,
            "screen": self.screen,
            "projector_only": self.projector_only,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> SessionState:
        data = dict(data)
        data["teams"] = [Team(**t) for t in data.get("teams", [])]
        data["plan"] = [PlanItem(**p) for p in data.get("plan", [])]
        data["rounds"] = [Round(**r) for r in data.get("rounds", [])]
        data["phases"] = [Phase(**p) for p in data.get("phases", [])]
        return cls(**data)

    # Derived views, never stored.

    @property
    def round(self) -> Round | None:
        return self.rounds[self.current] if self.current is not None else None

    def team(self, team_id: str) -> Team:
        for team in self.teams:
            if team.id == team_id:
                return team
        raise GameError("unknown_team")

    def team_scores(self) -> dict[str, int]:
        scores = {team.id: 0 for team in self.teams}
        for played in self.rounds:
            if played.status == "revealed":
                for team_id, points in played.points.items():
                    if team_id in scores:
                        scores[team_id] += points
        return scores

    def room_score(self) -> int:
        return sum(self.team_scores().values())


def mechanic_for(kind: str) -> str:
    """The mechanic a single card of this kind is played with by default."""
    mechanic = for_kind(kind)
    if mechanic is None:
        raise GameError("no_mechanic", kind=kind)
    return mechanic.name


# --- text from people ---


def clean_text(text: str, max_length: int) -> str:
    """Strip control and format characters, fold white space, enforce a length."""
    kept = "".join(ch if not unicodedata.category(ch).startswith("C") else " " for ch in str(text))
    folded = " ".join(kept.split())
    if not folded:
        raise GameError("empty_name")
    if len(folded) > max_length:
        raise GameError("name_too_long", max=max_length)
    return folded


# --- rules ---


def _copy(state: SessionState) -> SessionState:
    return state.copy()


def _require_lifecycle(state: SessionState, *stages: Lifecycle) -> None:
    if state.lifecycle not in stages:
        raise GameError("wrong_lifecycle", lifecycle=state.lifecycle)


def session_new(
    *,
    plan: Sequence[PlanItem],
    scoring: str,
    team_names: Sequence[str],
    duration: int,
    cards: Mapping[str, Card] | None = None,
    phases: Sequence[Phase] = (),
    projector_only: bool = False,
) -> SessionState:
    """A new session; with `cards` (key -> card), every round's hand is checked for its mechanic."""
    if scoring not in SCORINGS:
        raise GameError("bad_scoring")
    if not plan:
        raise GameError("empty_plan")
    for item in plan:
        if item.mechanic not in MECHANICS:
            raise GameError("no_mechanic", kind=item.mechanic)
        if phases and not 0 <= item.phase < len(phases):
            raise GameError("no_such_card")
        if cards is not None:
            if any(key not in cards for key in item.card_keys):
                raise GameError("no_such_card")
            try:
                check_hand(item.mechanic, [cards[key] for key in item.card_keys])
            except ChoiceError as exc:
                raise GameError("bad_hand", problem=exc.problem.at(item.phase + 1)) from None
    state = SessionState(
        scoring=cast(Scoring, scoring),
        duration=_clean_duration(duration),
        plan=list(plan),
        phases=list(phases),
        projector_only=projector_only,
    )
    for name in team_names:
        state = add_team(state, name)
    return state


def _clean_duration(seconds: Any) -> int:
    if isinstance(seconds, bool) or not isinstance(seconds, int | float) or math.isnan(seconds):
        raise GameError("bad_duration", min=DURATION_MIN, max=DURATION_MAX)
    if not DURATION_MIN <= seconds <= DURATION_MAX:
        raise GameError("bad_duration", min=DURATION_MIN, max=DURATION_MAX)
    return int(seconds)


def open_room(state: SessionState) -> SessionState:
    _require_lifecycle(state, "draft")
    new = _copy(state)
    new.lifecycle = "lobby"
    return new


def lock_room(state: SessionState, locked: bool) -> SessionState:
    _require_lifecycle(state, "draft", "lobby", "playing")
    new = _copy(state)
    new.locked = locked
    return new


def check_can_join(state: SessionState) -> None:
    if state.lifecycle not in ("lobby", "playing"):
        raise GameError("room_closed")
    if state.locked:
        raise GameError("room_locked")


def check_can_choose_team(state: SessionState, team_id: str) -> None:
    state.team(team_id)
    if state.lifecycle != "lobby":
        raise GameError("teams_frozen")


def add_team(state: SessionState, name: str) -> SessionState:
    if state.lifecycle == "ended":
        raise GameError("wrong_lifecycle", lifecycle=state.lifecycle)
    if len(state.teams) >= TEAMS_MAX:
        raise GameError("too_many_teams", max=TEAMS_MAX)
    clean = clean_text(name, TEAM_NAME_MAX)
    new = _copy(state)
    new.teams.append(Team(id=f"t{new.next_team}", name=clean))
    new.next_team += 1
    return new


def rename_team(state: SessionState, team_id: str, name: str) -> SessionState:
    clean = clean_text(name, TEAM_NAME_MAX)
    new = _copy(state)
    new.team(team_id).name = clean
    return new


def remove_team(state: SessionState, team_id: str) -> SessionState:
    state.team(team_id)
    if len(state.teams) <= 1:
        raise GameError("last_team")
    new = _copy(state)
    new.teams = [t for t in new.teams if t.id != team_id]
    return new


def balance(team_ids: Sequence[str], members: Sequence[tuple[str, str]]) -> dict[str, str]:
    """Spread players evenly: returns {player id: team id} for the players that must move.

    `members` is (player id, team id or "") in join order. Players already in a team stay
    unless their team is over its fair share; the latest joiners move first.
    """
    if not team_ids:
        raise GameError("no_team")
    count = len(members)
    base, extra = divmod(count, len(team_ids))
    capacity = {team: base + (1 if i < extra else 0) for i, team in enumerate(team_ids)}
    kept: dict[str, list[str]] = {team: [] for team in team_ids}
    to_place: list[str] = []
    for player, team in members:
        if team in kept and len(kept[team]) < capacity[team]:
            kept[team].append(player)
        else:
            to_place.append(player)
    moves: dict[str, str] = {}
    for player in to_place:
        team = min(team_ids, key=lambda t: (len(kept[t]) - capacity[t], len(kept[t])))
        kept[team].append(player)
        moves[player] = team
    current = dict(members)
    return {p: t for p, t in moves.items() if current.get(p) != t}


def team_for_newcomer(state: SessionState, sizes: Mapping[str, int]) -> str:
    """The smallest team (first in order on a tie)."""
    if not state.teams:
        raise GameError("no_team")
    return min(state.teams, key=lambda t: sizes.get(t.id, 0)).id


def captain(member_ids_in_join_order: Sequence[str]) -> str | None:
    """The captain is the earliest member still in the team: derived, never stored."""
    return member_ids_in_join_order[0] if member_ids_in_join_order else None


# --- rounds ---


def _start_round(state: SessionState, index: int, now: float) -> SessionState:
    if not 0 <= index < len(state.plan):
        raise GameError("no_such_card")
    new = _copy(state)
    item = new.plan[index]
    number = len(new.rounds) + 1
    options = dict(new.phases[item.phase].options) if item.phase < len(new.phases) else {}
    new.rounds.append(
        Round(
            number=number,
            index=index,
            card_keys=list(item.card_keys),
            mechanic=item.mechanic,
            status="answering",
            duration=new.duration,
            deadline=now + new.duration,
            options=options,
        )
    )
    new.current = len(new.rounds) - 1
    new.lifecycle = "playing"
    if new.started_at is None:
        new.started_at = now
    new.break_until = None
    new.screen = "game"
    return new


def start(state: SessionState, now: float, index: int | None = None) -> SessionState:
    _require_lifecycle(state, "lobby", "playing")
    if index is None:
        index = 0 if state.round is None else state.round.index + 1
    return _start_round(_expire(state, now), index, now)


def _latest_round_for(state: SessionState, index: int) -> int | None:
    for position in range(len(state.rounds) - 1, -1, -1):
        if state.rounds[position].index == index:
            return position
    return None


def next_card(state: SessionState, now: float) -> SessionState:
    """Show the next card of the plan: as it was if already played, else start it."""
    _require_lifecycle(state, "lobby", "playing")
    index = 0 if state.round is None else state.round.index + 1
    if index >= len(state.plan):
        raise GameError("no_more_cards")
    position = _latest_round_for(state, index)
    if position is None:
        return start(state, now, index)
    new = _expire(state, now)
    new.current = position
    return new


def back(state: SessionState, now: float) -> SessionState:
    _require_lifecycle(state, "playing")
    current = state.round
    if current is None or current.index == 0:
        raise GameError("no_previous_card")
    position = _latest_round_for(state, current.index - 1)
    if position is None:
        return start(state, now, current.index - 1)
    new = _expire(state, now)
    new.current = position
    return new


def restart(state: SessionState, now: float) -> SessionState:
    _require_lifecycle(state, "playing")
    current = _current(state)
    return _start_round(_expire(state, now), current.index, now)


def _current(state: SessionState) -> Round:
    current = state.round
    if current is None:
        raise GameError("no_card")
    return current


def _expire(state: SessionState, now: float) -> SessionState:
    """A countdown that reached zero closes its round: answers after it are refused."""
    current = state.round
    if current is None or current.status != "answering" or current.deadline is None or now < current.deadline:
        return state
    new = _copy(state)
    _current(new).status = "closed"
    return new


def pause(state: SessionState, now: float) -> SessionState:
    state = _expire(state, now)
    current = _current(state)
    if current.status != "answering" or current.deadline is None:
        raise GameError("not_answering")
    new = _copy(state)
    r = _current(new)
    r.status, r.remaining, r.deadline = "paused", max(0.0, current.deadline - now), None
    return new


def resume(state: SessionState, now: float) -> SessionState:
    current = _current(state)
    if current.status != "paused" or current.remaining is None:
        raise GameError("not_paused")
    new = _copy(state)
    r = _current(new)
    r.status, r.deadline, r.remaining = "answering", now + current.remaining, None
    return new


def extend(state: SessionState, now: float, seconds: Any) -> SessionState:
    seconds = _clean_duration(seconds)
    current = _current(state)
    new = _copy(state)
    r = _current(new)
    if current.status == "paused" and current.remaining is not None:
        r.remaining = current.remaining + seconds
    elif current.status == "answering" and current.deadline is not None:
        r.deadline = max(current.deadline, now) + seconds
    elif current.status == "closed":  # time was up: reopen answers for the extra time
        r.status, r.deadline = "answering", now + seconds
    else:
        raise GameError("not_answering")
    r.duration = current.duration + seconds
    return new


def set_duration(state: SessionState, seconds: Any) -> SessionState:
    new = _copy(state)
    new.duration = _clean_duration(seconds)
    return new


def close(state: SessionState, now: float) -> SessionState:
    state = _expire(state, now)
    current = _current(state)
    if current.status not in ("answering", "paused"):
        raise GameError("not_answering")
    new = _copy(state)
    r = _current(new)
    r.status, r.deadline, r.remaining = "closed", None, None
    return new


def _clean(current: Round, choice: Any, cards: Sequence[Card]) -> Any:
    try:
        return MECHANICS[current.mechanic].clean(choice, cards)
    except ChoiceError:
        raise GameError("bad_choice") from None


def check_can_propose(
    state: SessionState, now: float, round_number: Any, team_id: str, choice: Any, cards: Sequence[Card]
) -> Any:
    """Validate a proposal against the round's hand; returns the cleaned choice."""
    current = state.round
    if current is None or current.number != round_number:
        raise GameError("not_current_round")
    if current.status == "paused":
        raise GameError("paused")
    if current.status != "answering" or (current.deadline is not None and now >= current.deadline):
        raise GameError("time_up")
    if not team_id or team_id not in {t.id for t in state.teams}:
        raise GameError("no_team")
    if team_id in current.locked:
        raise GameError("team_locked")
    return _clean(current, choice, cards)


def lock_team(
    state: SessionState,
    now: float,
    round_number: Any,
    team_id: str,
    player_id: str,
    captain_id: str | None,
    votes: Sequence[Vote],
) -> SessionState:
    """The captain settles the team's answer before the countdown ends."""
    current = state.round
    if current is None or current.number != round_number:
        raise GameError("not_current_round")
    if player_id != captain_id:
        raise GameError("not_captain")
    if current.status != "answering" or (current.deadline is not None and now >= current.deadline):
        raise GameError("time_up")
    if team_id in current.locked:
        raise GameError("team_locked")
    if not MECHANICS[current.mechanic].lockable:
        raise GameError("not_lockable")
    answer = MECHANICS[current.mechanic].settle([v for v in votes if v.team_id == team_id], captain_id)
    if answer is None:
        raise GameError("nothing_to_lock")
    new = _copy(state)
    _current(new).locked[team_id] = answer
    return new


def enter_answer(
    state: SessionState, round_number: Any, team_id: str, answer: Any, cards: Sequence[Card]
) -> SessionState:
    """Projector-only mode: the facilitator enters a team's answer by hand (or clears it with None)."""
    current = state.round
    if current is None or current.number != round_number:
        raise GameError("not_current_round")
    state.team(team_id)
    if current.status in ("revealed", "skipped"):
        raise GameError("already_revealed")
    new = _copy(state)
    if answer is None:
        _current(new).locked.pop(team_id, None)
    else:
        _current(new).locked[team_id] = _clean(current, answer, cards)
    return new


def settled_answers(state: SessionState, votes: Sequence[Vote], captains: Mapping[str, str | None]) -> dict[str, Any]:
    """Each team's answer to the current round: the captain's lock, else the members' majority."""
    current = _current(state)
    settle = MECHANICS[current.mechanic].settle
    answers: dict[str, Any] = {}
    for team in state.teams:
        if team.id in current.locked:
            answers[team.id] = current.locked[team.id]
        else:
            answers[team.id] = settle([v for v in votes if v.team_id == team.id], captains.get(team.id))
    return answers


def reveal(state: SessionState, now: float, cards: Sequence[Card], answers: Mapping[str, Any]) -> SessionState:
    """Show the answer and score the teams' settled answers (see settled_answers)."""
    current = _current(state)
    if current.status == "revealed":
        raise GameError("already_revealed")
    if current.status == "skipped":
        raise GameError("skipped")
    new = _copy(state)
    r = _current(new)
    r.status, r.deadline, r.remaining = "revealed", None, None
    r.answers = {team.id: answers.get(team.id) for team in new.teams}
    # Competitive mode ranks the teams by these points; cooperative mode adds them up. Every
    # round is worth the same at most (round_max_points), against the hand as the screens dealt it.
    mechanic = MECHANICS[current.mechanic]
    scored = mechanic.score(r.answers, mechanic.deal(cards, r.number), r.options)
    r.points = {team_id: int(scored.get(team_id, 0)) for team_id in r.answers}
    return new


def round_max_points(played: Round) -> int:
    """What a round is worth at most: the same for every mechanic, times its phase's weight
    (0 for a poll, or solutions without consensus points)."""
    return MECHANICS[played.mechanic].max_points(played.options)


def skip(state: SessionState, now: float) -> SessionState:
    current = _current(state)
    if current.status == "revealed":
        raise GameError("already_revealed")
    new = _copy(state)
    r = _current(new)
    r.status, r.deadline, r.remaining = "skipped", None, None
    if current.index + 1 < len(state.plan):
        return start(new, now, current.index + 1)
    return new


def end(state: SessionState, now: float) -> SessionState:
    if state.lifecycle == "ended":
        raise GameError("wrong_lifecycle", lifecycle=state.lifecycle)
    new = _expire(_copy(state), now)
    current = new.round
    if current is not None and current.status in ("answering", "paused"):
        current.status, current.deadline, current.remaining = "closed", None, None
    new.lifecycle = "ended"
    return new


def answered_teams(state: SessionState, teams_with_votes: set[str]) -> int:
    """How many teams have answered the current round (a vote, or a captain's lock)."""
    current = state.round
    if current is None:
        return 0
    known = {t.id for t in state.teams}
    return len((teams_with_votes | set(current.locked)) & known)


# --- the workshop around the rounds: breaks, the debrief screen, the plan's clock ---


def start_break(state: SessionState, now: float, minutes: Any) -> SessionState:
    if isinstance(minutes, bool) or not isinstance(minutes, int) or not 1 <= minutes <= BREAK_MAX_MINUTES:
        raise GameError("bad_break", max=BREAK_MAX_MINUTES)
    _require_lifecycle(state, "lobby", "playing")
    new = _copy(state)
    new.break_until = now + minutes * 60
    return new


def end_break(state: SessionState) -> SessionState:
    if state.break_until is None:
        raise GameError("no_break")
    new = _copy(state)
    new.break_until = None
    return new


def show_screen(state: SessionState, screen: Screen) -> SessionState:
    if screen not in SCREENS:
        raise GameError("bad_command")
    new = _copy(state)
    new.screen = screen
    return new


def plan_clock(state: SessionState, now: float) -> dict[str, Any] | None:
    """Where the room stands against the plan's time budgets (seconds; + is behind).

    Planned: the phases before the current one, plus the current one's whole budget.
    Ahead when the room reaches a phase before its planned start; behind once it stays
    in a phase past its planned end; on time in between.
    """
    if not state.phases or state.started_at is None:
        return None
    current = state.round
    phase_index = state.plan[current.index].phase if current is not None else 0
    planned_start = sum(p.budget for p in state.phases[:phase_index])
    planned_end = planned_start + state.phases[phase_index].budget
    elapsed = now - state.started_at
    if elapsed < planned_start:
        status, delta = "ahead", elapsed - planned_start
    elif elapsed > planned_end:
        status, delta = "behind", elapsed - planned_end
    else:
        status, delta = "on_time", 0.0
    return {
        "phase": phase_index,
        "elapsed": round(elapsed),
        "planned_start": planned_start,
        "planned_end": planned_end,
        "total": sum(p.budget for p in state.phases),
        "status": status,
        "delta": round(delta),
    }
