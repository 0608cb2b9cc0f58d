"""One channel-layer message per worker process per broadcast, fanned out locally.

Sockets do not subscribe to the channel layer one by one (Channels' default: a layer
channel, a receive loop and a group membership per socket, so a broadcast to 1000 phones
is 1000 layer messages). Instead each worker process keeps a registry of its own sockets
by group and one relay channel: the relay joins a layer group while at least one local
socket is in it, so `group_send` costs one message per process, and the relay hands the
already-encoded text to each local socket. Behind daphne that text is framed once per
broadcast and the same bytes are written straight to each socket (`_write_frame`), skipping
Channels' send, daphne's reply hop, autobahn's framing and, when the socket takes it at once,
Twisted's write buffer and its two epoll re-registrations.

Delivery through a layer is at most once, and a Redis restart forgets every group while the
sockets stay open. The relay therefore watches the layer (a cheap probe every second): after
a failure, or when Redis is a new instance, it joins its groups again and sends its local
sockets the current state from the database, so that what changed during the outage reaches
them and the next change arrives through the layer as usual. A change this process committed
but could not publish also concerns the other workers' sockets, which may never have seen the
layer fail (this worker alone was cut off, or its relay still believed the layer down just
after Redis came back): once back, the relay asks every worker of those sessions to resync
their own sockets (a "relay.resync" event to the session's room group).
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import os
import random
import secrets
import socket
import struct
from collections import defaultdict
from typing import Any

from channels.db import database_sync_to_async
from channels.layers import get_channel_layer

from game import broadcast, selectors, services
from game.perloop import PerLoop

log = logging.getLogger(__name__)

# The layer forgets group memberships when Redis restarts or a group expires, while this
# process still has sockets in them: the relay joins its groups again this often, and at
# once when the probe (every PROBE_SECONDS) sees the layer back or replaced.
REJOIN_SECONDS = 30
PROBE_SECONDS = 1.0
PROBE_TIMEOUT = 2.0  # a partition drops packets: no answer is as good as an error
# A worker cut off from Redis while the others still reach it closes its sockets with this
# code and refuses new ones until it is back: the phones reconnect to a worker that relays.
CLOSE_PARTITIONED = 4502


class Relay:
    """The registry and relay of one event loop (one worker process, or one test)."""

    def __init__(self) -> None:
        self.layer = get_channel_layer()
        self.channel: str | None = None
        self.members: dict[str, set[Any]] = defaultdict(set)
        self.task: asyncio.Task[None] | None = None
        self.ready = asyncio.Lock()
        self.broken = False  # a layer call failed: rejoin and resync once it answers again
        self.partitioned = False  # broken while other workers reach the layer (see check)
        self.layer_id: str | None = None
        self.worker = f"{socket.gethostname()}-{os.getpid()}-{secrets.token_hex(3)}"

    async def _start(self) -> None:
        async with self.ready:
            if self.channel is None:
                self.channel = await self.layer.new_channel(prefix="relay")
                self.task = asyncio.ensure_future(self._run())
                self.watch_task = asyncio.ensure_future(self._watch())

    async def join(self, group: str, member: Any) -> None:
        await self._start()
        first = not self.members[group]
        self.members[group].add(member)
        if first:
            try:
                await asyncio.wait_for(self.layer.group_add(group, self.channel), PROBE_TIMEOUT)
            except Exception:  # the layer is down: the watch joins it once the layer is back
                self.broken = True
                log.warning("fan-out relay: could not join %s now", group)

    async def leave(self, group: str, member: Any) -> None:
        members = self.members.get(group)
        if not members or member not in members:
            return
        members.discard(member)
        if not members:
            del self.members[group]
            try:
                await asyncio.wait_for(self.layer.group_discard(group, self.channel), PROBE_TIMEOUT)
            except Exception:  # the layer is down; the membership expires there (group_expiry)
                self.broken = True

    async def _run(self) -> None:
        failures = 0
        while True:
            try:
                event = await self.layer.receive(self.channel)
                failures = 0
                await self.deliver(event)
            except asyncio.CancelledError:
                raise
            except Exception:  # one bad event, or the layer down: keep relaying, without spinning
                failures += 1
                self.broken = True
                log.warning("fan-out relay: receive or delivery failed (%s in a row)", failures, exc_info=failures == 1)
                await asyncio.sleep(min(1.0, 0.05 * 2**failures) * random.uniform(0.5, 1.0))

    async def rejoin(self) -> None:
        """Join every group this process has sockets in again (group_add is idempotent)."""
        for group in list(self.members):
            await asyncio.wait_for(self.layer.group_add(group, self.channel), PROBE_TIMEOUT)

    async def probe(self) -> str | None:
        """The identity of the layer's server (Redis' run_id: it changes when Redis restarts)."""
        connection = getattr(self.layer, "connection", None)  # channels_redis; None in memory
        if connection is None:
            return None
        info = await connection(0).info("server")
        return str(info.get("run_id", ""))

    async def check(self) -> bool:
        """One round of the watch; True when the groups were joined again and the sockets resynced."""
        try:
            layer_id = await asyncio.wait_for(self.probe(), PROBE_TIMEOUT)
        except asyncio.CancelledError:
            raise
        except Exception:
            self.broken = True
            await self._check_partition()
            return False
        if layer_id is not None:  # a shared layer: say that this worker reaches it
            await self._heartbeat()
        replaced = self.layer_id is not None and layer_id != self.layer_id
        self.layer_id = layer_id
        if not (self.broken or replaced):
            return False
        try:
            await self.rejoin()
            await self.resync()
        except asyncio.CancelledError:
            raise
        except Exception:
            self.broken = True
            log.warning("fan-out relay: the layer answers, but rejoining or resyncing failed", exc_info=True)
            return False
        self.broken = self.partitioned = False
        log.warning("fan-out relay: layer back, %s groups joined again and resynced", len(self.members))
        await self._resync_others()
        return True

    async def _resync_others(self) -> None:
        """Ask every worker to resync its sockets of the sessions whose changes this process
        committed without publishing them (see publish_safely)."""
        while _unsent:
            session_id = _unsent.pop()
            event = {"type": "relay.resync", "session": session_id, "from": self.worker}
            try:
                await asyncio.wait_for(self.layer.group_send(broadcast.room_group(session_id), event), PROBE_TIMEOUT)
            except asyncio.CancelledError:
                _unsent.add(session_id)
                raise
            except Exception:  # down again: the next recovery asks again
                _unsent.add(session_id)
                self.broken = True
                return

    async def _heartbeat(self) -> None:
        try:
            await database_sync_to_async(services.worker_layer_ok)(worker=self.worker)
        except Exception:  # the database is down too: nothing to tell, nobody to compare with
            log.debug("fan-out relay: heartbeat not stored", exc_info=True)

    async def _check_partition(self) -> None:
        """Cut off from a layer the other workers still reach: hand this worker's phones over."""
        try:
            partitioned = await database_sync_to_async(selectors.worker_is_partitioned)(worker=self.worker)
        except Exception:
            return
        if partitioned and not self.partitioned:
            sockets = {member for members in self.members.values() for member in members}
            log.warning("fan-out relay: cut off from the layer, %s sockets sent to other workers", len(sockets))
            for member in sockets:
                with contextlib.suppress(Exception):
                    await member.close(code=CLOSE_PARTITIONED)
        self.partitioned = partitioned

    async def resync(self, session_id: int | None = None) -> None:
        """Send the local sockets the current state of their sessions (or of this one), straight
        from the database."""
        groups = [g for g in self.members if session_id is None or broadcast.session_of(g) == session_id]
        events = await database_sync_to_async(broadcast.resync_events)(groups)
        for group, group_events in events.items():
            for event in group_events:
                await self.deliver({**event, "group": group})

    async def _watch(self) -> None:
        since_rejoin = 0.0
        while True:
            await asyncio.sleep(PROBE_SECONDS)
            since_rejoin += PROBE_SECONDS
            if await self.check():
                since_rejoin = 0.0
            elif since_rejoin >= REJOIN_SECONDS and not self.broken:
                since_rejoin = 0.0
                try:
                    await self.rejoin()
                except asyncio.CancelledError:
                    raise
                except Exception:
                    self.broken = True

    async def deliver(self, event: dict[str, Any]) -> None:
        """Every frame a broadcast sends to this process's sockets leaves from here."""
        members = list(self.members.get(event.get("group", ""), ()))
        if event["type"] == "relay.resync":  # another worker's changes did not reach the layer
            if event.get("from") != self.worker:
                await self.resync(event["session"])
        elif event["type"] == "relay":
            text = event["text"]
            frame: bytes | None = None
            for member in members:
                try:
                    wire = _daphne_protocol(member)
                    if wire is not None and _takes_frames(wire):
                        frame = frame or text_frame(text)
                        _write_frame(wire, frame)
                        member.meter.sent(text, None)  # a phone's footprint (staff sockets: NO_METER)
                    else:  # another server, a test's communicator, a closing socket
                        await member.send(text_data=text)
                except Exception:  # a socket closing under us: the others still get it
                    log.debug("fan-out: a send failed", exc_info=True)
        else:
            handler = event["type"].replace(".", "_")
            for member in members:
                await getattr(member, handler)(event)


