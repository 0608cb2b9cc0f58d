"""Websocket consumers: they only translate.

A frame is parsed by game.messages, handed to one service, and the outcome (ack or error)
goes back to this socket; everything others must see is broadcast by the service after
its commit. Event handlers only send or change group membership: no domain writes.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from channels.db import database_sync_to_async
from channels.exceptions import StopConsumer
from channels.generic.websocket import AsyncWebsocketConsumer
from django.db import DatabaseError
from django.http.cookie import parse_cookie

from config.client_address import client_address
from game import batching, broadcast, fanout, footprint, messages, selectors, services
from game.engine import GameError
from game.errors import error_text
from game.models import GameSession, Player

log = logging.getLogger(__name__)

CLOSE_UNKNOWN_PLAYER = 4001
CLOSE_FORBIDDEN = 4003
# A frame over game.messages.MAX_FRAME. Behind daphne (deploy/entrypoint.sh) such a frame never
# reaches the app: daphne closes with 1009 itself; an application may not send 1009.
CLOSE_TOO_BIG = 4009
CLOSE_RETRY = 4503  # the database is unreachable: the page reconnects soon (static/js/socket.js)

# Messages one socket may send: a phone or a control panel sends a few a second at most; a
# burst past this is refused before any parsing or database work.
MESSAGES_PER_SECOND, MESSAGES_BURST = 10, 20


def _player_token(scope: dict[str, Any]) -> str:
    """The player cookie of the handshake. A phone's route has no CookieMiddleware: its copy of
    the scope and its dict of every cookie would stay with each socket for nothing."""
    for name, value in scope.get("headers", ()):
        if name == b"cookie":
            token = parse_cookie(value.decode("latin1")).get(services.PLAYER_COOKIE)
            if token:
                return token
    return ""


class MessageBudget:
    """A token bucket: `burst` messages at once, then `rate` a second."""

    def __init__(self, rate: float = MESSAGES_PER_SECOND, burst: float = MESSAGES_BURST) -> None:
        self.rate, self.burst, self.tokens, self.at = rate, burst, burst, time.monotonic()

    def take(self) -> bool:
        now = time.monotonic()
        self.tokens = min(self.burst, self.tokens + (now - self.at) * self.rate)
        self.at = now
        if self.tokens < 1:
            return False
        self.tokens -= 1
        return True


class _Base(AsyncWebsocketConsumer):
    # No layer channel per socket (see __call__): broadcasts reach this socket through its
    # process's relay (game.fanout), one layer message per process instead of one per socket.
    language = "fr"
    meter: footprint.Meter = footprint.NO_METER  # what a room's phone moves (PlayConsumer); staff: nothing

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.budget = MessageBudget()

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        """Channels' AsyncConsumer.__call__ less what a socket with no layer channel does not
        need: the socket's messages are dispatched in turn by this coroutine. Channels waits
        on them through a task created again for every frame and an asyncio.wait; that was
        2.9 KB of each connected phone (bench/memory.py) and a task per frame received."""
        self.scope = scope
        self.channel_layer = None
        self.base_send = send
        try:
            while True:
                await self.dispatch(await receive())
        except StopConsumer:
            pass

    async def dispatch(self, message: dict[str, Any]) -> None:
        # Channels closes stale database connections before every message (a thread hop);
        # every ORM call here goes through database_sync_to_async, which does it itself.
        handler = getattr(self, message["type"].replace(".", "_"), None)
        if handler is None:
            raise ValueError(f"no handler for message type {message['type']}")
        await handler(message)

    async def send(self, text_data: str | None = None, bytes_data: bytes | None = None, close: bool = False) -> None:
        """Every frame this socket sends on its own leaves from here (a broadcast's, from
        fanout.Relay.deliver): behind daphne, written to the socket without Channels' hops."""
        if text_data is not None and bytes_data is None and not close and fanout.write_text(self, text_data):
            return
        await super().send(text_data=text_data, bytes_data=bytes_data, close=close)

    async def send_message(self, message: dict[str, Any]) -> None:
        await self.send(text_data=messages.encode(message))

    async def send_error(self, code: str, text: str) -> None:
        await self.send_message(messages.error_message(code, text))

    async def relay(self, event: dict[str, Any]) -> None:
        await self.send(text_data=event["text"])

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        if not self.budget.take():
            await self.send_error("too_fast", error_text(GameError("too_fast"), self.language))
            return
        try:
            message = messages.parse_client(text_data)
        except messages.TooBig as exc:
            await self.send_error("too_big", str(exc))
            await self.close(code=CLOSE_TOO_BIG)
            return
        except messages.BadMessage as exc:
            await self.send_error("bad_message", str(exc))
            return
        try:
            if message.type == "ping":
                # Every few seconds from each screen: one indexed read, no snapshot.
                version = await room_version(getattr(self, "session_id", None))
                await self.send_message(messages.pong_message(version))
                return
            await self.handle(message)
        except GameError as exc:
            code = "forbidden" if exc.code == "forbidden" else "refused"
            await self.send_error(code, error_text(exc, self.language))
        except DatabaseError:  # never an ack for what is not stored; the page retries (socket.js)
            log.warning("websocket message not stored, database unreachable", exc_info=True)
            await self.send_error("unavailable", error_text(GameError("unavailable"), self.language))
        except Exception:  # a bug must not take the socket down with it
            log.exception(
                "websocket message from %s failed: %r",
                client_address(self.scope),
                text_data[:200] if text_data else None,
            )
            await self.send_error("server_error", "server error")

    async def handle(self, message: messages.ClientMessage) -> None:
        raise GameError("forbidden")  # each kind of socket says what it accepts

    async def join_groups(self, *groups: str) -> None:
        self.groups_joined: set[str] = getattr(self, "groups_joined", set())
        for group in groups:
            await fanout.relay().join(group, self)
            self.groups_joined.add(group)

    async def leave_group(self, group: str) -> None:
        await fanout.relay().leave(group, self)
        self.groups_joined.discard(group)

    async def refused_while_partitioned(self) -> bool:
        """This worker is cut off from the layer the others reach: refuse before accepting
        (HTTP 403), so that the proxy tries the next worker (deploy/nginx.conf)."""
        if not fanout.relay().partitioned:
            return False
        await self.close()
        return True

    async def refuse_for_now(self) -> None:
        """The database did not answer the connection's first read: say so, let the page retry."""
        log.warning("websocket refused for now, database unreachable", exc_info=True)
        await self.accept()
        await self.send_error("unavailable", error_text(GameError("unavailable"), self.language))
        await self.close(code=CLOSE_RETRY)

    async def disconnect(self, code: int) -> None:
        for group in list(getattr(self, "groups_joined", ())):
            await self.leave_group(group)


