"""Two daphne workers count the frames of their own phones: the session's footprint in
PostgreSQL is the sum of both, exactly what the phones received and sent."""

import asyncio
import contextlib
import json
import time

from tests.production.conftest import Socket, answering, db_query, phone_cookie, room_setup, services, start_workers

pytestmark = services

PHONES = 6


class Counted(Socket):
    """A phone that counts the bytes of every message it receives and sends."""

    received = sent = frames_in = frames_out = 0

    async def receive(self, timeout: float = 5):
        if self.pending:
            return self.pending.pop(0)
        text = await asyncio.wait_for(self.ws.recv(), timeout)
        self.received += len(text.encode())
        self.frames_in += 1
        return json.loads(text)

    async def send(self, message):
        text = json.dumps(message)
        self.sent += len(text.encode())
        self.frames_out += 1
        await self.ws.send(text)


async def test_two_workers_add_up_in_the_sessions_footprint(services_env, tmp_path):
    room = room_setup(services_env, players=PHONES, teams=2)
    a, b = start_workers(services_env, tmp_path, 2)
    phones: list[Counted] = []
    staff = None
    try:
        staff = await Socket.open(b, f"/ws/staff/{room['session_id']}/", room["staff_cookie"])
        for i, player in enumerate(room["phones"]):
            phone = await Counted.open(a if i % 2 else b, f"/ws/play/{room['code']}/", phone_cookie(player))
            phones.append(phone)
            for kind in ("you", "state", "team"):  # the snapshot on connect
                await phone.until(kind)
        for phone in phones:
            await phone.send({"type": "ping"})
            await phone.until("pong")
        await staff.until("roster")
        assert (await staff.reply({"type": "command", "name": "start"}))["type"] == "ack"
        states = await asyncio.gather(*(p.until("state", answering()) for p in phones))
        number = states[0]["round"]["number"]
        await asyncio.gather(
            *(p.until("team", lambda m: m["round"] == number) for p in phones)
        )  # the round's team view
        for phone in phones:
            await phone.close()  # each worker stores its counts as its sockets close
        want = (sum(p.received for p in phones), sum(p.sent for p in phones), sum(p.frames_in for p in phones))
        deadline = time.monotonic() + 15
        while True:
            rows = db_query(
                services_env,
                "SELECT bytes_sent, bytes_received, frames_sent FROM game_sessionfootprint WHERE session_id = %s",
                room["session_id"],
            )
            if (rows and tuple(rows[0]) == want) or time.monotonic() > deadline:
                break
            await asyncio.sleep(0.2)
        assert rows and tuple(rows[0]) == want, (rows, want)
        print(f"footprint: {PHONES} phones on 2 workers, {want[0]} bytes down, {want[1]} up, stored as one sum")
    finally:
        for socket in [*phones, staff]:
            if socket is not None:
                with contextlib.suppress(Exception):
                    await asyncio.wait_for(socket.close(), 2)
        a.stop()
        b.stop()
