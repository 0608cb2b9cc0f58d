"""Every input a real worker reads has a bound (issue 14): an oversized frame is closed with
1009 and a reason instead of a TCP reset, a deeply nested frame is answered (before: a
RecursionError and 1011), and a burst from one socket is refused before any database work."""

import asyncio
import contextlib
import json
import time

import pytest
from websockets.exceptions import ConnectionClosed

from game.consumers import MESSAGES_BURST, MESSAGES_PER_SECOND
from tests.production.conftest import Socket, answering, db_query, phone_cookie, room_setup, services, start_workers

pytestmark = services


@pytest.fixture(scope="module")
def worker(services_env, tmp_path_factory):
    [worker] = start_workers(services_env, tmp_path_factory.mktemp("daphne"), 1)
    try:
        yield worker
    finally:
        worker.stop()


@pytest.fixture
def room(services_env):
    return room_setup(services_env, players=1, teams=1)


async def phone_socket(worker, room) -> Socket:
    phone = await Socket.open(worker, f"/ws/play/{room['code']}/", phone_cookie(room["phones"][0]))
    await phone.until("state")
    return phone


async def closed_with(phone: Socket) -> tuple[int | None, str]:
    with contextlib.suppress(ConnectionClosed, TimeoutError):
        while True:
            await asyncio.wait_for(phone.ws.recv(), 10)
    await asyncio.wait_for(phone.ws.wait_closed(), 10)
    received = phone.ws.protocol.close_rcvd  # the close frame the server sent (None after a reset)
    return (received.code, received.reason) if received else (None, "")


@pytest.mark.parametrize("size", [4_097, 100_000, 10_000_000])
async def test_an_oversized_frame_is_closed_with_1009_and_a_reason(worker, room, size):
    phone = await phone_socket(worker, room)
    with contextlib.suppress(ConnectionClosed):
        await phone.ws.send("x" * size)
    code, reason = await closed_with(phone)
    assert code == 1009, (code, reason)
    assert "Traceback" not in worker.log.read_text()


async def test_a_deeply_nested_frame_is_answered_and_the_socket_stays_up(worker, room):
    phone = await phone_socket(worker, room)
    for frame in ("[" * 4000, '{"type":"propose","round":1,"choice":' + "[" * 2000 + "]" * 2000 + "}"):
        await phone.ws.send(frame)
        answer = await phone.until("error", timeout=5)
        assert answer["code"] == "bad_message" and "nested too deeply" in answer["message"]
    await phone.send({"type": "hello"})
    assert (await phone.until("you", timeout=5))["player"]["id"] == room["phones"][0]["public_id"]
    await phone.close()
    log = worker.log.read_text()
    assert "RecursionError" not in log and "Traceback" not in log


async def test_a_burst_from_one_socket_is_refused_past_its_budget(services_env, worker, room):
    staff = await Socket.open(worker, f"/ws/staff/{room['session_id']}/", room["staff_cookie"])
    assert (await staff.reply({"type": "command", "name": "start"}))["type"] == "ack"
    number = (await staff.until("state", answering()))["round"]["number"]
    phone = await phone_socket(worker, room)
    burst = 2000
    frame = json.dumps({"type": "propose", "round": number, "choice": "false"})
    started = time.monotonic()
    for _ in range(burst):
        await phone.ws.send(frame)
    answers = []
    while len(answers) < burst:
        message = json.loads(await asyncio.wait_for(phone.ws.recv(), 10))
        if message["type"] in ("ack", "error"):
            answers.append(message)
    elapsed = time.monotonic() - started
    acked = [a for a in answers if a["type"] == "ack"]
    refused = [a for a in answers if a.get("code") == "too_fast"]
    assert len(acked) + len(refused) == burst
    assert 1 <= len(acked) <= MESSAGES_BURST + MESSAGES_PER_SECOND * elapsed + 1
    [(stored,)] = db_query(services_env, "SELECT count(*) FROM game_proposal WHERE session_id = %s", room["session_id"])
    assert stored == 1  # what was acked is stored (one phone, one card)
    print(f"burst of {burst} from one socket: {len(acked)} acked, {len(refused)} refused in {elapsed:.2f} s")
    await phone.close()
    await staff.close()
