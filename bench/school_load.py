"""The school's load generator: many rooms at once, or a join storm, in one asyncio process.

Started by bench/school.py with a JSON plan on stdin; prints one JSON result on stdout.

- `play`: every room's facilitator socket and its phones (already players) connect; for
  `duration` seconds each facilitator sends `extend` on its own rhythm (a seeded random gap,
  uniform in [gap_min, gap_max]) while every phone proposes `proposals` times at random moments.
  Latency of an action = its `state` (the new version) at the room's last phone. Every message a
  phone receives is checked to belong to its room; at the end every phone's last proposal must
  be acknowledged and stored in the database as it was sent.
- `storm`: `phones` newcomers arrive evenly over `window` seconds, each through the real join
  flow: GET the join page (cookies, CSRF token), POST the form (the play page and the player's
  cookie come back), open the socket, wait for the room's `state`. Join time = GET sent → `state`.

Every wait is bounded; what timed out is counted, never awaited forever.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import random
import re
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidMessage, InvalidStatus

sys.path.insert(0, str(Path(__file__).resolve().parent))
from loadgen import client_main, cpu_seconds, pct, retrying, rss_bytes, summary  # noqa: E402

now = time.perf_counter
CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')
CHOICES = ("true", "false", "depends")


def pg_connect(dsn: str):
    """The bench's own connection, tried again while the server is full (other engineers' tests)."""
    import psycopg

    for attempt in range(20):
        try:
            return psycopg.connect(dsn, connect_timeout=10, autocommit=True)
        except psycopg.OperationalError:
            if attempt == 19:
                raise
            time.sleep(0.5)
    raise AssertionError("unreachable")


def pg_counters(dsn: str) -> dict[str, int]:
    sql = (
        "SELECT xact_commit, tup_inserted, tup_updated, tup_fetched FROM pg_stat_database "
        "WHERE datname = current_database()"
    )
    with pg_connect(dsn) as conn:
        conn.execute("SELECT pg_stat_clear_snapshot()")
        row = conn.execute(sql).fetchone()
    return dict(zip(("commits", "inserted", "updated", "fetched"), row, strict=True))


def redis_commands(url: str | None) -> int | None:
    if not url:
        return None
    import redis

    return int(redis.Redis.from_url(url, socket_timeout=10).info("stats")["total_commands_processed"])


class Watch:
    """Server-side load of one phase: PostgreSQL commits and rows, the peak of PostgreSQL
    connections of the bench's database (sampled twice a second), Redis commands."""

    def __init__(self, plan: dict[str, Any]) -> None:
        self.dsn, self.redis = plan["db"]["dsn"], plan.get("redis_url")
        self.peak = 0
        self.stop = asyncio.Event()

    def connections(self) -> int:
        with pg_connect(self.dsn) as conn:
            return conn.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
            ).fetchone()[0]

    async def sample(self) -> None:
        while not self.stop.is_set():
            with contextlib.suppress(Exception):
                self.peak = max(self.peak, await asyncio.to_thread(self.connections))
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.stop.wait(), 0.5)

    async def __aenter__(self) -> Watch:
        self.pg0 = await asyncio.to_thread(pg_counters, self.dsn)
        self.redis0 = await asyncio.to_thread(redis_commands, self.redis)
        self.task = asyncio.create_task(self.sample())
        return self

    async def __aexit__(self, *exc: object) -> None:
        self.stop.set()
        await self.task
        await asyncio.sleep(1)  # PostgreSQL publishes its counters at most once a second
        pg1 = await asyncio.to_thread(pg_counters, self.dsn)
        redis1 = await asyncio.to_thread(redis_commands, self.redis)
        self.result = {
            "postgres": {k: pg1[k] - self.pg0[k] for k in pg1},
            "postgres_connections_peak": self.peak,
            "redis_commands": None if redis1 is None else redis1 - self.redis0,
        }


