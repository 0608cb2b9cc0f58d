"""Reads for live sessions: what a page, a socket or a broadcast needs, in few queries."""

from __future__ import annotations

import hashlib
import json
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import connection
from django.db.models import Count, QuerySet

from game.engine import SessionState, Vote, captain
from game.mechanics import MECHANICS
from game.models import GameSession, Player, Proposal, WorkerHeartbeat

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L look-alikes
CODE_LENGTH = 8


def normalize_code(code: str) -> str:
    return re.sub(r"[^A-Z0-9]", "", (code or "").upper())


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def session_by_code(code: str, *, include_ended: bool = False) -> GameSession | None:
    """Join codes work only while the room is open; a phone already in the game may still
    reload the final screen of an ended session."""
    code = normalize_code(code)
    if len(code) != CODE_LENGTH:
        return None
    stages = ("lobby", "playing", "ended") if include_ended else ("lobby", "playing")
    return GameSession.objects.filter(code=code, lifecycle__in=stages).first()


def player_by_token(*, session: GameSession, token: str) -> Player | None:
    if not token or len(token) > 100:
        return None
    return Player.objects.filter(session=session, token_hash=token_hash(token)).first()


def sessions_of(user: Any) -> QuerySet[GameSession]:
    return GameSession.objects.filter(owner=user).select_related("deck")


def state_of(session: GameSession) -> SessionState:
    return SessionState.from_json(session.state)


def mechanics_of(session: GameSession, state: SessionState | None = None) -> list[str]:
    """The mechanics the session's plan plays (and "info" for a phase with no game), sorted."""
    return sorted({item.mechanic for item in (state or state_of(session)).plan})


def mechanics_soon(session: GameSession, state: SessionState | None = None) -> list[str]:
    """The mechanics of the round on screen and of the next one (the first, in the lobby): those
    whose modules a phone's page preloads (the others come when their round does), sorted."""
    state = state or state_of(session)
    soon = {state.rounds[state.current].mechanic} if state.current is not None else set()
    following = state.rounds[-1].index + 1 if state.rounds else 0
    if following < len(state.plan):
        soon.add(state.plan[following].mechanic)
    return sorted(soon)


def cards_of(session: GameSession) -> dict[str, dict[str, Any]]:
    return {card["key"]: card for card in session.cards}


def round_cards(session: GameSession, state: SessionState) -> list[dict[str, Any]]:
    """The cards of the round on screen, in the plan's order."""
    if state.round is None:
        return []
    cards = cards_of(session)
    return [cards[key] for key in state.round.card_keys if key in cards]


def team_sizes(session: GameSession) -> dict[str, int]:
    rows = Player.objects.filter(session=session).values("team_id").annotate(n=Count("id"))
    return {row["team_id"]: row["n"] for row in rows if row["team_id"]}


def team_choices(session: GameSession) -> list[dict[str, Any]]:
    sizes = team_sizes(session)
    return [{"id": t.id, "name": t.name, "size": sizes.get(t.id, 0)} for t in state_of(session).teams]


def round_votes(session: GameSession, round_number: int, team_id: str | None = None) -> list[Vote]:
    rows = Proposal.objects.filter(session=session, round_number=round_number)
    if team_id is not None:
        rows = rows.filter(team_id=team_id)
    return [
        Vote(player_id=public_id, team_id=team, choice=choice, at=updated.timestamp())
        for public_id, team, choice, updated in rows.values_list("player__public_id", "team_id", "choice", "updated_at")
    ]


def teams_with_votes(session: GameSession, round_number: int) -> set[str]:
    """The teams with a proposal in the round (plain SQL: every proposal asks, see team_views)."""
    with connection.cursor() as cursor:
        cursor.execute(_TEAMS_WITH_VOTES_SQL, [session.pk, round_number])
        return {team for (team,) in cursor.fetchall()}


# game_proposal: Proposal (its index on session, round and team serves it).
_TEAMS_WITH_VOTES_SQL = "SELECT DISTINCT team_id FROM game_proposal WHERE session_id = %s AND round_number = %s"


def room_counts(session: GameSession, round_number: int | None) -> tuple[dict[str, int], set[str]]:
    """Team sizes and the teams with a proposal in the round, in one query (every `state` needs
    both). Plain SQL: the ORM's compilation of this union costs more than the query itself."""
    sql, params = _ROOM_COUNTS_SQL, [session.pk, session.pk, -1 if round_number is None else round_number]
    counts: dict[str, int] = {}
    voted: set[str] = set()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for team, n, has_voted in cursor.fetchall():
            if has_voted:
                voted.add(team)
            else:
                counts[team] = n
    return counts, voted


