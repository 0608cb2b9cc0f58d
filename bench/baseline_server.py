"""The floor: a minimal plain-`websockets` broadcast server speaking just enough of our protocol.

Every connection gets a `state` on connect; a `command` from anyone bumps `v` and broadcasts a
`state` padded to --payload bytes to every socket with one `websockets.broadcast` call (encoded
once); a `propose` is acknowledged to its sender and counted, the count sent to the staff socket.
No database, no channel layer: what the same clients cost with nothing in between.
    .venv/bin/python bench/baseline_server.py --port 18100 --payload 1500
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource

from websockets.asyncio.server import ServerConnection, broadcast, serve
from websockets.exceptions import ConnectionClosed


def raise_fd_limit() -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


class Room:
    def __init__(self, payload: int) -> None:
        self.payload = payload
        self.version = 1
        self.sockets: set[ServerConnection] = set()
        self.staff: set[ServerConnection] = set()
        self.proposals: set[int] = set()

    def state_text(self) -> str:
        head = f'{{"type":"state","v":{self.version},"pad":"'
        return head + "x" * max(0, self.payload - len(head) - 2) + '"}'

    async def handler(self, ws: ServerConnection) -> None:
        self.sockets.add(ws)
        if ws.request.path.startswith("/ws/staff/"):
            self.staff.add(ws)
        try:
            await ws.send(self.state_text())
            async for text in ws:
                message = json.loads(text)
                if message.get("type") == "command":
                    self.version += 1
                    broadcast(self.sockets, self.state_text())
                    await ws.send('{"type":"ack","of":"command"}')
                elif message.get("type") == "propose":
                    self.proposals.add(id(ws))
                    await ws.send(f'{{"type":"ack","of":"propose","round":{message.get("round")}}}')
                    broadcast(self.staff, f'{{"type":"progress","answered":{len(self.proposals)}}}')
        except ConnectionClosed:  # the bench aborts its sockets at the end
            pass
        finally:
            self.sockets.discard(ws)
            self.staff.discard(ws)


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--payload", type=int, default=1500)
    args = parser.parse_args()
    raise_fd_limit()
    room = Room(args.payload)
    async with serve(room.handler, "127.0.0.1", args.port, compression=None, max_queue=None, backlog=4096):
        await asyncio.Future()


if __name__ == "__main__":
    asyncio.run(main())