async def open_ws(port: int, path: str, cookie: str | None) -> ClientConnection:
    return await connect(
        f"ws://127.0.0.1:{port}{path}",
        origin=f"http://127.0.0.1:{port}",
        additional_headers={"Cookie": cookie} if cookie else None,
        compression=None,
        ping_interval=None,
        open_timeout=60,
        close_timeout=2,
        max_queue=None,
    )


# --- play: many rooms at once ---


@dataclass
class Phone:
    room: int
    index: int
    public_id: str
    team: str
    ws: ClientConnection | None = None
    snapshot: asyncio.Event = field(default_factory=asyncio.Event)
    sent: list[Any] = field(default_factory=list)
    acked: list[Any] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    received: int = 0
    closed: int | None = None
    all_acked: asyncio.Event = field(default_factory=asyncio.Event)


@dataclass
class Room:
    index: int
    spec: dict[str, Any]
    phones: list[Phone] = field(default_factory=list)
    count: dict[int, int] = field(default_factory=dict)  # state version -> phones that have it
    last: dict[int, float] = field(default_factory=dict)
    waiting: dict[int, asyncio.Event] = field(default_factory=dict)
    staff_v: int = 0
    staff_seen: asyncio.Event = field(default_factory=asyncio.Event)
    latencies: list[float] = field(default_factory=list)
    lost: int = 0
    actions: int = 0

    def record(self, v: int, t: float) -> None:
        self.count[v] = self.count.get(v, 0) + 1
        self.last[v] = t
        if self.count[v] >= len(self.phones) and v in self.waiting:
            self.waiting[v].set()


