"""A real daphne on PostgreSQL and Redis: an idle socket outlives redis-py's default timeout,
and a room of 300 phones proposing at once is all acknowledged and all stored."""

import asyncio
import time

import pytest

from tests.production.conftest import Socket, answering, db_query, phone_cookie, room_setup, services, start_workers

pytestmark = services

BURST = 300


@pytest.fixture(scope="module")
def worker(services_env, tmp_path_factory):
    [worker] = start_workers(services_env, tmp_path_factory.mktemp("daphne"), 1)
    try:
        yield worker
    finally:
        worker.stop()


async def test_idle_sockets_still_get_a_broadcast_after_seven_seconds(services_env, worker):
    room = room_setup(services_env, players=1, teams=1)
    staff = await Socket.open(worker, f"/ws/staff/{room['session_id']}/", room["staff_cookie"])
    phone = await Socket.open(worker, f"/ws/play/{room['code']}/", phone_cookie(room["phones"][0]))
    await phone.until("state")
    await staff.until("roster")

    await asyncio.sleep(7)  # redis-py's default 5 s socket timeout would have closed both by now

    assert (await staff.reply({"type": "command", "name": "start"}))["type"] == "ack"
    state = await phone.until("state", answering(), timeout=5)
    assert state["round"]["number"] == 1
    # The process's relay (game.fanout) survives a read timeout by logging it: none may happen.
    assert "Timeout" not in worker.log.read_text()
    await phone.close()
    await staff.close()


async def test_three_hundred_phones_proposing_at_once_are_all_acked_and_counted(services_env, worker):
    room = room_setup(services_env, players=BURST, teams=24)
    staff = await Socket.open(worker, f"/ws/staff/{room['session_id']}/", room["staff_cookie"])
    # All connect at once: each socket joins three groups, as many Redis calls in flight.
    phones = await asyncio.gather(
        *(Socket.open(worker, f"/ws/play/{room['code']}/", phone_cookie(p), timeout=30) for p in room["phones"])
    )
    await asyncio.gather(*(phone.until("state", timeout=30) for phone in phones))
    assert (await staff.reply({"type": "command", "name": "start"}))["type"] == "ack"
    number = (await staff.until("state", answering()))["round"]["number"]
    await asyncio.gather(*(phone.until("state", answering(number), timeout=30) for phone in phones))

    started = time.monotonic()
    answers = await asyncio.gather(
        *(phone.reply({"type": "propose", "round": number, "choice": "false"}, timeout=60) for phone in phones)
    )
    elapsed = time.monotonic() - started
    acked = [a for a in answers if a["type"] == "ack"]
    assert len(acked) == BURST, [a for a in answers if a["type"] != "ack"][:3]
    [(stored,)] = db_query(
        services_env,
        "SELECT count(*) FROM game_proposal WHERE session_id = %s AND round_number = %s",
        room["session_id"],
        number,
    )
    assert stored == BURST
    assert all(phone.ws.close_code is None for phone in phones)  # none closed by the burst
    print(f"{BURST} proposals acked and stored in {elapsed:.1f} s")
    await asyncio.gather(*(phone.close() for phone in phones))
    await staff.close()