@database_sync_to_async
def _version(session_id: int) -> int | None:
    return GameSession.objects.filter(pk=session_id).values_list("version", flat=True).first()


# A room's version as the periodic checks see it, read at most once a second per process
# however many phones ask (a stale read only delays a resync: the page checks again).
VERSION_TTL_S = 1.0
_versions: dict[int, tuple[float, int | None]] = {}


async def room_version(session_id: int | None) -> int | None:
    if session_id is None:
        return None
    now = time.monotonic()
    cached = _versions.get(session_id)
    if cached is not None and now - cached[0] < VERSION_TTL_S:
        return cached[1]
    version = await _version(session_id)
    _versions[session_id] = (now, version)
    return version


@database_sync_to_async
def _player_for(code: str, token: str) -> tuple[Player | None, list[str]]:
    session = GameSession.objects.filter(code=selectors.normalize_code(code)).first()
    if session is None:
        return None, []
    player = selectors.player_by_token(session=session, token=token)
    if player is None:
        return None, []
    return player, broadcast.player_snapshot(player)


@database_sync_to_async
def _player_snapshot(player_id: int) -> list[str]:
    player = Player.objects.select_related("session").filter(pk=player_id).first()
    return broadcast.player_snapshot(player) if player else []


class PlayConsumer(_Base):
    """A phone. Identified by its per-player token (cookie), never by what it says."""

    # A phone's own frames go through these two, counted here; a broadcast's frames are counted
    # where the relay writes them (fanout.Relay.deliver).
    async def send(self, text_data: str | None = None, bytes_data: bytes | None = None, close: bool = False) -> None:
        self.meter.sent(text_data, bytes_data)
        await super().send(text_data, bytes_data, close)

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        self.meter.received(text_data, bytes_data)
        await super().receive(text_data, bytes_data)

    async def disconnect(self, code: int) -> None:
        await super().disconnect(code)
        await footprint.detach(self.meter)

    async def connect(self) -> None:
        if await self.refused_while_partitioned():
            return
        token = _player_token(self.scope)
        try:
            player, snapshot = await _player_for(self.scope["url_route"]["kwargs"]["code"], token)
        except DatabaseError:
            await self.refuse_for_now()
            return
        await self.accept()
        if player is None:
            await self.send_error("unknown_player", "unknown player")
            await self.close(code=CLOSE_UNKNOWN_PLAYER)
            return
        self.player_id, self.public_id = player.pk, player.public_id
        self.session_id, self.team_id = player.session_id, player.team_id
        self.language = player.session.language
        self.meter = footprint.attach(self.session_id)
        groups = [broadcast.room_group(self.session_id), broadcast.player_group(self.session_id, self.public_id)]
        if self.team_id:
            groups.append(broadcast.team_group(self.session_id, self.team_id))
        await self.join_groups(*groups)
        for text in snapshot:
            await self.send(text_data=text)

    async def handle(self, message: messages.ClientMessage) -> None:
        if message.type == "hello":
            for text in await _player_snapshot(self.player_id):
                await self.send(text_data=text)
        elif message.type == "propose":
            choice = await batching.batcher().submit(
                services.ProposalRequest(self.player_id, message.round, message.choice)
            )
            await self.send_message(messages.ack_message("propose", round=message.round, choice=choice))
        elif message.type == "lock":
            answer = await broadcast.call_and_publish(
                services.player_lock, player_id=self.player_id, round_number=message.round
            )
            await self.send_message(messages.ack_message("lock", round=message.round, answer=answer))
        elif message.type == "choose_team":
            await broadcast.call_and_publish(
                services.player_choose_team, player_id=self.player_id, team_id=message.team
            )
            await self.send_message(messages.ack_message("choose_team", team=message.team))
        else:
            raise GameError("forbidden")

    async def player_changed(self, event: dict[str, Any]) -> None:
        if event["team"] != self.team_id:
            if self.team_id:
                await self.leave_group(broadcast.team_group(self.session_id, self.team_id))
            self.team_id = event["team"]
            if self.team_id:
                await self.join_groups(broadcast.team_group(self.session_id, self.team_id))
        for text in event["texts"]:
            await self.send(text_data=text)

    async def player_removed(self, event: dict[str, Any]) -> None:
        await self.send(text_data=messages.encode(messages.REMOVED))
        await self.close(code=CLOSE_UNKNOWN_PLAYER)


