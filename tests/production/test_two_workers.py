"""Two daphne workers on one PostgreSQL and one Redis share every session: phones on either
see what the facilitator does on the other, every proposal is counted, and when a worker is
killed mid-card its phones reconnect to the other one and resync from the database."""

import asyncio
import contextlib
import time

from tests.production.conftest import Socket, answering, db_query, phone_cookie, room_setup, services, start_workers

pytestmark = services

PHONES = 12  # 6 on each worker, 3 teams: every team has members on both workers


async def propose_all(phones, number, choice):
    answers = await asyncio.gather(*(p.reply({"type": "propose", "round": number, "choice": choice}) for p in phones))
    return [a for a in answers if a["type"] == "ack" and a["round"] == number]


def stored(env, session_id, number):
    return dict(
        db_query(
            env,
            "SELECT p.public_id, r.choice #>> '{}' FROM game_proposal r JOIN game_player p ON p.id = r.player_id "
            "WHERE r.session_id = %s AND r.round_number = %s",
            session_id,
            number,
        )
    )


async def test_two_workers_share_a_session_and_survive_a_killed_worker(services_env, tmp_path):
    started = time.monotonic()
    room = room_setup(services_env, players=PHONES, teams=3)
    a, b = start_workers(services_env, tmp_path, 2)
    sockets: list[Socket] = []
    try:
        staff = await Socket.open(b, f"/ws/staff/{room['session_id']}/", room["staff_cookie"])
        players = room["phones"]
        on_a, on_b = players[: PHONES // 2], players[PHONES // 2 :]
        phones_a = [await Socket.open(a, f"/ws/play/{room['code']}/", phone_cookie(p)) for p in on_a]
        phones_b = [await Socket.open(b, f"/ws/play/{room['code']}/", phone_cookie(p)) for p in on_b]
        sockets = [staff, *phones_a, *phones_b]
        await staff.until("roster")

        # The facilitator, on B, starts a card: the phones on A see it.
        assert (await staff.reply({"type": "command", "name": "start"}))["type"] == "ack"
        first = (await staff.until("state", answering()))["round"]["number"]
        await asyncio.gather(*(p.until("state", answering(first)) for p in phones_a + phones_b))

        # Proposals through both workers at once: all acked, all in the database.
        acked = await propose_all(phones_a + phones_b, first, "false")
        assert len(acked) == PHONES
        assert len(stored(services_env, room["session_id"], first)) == PHONES
        await staff.until("progress", lambda m: m["answered"] == 3)  # phones on A counted on B

        # The reveal, triggered on B, reaches the phones on A.
        assert (await staff.reply({"type": "command", "name": "reveal"}))["type"] == "ack"
        reveals = await asyncio.gather(
            *(p.until("state", lambda m: m["round"]["status"] == "revealed") for p in phones_a)
        )
        assert all(r["round"]["reveal"]["answers"] == {"t1": "false", "t2": "false", "t3": "false"} for r in reveals)

        # Next card; half of A's phones propose, then A dies mid-card (SIGKILL: no goodbye).
        assert (await staff.reply({"type": "command", "name": "next"}))["type"] == "ack"
        second = (await staff.until("state", answering()))["round"]["number"]
        await asyncio.gather(*(p.until("state", answering(second)) for p in phones_a + phones_b))
        early = on_a[: len(on_a) // 2]
        acked_before_kill = await propose_all(phones_a[: len(early)], second, "true")
        assert len(acked_before_kill) == len(early)
        # The other half proposes while A is being killed: some may be acked, some not.
        racing = [
            asyncio.create_task(p.reply({"type": "propose", "round": second, "choice": "true"}, timeout=5))
            for p in phones_a[len(early) :]
        ]
        await asyncio.sleep(0.01)
        a.kill()
        results = await asyncio.gather(*racing, return_exceptions=True)
        acked_racing = [
            player["public_id"]
            for player, result in zip(on_a[len(early) :], results, strict=True)
            if isinstance(result, dict) and result["type"] == "ack"
        ]
        for phone in phones_a:
            await asyncio.wait_for(phone.ws.wait_closed(), 5)
        acked_ids = {p["public_id"] for p in early} | set(acked_racing)
        in_db = stored(services_env, room["session_id"], second)
        assert all(in_db.get(public_id) == "true" for public_id in acked_ids), (acked_ids, in_db)

        # Its phones reconnect to B and ask for everything: same card, their proposals kept.
        back = [await Socket.open(b, f"/ws/play/{room['code']}/", phone_cookie(p)) for p in on_a]
        sockets += back
        for socket, player in zip(back, on_a, strict=True):
            await socket.send({"type": "hello"})
            state = await socket.until("state", answering(second))
            team = await socket.until("team", lambda m, n=second: m["round"] == n)
            mine = {m["id"]: m["proposal"] for m in team["members"]}[player["public_id"]]
            assert state["round"]["card"]["key"]
            if player["public_id"] in acked_ids:
                assert mine == "true"
            else:  # committed or not when A died, never half-done
                assert mine in (None, "true")

        # Everyone answers card 2 (those on A again, through B); nothing acked is lost.
        acked_after = await propose_all(back + phones_b, second, "depends")
        assert len(acked_after) == PHONES
        in_db = stored(services_env, room["session_id"], second)
        assert len(in_db) == PHONES and set(in_db.values()) == {"depends"}
        # The captains lock through B: the state every phone sees is settled.
        captains = {p["team"]: i for i, p in reversed(list(enumerate(on_a + on_b)))}
        everyone = back + phones_b
        for team_id, index in sorted(captains.items()):
            answer = await everyone[index].reply({"type": "lock", "round": second})
            assert answer == {"type": "ack", "of": "lock", "round": second, "answer": "depends"}, (team_id, answer)
        print(
            f"two workers: {PHONES} phones, {PHONES * 2 + len(acked_ids)} proposals acked "
            f"({len(acked_racing)} of {len(racing)} racing the kill), "
            f"{PHONES * 2} stored (one per phone and card), kill included, {time.monotonic() - started:.1f} s"
        )
    finally:
        for socket in sockets:
            with contextlib.suppress(Exception):  # a killed worker already closed some
                await asyncio.wait_for(socket.close(), 2)
        a.kill()
        b.stop()