# game_player / game_proposal: Player and Proposal (their indexes on session and team serve it).
_ROOM_COUNTS_SQL = (
    "SELECT team_id, COUNT(*), 0 FROM game_player WHERE session_id = %s AND team_id <> '' GROUP BY team_id "
    "UNION ALL SELECT DISTINCT team_id, 0, 1 FROM game_proposal WHERE session_id = %s AND round_number = %s"
)


def members_by_team(session: GameSession) -> dict[str, list[Player]]:
    teams: dict[str, list[Player]] = defaultdict(list)
    for player in Player.objects.filter(session=session).order_by("team_since", "id"):
        teams[player.team_id].append(player)
    return teams


def team_members(session: GameSession, team_id: str) -> list[Player]:
    return list(Player.objects.filter(session=session, team_id=team_id).order_by("team_since", "id"))


def captains(session: GameSession) -> dict[str, str | None]:
    return {team: captain([p.public_id for p in members]) for team, members in members_by_team(session).items()}


@dataclass(frozen=True)
class Member:
    """What a team view says of a member."""

    public_id: str
    nickname: str


@dataclass
class TeamView:
    team_id: str
    round_number: int | None
    members: list[Member]  # in the order they joined the team: the first is the captain
    proposals: dict[str, Any]  # player public id -> choice
    locked: bool
    answer: Any


def team_views(session: GameSession, state: SessionState, team_ids: set[str]) -> dict[str, TeamView]:
    """The views of several teams in two queries, whatever their number (a burst touches many).
    Plain SQL: every proposal that arrives on its own asks for its team's view, and the ORM's
    compilation of these two queries cost more than the proposal's own writes (bench: lone
    proposals, docs/performance.md)."""
    if not team_ids:
        return {}
    members: dict[str, list[Member]] = defaultdict(list)
    teams = sorted(team_ids)
    among = ", ".join(["%s"] * len(teams))
    current = state.round
    proposals: dict[str, dict[str, Any]] = defaultdict(dict)
    with connection.cursor() as cursor:
        cursor.execute(_MEMBERS_SQL.format(among=among), [session.pk, *teams])
        for team_id, public_id, nickname in cursor.fetchall():
            members[team_id].append(Member(public_id, nickname))
        if current is not None:
            cursor.execute(_PROPOSALS_SQL.format(among=among), [session.pk, current.number, *teams])
            for team_id, public_id, choice in cursor.fetchall():
                proposals[team_id][public_id] = json_column(choice)
    # A mechanic whose answers are each member's own (an anonymous poll) tells the team who has
    # answered, never what: a hidden proposal is `true` (docs/protocol.md).
    hidden = current is not None and not MECHANICS[current.mechanic].shared_in_team
    views = {}
    for team_id in team_ids:
        locked, answer = False, None
        if current is not None:
            locked = team_id in current.locked
            if locked:
                answer = current.locked[team_id]
            elif current.status == "revealed":
                answer = current.answers.get(team_id)
        if hidden:
            proposals[team_id] = dict.fromkeys(proposals[team_id], True)
            answer = None
        views[team_id] = TeamView(
            team_id, current.number if current else None, members[team_id], proposals[team_id], locked, answer
        )
    return views


# game_player / game_proposal: Player and Proposal, in the order and with the filters of the ORM
# queries they replace (members by team_since then id; a proposal under the team it was made in).
_MEMBERS_SQL = (
    "SELECT team_id, public_id, nickname FROM game_player WHERE session_id = %s AND team_id IN ({among}) "
    "ORDER BY team_since, id"
)
_PROPOSALS_SQL = (
    "SELECT pr.team_id, pl.public_id, pr.choice FROM game_proposal pr JOIN game_player pl ON pl.id = pr.player_id "
    "WHERE pr.session_id = %s AND pr.round_number = %s AND pr.team_id IN ({among})"
)


def json_column(value: Any) -> Any:
    """A JSON column read by hand (plain SQL here and in game.services): text on every backend
    here, as the ORM receives it (Django registers its loaders), decoded as the ORM does."""
    return json.loads(value) if isinstance(value, str | bytes) else value


def team_view(session: GameSession, state: SessionState, team_id: str) -> TeamView:
    return team_views(session, state, {team_id})[team_id]


PARTITION_MARGIN_S = 2.0  # another worker reached the layer this much after this one last did


def worker_is_partitioned(*, worker: str) -> bool:
    """True when another worker reached the layer well after this one last did: the layer is
    up and only this worker is cut off from it (not a Redis outage, which cuts everyone)."""
    mine = WorkerHeartbeat.objects.filter(worker=worker).values_list("layer_ok_at", flat=True).first()
    if mine is None:
        return False
    later = mine + timedelta(seconds=PARTITION_MARGIN_S)
    return WorkerHeartbeat.objects.exclude(worker=worker).filter(layer_ok_at__gt=later).exists()
