"""A partition between hosts, not a dead process (issue 14): two workers in network namespaces
of their own, Redis and PostgreSQL reached through a third. One worker is cut off from Redis
mid-card (its packets dropped, as by a failed switch); it hands its phones over, they move to
the healthy worker, and nothing acknowledged is lost.

Needs root (network namespaces, veth pairs, iptables); every name carries this test's pid and
everything is removed afterwards."""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from websockets.exceptions import ConnectionClosed, InvalidStatus

from game.fanout import CLOSE_PARTITIONED
from tests.network_lock import network_lock
from tests.production.conftest import (
    Socket,
    Worker,
    answering,
    db_query,
    phone_cookie,
    room_setup,
    services,
)
from tests.production.faults import RedisServer, TcpProxy

IP, IPTABLES = shutil.which("ip"), shutil.which("iptables")
pytestmark = [
    *services,
    pytest.mark.skipif(os.geteuid() != 0, reason="needs root: the test builds network namespaces (ip netns)"),
    pytest.mark.skipif(not (IP and IPTABLES), reason="needs iproute2 (ip) and iptables for network namespaces"),
]

PHONES = 12  # 6 on each worker, 3 teams: every team has members on both
MOVED_WITHIN = 10.0  # seconds from the cut until every phone of the cut worker is on the other


def run(*args: str) -> None:
    subprocess.run(args, check=True, capture_output=True, text=True)


@dataclass
class Hosts:
    """svc (Redis, and the way to PostgreSQL) routes between w1 and w2 (the workers) and the
    test's own namespace, which holds a forwarder to the shared PostgreSQL on 127.0.0.1."""

    svc: str
    w1: str
    w2: str
    net: str  # "10.N"

    def addr(self, host: str) -> str:
        return {"root": f"{self.net}.0.1", "svc": f"{self.net}.0.2", "w1": f"{self.net}.1.2", "w2": f"{self.net}.2.2"}[
            host
        ]


def free_net() -> str:
    routes = subprocess.run(["ip", "-4", "route"], capture_output=True, text=True).stdout
    for second in [os.getpid() % 200 + 20, *range(20, 250)]:
        if f"10.{second}." not in routes:
            return f"10.{second}"
    raise AssertionError("no free 10.N.0.0/16 network")


@pytest.fixture
def hosts() -> Iterator[Hosts]:
    # an address on the host's own namespace: no browser of the other test pass meanwhile
    with network_lock(exclusive=True):
        yield from _hosts()


def _hosts() -> Iterator[Hosts]:
    pid = os.getpid()
    h = Hosts(svc=f"atl{pid}svc", w1=f"atl{pid}w1", w2=f"atl{pid}w2", net=free_net())
    created: list[str] = []
    links: list[str] = []
    try:
        for ns in (h.svc, h.w1, h.w2):
            run("ip", "netns", "add", ns)
            created.append(ns)
            run("ip", "-n", ns, "link", "set", "lo", "up")
        # root <-> svc
        root_end, svc_end = f"v{pid}r", f"v{pid}s"
        run("ip", "link", "add", root_end, "type", "veth", "peer", "name", svc_end)
        links.append(root_end)
        run("ip", "link", "set", svc_end, "netns", h.svc)
        run("ip", "addr", "add", f"{h.addr('root')}/24", "dev", root_end)
        run("ip", "link", "set", root_end, "up")
        run("ip", "-n", h.svc, "addr", "add", f"{h.addr('svc')}/24", "dev", svc_end)
        run("ip", "-n", h.svc, "link", "set", svc_end, "up")
        run("ip", "netns", "exec", h.svc, "sysctl", "-qw", "net.ipv4.ip_forward=1")
        # svc <-> each worker, and routes both ways through svc
        for index, ns in ((1, h.w1), (2, h.w2)):
            a, b = f"v{pid}a{index}", f"v{pid}b{index}"
            run("ip", "link", "add", a, "type", "veth", "peer", "name", b)
            run("ip", "link", "set", a, "netns", h.svc)
            run("ip", "link", "set", b, "netns", ns)
            run("ip", "-n", h.svc, "addr", "add", f"{h.net}.{index}.1/24", "dev", a)
            run("ip", "-n", h.svc, "link", "set", a, "up")
            run("ip", "-n", ns, "addr", "add", f"{h.net}.{index}.2/24", "dev", b)
            run("ip", "-n", ns, "link", "set", b, "up")
            run("ip", "-n", ns, "route", "add", "default", "via", f"{h.net}.{index}.1")
            run("ip", "route", "add", f"{h.net}.{index}.0/24", "via", h.addr("svc"))
        yield h
    finally:
        for index in (1, 2):
            with contextlib.suppress(subprocess.CalledProcessError):
                run("ip", "route", "del", f"{h.net}.{index}.0/24")
        for link in links:
            with contextlib.suppress(subprocess.CalledProcessError):
                run("ip", "link", "del", link)
        for ns in created:
            with contextlib.suppress(subprocess.CalledProcessError):
                run("ip", "netns", "del", ns)


def cut_from_redis(hosts: Hosts, ns: str, redis: RedisServer) -> None:
    """Drop (not refuse) every packet between this worker and Redis: a partition."""
    for chain, way in (("OUTPUT", ["-d", redis.host, "--dport"]), ("INPUT", ["-s", redis.host, "--sport"])):
        run("ip", "netns", "exec", ns, "iptables", "-I", chain, "-p", "tcp", *way, str(redis.port), "-j", "DROP")


