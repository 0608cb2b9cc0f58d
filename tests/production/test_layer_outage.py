"""A Redis outage under two real workers (issue 14): what is committed meanwhile is
acknowledged, every phone is resent what it missed as soon as Redis is back, and the next
change arrives through the layer again. Redis here is the test's own redis-server, killed and
started again; the shared one is never touched.

Before: three state changes in a row during the outage reached 0 of 200 phones, and the first
to reach all came 33.7 s after Redis was back (the relay joined its groups every 30 s).
"""

import asyncio
import contextlib
import http.cookiejar
import re
import time
import urllib.error
import urllib.parse
import urllib.request

from tests.production.conftest import Socket, answering, db_query, phone_cookie, room_setup, services, start_workers
from tests.production.faults import RedisServer

pytestmark = services

PHONES = 100  # 50 on each worker
# The target is 3 s (printed below, ~2 s here). The waits allow a loaded CI machine (two test
# passes at once on two cores) far more, and still fail the old behaviour (33.7 s, see above).
WAIT_S = 20.0


def version(env, session_id) -> int:
    [(v,)] = db_query(env, "SELECT version FROM game_gamesession WHERE id = %s", session_id)
    return v


def join_twice(origin: str, code: str) -> tuple[str, str]:
    """A phone joins, then submits the same form again (its answer was lost): both cookies."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{origin}/j/{code}", timeout=10).read().decode()
    form = {
        "csrfmiddlewaretoken": re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1],
        "attempt": re.search(r'name="attempt" value="([^"]+)"', page)[1],
        "nickname": "Pendant la panne",
        "team": "",
    }
    cookies = []
    for _ in range(2):
        request = urllib.request.Request(f"{origin}/j/{code}", data=urllib.parse.urlencode(form).encode())
        with opener.open(request, timeout=10) as answer:  # the play page, or a redirect to it
            assert answer.status == 200 and "/play/" in answer.url + answer.read().decode()
        cookies.append(next(c.value for c in jar if c.name == "atelier_player"))
        jar.clear(domain="127.0.0.1", path="/", name="atelier_player")  # the phone never got it
    return cookies[0], cookies[1]


async def test_a_redis_outage_loses_nothing_and_phones_catch_up_when_it_is_back(services_env, tmp_path):
    redis = RedisServer(tmp_path)
    env = dict(services_env, REDIS_URL=redis.url)
    room = room_setup(env, players=PHONES, teams=4)
    a, b = start_workers(env, tmp_path, 2)
    sockets: list[Socket] = []
    try:
        staff = await Socket.open(b, f"/ws/staff/{room['session_id']}/", room["staff_cookie"])
        players = room["phones"]
        phones = [
            await Socket.open(a if i % 2 else b, f"/ws/play/{room['code']}/", phone_cookie(p))
            for i, p in enumerate(players)
        ]
        sockets = [staff, *phones]
        assert (await staff.reply({"type": "command", "name": "start"}))["type"] == "ack"
        number = (await staff.until("state", answering()))["round"]["number"]
        await asyncio.gather(*(p.until("state", answering(number)) for p in phones))

        redis.stop()
        # Committed during the outage: acknowledged, never "server error".
        for name, args in (("pause", {}), ("resume", {}), ("extend", {"seconds": 30})):
            answer = await staff.reply({"type": "command", "name": name, **args})
            assert answer == {"type": "ack", "of": "command", "name": name}, answer
        answers = await asyncio.gather(
            *(p.reply({"type": "propose", "round": number, "choice": "true"}) for p in phones)
        )
        assert [x["type"] for x in answers] == ["ack"] * PHONES, answers
        [(stored,)] = db_query(env, "SELECT count(*) FROM game_proposal WHERE session_id = %s", room["session_id"])
        assert stored == PHONES
        first, again = join_twice(a.origin, room["code"])
        assert first == again  # a retried join is the same player
        [(joined,)] = db_query(
            env,
            "SELECT count(*) FROM game_player WHERE session_id = %s AND nickname = %s",
            room["session_id"],
            "Pendant la panne",
        )
        assert joined == 1
        during = version(env, room["session_id"])

        redis.start()
        back = time.monotonic()
        caught_up = await asyncio.gather(
            *(p.until("state", lambda m: m["v"] >= during, timeout=WAIT_S) for p in [staff, *phones])
        )
        missed = time.monotonic() - back
        assert all(s["round"]["deadline"] and s["round"]["status"] == "answering" for s in caught_up)

        # The next change goes through the layer again, to every phone on both workers.
        changed = time.monotonic()
        assert (await staff.reply({"type": "command", "name": "close"}))["type"] == "ack"
        await asyncio.gather(
            *(p.until("state", lambda m: m["round"]["status"] == "closed", timeout=WAIT_S) for p in phones)
        )
        next_change = time.monotonic() - changed
        print(
            f"redis outage: {PHONES} phones on 2 workers, 3 commands + {PHONES} proposals + 1 join acked "
            f"during it; all phones had what they missed {missed:.2f} s after Redis was back, "
            f"the next change {next_change:.2f} s after it was made"
        )
    finally:
        for socket in sockets:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(socket.close(), 2)
        a.stop()
        b.stop()
        redis.stop()