def text_frame(text: str) -> bytes:
    """A websocket text frame as a server sends it (RFC 6455 5.2: final, unmasked, no
    extension): the same bytes for every socket, so built once per broadcast."""
    payload = text.encode()
    size = len(payload)
    if size < 126:
        head = struct.pack("!BB", 0x81, size)
    elif size < 1 << 16:
        head = struct.pack("!BBH", 0x81, 126, size)
    else:
        head = struct.pack("!BBQ", 0x81, 127, size)
    return head + payload


def _daphne_protocol(member: Any) -> Any | None:
    """daphne's websocket protocol (autobahn) behind a consumer: daphne hands each application
    `partial(server.handle_reply, protocol)` as its ASGI send. None under any other server."""
    send = getattr(member, "base_send", None)
    if isinstance(send, functools.partial) and send.args and hasattr(send.args[0], "sendPreparedMessage"):
        return send.args[0]
    return None


def write_text(member: Any, text: str) -> bool:
    """Write one text frame to this socket straight through daphne (see Relay.deliver); False
    when it must go through Channels' send (another server, a test's communicator, closing)."""
    wire = _daphne_protocol(member)
    if wire is None or not _takes_frames(wire):
        return False
    _write_frame(wire, text_frame(text))
    return True


def _takes_frames(protocol: Any) -> bool:
    """Open, no per-message compression negotiated, nothing queued by autobahn itself."""
    return bool(
        protocol.state == protocol.STATE_OPEN and protocol._perMessageCompress is None and not protocol.send_queue
    )