async def open_anywhere(workers: list[Worker], path: str, cookie: str) -> tuple[Socket, Worker]:
    """What the proxy does for a reconnecting phone: the first worker that accepts the socket."""
    for worker in workers:
        try:
            return await Socket.open(worker, path, cookie, timeout=5), worker
        except (InvalidStatus, OSError, TimeoutError):
            continue
    raise AssertionError("no worker accepted the socket")


def stored(env, session_id: int, number: int) -> dict[str, str]:
    return dict(
        db_query(
            env,
            "SELECT p.public_id, r.choice #>> '{}' FROM game_proposal r JOIN game_player p ON p.id = r.player_id "
            "WHERE r.session_id = %s AND r.round_number = %s",
            session_id,
            number,
        )
    )


async def test_a_worker_cut_off_from_redis_hands_its_phones_to_the_other(services_env, hosts, tmp_path):
    redis = RedisServer(tmp_path, host=hosts.addr("svc"), netns=hosts.svc)
    postgres = TcpProxy(5432, listen_host=hosts.addr("root"))
    database = services_env["DATABASE_URL"].replace("127.0.0.1:5432", f"{hosts.addr('root')}:{postgres.port}")
    env = dict(
        services_env,
        REDIS_URL=redis.url,
        DATABASE_URL=database,
        ALLOWED_HOSTS=f"{hosts.addr('w1')},{hosts.addr('w2')},127.0.0.1",
    )
    room = room_setup(services_env, players=PHONES, teams=3)
    a = Worker(env, tmp_path / "daphne-a.log", bind=hosts.addr("w1"), netns=hosts.w1)
    b = Worker(env, tmp_path / "daphne-b.log", bind=hosts.addr("w2"), netns=hosts.w2)
    sockets: list[Socket] = []
    try:
        a.wait_ready()
        b.wait_ready()
        staff = await Socket.open(b, f"/ws/staff/{room['session_id']}/", room["staff_cookie"])
        on_a, on_b = room["phones"][: PHONES // 2], room["phones"][PHONES // 2 :]
        phones_a = [await Socket.open(a, f"/ws/play/{room['code']}/", phone_cookie(p)) for p in on_a]
        phones_b = [await Socket.open(b, f"/ws/play/{room['code']}/", phone_cookie(p)) for p in on_b]
        sockets = [staff, *phones_a, *phones_b]
        assert (await staff.reply({"type": "command", "name": "start"}))["type"] == "ack"
        number = (await staff.until("state", answering()))["round"]["number"]
        await asyncio.gather(*(p.until("state", answering(number)) for p in phones_a + phones_b))
        before = [await p.reply({"type": "propose", "round": number, "choice": "true"}) for p in phones_a[:3]]
        assert [x["type"] for x in before] == ["ack"] * 3
        await asyncio.sleep(2)  # both workers have told the database they reach Redis

        cut_from_redis(hosts, hosts.w1, redis)
        cut = time.monotonic()
        # Proposals on A during the cut: each is acked (stored) or refused, never lost once acked.
        racing = await asyncio.gather(
            *(p.reply({"type": "propose", "round": number, "choice": "false"}, timeout=15) for p in phones_a[3:]),
            return_exceptions=True,
        )
        acked_on_a = {p["public_id"]: "true" for p in on_a[:3]}
        for player, answer in zip(on_a[3:], racing, strict=True):
            if isinstance(answer, dict) and answer["type"] == "ack":
                acked_on_a[player["public_id"]] = "false"

        # A tells its phones to go (4502); each reconnects, A refuses, B takes it.
        codes = []
        for phone in phones_a:
            with contextlib.suppress(ConnectionClosed, TimeoutError):
                while True:
                    await asyncio.wait_for(phone.ws.recv(), MOVED_WITHIN)
            codes.append(phone.ws.close_code)
        assert codes == [CLOSE_PARTITIONED] * len(phones_a), codes
        moved = []
        for player in on_a:
            socket, worker = await open_anywhere([a, b], f"/ws/play/{room['code']}/", phone_cookie(player))
            assert worker is b
            sockets.append(socket)
            moved.append(socket)
            await socket.until("state", answering(number))
        moved_after = time.monotonic() - cut
        assert moved_after < MOVED_WITHIN

        # Nothing acknowledged is lost: the database has it, and B's team views show it.
        in_db = stored(services_env, room["session_id"], number)
        assert all(in_db.get(pid) == choice for pid, choice in acked_on_a.items()), (acked_on_a, in_db)
        # B relays as before: everyone, moved phones included, sees the next change.
        assert (await staff.reply({"type": "command", "name": "close"}))["type"] == "ack"
        await asyncio.gather(*(p.until("state", lambda m: m["round"]["status"] == "closed") for p in moved + phones_b))
        print(
            f"partition: worker A cut from Redis with {len(on_a)} phones; all told (4502) and on worker B "
            f"{moved_after:.1f} s after the cut; {len(acked_on_a)} proposals acked on A, all stored"
        )
    finally:
        for socket in sockets:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(socket.close(), 2)
        a.stop()
        b.stop()
        redis.stop()
        postgres.close()
