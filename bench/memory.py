"""Where a connected phone's memory goes: tracemalloc in each worker, before and after N phones.

    .venv/bin/python bench/memory.py --phones 300 --config default,prod

For each configuration (as bench/live.py builds it: one daphne on SQLite, or two on PostgreSQL
and Redis) the workers run with a SIGUSR1 handler: the first signal starts tracemalloc (30
frames; tracing Django's start-up too makes it minutes long), each next one dumps a snapshot.
Ten phones connect first (so that pools, caches and lazily imported
modules exist), a snapshot is taken, N more phones connect (split across the workers, each
waiting for its first state as a page does), and 2 s later a second snapshot. The blocks still
allocated in the second and not in the first, divided by N, are what one more phone costs;
each is put on the innermost frame of its traceback that is not the standard library (so that
daphne's `asyncio.Queue` counts for daphne, and a dict our consumer builds counts for game),
and summed by package. VmRSS before and after is beside it (what live.py reports; it includes
the allocator's slack and tracemalloc's own bookkeeping, so read the traced figure for the
split). Writes bench/results/memory-<date>.md and .json. The figures are slower to get than
live.py's (tracing costs), never compared with them for speed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import signal
import subprocess
import sys
import sysconfig
import tempfile
import time
import tracemalloc
from collections import defaultdict
from datetime import datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness  # noqa: E402
import live  # noqa: E402
from harness import PY, fmt, log, machine, raise_fd_limit  # noqa: E402
from loadgen import retrying, rss_bytes  # noqa: E402

WARM = 10  # phones connected before the first snapshot
FRAMES = 30

# Run inside each worker: daphne's command line, with a snapshot dumped on SIGUSR1.
WORKER = """
import os, signal, sys, tracemalloc
out, n = os.environ["BENCH_TRACEMALLOC"], [0]
def dump(signum, frame):  # the first signal starts tracing, each next one dumps a snapshot
    path = os.path.join(out, f"{os.getpid()}-{n[0]}")
    if n[0] == 0:
        tracemalloc.start(FRAMES)
    else:
        tracemalloc.take_snapshot().dump(path + ".snap")
    n[0] += 1
    open(path + ".done", "w").close()
signal.signal(signal.SIGUSR1, dump)
sys.argv = ["daphne", "-b", "127.0.0.1", "-p", sys.argv[1], "config.asgi:application"]
from daphne.cli import CommandLineInterface
CommandLineInterface.entrypoint()
"""


def start_traced_workers(count: int, env: dict[str, str]) -> tuple[list[int], list[subprocess.Popen]]:
    ports: list[int] = []
    procs: list[subprocess.Popen] = []
    try:
        for _ in range(count):
            ports.append(harness.free_port(ports[-1] + 1 if ports else harness.PORT_BASE))
            procs.append(
                subprocess.Popen(
                    [PY, "-c", WORKER.replace("FRAMES", str(FRAMES)), str(ports[-1])],
                    cwd=harness.SRC,
                    env=env,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )
        for port, proc in zip(ports, procs, strict=True):
            harness.wait_port(port, proc)
    except BaseException:
        harness.kill(procs)
        raise
    return ports, procs


def signal_workers(procs: list[subprocess.Popen], out: Path, number: int) -> None:
    """SIGUSR1 to each worker, one after the other, until it says it is done (0: tracing starts)."""
    for proc in procs:
        proc.send_signal(signal.SIGUSR1)
        done = out / f"{proc.pid}-{number}.done"
        deadline = time.monotonic() + 300
        while not done.exists():
            if time.monotonic() > deadline or proc.poll() is not None:
                raise RuntimeError(f"worker {proc.pid} did not answer signal {number}")
            time.sleep(0.2)


def snapshot(procs: list[subprocess.Popen], out: Path, number: int) -> list[tracemalloc.Snapshot]:
    """Each worker's snapshot number `number` (they are taken one after the other)."""
    signal_workers(procs, out, number)
    return [tracemalloc.Snapshot.load(str(out / f"{proc.pid}-{number}.snap")) for proc in procs]


async def connect(room: dict[str, Any], ports: list[int], indexes: range, held: list[Any]) -> None:
    """Phones `indexes` of the room, each until its first state (a dropped handshake is tried
    again, as the page does)."""
    from websockets.asyncio.client import connect as ws_connect

    gate = asyncio.Semaphore(8)  # traced workers are slower: fewer handshakes outlive daphne's 5 s
    retries = [0]

    async def open_ws(port: int, i: int) -> Any:
        return await ws_connect(
            f"ws://127.0.0.1:{port}/ws/play/{room['code']}/",
            origin=f"http://127.0.0.1:{port}",
            additional_headers={"Cookie": f"atelier_player={room['tokens'][i]}"},
            compression=None,
            ping_interval=None,
            open_timeout=120,
            max_queue=None,
        )

    def retried() -> None:
        retries[0] += 1

    async def one(i: int) -> None:
        async with gate:
            ws = await retrying(open_ws, retried)(ports[i % len(ports)], i)
            held.append(ws)
            while json.loads(await asyncio.wait_for(ws.recv(), 120))["type"] != "state":
                pass

    await asyncio.gather(*(one(i) for i in indexes))
    if retries[0]:
        log(f"{retries[0]} handshakes tried again")


STDLIB = {sysconfig.get_paths()["stdlib"], sysconfig.get_paths()["platstdlib"]}


def owner(frame: tracemalloc.Frame) -> str | None:
    """The package a frame's file belongs to (None for the standard library)."""
    name = frame.filename
    if "site-packages/" in name:
        return name.split("site-packages/", 1)[1].split("/", 1)[0].removesuffix(".py")
    if any(name.startswith(p) for p in STDLIB) or name.startswith("<"):
        return None
    parts = Path(name).parts
    for top in ("game", "config", "facilitator", "cards", "printables"):
        if top in parts:
            return top
    return "other"