def _write_frame(protocol: Any, frame: bytes) -> None:
    """What autobahn's sendPreparedMessage does (transport.write), but a socket with nothing
    buffered gets the bytes now, in one send(): Twisted's write would buffer them, register the
    socket with epoll for writing, send on the next loop turn and unregister it."""
    transport = protocol.transport
    idle = (
        not getattr(transport, "TLS", True)  # a plain TCP transport (tcp.Server), not TLS
        and transport.connected
        and not transport.disconnecting
        and not transport._tempDataBuffer
        and len(transport.dataBuffer) == transport.offset
    )
    if idle:
        sent = transport.writeSomeData(frame)
        if isinstance(sent, int):  # else the connection is lost: Twisted's write finds out
            if sent == len(frame):
                return
            frame = frame[sent:]
    transport.write(frame)


_relays: PerLoop[Relay] = PerLoop(Relay)


def layer_down() -> bool:
    """Some relay of this process knows the layer is unreachable (read from any thread)."""
    return any(found.broken for found in _relays.live())


# Sessions with a change this process committed but did not publish (the layer was down):
# the first relay back asks every worker to resync them (Relay._resync_others).
_unsent: set[int] = set()


def missed(session_id: int) -> None:
    """A change of this session was committed while the layer was known down (game.broadcast)."""
    _unsent.add(session_id)


def layer_failed(session_id: int) -> None:
    """Publishing a change of this session failed (game.broadcast): every relay resyncs when it
    can, and asks the other workers to resync that session."""
    _unsent.add(session_id)
    for found in _relays.live():
        found.broken = True


def relay() -> Relay:
    return _relays.get()
