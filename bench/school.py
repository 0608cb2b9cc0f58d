"""A whole school at once, on the prod configuration: many rooms playing, then a join storm.

    .venv/bin/python bench/school.py                     # 40 rooms × 30 phones, storm of 1200 in 60 s
    .venv/bin/python bench/school.py --rooms 4 --phones 10 --duration 15 --storm 80 --storm-window 10  # smoke

Three phases, each on fresh server processes (2 daphnes, phones of a room spread over both,
PostgreSQL in a throwaway database, Redis in a private `redis-server` on a free port):

1. **one room**: the reference, the same room alone (its fan-out p99 is what the school is
   compared with);
2. **school**: `--rooms` rooms of `--phones` phones, each facilitator sending `extend` on its own
   rhythm (a seeded random gap of 1 to 4 s), each phone proposing `--proposals` times at random
   moments; per-room fan-out p99, nothing delivered to the wrong room, every phone's last
   proposal stored as sent;
3. **join storm**: `--storm` newcomers over `--storm-window` seconds, spread over `--rooms` open
   rooms, each through the real join flow (join page, form, socket, first `state`); p99 join
   time, no error, every player in the database.

Writes bench/results/school-<date>.md and .json; measures a `git archive` of HEAD by default
(`--source worktree` for the files as they are). Every process it starts is killed at the end of
each phase; every wait is bounded.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness  # noqa: E402
from harness import PY, ROOT, fmt, free_port, log  # noqa: E402

TARGET_RATIO = 3.0  # per-room fan-out p99 ≤ 3× the single room's
TARGET_STORM_S = 60.0


@contextmanager
def private_redis(tmp: Path):
    """A redis-server of our own: its CPU is ours alone, and no other engineer's db is touched."""
    port = free_port(harness.PORT_BASE + 900)
    proc = subprocess.Popen(
        [
            "redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(tmp),
        ],  # fmt: skip
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        harness.wait_port(port, proc)
        yield f"redis://127.0.0.1:{port}/0", proc
    finally:
        harness.kill([proc])


@contextmanager
def environment(args: argparse.Namespace):
    tmp = Path(tempfile.mkdtemp(prefix="atelier-school-"))
    try:
        with (
            harness.postgres_database("atelier_school") as (dbname, dsn),
            private_redis(tmp) as (redis_url, redis_proc),
        ):
            env = dict(
                os.environ,
                DJANGO_SETTINGS_MODULE="config.settings",
                SECRET_KEY="bench-only",
                DEBUG="0",
                DATABASE_URL=dsn,
                REDIS_URL=redis_url,
                STATIC_ROOT=str(tmp / "static"),
                ALLOWED_HOSTS="127.0.0.1",
            )
            for command in (["migrate", "-v0"], ["collectstatic", "--noinput", "-v0"]):
                subprocess.run([PY, "manage.py", *command], cwd=harness.SRC, env=env, check=True, timeout=300)
            yield env, {"kind": "postgres", "dsn": dsn, "name": dbname}, redis_proc
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def phase(name: str, env: dict, db: dict, redis_proc, rooms: int, players: int, plan: dict, args) -> dict[str, Any]:
    teams = str(max(2, min(24, args.phones // 5)))
    spec = harness.setup(
        "setup_school.py", env, "--rooms", str(rooms), "--players", str(players), "--teams", teams, "--tag", name,
        timeout=900,
    )  # fmt: skip
    ports, procs = harness.start_workers(args.workers, env)
    try:
        full = plan | {
            "ports": ports,
            "server_pids": [p.pid for p in procs],
            "aux_pids": [redis_proc.pid],
            "rooms": spec["rooms"],
            "db": db,
            "redis_url": env["REDIS_URL"],
            "seed": args.seed,
        }
        result = harness.run_client("school_load.py", full, full["total_timeout"] + 60)
        result["workers"] = args.workers
        return result
    finally:
        harness.kill(procs)


def play_plan(args: argparse.Namespace, rooms: int) -> dict[str, Any]:
    return {
        "mode": "play",
        "duration": args.duration,
        "proposals": args.proposals,
        "gap_min": args.gap_min,
        "gap_max": args.gap_max,
        "pings": not args.no_pings,
        "connect_timeout": 120 + rooms * args.phones * 0.1,
        "total_timeout": 300 + args.duration + rooms * args.phones * 0.1,
    }


def report(args: argparse.Namespace, info: dict, started: datetime, results: dict[str, Any]) -> str:
    one, school, storm = results.get("one_room") or {}, results.get("school") or {}, results.get("storm") or {}
    lines = [
        f"# School bench, {started:%Y-%m-%d %H:%M}",
        "",
        f"Machine: {info['cpus']} CPUs ({info['cpu']}), {info['ram_gb']} GB RAM, Python {info['python']}.  ",
        f"Versions: {info['versions']}.  ",
        f"Source measured: {args.source}.  ",
        f"Load average before / after: {info['loadavg_at_start']} / {results.get('load_after', '?')}.  ",
        f"Command: `.venv/bin/python bench/school.py --rooms {args.rooms} --phones {args.phones} "
        f"--duration {args.duration:g} --proposals {args.proposals} --storm {args.storm} "
        f"--storm-window {args.storm_window:g}{' --no-pings' if args.no_pings else ''}` "
        f"({args.workers} daphnes, PostgreSQL, a private Redis)",
        "",
    ]
    if args.note:
        lines += [f"Note: {args.note}", ""]
    lines += [
        "## Rooms playing at once (facilitators on their own rhythm, phones proposing)",
        "",
        "| run | rooms × phones | actions | fan-out p50 / p99 / max (ms) | worst room's p99 | median room's p99 "
        "| ratio p99 / one room | wrong room | proposals sent / acked | last proposal stored | errors "
        "| closed | server CPU (s, share of a core) | µs CPU / state delivered (all work included) |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    base = ((one.get("fanout_all") or {}).get("p99_ms")) if one else None
    for label, r in (("one room", one), ("school", school)):
        if not r:
            continue
        if "failed" in r:
            lines.append(f"| {label} | failed: {r['failed'][:100]} |||||||||||||")
            continue
        f = r["fanout_all"]
        ratio = f["p99_ms"] / base if base and f["p99_ms"] else None
        per_msg = r["server_cpu_s"] / r["state_messages_delivered"] * 1e6 if r["state_messages_delivered"] else None
        lines.append(
            f"| {label} | {r['rooms']} × {r['phones'] // max(1, r['rooms'])} "
            f"| {r['actions']} ({r['actions_lost']} lost) "
            f"| {fmt(f['p50_ms'], 1)} / {fmt(f['p99_ms'], 1)} / {fmt(f['max_ms'], 1)} "
            f"| {fmt(r['fanout_room_p99_worst_ms'], 1)} | {fmt(r['fanout_room_p99_median_ms'], 1)} | {fmt(ratio, 2)} "
            f"| {r['wrong_room']} | {r['proposals_sent']} / {r['proposals_acked']} "
            f"| {r['phones_last_proposal_stored']} / {r['phones_that_proposed']} | {r['errors']} | {r['closed']} "
            f"| {fmt(r['server_cpu_s'], 1)} ({fmt(r['server_cpu_share'], 2)}) | {fmt(per_msg)} |"
        )
    if school and "failed" not in school:
        ratio = school["fanout_all"]["p99_ms"] / base if base and school["fanout_all"]["p99_ms"] else None
        ok = (
            ratio is not None
            and ratio <= TARGET_RATIO
            and school["wrong_room"] == 0
            and school["proposals_not_stored_as_sent"] == 0
            and school["errors"] == 0
            and school["actions_lost"] == 0
        )
        lines += [
            "",
            f"Target: per-room fan-out p99 ≤ {TARGET_RATIO:g}× the single room, nothing to the wrong room, every "
            f"proposal stored: **{'met' if ok else 'missed'}**.",
        ]
        lines += [
            "",
            "| load while the school plays | value |",
            "|---|---|",
            f"| PostgreSQL commits / s | {fmt(school['postgres']['commits'] / school['seconds'])} |",
            f"| PostgreSQL rows inserted + updated / s | "
            f"{fmt((school['postgres']['inserted'] + school['postgres']['updated']) / school['seconds'])} |",
            f"| Redis commands / s | {fmt(school['redis_commands'] / school['seconds'])} |",
            f"| Redis CPU (share of a core) | {fmt(school['aux_cpu_s'] / school['seconds'], 3)} |",
            f"| PostgreSQL connections of the bench's database, peak | {school.get('postgres_connections_peak')} |",
            f"| socket handshakes tried again (dropped by a worker, as a page retries) | "
            f"{school.get('connect_retries', 0)} |",
            f"| phones' version checks (`ping`) / s | {fmt(school.get('pings', 0) / school['seconds'])} |",
            f"| facilitator actions / s | {fmt(school['actions'] / school['seconds'], 1)} |",
            f"| proposals / s | {fmt(school['proposals_sent'] / school['seconds'], 1)} |",
            f"| memory per phone (KB) | {fmt(school['memory_per_phone_kb'], 1)} |",
            f"| load generator CPU (s) | {fmt(school.get('loadgen_cpu_s'), 1)} |",
        ]
    lines += ["", "## Join storm (join page, form, socket, first `state`)", ""]
    if storm and "failed" not in storm:
        j, s = storm["join"], storm["steps"]
        ok = (
            storm["errors"] == 0
            and storm["joined"] == storm["phones"]
            and storm["players_in_db"] == storm["phones"]
            and storm["seconds"] <= TARGET_STORM_S + 30
        )
        lines += [
            "| newcomers | rooms | window (s) | all done in (s) | joined / in DB | errors | wrong room "
            "| join p50 / p99 / max (ms) | page p99 | form p99 | socket p99 | server CPU (s) | ms CPU / join "
            "| PG commits | PG connections peak | Redis commands | KB / phone |",
            "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
            f"| {storm['phones']} | {storm['rooms']} | {storm['window_s']:g} | {storm['seconds']:.1f} "
            f"| {storm['joined']} / {storm['players_in_db']} | {storm['errors']} | {storm['wrong_room']} "
            f"| {fmt(j['p50_ms'])} / {fmt(j['p99_ms'])} / {fmt(j['max_ms'])} | {fmt(s['get']['p99_ms'])} "
            f"| {fmt(s['post']['p99_ms'])} | {fmt(s['socket']['p99_ms'])} | {storm['server_cpu_s']:.1f} "
            f"| {storm['server_cpu_per_join_ms']:.1f} | {storm['postgres']['commits']} "
            f"| {storm.get('postgres_connections_peak')} | {storm['redis_commands']} "
            f"| {fmt(storm['memory_per_phone_kb'], 1)} |",
            "",
            f"Target: {storm['phones']} newcomers within {args.storm_window:g} s, no error: "
            f"**{'met' if ok else 'missed'}**"
            + (f" (errors: {storm['error_sample']})" if storm["errors"] else ".")
            + f" Socket handshakes tried again (as a page does): {storm.get('socket_retries', 0)}.",
        ]
    elif storm:
        lines.append(f"failed: {storm['failed']}")
    text = "\n".join(lines) + "\n\nDefinitions: docs/performance.md (A school at once).\n"
    stem = f"school-{started:%Y-%m-%d-%H%M}"
    return harness.write_results(args.out, stem, text, results | {"args": vars(args), "machine": info})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rooms", type=int, default=40)
    parser.add_argument("--phones", type=int, default=30, help="phones per room")
    parser.add_argument("--duration", type=float, default=60, help="seconds the rooms play")
    parser.add_argument("--proposals", type=int, default=3, help="proposals per phone while the rooms play")
    parser.add_argument("--gap-min", type=float, default=1.0, help="a facilitator's shortest gap between actions")
    parser.add_argument("--gap-max", type=float, default=4.0)
    parser.add_argument(
        "--no-pings", action="store_true", help="phones do not check their version (to single out the cost of checks)"
    )
    parser.add_argument("--storm", type=int, default=1200, help="newcomers of the join storm (0: none)")
    parser.add_argument("--storm-window", type=float, default=60)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--skip", default="", help="phases to leave out: one_room,school,storm")
    parser.add_argument("--note", default="")
    parser.add_argument("--out", default=str(ROOT / "bench" / "results"))
    parser.add_argument("--source", default="HEAD", help="a commit to measure, or 'worktree'")
    args = parser.parse_args()
    skip = set(filter(None, args.skip.split(",")))
    harness.raise_fd_limit()
    started = datetime.now()
    info = harness.machine()
    results: dict[str, Any] = {}
    with harness.exported_source(args), environment(args) as (env, db, redis_proc):
        for name, rooms in (("one_room", 1), ("school", args.rooms)):
            if name in skip:
                continue
            t0 = time.monotonic()
            log(f"[{name}] {rooms} × {args.phones} phones for {args.duration:g} s ...")
            results[name] = phase(name, env, db, redis_proc, rooms, args.phones, play_plan(args, rooms), args)
            log(f"[{name}] done in {time.monotonic() - t0:.0f} s: {json.dumps(results[name])[:500]}")
            results["load_after"] = " ".join(Path("/proc/loadavg").read_text().split()[:3])
            report(args, info, started, results)
        if args.storm and "storm" not in skip:
            t0 = time.monotonic()
            log(f"[storm] {args.storm} newcomers in {args.storm_window:g} s over {args.rooms} rooms ...")
            plan = {
                "mode": "storm",
                "phones": args.storm,
                "window": args.storm_window,
                "total_timeout": args.storm_window + 240,
            }
            results["storm"] = phase("storm", env, db, redis_proc, args.rooms, 0, plan, args)
            log(f"[storm] done in {time.monotonic() - t0:.0f} s: {json.dumps(results['storm'])[:500]}")
    results["load_after"] = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    print(report(args, info, started, results))


if __name__ == "__main__":
    main()
