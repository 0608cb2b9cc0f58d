"""The load generator: N phones and one facilitator socket in one asyncio process.

Started by bench/live.py with a JSON plan on stdin; prints one JSON result on stdout. It speaks
the real protocol (docs/protocol.md) and reads the servers' CPU and memory from /proc.
Every wait is bounded; a phase that times out is reported as such, never awaited forever.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import resource
import sqlite3
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidMessage, InvalidStatus

STATE_V = re.compile(r'"v":(\d+)')
now = time.perf_counter


def raise_fd_limit() -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


def cpu_seconds(pids: list[int]) -> float:
    """CPU time of the servers, every thread (daphne runs ORM work in a thread pool), in ns precision."""
    total = 0
    for pid in pids:
        for task in os.listdir(f"/proc/{pid}/task"):
            try:
                with open(f"/proc/{pid}/task/{task}/schedstat") as f:
                    total += int(f.read().split()[0])
            except FileNotFoundError:  # a thread that just ended
                pass
    return total / 1e9


def rss_bytes(pids: list[int]) -> int:
    total = 0
    for pid in pids:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
    return total


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))]


def summary(values: list[float]) -> dict[str, float | None]:
    if not values:
        return {"n": 0, "p50_ms": None, "p99_ms": None, "max_ms": None}
    return {"n": len(values), "p50_ms": statistics.median(values), "p99_ms": pct(values, 99), "max_ms": max(values)}


def retrying(open_ws: Callable[..., Awaitable[Any]], retried: Callable[[], None]) -> Callable[..., Awaitable[Any]]:
    """As the page does (static/js/socket.js): a refused or dropped handshake (daphne gives the
    application 5 s to accept) is tried again after a backoff; `retried` counts each retry."""

    async def open_retrying(*args: Any) -> Any:
        for attempt in range(6):
            try:
                return await open_ws(*args)
            except (OSError, InvalidMessage, InvalidStatus, TimeoutError):
                if attempt == 5:
                    raise
                retried()
                await asyncio.sleep(0.5 * 2**attempt)
        raise AssertionError("unreachable")

    return open_retrying


def client_main(play: Callable[[dict[str, Any]], Awaitable[dict[str, Any]]]) -> None:
    """A client process: the plan as JSON on stdin, the figures (and its own CPU) as JSON on stdout."""
    raise_fd_limit()
    plan = json.load(sys.stdin)
    result = asyncio.run(asyncio.wait_for(play(plan), plan["total_timeout"]))
    usage = resource.getrusage(resource.RUSAGE_SELF)
    result.setdefault("loadgen_cpu_s", usage.ru_utime + usage.ru_stime)
    json.dump(result, sys.stdout)


@dataclass
class Arrivals:
    """For each state version: how many phones have it and when the last one got it."""

    count: dict[int, int] = field(default_factory=dict)
    last: dict[int, float] = field(default_factory=dict)
    waiting: dict[int, tuple[int, asyncio.Event]] = field(default_factory=dict)

    def record(self, v: int, t: float) -> None:
        self.count[v] = self.count.get(v, 0) + 1
        self.last[v] = t
        wanted = self.waiting.get(v)
        if wanted and self.count[v] >= wanted[0]:
            wanted[1].set()

    async def wait(self, v: int, n: int, timeout: float) -> bool:
        event = asyncio.Event()
        self.waiting[v] = (n, event)
        if self.count.get(v, 0) >= n:
            return True
        try:
            await asyncio.wait_for(event.wait(), timeout)
            return True
        except TimeoutError:
            return False
        finally:
            self.waiting.pop(v, None)


@dataclass
class Client:
    index: int
    team: str
    ws: ClientConnection | None = None
    snapshot: asyncio.Event = field(default_factory=asyncio.Event)
    closed: int | None = None
    received: int = 0
    acked: float | None = None
    errors: list[str] = field(default_factory=list)
    team_done: float | None = None


class Run:
    def __init__(self, plan: dict[str, Any]) -> None:
        self.plan = plan
        self.mode = plan["mode"]
        self.arrivals = Arrivals()
        self.staff_messages: list[tuple[float, dict[str, Any]]] = []
        self.staff_v = 0
        self.staff_event = asyncio.Event()
        self.team_size = {}
        for team in plan.get("team_of", []):
            self.team_size[team] = self.team_size.get(team, 0) + 1
        self.teams_done = 0
        self.teams_done_event = asyncio.Event()
        self.acks = 0
        self.acks_event = asyncio.Event()
        self.burst_round = plan.get("round")
        self.pids = plan["server_pids"]
        self.retries = 0

    def retried(self) -> None:
        self.retries += 1

    # --- readers ---

    async def phone_reader(self, c: Client) -> None:
        try:
            async for text in c.ws:
                t = now()
                c.received += 1
                if text.startswith('{"type":"state"'):
                    self.arrivals.record(int(STATE_V.search(text).group(1)), t)
                    if self.mode == "baseline":
                        c.snapshot.set()
                elif text.startswith('{"type":"team"'):
                    c.snapshot.set()
                    if c.team_done is None and self.burst_round is not None:
                        message = json.loads(text)
                        if message["round"] == self.burst_round and all(
                            m["proposal"] is not None for m in message["members"]
                        ):
                            c.team_done = t
                            self.teams_done += 1
                            if self.teams_done >= len(self.clients):
                                self.teams_done_event.set()
                elif text.startswith('{"type":"ack"'):
                    if c.acked is None:
                        c.acked = t
                        self.acks += 1
                        if self.acks >= len(self.clients):
                            self.acks_event.set()
                elif text.startswith('{"type":"error"'):
                    c.errors.append(text[:200])
        except ConnectionClosed as exc:
            c.closed = exc.rcvd.code if exc.rcvd else 1006
        else:
            c.closed = c.ws.close_code or 1000

    async def staff_reader(self, ws: ClientConnection) -> None:
        try:
            async for text in ws:
                t = now()
                message = json.loads(text)
                if message["type"] == "state":
                    self.staff_v = max(self.staff_v, message["v"])
                self.staff_messages.append((t, message))
                self.staff_event.set()
        except ConnectionClosed:
            self.staff_closed = True

    # --- connecting ---

    async def open(self, port: int, path: str, cookie: str | None) -> ClientConnection:
        return await connect(
            f"ws://127.0.0.1:{port}{path}",
            origin=f"http://127.0.0.1:{port}",
            additional_headers={"Cookie": cookie} if cookie else None,
            compression=None,
            ping_interval=None,  # a browser sends no pings: idle means idle (the server may ping)
            open_timeout=60,
            close_timeout=2,
            max_queue=None,
        )

    async def connect_phones(self) -> float:
        plan = self.plan
        ports = plan["ports"]
        self.clients = [Client(i, team) for i, team in enumerate(plan["team_of"])]
        gate = asyncio.Semaphore(32)  # under load, more in flight outlive daphne's 5 s handshake timeout

        async def one(c: Client) -> None:
            async with gate:
                cookie = f"atelier_player={plan['tokens'][c.index]}"
                # as the page does: a handshake a busy worker dropped is tried again, and counted
                open_ws = retrying(self.open, self.retried)
                c.ws = await open_ws(ports[c.index % len(ports)], f"/ws/play/{plan['code']}/", cookie)
                self.tasks.append(asyncio.create_task(self.phone_reader(c)))
                await asyncio.wait_for(c.snapshot.wait(), 60)

        t0 = now()
        await asyncio.wait_for(asyncio.gather(*(one(c) for c in self.clients)), plan["connect_timeout"])
        return now() - t0

    # --- phases ---

    async def staff_until(self, check, timeout: float) -> float | None:
        """Time at which the staff socket had a message passing check, or None on timeout."""
        deadline = now() + timeout
        seen = 0
        while True:
            for t, message in self.staff_messages[seen:]:
                if check(message):
                    return t
            seen = len(self.staff_messages)
            self.staff_event.clear()
            remaining = deadline - now()
            if remaining <= 0:
                return None
            try:
                await asyncio.wait_for(self.staff_event.wait(), remaining)
            except TimeoutError:
                return None

    async def action(self, name: str, args: dict[str, Any] | None = None, timeout: float = 30) -> float | None:
        """Send one facilitator command; latency until the matching state is at the last phone."""
        expected = self.staff_v + 1
        t0 = now()
        await self.staff.send(json.dumps({"type": "command", "name": name, **(args or {})}))
        ok = await self.arrivals.wait(expected, len(self.clients), timeout)
        # The staff socket has it too (it is in the room group): its v moves on before the next action.
        await self.staff_until(lambda m: m.get("type") == "state" and m["v"] >= expected, 5)
        if not ok:
            return None
        return self.arrivals.last[expected] - t0

    async def fanout(self, actions: int) -> dict[str, Any]:
        for name in ("pause", "resume"):  # warm-up, not counted
            await self.action(name)
        latencies, lost = [], 0
        cpu0, t0 = cpu_seconds(self.pids), now()
        for i in range(actions):
            sent = now()
            latency = await self.action("pause" if i % 2 == 0 else "resume")
            if latency is None:
                lost += 1
            else:
                latencies.append(latency * 1000)
            # at least 0.15 s from one send to the next: under the socket's 10 commands a second
            # (game.consumers), or past its burst of 20 the commands are refused and time out
            await asyncio.sleep(max(0.05, sent + 0.15 - now()))
        cpu = cpu_seconds(self.pids) - cpu0
        elapsed = now() - t0
        delivered = len(latencies) * (len(self.clients) + 1)
        if actions % 2:
            await self.action("resume")
        return {
            "p50_ms": statistics.median(latencies) if latencies else None,
            "p99_ms": pct(latencies, 99) if latencies else None,
            "max_ms": max(latencies) if latencies else None,
            "actions": actions,
            "timed_out": lost,
            "server_cpu_s": cpu,
            "elapsed_s": elapsed,
            "delivered": delivered,
            "cpu_us_per_message": cpu / delivered * 1e6 if delivered else None,
        }

    def db_count(self) -> int:
        db = self.plan["db"]
        sql = "SELECT count(*) FROM game_proposal WHERE session_id = %s AND round_number = %s"
        if db["kind"] == "sqlite":
            with sqlite3.connect(db["path"], timeout=30) as conn:
                return conn.execute(sql.replace("%s", "?"), (self.plan["session_id"], self.burst_round)).fetchone()[0]
        import psycopg

        with psycopg.connect(db["dsn"], connect_timeout=10) as conn:
            return conn.execute(sql, (self.plan["session_id"], self.burst_round)).fetchone()[0]

    async def poll_db(self, n: int, t0: float, timeout: float) -> float | None:
        deadline = t0 + timeout
        while now() < deadline:
            if await asyncio.to_thread(self.db_count) >= n:
                return now() - t0
            await asyncio.sleep(0.02)
        return None

    async def burst(self, timeout: float) -> dict[str, Any]:
        n = len(self.clients)
        teams = len(self.team_size)
        cpu0 = cpu_seconds(self.pids)
        text = json.dumps({"type": "propose", "round": self.burst_round, "choice": "false"})
        t0 = now()
        db_task = asyncio.create_task(self.poll_db(n, t0, timeout)) if self.mode != "baseline" else None
        for c in self.clients:
            await c.ws.send(text)
        sent = now() - t0
        acks_ok = await self._wait(self.acks_event, timeout - (now() - t0))
        t_acks = max((c.acked for c in self.clients if c.acked), default=t0) - t0
        result: dict[str, Any] = {
            "proposals": n,
            "send_s": sent,
            "acks": self.acks,
            "acks_all_ms": t_acks * 1000 if acks_ok else None,
            "errors": sum(len(c.errors) for c in self.clients),
            "error_sample": next((c.errors[0] for c in self.clients if c.errors), None),
        }
        if self.mode != "baseline":
            teams_ok = await self._wait(self.teams_done_event, max(1.0, timeout - (now() - t0)))
            t_teams = max((c.team_done for c in self.clients if c.team_done), default=t0) - t0
            t_staff = await self.staff_until(
                lambda m: (
                    # Since proposals stopped bumping the room state, the count comes as `progress`.
                    (
                        m.get("type") == "progress"
                        and m.get("round") == self.burst_round
                        and (m.get("answered") or 0) >= teams
                    )
                    or (
                        m.get("type") == "state"
                        and (m.get("round") or {}).get("number") == self.burst_round
                        and (m["round"].get("answered") or 0) >= teams
                    )
                ),
                max(1.0, timeout - (now() - t0)),
            )
            t_db = await db_task
            result.update(
                {
                    "db_all_ms": t_db * 1000 if t_db is not None else None,
                    "teams_complete_ms": t_teams * 1000 if teams_ok else None,
                    "teams_complete": self.teams_done,
                    "staff_all_answered_ms": (t_staff - t0) * 1000 if t_staff else None,
                }
            )
            parts = [result["acks_all_ms"], result["db_all_ms"], result["teams_complete_ms"]]
            parts.append(result["staff_all_answered_ms"])
            result["tally_ms"] = max(parts) if None not in parts else None
        result["server_cpu_s"] = cpu_seconds(self.pids) - cpu0
        return result

    async def _wait(self, event: asyncio.Event, timeout: float) -> bool:
        try:
            await asyncio.wait_for(event.wait(), max(0.1, timeout))
            return True
        except TimeoutError:
            return False

    async def main(self) -> dict[str, Any]:
        plan = self.plan
        self.tasks: list[asyncio.Task] = []
        out: dict[str, Any] = {"mode": self.mode, "phones": len(plan["team_of"])}
        self.staff = await self.open(plan["ports"][0], plan["staff_path"], plan.get("staff_cookie"))
        self.tasks.append(asyncio.create_task(self.staff_reader(self.staff)))
        await self.staff_until(lambda m: m.get("type") == "state", 10)
        await asyncio.sleep(1)
        rss0 = rss_bytes(self.pids)
        cpu_connect0 = cpu_seconds(self.pids)
        out["connect_s"] = await self.connect_phones()
        out["connect_retries"] = self.retries
        out["connect_server_cpu_s"] = cpu_seconds(self.pids) - cpu_connect0
        await asyncio.sleep(2)
        rss1 = rss_bytes(self.pids)
        out["rss_before_mb"], out["rss_after_mb"] = rss0 / 2**20, rss1 / 2**20
        out["memory_per_phone_kb"] = (rss1 - rss0) / len(self.clients) / 1024
        out["fanout"] = await self.fanout(plan["actions"])
        if plan["idle"]:
            await asyncio.sleep(plan["idle"])
            closed = sum(1 for c in self.clients if c.closed is not None)
            after = [await self.action("pause"), await self.action("resume")]
            out["idle"] = {
                "seconds": plan["idle"],
                "closed": closed,
                "broadcast_after_ms": [a * 1000 if a is not None else None for a in after],
            }
        out["burst"] = await self.burst(plan["burst_timeout"])
        if self.mode != "baseline":
            await asyncio.sleep(0.5)
            reveal = await self.action("reveal", timeout=30)
            out["reveal_fanout_ms"] = reveal * 1000 if reveal is not None else None
        out["closed_at_end"] = sum(1 for c in self.clients if c.closed is not None)
        out["messages_received"] = sum(c.received for c in self.clients)
        usage = resource.getrusage(resource.RUSAGE_SELF)
        out["loadgen_cpu_s"] = usage.ru_utime + usage.ru_stime
        for c in self.clients:
            if c.ws:
                c.ws.transport.abort()  # no polite close of thousands of sockets: the servers are killed next
        self.staff.transport.abort()
        for task in self.tasks:
            task.cancel()
        return out


def main() -> None:
    client_main(lambda plan: Run(plan).main())


if __name__ == "__main__":
    main()