@database_sync_to_async
def _staff_session(session_id: int, user: Any) -> tuple[GameSession | None, list[str]]:
    if user is None or not user.is_authenticated:
        return None, []
    session = GameSession.objects.filter(pk=session_id, owner_id=user.pk).first()
    if session is None:
        return None, []
    return session, broadcast.staff_snapshot(session)


class StaffConsumer(_Base):
    """The control panel and the projector: the session's facilitator only."""

    async def connect(self) -> None:
        self.session_id = int(self.scope["url_route"]["kwargs"]["session_id"])
        if await self.refused_while_partitioned():
            return
        try:
            session, snapshot = await _staff_session(self.session_id, self.scope.get("user"))
        except DatabaseError:
            await self.refuse_for_now()
            return
        # Accept, then close with a code: a browser only sees the code of an accepted socket,
        # so the page can stop retrying and say why.
        await self.accept()
        if session is None:
            await self.close(code=CLOSE_FORBIDDEN)
            return
        self.language = session.language
        await self.join_groups(broadcast.room_group(self.session_id), broadcast.staff_group(self.session_id))
        for text in snapshot:
            await self.send(text_data=text)

    async def handle(self, message: messages.ClientMessage) -> None:
        if message.type == "hello":
            _, snapshot = await _staff_session(self.session_id, self.scope.get("user"))
            for text in snapshot:
                await self.send(text_data=text)
        elif message.type == "command":
            # The owner is checked again inside the service, on every command.
            await broadcast.call_and_publish(
                services.session_command,
                user=self.scope.get("user"),
                session_id=self.session_id,
                name=message.name,
                args=message.args or {},
            )
            await self.send_message(messages.ack_message("command", name=message.name))
        else:
            raise GameError("forbidden")
