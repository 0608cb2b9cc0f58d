"""The one place that names groups and sends to them.

A service records what changed in a `Changes` (with the session and state it committed, so
that nothing is read or decoded again); after its transaction commits, `publish` encodes each
message once and sends the same text to the whole group: one layer message per worker process,
which game.fanout hands to each of its sockets as is. Under `call_and_publish` (the sockets'
services) those layer messages leave from the event loop once the service has returned, not
from the database thread. Nothing internal leaks to browsers.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer

from game import footprint, messages, selectors
from game.engine import SessionState, answered_teams
from game.models import GameSession, Player

log = logging.getLogger(__name__)


def room_group(session_id: int) -> str:
    return f"room-{session_id}"


def staff_group(session_id: int) -> str:
    return f"staff-{session_id}"


def team_group(session_id: int, team_id: str) -> str:
    return f"team-{session_id}-{team_id}"


def player_group(session_id: int, public_id: str) -> str:
    return f"player-{session_id}-{public_id}"


def session_of(group: str) -> int | None:
    """The session a group above belongs to (None for any other name)."""
    kind, _, rest = group.partition("-")
    number = rest.split("-", 1)[0]
    return int(number) if kind in ("room", "staff", "team", "player") and number.isdigit() else None


@dataclass
class Changes:
    """What a service changed, so that publish sends exactly the views that moved."""

    session_id: int
    state: bool = False
    roster: bool = False
    progress: bool = False
    teams: set[str] = field(default_factory=set)
    all_teams: bool = False
    moved: dict[str, tuple[str, str]] = field(default_factory=dict)  # public id -> (old team, new team)
    renamed: set[str] = field(default_factory=set)  # public ids
    removed: dict[str, str] = field(default_factory=dict)  # public id -> old team
    # The session row and state as the writer committed them: publish reads nothing again.
    session: GameSession | None = None
    committed: SessionState | None = None


def _answered(session: GameSession, state: SessionState) -> int:
    if state.round is None:
        return 0
    return answered_teams(state, selectors.teams_with_votes(session, state.round.number))


def state_text(session: GameSession, state: SessionState | None = None) -> str:
    state = state or selectors.state_of(session)
    sizes, voted = selectors.room_counts(session, state.round.number if state.round else None)
    return messages.encode(
        messages.state_message(
            version=session.version,
            code=session.code,
            title=session.title,
            language=session.language,
            state=state,
            cards=selectors.cards_of(session),
            sizes=sizes,
            answered=answered_teams(state, voted) if state.round else 0,
            footprint=lambda: footprint.summary(session.pk, session.language),  # read for the debrief only
        )
    )


def team_text(session: GameSession, team_id: str, state: SessionState | None = None) -> str:
    view = selectors.team_view(session, state or selectors.state_of(session), team_id)
    return messages.encode(messages.team_message(view))


def roster_text(session: GameSession) -> str:
    players = Player.objects.filter(session=session).order_by("joined_at", "id")
    return messages.encode(messages.roster_message([(p.public_id, p.nickname, p.team_id) for p in players]))


def you_text(player: Player) -> str:
    return messages.encode(
        messages.you_message(public_id=player.public_id, nickname=player.nickname, team_id=player.team_id)
    )


def progress_text(session: GameSession, state: SessionState) -> str | None:
    if state.round is None:
        return None
    return messages.encode(
        messages.progress_message(
            round_number=state.round.number, answered=_answered(session, state), teams=len(state.teams)
        )
    )


def player_snapshot(player: Player) -> list[str]:
    """Everything a phone needs after (re)connecting."""
    session = player.session
    state = selectors.state_of(session)
    texts = [you_text(player), state_text(session, state)]
    if player.team_id:
        texts.append(team_text(session, player.team_id, state))
    return texts


def staff_snapshot(session: GameSession) -> list[str]:
    return [state_text(session), roster_text(session)]


# A send takes a millisecond; one that hangs (a partition drops packets) must not hold the
# writer's acknowledgement, nor the database thread, for redis-py's 30 s socket timeout.
SEND_TIMEOUT_S = 2.0


async def _group_send(group: str, event: dict[str, Any]) -> None:
    await asyncio.wait_for(get_channel_layer().group_send(group, event), SEND_TIMEOUT_S)


# The layer messages of the service running on this thread under call_and_publish.
_outbox = threading.local()


def _send(group: str, event: dict[str, Any]) -> None:
    # The group travels in the event: each worker's relay (game.fanout) sits in many groups.
    event = {**event, "group": group}
    pending = getattr(_outbox, "events", None)
    if pending is not None:  # sent from the event loop by call_and_publish
        pending.append((group, event))
    else:  # a view or a script: no event loop of ours, send from here
        async_to_sync(_group_send)(group, event)


async def call_and_publish(service: Callable[..., Any], /, **kwargs: Any) -> Any:
    """Run a service on the database thread; the layer messages its commits publish are sent
    from the event loop once it has returned (or raised: what was committed is still sent),
    so that the database thread never waits for the layer and there is one thread hop."""
    events: list[tuple[str, dict[str, Any]]] = []

    def run() -> Any:
        _outbox.events = events
        try:
            return service(**kwargs)
        finally:
            _outbox.events = None

    call = asyncio.ensure_future(database_sync_to_async(run)())
    try:
        return await asyncio.shield(call)
    finally:
        if not call.done():  # the socket went away meanwhile: send what commits once the service is done
            call.add_done_callback(lambda done: _send_later(done, events))
        elif events:
            await _send_all(events)


_later: set[asyncio.Task[None]] = set()  # sends outliving the socket that asked (kept from the GC)


def _send_later(call: asyncio.Future[Any], events: list[tuple[str, dict[str, Any]]]) -> None:
    if not call.cancelled():
        call.exception()  # retrieved: the writer's error was its socket's to report, the socket is gone
    if events:
        task = asyncio.ensure_future(_send_all(events))
        _later.add(task)
        task.add_done_callback(_later.discard)


async def _send_all(events: list[tuple[str, dict[str, Any]]]) -> None:
    from game import fanout  # fanout imports this module

    try:
        for group, event in events:
            await _group_send(group, event)
    except Exception:  # as publish_safely: logged, never raised to the writer; the relays resync
        for session_id in {session_of(group) for group, _ in events}:
            if session_id is not None:
                fanout.layer_failed(session_id)
        log.warning("broadcast failed after its commit; phones resync", exc_info=True)


def _relay(group: str, text: str) -> None:
    _send(group, {"type": "relay", "text": text})


def publish_safely(changes: Changes) -> None:
    """publish, after a commit: a failure is logged, never raised to the writer (see fanout's resync)."""
    from game import fanout  # fanout imports this module

    if fanout.layer_down():  # known down: the relays resend it once the layer is back
        fanout.missed(changes.session_id)
        return
    try:
        publish(changes)
    except Exception:
        fanout.layer_failed(changes.session_id)
        log.warning("broadcast of session %s failed after its commit; phones resync", changes.session_id, exc_info=True)


def resync_events(groups: list[str]) -> dict[str, list[dict[str, Any]]]:
    """What each of these groups is shown now, from the database: sent by a worker's relay to
    its own sockets after a channel-layer outage (game.fanout), so that nothing missed stays missed."""
    by_session: dict[int, list[str]] = {}
    for group in groups:
        session_id = session_of(group)
        if session_id is not None:
            by_session.setdefault(session_id, []).append(group)
    events: dict[str, list[dict[str, Any]]] = {}
    for session_id, names in by_session.items():
        session = GameSession.objects.filter(pk=session_id).first()
        if session is None:
            continue
        state = selectors.state_of(session)
        prefix = f"{session_id}-"
        teams = {n.removeprefix("team-").removeprefix(prefix) for n in names if n.startswith("team-")}
        views = selectors.team_views(session, state, teams) if teams else {}
        team_texts = {t: messages.encode(messages.team_message(views[t])) for t in teams if t in views}
        public_ids = {n.removeprefix("player-").removeprefix(prefix) for n in names if n.startswith("player-")}
        players = {p.public_id: p for p in Player.objects.filter(session=session, public_id__in=public_ids)}
        for name in names:
            if name == room_group(session_id):
                events[name] = [{"type": "relay", "text": state_text(session, state)}]
            elif name == staff_group(session_id):
                events[name] = [{"type": "relay", "text": roster_text(session)}]
        for team_id, text in team_texts.items():
            events[team_group(session_id, team_id)] = [{"type": "relay", "text": text}]
        for public_id in sorted(public_ids):
            player = players.get(public_id)
            if player is None:  # removed during the outage
                events[player_group(session_id, public_id)] = [{"type": "player.removed"}]
                continue
            texts = [you_text(player)]
            if player.team_id:
                texts.append(team_texts.get(player.team_id) or team_text(session, player.team_id, state))
            event = {"type": "player.changed", "team": player.team_id, "texts": texts}
            events[player_group(session_id, public_id)] = [event]
    return events


def publish(changes: Changes) -> None:
    """Send every view the change touched; called after commit (transaction.on_commit)."""
    session, state = changes.session, changes.committed
    if session is None:
        session = GameSession.objects.filter(pk=changes.session_id).first()
        if session is None:
            return
    if state is None:
        state = selectors.state_of(session)  # decoded once for every view below
    sid = session.pk
    if changes.state:
        _relay(room_group(sid), state_text(session, state))
    if changes.roster:
        _relay(staff_group(sid), roster_text(session))
    if changes.progress and not changes.state:
        text = progress_text(session, state)
        if text:
            _relay(staff_group(sid), text)
    teams = set(changes.teams)
    if changes.all_teams:
        teams |= {t.id for t in state.teams}
    for old_team, new_team in changes.moved.values():
        teams |= {t for t in (old_team, new_team) if t}
    teams |= {t for t in changes.removed.values() if t}
    views = selectors.team_views(session, state, teams) if teams else {}
    team_texts = {team_id: messages.encode(messages.team_message(views[team_id])) for team_id in sorted(teams)}
    for team_id, text in team_texts.items():
        _relay(team_group(sid, team_id), text)
    changed = set(changes.moved) | changes.renamed
    # No query when no phone moved (most actions): the ORM compiles even a query it never runs.
    for player in (
        Player.objects.filter(session=session, public_id__in=changed).order_by("public_id") if changed else ()
    ):
        # A moved phone was not yet in its new team's group: it gets that view here.
        texts = [you_text(player)]
        if player.team_id:
            texts.append(team_texts.get(player.team_id) or team_text(session, player.team_id, state))
        _send(player_group(sid, player.public_id), {"type": "player.changed", "team": player.team_id, "texts": texts})
    for public_id in changes.removed:
        _send(player_group(sid, public_id), {"type": "player.removed"})