def split(before: list[tracemalloc.Snapshot], after: list[tracemalloc.Snapshot]) -> dict[str, Any]:
    """New blocks by package, and by the line that allocated them within it."""
    packages: dict[str, int] = defaultdict(int)
    sites: dict[tuple[str, str], int] = defaultdict(int)
    total = 0
    for b, a in zip(before, after, strict=True):
        for stat in a.compare_to(b, "traceback"):
            if stat.size_diff <= 0:
                continue
            total += stat.size_diff
            frames = list(stat.traceback)  # oldest first
            where = next(((owner(f), f) for f in reversed(frames) if owner(f)), None)
            if where is None:
                package, frame = "python (stdlib only)", frames[-1]
            else:
                package, frame = where
            packages[package] += stat.size_diff
            short = frame.filename.split("site-packages/", 1)[-1].split("/work/", 1)[-1]
            sites[(package, f"{short}:{frame.lineno}")] += stat.size_diff
    return {"total": total, "packages": dict(packages), "sites": {f"{p} {s}": n for (p, s), n in sites.items()}}


def measure(config: str, n: int) -> dict[str, Any]:
    with live.database(config) as (env, _db):
        room = harness.setup_room(n + WARM, env)
        if config == "prod":
            live.flush_redis()
        out = Path(tempfile.mkdtemp(prefix="atelier-bench-mem-"))
        env = dict(env, BENCH_TRACEMALLOC=str(out))
        ports, procs = start_traced_workers(1 if config == "default" else 2, env)

        async def run() -> tuple[int, int, list[tracemalloc.Snapshot], list[tracemalloc.Snapshot]]:
            held: list[Any] = []  # every phone stays connected until the workers are killed
            await asyncio.to_thread(signal_workers, procs, out, 0)
            await connect(room, ports, range(n, n + WARM), held)
            await asyncio.sleep(2)
            rss0 = rss(procs)
            before = await asyncio.to_thread(snapshot, procs, out, 1)
            await connect(room, ports, range(n), held)
            await asyncio.sleep(2)
            rss1 = rss(procs)
            after = await asyncio.to_thread(snapshot, procs, out, 2)
            harness.kill(procs)
            return rss0, rss1, before, after

        try:
            rss0, rss1, before, after = asyncio.run(run())
        finally:
            harness.kill(procs)
            for f in out.iterdir():
                f.unlink()
            out.rmdir()
        found = split(before, after)
        return {
            "phones": n,
            "workers": len(procs),
            "rss_kb_per_phone": (rss1 - rss0) / 1024 / n,
            "traced_kb_per_phone": found["total"] / 1024 / n,
            "packages_kb": {k: v / 1024 / n for k, v in found["packages"].items()},
            "sites_kb": {k: v / 1024 / n for k, v in sorted(found["sites"].items(), key=lambda kv: -kv[1])[:40]},
        }


def rss(procs: list[subprocess.Popen]) -> int:
    return rss_bytes([p.pid for p in procs])


def report(args: argparse.Namespace, info: dict[str, str], started: datetime, results: dict[str, Any]) -> str:
    lines = [
        f"# Memory per phone, {started:%Y-%m-%d %H:%M}",
        "",
        f"`.venv/bin/python bench/memory.py --phones {args.phones} --config {args.config}`, "
        f"source {args.source}; {info['cpus']} CPUs ({info['cpu']}), Python {info['python']}; "
        f"{info['versions']}; load average at start {info['loadavg_at_start']}, at end {harness.load_average()}.",
        "",
        "A phone's share of the blocks still allocated 2 s after N phones connected (tracemalloc in "
        "each worker, the innermost frame outside the standard library), and of VmRSS.",
        "",
    ]
    for config, r in results.items():
        if "failed" in r:
            lines += [f"## {config}: failed: {r['failed']}", ""]
            continue
        lines += [
            f"## {config}: {r['phones']} phones on {r['workers']} worker(s)",
            "",
            f"VmRSS {fmt(r['rss_kb_per_phone'], 1)} KB a phone (tracemalloc's bookkeeping included); "
            f"traced {fmt(r['traced_kb_per_phone'], 1)} KB a phone.",
            "",
            "| package | KB a phone | share |",
            "|---|---|---|",
        ]
        for package, kb in sorted(r["packages_kb"].items(), key=lambda kv: -kv[1]):
            lines.append(f"| {package} | {kb:.2f} | {100 * kb / r['traced_kb_per_phone']:.0f} % |")
        lines += ["", "| where (innermost frame outside the standard library) | KB a phone |", "|---|---|"]
        for site, kb in list(r["sites_kb"].items())[:25]:
            lines.append(f"| {site} | {kb:.2f} |")
        lines.append("")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--phones", type=int, default=300)
    parser.add_argument("--config", default="default,prod")
    parser.add_argument("--source", default="HEAD", help="a commit to export and measure, or 'worktree'")
    parser.add_argument("--out", default=str(harness.ROOT / "bench" / "results"))
    args = parser.parse_args()
    raise_fd_limit()
    started = datetime.now()
    info = machine()
    results: dict[str, Any] = {}
    with harness.exported_source(args):
        for config in args.config.split(","):
            log(f"{config}: {args.phones} phones")
            try:
                results[config] = measure(config, args.phones)
            except Exception as exc:  # one configuration failing still reports the other
                log(f"{config} failed: {exc!r}")
                results[config] = {"failed": repr(exc)}
    text = report(args, info, started, results)
    print(text)
    harness.write_results(args.out, f"memory-{started:%Y-%m-%d-%H%M}", text, {"machine": info, "results": results})


if __name__ == "__main__":
    main()
