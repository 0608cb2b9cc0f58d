"""One channel-layer message per worker process per broadcast, fanned out locally.

Sockets do not subscribe to the channel layer one by one (Channels' default: a layer
channel, a receive loop and a group membership per socket, so a broadcast to 1000 phones
is 1000 layer messages). Instead each worker process keeps a registry of its own sockets
by group and one relay channel: the relay joins a layer group while at least one local
socket is in it, so `group_send` costs one message per process, and the relay hands the
already-encoded text to each local socket.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections import defaultdict
from typing import Any, Protocol

from channels.layers import get_channel_layer

log = logging.getLogger(__name__)

# The layer forgets group memberships when Redis restarts or a group expires, while this
# process still has sockets in them: the relay joins its groups again this often.
REJOIN_SECONDS = 30


class Member(Protocol):
    async def send(
        self, text_data: str | None = None, bytes_data: bytes | None = None, close: bool = False
    ) -> None: ...


class Relay:
    """The registry and relay of one event loop (one worker process, or one test)."""

    def __init__(self) -> None:
        self.layer = get_channel_layer()
        self.channel: str | None = None
        self.members: dict[str, set[Any]] = defaultdict(set)
        self.task: asyncio.Task[None] | None = None
        self.ready = asyncio.Lock()

    async def _start(self) -> None:
        async with self.ready:
            if self.channel is None:
                self.channel = await self.layer.new_channel(prefix="relay")
                self.task = asyncio.ensure_future(self._run())
                self.rejoin_task = asyncio.ensure_future(self._rejoin_forever())

    async def join(self, group: str, member: Any) -> None:
        await self._start()
        first = not self.members[group]
        self.members[group].add(member)
        if first:
            await self.layer.group_add(group, self.channel)

    async def leave(self, group: str, member: Any) -> None:
        members = self.members.get(group)
        if not members or member not in members:
            return
        members.discard(member)
        if not members:
            del self.members[group]
            await self.layer.group_discard(group, self.channel)

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
                log.exception("fan-out relay: receive or delivery failed (%s in a row)", failures)
                await asyncio.sleep(min(5.0, 0.05 * 2**failures) * random.uniform(0.5, 1.0))

    async def rejoin(self) -> None:
        """Join every group this process has sockets in again (group_add is idempotent)."""
        for group in list(self.members):
            await self.layer.group_add(group, self.channel)

    async def _rejoin_forever(self) -> None:
        while True:
            await asyncio.sleep(REJOIN_SECONDS)
            try:
                await self.rejoin()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("fan-out relay: could not join the groups again")

    async def deliver(self, event: dict[str, Any]) -> None:
        members = list(self.members.get(event.get("group", ""), ()))
        if event["type"] == "relay":
            text = event["text"]
            for member in members:
                try:
                    await member.send(text_data=text)
                except Exception:  # a socket closing under us: the others still get it
                    log.debug("fan-out: a send failed", exc_info=True)
        else:
            handler = event["type"].replace(".", "_")
            for member in members:
                await getattr(member, handler)(event)


_relays: dict[asyncio.AbstractEventLoop, Relay] = {}


def relay() -> Relay:
    loop = asyncio.get_running_loop()
    found = _relays.get(loop)
    if found is None:
        for old in [lp for lp in _relays if lp.is_closed()]:
            del _relays[old]
        found = _relays[loop] = Relay()
    return found