class Play:
    def __init__(self, plan: dict[str, Any]) -> None:
        self.plan = plan
        self.pids = plan["server_pids"]
        self.rng = random.Random(plan.get("seed", 1))
        self.rooms = [Room(i, spec) for i, spec in enumerate(plan["rooms"])]
        self.ids_of = {r.index: set(r.spec["public_ids"]) for r in self.rooms}
        self.wrong_room: list[str] = []
        self.tasks: list[asyncio.Task] = []
        self.staff: list[ClientConnection] = []
        self.staff_errors: list[str] = []
        self.pings = 0
        self.connect_retries = 0

    def check(self, room: Room, message: dict[str, Any], who: str) -> None:
        """A message for another room is a wrong delivery, whatever its type."""
        kind = message.get("type")
        spec = room.spec
        if kind == "state" and message["session"]["code"] != spec["code"]:
            self.wrong_room.append(f"{who} of {spec['code']} got the state of {message['session']['code']}")
        elif kind == "team" and any(m["id"] not in self.ids_of[room.index] for m in message["members"]):
            self.wrong_room.append(f"{who} of {spec['code']} got a team view of another room")
        elif kind == "you" and message["player"]["id"] not in self.ids_of[room.index]:
            self.wrong_room.append(f"{who} of {spec['code']} was told it is {message['player']['id']}")

    async def phone_reader(self, room: Room, p: Phone) -> None:
        try:
            async for text in p.ws:
                t = now()
                p.received += 1
                message = json.loads(text)
                self.check(room, message, p.public_id)
                kind = message.get("type")
                if kind == "state":
                    room.record(message["v"], t)
                elif kind == "team":
                    p.snapshot.set()
                elif kind == "ack" and message.get("of") == "propose":
                    p.acked.append(message.get("choice"))
                    if len(p.acked) >= len(p.sent) and p.sent:
                        p.all_acked.set()
                elif kind == "error":
                    p.errors.append(text[:200])
        except ConnectionClosed as exc:
            p.closed = exc.rcvd.code if exc.rcvd else 1006
        else:
            p.closed = p.ws.close_code or 1000

    async def staff_reader(self, room: Room, ws: ClientConnection) -> None:
        try:
            async for text in ws:
                message = json.loads(text)
                if message.get("type") == "state":
                    self.check(room, message, "staff")
                    room.staff_v = max(room.staff_v, message["v"])
                    room.staff_seen.set()
                elif message.get("type") == "error":
                    self.staff_errors.append(text[:200])
        except ConnectionClosed:
            pass

    async def connect(self) -> float:
        ports = self.plan["ports"]
        gate = asyncio.Semaphore(64)
        for room in self.rooms:
            ws = await open_ws(
                ports[room.index % len(ports)], f"/ws/staff/{room.spec['session_id']}/", room.spec["staff_cookie"]
            )
            self.staff.append(ws)
            self.tasks.append(asyncio.create_task(self.staff_reader(room, ws)))
            await asyncio.wait_for(room.staff_seen.wait(), 30)
            for i, (public_id, team) in enumerate(zip(room.spec["public_ids"], room.spec["team_of"], strict=True)):
                room.phones.append(Phone(room.index, i, public_id, team))

        async def one(room: Room, p: Phone) -> None:
            async with gate:
                cookie = f"atelier_player={room.spec['tokens'][p.index]}"
                # phones of a room spread over the workers, as behind a load balancer
                port = ports[(room.index + p.index) % len(ports)]
                p.ws = await self.open_retrying(port, f"/ws/play/{room.spec['code']}/", cookie)
                self.tasks.append(asyncio.create_task(self.phone_reader(room, p)))
                await asyncio.wait_for(p.snapshot.wait(), 60)

        t0 = now()
        await asyncio.wait_for(
            asyncio.gather(*(one(room, p) for room in self.rooms for p in room.phones)), self.plan["connect_timeout"]
        )
        return now() - t0

    async def open_retrying(self, port: int, path: str, cookie: str) -> ClientConnection:
        """A handshake a busy worker dropped is tried again, as the page does; each retry counted."""

        def retried() -> None:
            self.connect_retries += 1

        return await retrying(open_ws, retried)(port, path, cookie)

    async def facilitator(self, room: Room, ws: ClientConnection, until: float) -> None:
        rng = random.Random(self.plan.get("seed", 1) * 1000 + room.index)
        await asyncio.sleep(rng.uniform(0, self.plan["gap_max"]))  # rooms do not start in step
        while now() < until:
            expected = room.staff_v + 1
            event = asyncio.Event()
            room.waiting[expected] = event
            t0 = now()
            await ws.send(json.dumps({"type": "command", "name": "extend", "seconds": 10}))
            room.actions += 1
            try:
                await asyncio.wait_for(event.wait(), 30)
                room.latencies.append((room.last[expected] - t0) * 1000)
            except TimeoutError:
                room.lost += 1
            room.waiting.pop(expected, None)
            deadline = now() + 5
            while room.staff_v < expected and now() < deadline:  # its own state too, before the next action
                room.staff_seen.clear()
                try:
                    await asyncio.wait_for(room.staff_seen.wait(), max(0.01, deadline - now()))
                except TimeoutError:
                    break
            await asyncio.sleep(rng.uniform(self.plan["gap_min"], self.plan["gap_max"]))

    async def proposer(self, room: Room, p: Phone, start: float) -> None:
        rng = random.Random(hash((self.plan.get("seed", 1), room.index, p.index)))
        moments = sorted(rng.uniform(0, self.plan["duration"]) for _ in range(self.plan["proposals"]))
        for moment in moments:
            await asyncio.sleep(max(0.0, start + moment - now()))
            choice = rng.choice(CHOICES)
            p.sent.append(choice)
            p.all_acked.clear()
            await p.ws.send(json.dumps({"type": "propose", "round": room.spec["round"], "choice": choice}))

    async def pinger(self, p: Phone, until: float) -> None:
        """A phone's page checks its version every 3 to 5 s (static/js/socket.js)."""
        rng = random.Random(hash((self.plan.get("seed", 1), "ping", p.room, p.index)))
        await asyncio.sleep(rng.uniform(0, 4))
        while now() < until:
            self.pings += 1
            await p.ws.send('{"type":"ping"}')
            await asyncio.sleep(4 * rng.uniform(0.75, 1.25))

    def stored(self) -> dict[int, dict[str, Any]]:
        ids = [r.spec["session_id"] for r in self.rooms]
        sql = (
            "SELECT pr.session_id, p.public_id, pr.choice FROM game_proposal pr "
            "JOIN game_player p ON p.id = pr.player_id WHERE pr.session_id = ANY(%s)"
        )
        out: dict[int, dict[str, Any]] = {}
        with pg_connect(self.plan["db"]["dsn"]) as conn:
            for session_id, public_id, choice in conn.execute(sql, (ids,)):
                out.setdefault(session_id, {})[public_id] = choice
        return out

    async def main(self) -> dict[str, Any]:
        plan = self.plan
        out: dict[str, Any] = {"mode": "play", "rooms": len(self.rooms)}
        rss0 = rss_bytes(self.pids)
        cpu0 = cpu_seconds(self.pids)
        out["connect_s"] = await self.connect()
        out["connect_retries"] = self.connect_retries
        out["connect_server_cpu_s"] = cpu_seconds(self.pids) - cpu0
        phones = [p for room in self.rooms for p in room.phones]
        out["phones"] = len(phones)
        await asyncio.sleep(2)
        rss1 = rss_bytes(self.pids)
        out["rss_before_mb"], out["rss_after_mb"] = rss0 / 2**20, rss1 / 2**20
        out["memory_per_phone_kb"] = (rss1 - rss0) / max(1, len(phones)) / 1024
        async with Watch(plan) as watch:
            aux0 = cpu_seconds(plan.get("aux_pids", []))
            cpu0, t0 = cpu_seconds(self.pids), now()
            until = t0 + plan["duration"]
            work = [self.facilitator(room, ws, until) for room, ws in zip(self.rooms, self.staff, strict=True)]
            work += [self.proposer(room, p, t0) for room in self.rooms for p in room.phones]
            if plan.get("pings", True):
                work += [self.pinger(p, until) for p in phones]
            await asyncio.wait_for(asyncio.gather(*work), plan["duration"] + 120)
            # every phone's last proposal acknowledged (bounded)
            pending = [p.all_acked.wait() for p in phones if p.sent and len(p.acked) < len(p.sent)]
            if pending:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(asyncio.gather(*pending), 60)
            elapsed = now() - t0
            cpu = cpu_seconds(self.pids) - cpu0
            out["aux_cpu_s"] = cpu_seconds(plan.get("aux_pids", [])) - aux0
        out.update(watch.result)
        out["pings"] = self.pings
        stored = await asyncio.to_thread(self.stored)
        latencies = [x for room in self.rooms for x in room.latencies]
        per_room = [pct(room.latencies, 99) for room in self.rooms if room.latencies]
        actions = sum(room.actions for room in self.rooms)
        delivered = sum(len(room.latencies) * (len(room.phones) + 1) for room in self.rooms)
        sent = sum(len(p.sent) for p in phones)
        mismatched = 0
        for room in self.rooms:
            have = stored.get(room.spec["session_id"], {})
            for p in room.phones:
                if p.sent and have.get(p.public_id) != p.sent[-1]:
                    mismatched += 1
        out.update(
            {
                "seconds": elapsed,
                "actions": actions,
                "actions_lost": sum(room.lost for room in self.rooms),
                "fanout_all": summary(latencies),
                "fanout_room_p99_worst_ms": max(per_room) if per_room else None,
                "fanout_room_p99_median_ms": statistics.median(per_room) if per_room else None,
                "state_messages_delivered": delivered,
                "proposals_sent": sent,
                "proposals_acked": sum(len(p.acked) for p in phones),
                "phones_last_proposal_stored": sum(1 for p in phones if p.sent) - mismatched,
                "phones_that_proposed": sum(1 for p in phones if p.sent),
                "proposals_not_stored_as_sent": mismatched,
                "errors": sum(len(p.errors) for p in phones),
                "error_sample": next((p.errors[0] for p in phones if p.errors), None),
                "staff_errors": len(self.staff_errors),
                "staff_error_sample": self.staff_errors[:3],
                "wrong_room": len(self.wrong_room),
                "wrong_room_sample": self.wrong_room[:3],
                "closed": sum(1 for p in phones if p.closed is not None),
                "messages_received": sum(p.received for p in phones),
                "server_cpu_s": cpu,
                "server_cpu_share": cpu / elapsed if elapsed else None,
            }
        )
        for p in phones:
            if p.ws:
                p.ws.transport.abort()
        for ws in self.staff:
            ws.transport.abort()
        for task in self.tasks:
            task.cancel()
        return out


# --- storm: newcomers through the real join flow ---


async def http(port: int, method: str, path: str, cookies: dict[str, str], form: dict[str, str] | None = None):
    """One HTTP/1.1 request on its own connection (a phone's first visit); returns status, cookies, body."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        body = urlencode(form).encode() if form is not None else b""
        head = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{port}", "Connection: close", "Accept-Language: fr"]
        if cookies:
            head.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in cookies.items()))
        if form is not None:
            head += [
                "Content-Type: application/x-www-form-urlencoded",
                f"Content-Length: {len(body)}",
                f"Origin: http://127.0.0.1:{port}",
                f"Referer: http://127.0.0.1:{port}{path}",
            ]
        writer.write(("\r\n".join(head) + "\r\n\r\n").encode() + body)
        await writer.drain()
        raw = await reader.read()
    finally:
        writer.close()
    header, _, content = raw.partition(b"\r\n\r\n")
    lines = header.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    got: dict[str, str] = {}
    chunked = False
    for line in lines[1:]:
        name, _, value = line.partition(":")
        if name.lower() == "set-cookie":
            pair = value.strip().split(";", 1)[0]
            key, _, val = pair.partition("=")
            got[key] = val
        elif name.lower() == "transfer-encoding" and "chunked" in value.lower():
            chunked = True
    if chunked:
        out, rest = b"", content
        while rest:
            size_line, _, rest = rest.partition(b"\r\n")
            size = int(size_line.split(b";")[0] or b"0", 16)
            if size == 0:
                break
            out, rest = out + rest[:size], rest[size + 2 :]
        content = out
    return status, got, content


class Storm:
    def __init__(self, plan: dict[str, Any]) -> None:
        self.plan = plan
        self.pids = plan["server_pids"]
        self.rooms = plan["rooms"]
        self.times: list[float] = []
        self.errors: list[str] = []
        self.sockets: list[ClientConnection] = []
        self.tasks: list[asyncio.Task] = []
        self.wrong_room = 0
        self.socket_retries = 0
        self.steps: dict[str, list[float]] = {"get": [], "post": [], "socket": []}

    async def drain(self, ws: ClientConnection, code: str) -> None:
        try:
            async for text in ws:
                if text.startswith('{"type":"state"') and f'"code":"{code}"' not in text:
                    self.wrong_room += 1
        except ConnectionClosed:
            pass

    async def newcomer(self, i: int, at: float) -> None:
        await asyncio.sleep(max(0.0, at - now()))
        room = self.rooms[i % len(self.rooms)]
        code = room["code"]
        port = self.plan["ports"][i % len(self.plan["ports"])]
        t0 = now()
        try:
            status, cookies, body = await asyncio.wait_for(http(port, "GET", f"/j/{code}", {}), 60)
            if status != 200:
                raise RuntimeError(f"join page {status}")
            token = CSRF.search(body)
            if not token:
                raise RuntimeError("no CSRF token in the join page")
            t1 = now()
            form = {"csrfmiddlewaretoken": token.group(1).decode(), "nickname": f"N{i}", "team": ""}
            status, more, body = await asyncio.wait_for(http(port, "POST", f"/j/{code}", cookies, form), 60)
            cookies |= more
            if "atelier_player" not in cookies:
                raise RuntimeError(f"join refused ({status}): {body[:120]!r}")
            t2 = now()
            for attempt in range(4):  # as the page does: a dropped handshake is tried again
                try:
                    ws = await open_ws(port, f"/ws/play/{code}/", f"atelier_player={cookies['atelier_player']}")
                    break
                except (OSError, InvalidMessage, InvalidStatus, TimeoutError):
                    if attempt == 3:
                        raise
                    self.socket_retries += 1
                    await asyncio.sleep(0.5 * 2**attempt)
            self.sockets.append(ws)
            while True:
                text = await asyncio.wait_for(ws.recv(), 60)
                if text.startswith('{"type":"state"'):
                    if f'"code":"{code}"' not in text:
                        self.wrong_room += 1
                    break
            t3 = now()
            self.tasks.append(asyncio.create_task(self.drain(ws, code)))
        except Exception as exc:  # every failure is counted and reported
            self.errors.append(f"{type(exc).__name__}: {exc}"[:200])
            return
        self.times.append((t3 - t0) * 1000)
        self.steps["get"].append((t1 - t0) * 1000)
        self.steps["post"].append((t2 - t1) * 1000)
        self.steps["socket"].append((t3 - t2) * 1000)

    def players(self) -> int:
        ids = [r["session_id"] for r in self.rooms]
        with pg_connect(self.plan["db"]["dsn"]) as conn:
            return conn.execute("SELECT count(*) FROM game_player WHERE session_id = ANY(%s)", (ids,)).fetchone()[0]

    async def main(self) -> dict[str, Any]:
        plan = self.plan
        n, window = plan["phones"], plan["window"]
        staff = []
        for k, room in enumerate(self.rooms):  # the facilitators watch their rooms fill up
            port = plan["ports"][k % len(plan["ports"])]
            ws = await open_ws(port, f"/ws/staff/{room['session_id']}/", room["staff_cookie"])
            staff.append(ws)
            self.tasks.append(asyncio.create_task(self.drain(ws, room["code"])))
        await asyncio.sleep(1)
        rss0 = rss_bytes(self.pids)
        async with Watch(plan) as watch:
            aux0 = cpu_seconds(plan.get("aux_pids", []))
            cpu0, t0 = cpu_seconds(self.pids), now()
            arrivals = (self.newcomer(i, t0 + i * window / n) for i in range(n))
            await asyncio.wait_for(asyncio.gather(*arrivals), window + 180)
            elapsed = now() - t0
            cpu = cpu_seconds(self.pids) - cpu0
            aux = cpu_seconds(plan.get("aux_pids", [])) - aux0
        await asyncio.sleep(2)
        rss1 = rss_bytes(self.pids)
        stored = await asyncio.to_thread(self.players)
        out = {
            "mode": "storm",
            "rooms": len(self.rooms),
            "phones": n,
            "window_s": window,
            "seconds": elapsed,
            "joined": len(self.times),
            "players_in_db": stored,
            "join": summary(self.times),
            "steps": {k: summary(v) for k, v in self.steps.items()},
            "errors": len(self.errors),
            "error_sample": self.errors[:3],
            "socket_retries": self.socket_retries,
            "wrong_room": self.wrong_room,
            "server_cpu_s": cpu,
            "server_cpu_per_join_ms": cpu / max(1, len(self.times)) * 1000,
            "aux_cpu_s": aux,
            "rss_before_mb": rss0 / 2**20,
            "rss_after_mb": rss1 / 2**20,
            "memory_per_phone_kb": (rss1 - rss0) / max(1, len(self.times)) / 1024,
            **watch.result,
        }
        for ws in self.sockets + staff:
            ws.transport.abort()
        for task in self.tasks:
            task.cancel()
        return out


def main() -> None:
    client_main(lambda plan: (Play(plan) if plan["mode"] == "play" else Storm(plan)).main())


if __name__ == "__main__":
    main()
