"""Live-session load bench: N phones of one room through the real protocol, against a plain baseline.

    .venv/bin/python bench/live.py --sizes 30,200,1000,2000 --config default,prod --actions 30

For each configuration and size it builds a throwaway database (SQLite file in a temp dir for
`default`; a PostgreSQL database on 127.0.0.1:5432 plus a Redis db index of its own for `prod`,
dropped / flushed after), creates the room with bench/setup_room.py, starts the server(s)
(1 daphne for `default`, 2 for `prod`, phones split across them), runs bench/loadgen.py in a
process of its own, then kills everything. Each size is also run once against
bench/baseline_server.py with the same clients and payload size. The table is printed and
written to bench/results/live-<date>.md (raw JSON beside it).
"""

from __future__ import annotations

import argparse
import contextlib
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
from harness import PORT_BASE, PY, ROOT, fmt, free_port, kill, log, machine, raise_fd_limit, wait_port  # noqa: E402

REDIS_DB = 11  # a db index of its own; other engineers' runs use others

# Issue 7's targets: (what, limit, unit) checked against the figures below.
TARGETS_P99 = {30: 15, 200: 40, 1000: 130, 2000: 300}
TARGET_RATIO_1000 = 3.0
TARGET_BURST_MS = 500
TARGET_CPU_US = 200
TARGET_MEMORY_KB = 35


@contextmanager
def database(config: str):
    """The environment of one configuration, with its throwaway database."""
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="config.settings", SECRET_KEY="bench-only", DEBUG="0")
    env.pop("REDIS_URL", None)
    tmp = Path(tempfile.mkdtemp(prefix="atelier-bench-"))
    try:
        with contextlib.ExitStack() as stack:
            if config == "default":
                path = tmp / "db.sqlite3"
                env["DATABASE_URL"] = f"sqlite:///{path}"
                db = {"kind": "sqlite", "path": str(path)}
            else:
                _, dsn = stack.enter_context(harness.postgres_database("atelier_bench"))
                env["DATABASE_URL"] = dsn
                env["REDIS_URL"] = f"redis://127.0.0.1:6379/{REDIS_DB}"
                db = {"kind": "postgres", "dsn": dsn}
                flush_redis()
                stack.callback(flush_redis)
            subprocess.run([PY, "manage.py", "migrate", "-v0"], cwd=harness.SRC, env=env, check=True, timeout=300)
            yield env, db
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def flush_redis() -> None:
    import redis

    redis.Redis(host="127.0.0.1", port=6379, db=REDIS_DB, socket_timeout=10).flushdb()


def run_loadgen(plan: dict[str, Any]) -> dict[str, Any]:
    return harness.run_client("loadgen.py", plan, plan["total_timeout"] + 30)


def plan_for(n: int, args: argparse.Namespace) -> dict[str, Any]:
    return {
        "actions": args.actions,
        "idle": 0,
        "connect_timeout": 120 + n * 0.1,
        "burst_timeout": args.burst_timeout,
        "total_timeout": 240 + n * 0.2 + args.idle + args.burst_timeout,
    }


def run_django(config: str, n: int, env: dict[str, str], db: dict[str, Any], args: argparse.Namespace) -> dict:
    room = harness.setup_room(n, env)
    if config == "prod":
        flush_redis()  # the setup's broadcasts went to empty groups; start each size clean
    workers = 1 if config == "default" else 2
    ports, procs = harness.start_workers(workers, env)
    try:
        plan = plan_for(n, args) | harness.room_plan(room, ports, procs, db)
        plan["idle"] = args.idle if config in args.idle_configs else 0
        result = run_loadgen(plan)
        result["state_bytes"] = room["state_bytes"]
        result["teams"] = len(room["teams"])
        result["workers"] = workers
        return result
    finally:
        kill(procs)


def run_baseline(n: int, payload: int, args: argparse.Namespace) -> dict:
    port = free_port(PORT_BASE + 100)
    proc = subprocess.Popen(
        [PY, str(ROOT / "bench" / "baseline_server.py"), "--port", str(port), "--payload", str(payload)],
        cwd=ROOT,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_port(port, proc)
        plan = plan_for(n, args) | {
            "mode": "baseline",
            "ports": [port],
            "server_pids": [proc.pid],
            "code": "BASELINE",
            "tokens": [""] * n,
            "team_of": ["t1"] * n,
            "staff_path": "/ws/staff/0/",
            "staff_cookie": None,
            "round": 1,
            "db": None,
        }
        result = run_loadgen(plan)
        result["state_bytes"] = payload
        return result
    finally:
        kill([proc])


# --- the report ---


def verdict(ok: bool | None) -> str:
    return "—" if ok is None else ("met" if ok else "**missed**")


def table(results: dict[str, Any]) -> str:
    lines = []
    base = results["baseline"]
    lines.append("### Fan-out: facilitator command → matching `state` at the last phone (ms)\n")
    lines.append("| config | phones | p50 | p99 | max | ratio p99 / baseline p99 | target p99 | verdict |")
    lines.append("|---|---|---|---|---|---|---|---|")
    for n, b in base.items():
        f = b.get("fanout", {})
        lines.append(
            f"| baseline | {n} | {fmt(f.get('p50_ms'), 1)} | {fmt(f.get('p99_ms'), 1)} | {fmt(f.get('max_ms'), 1)} "
            "| 1 | | |"
        )
    for config, sizes in results["configs"].items():
        for n, r in sizes.items():
            f = r.get("fanout") or {}
            bp99 = (base.get(n, {}).get("fanout") or {}).get("p99_ms")
            p99 = f.get("p99_ms")
            ratio = p99 / bp99 if p99 and bp99 else None
            limit = TARGETS_P99.get(int(n))
            ok = None if limit is None else (p99 is not None and p99 <= limit and not f.get("timed_out"))
            if int(n) == 1000 and ok is not None:
                ok = ok and ratio is not None and ratio <= TARGET_RATIO_1000
            target = f"≤ {limit}" + (" and ≤ 3× baseline" if int(n) == 1000 else "") if limit else ""
            note = f" ({f['timed_out']} timed out)" if f.get("timed_out") else ""
            if "failed" in r:
                note = f" (failed: {r['failed'][:80]})"
            lines.append(
                f"| {config} | {n} | {fmt(f.get('p50_ms'), 1)} | {fmt(p99, 1)}{note} | {fmt(f.get('max_ms'), 1)} "
                f"| {fmt(ratio, 1)} | {target} | {verdict(ok)} |"
            )
    lines.append("\n### Server cost: CPU per delivered message (fan-out phase) and memory per connected phone\n")
    lines.append(
        "| config | phones | workers | CPU µs / message | verdict (≤ 200) | KB / phone | verdict (≤ 35) "
        "| RSS before → after (MB) | connect all (s) | `state` bytes |"
    )
    lines.append("|---|---|---|---|---|---|---|---|---|---|")
    rows = [("baseline", n, b, 1) for n, b in base.items()]
    rows += [(c, n, r, r.get("workers")) for c, s in results["configs"].items() for n, r in s.items()]
    for config, n, r, workers in rows:
        f = r.get("fanout") or {}
        cpu, mem = f.get("cpu_us_per_message"), r.get("memory_per_phone_kb")
        cpu_ok = None if config == "baseline" or cpu is None else cpu <= TARGET_CPU_US
        mem_ok = None if config == "baseline" or mem is None else mem <= TARGET_MEMORY_KB
        lines.append(
            f"| {config} | {n} | {workers} | {fmt(cpu)} | {verdict(cpu_ok)} | {fmt(mem, 1)} | {verdict(mem_ok)} "
            f"| {fmt(r.get('rss_before_mb'))} → {fmt(r.get('rss_after_mb'))} | {fmt(r.get('connect_s'), 1)} "
            f"| {r.get('state_bytes', '—')} |"
        )
    lines.append("\n### Proposal burst: every phone sends `propose` at once (ms from the first send)\n")
    lines.append(
        "| config | phones | teams | all acks | all in DB | staff sees all teams answered "
        "| every phone has its full team view | **tally** (max of the four) | reveal fan-out | errors "
        "| server CPU (s) | target (1000, prod) |"
    )
    lines.append("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for n, b in base.items():
        bb = b.get("burst") or {}
        lines.append(
            f"| baseline | {n} | — | {fmt(bb.get('acks_all_ms'))} | — | — | — | {fmt(bb.get('acks_all_ms'))} "
            f"| — | {bb.get('errors', '—')} | {fmt(bb.get('server_cpu_s'), 2)} | |"
        )
    for config, sizes in results["configs"].items():
        for n, r in sizes.items():
            bb = r.get("burst") or {}
            target = ""
            if config == "prod" and int(n) == 1000:
                target = f"≤ {TARGET_BURST_MS}: {verdict(bb.get('tally_ms') is not None and bb['tally_ms'] <= 500)}"
            lines.append(
                f"| {config} | {n} | {r.get('teams', '—')} | {fmt(bb.get('acks_all_ms'))} | {fmt(bb.get('db_all_ms'))} "
                f"| {fmt(bb.get('staff_all_answered_ms'))} | {fmt(bb.get('teams_complete_ms'))} "
                f"| {fmt(bb.get('tally_ms'))} | {fmt(r.get('reveal_fanout_ms'))} | {bb.get('errors', '—')} "
                f"| {fmt(bb.get('server_cpu_s'), 2)} | {target} |"
            )
    lines.append("\n### Nothing lost: idle gap and burst\n")
    lines.append(
        "| config | phones | idle gap (s) | sockets closed by the gap | broadcast after the gap (ms) "
        "| acks / proposals | sockets closed at the end | verdict |"
    )
    lines.append("|---|---|---|---|---|---|---|---|")
    for config, sizes in results["configs"].items():
        for n, r in sizes.items():
            idle = r.get("idle") or {}
            bb = r.get("burst") or {}
            after = idle.get("broadcast_after_ms") or []
            ok = (
                None
                if "failed" in r
                else (
                    idle.get("closed", 0) == 0
                    and None not in after
                    and bb.get("acks") == bb.get("proposals")
                    and not bb.get("errors")
                    and r.get("closed_at_end") == 0
                )
            )
            lines.append(
                f"| {config} | {n} | {idle.get('seconds', 0)} | {idle.get('closed', '—')} "
                f"| {', '.join(fmt(a, 1) for a in after) or '—'} | {bb.get('acks', '—')} / {bb.get('proposals', '—')} "
                f"| {r.get('closed_at_end', '—')} | {verdict(ok)} |"
            )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="30,200", help="phones per room, comma-separated")
    parser.add_argument(
        "--config",
        default="default,prod",
        help="default (1 daphne, SQLite, in-memory layer), prod (2 daphnes, PostgreSQL, Redis)",
    )
    parser.add_argument("--actions", type=int, default=30, help="facilitator actions timed per size (≥ 30)")
    parser.add_argument("--idle", type=float, default=20, help="idle gap in seconds before the burst")
    parser.add_argument("--idle-configs", default="prod", help="configs that get the idle gap")
    parser.add_argument("--burst-timeout", type=float, default=120)
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument("--note", default="", help="written into the results file (e.g. other load on the machine)")
    parser.add_argument("--out", default=str(ROOT / "bench" / "results"))
    parser.add_argument(
        "--source",
        default="HEAD",
        help="a commit to export and measure (default HEAD: other engineers' uncommitted edits are not measured), "
        "or 'worktree' for the files as they are",
    )
    args = parser.parse_args()
    with harness.exported_source(args):
        run_all(args)


def run_all(args: argparse.Namespace) -> None:
    args.idle_configs = args.idle_configs.split(",")
    sizes = [int(s) for s in args.sizes.split(",")]
    configs = args.config.split(",")
    raise_fd_limit()
    started = datetime.now()
    info = machine()
    results: dict[str, Any] = {"machine": info, "args": vars(args), "baseline": {}, "configs": {}}
    state_bytes: dict[int, int] = {}
    for config in configs:
        results["configs"][config] = {}
        with database(config) as (env, db):
            for n in sizes:
                log(f"[{config}] {n} phones ...")
                t0 = time.monotonic()
                result = run_django(config, n, env, db, args)
                state_bytes[n] = result.get("state_bytes", 1500)
                results["configs"][config][str(n)] = result
                write_report(args, info, started, results)  # a run cut short still leaves what it measured
                log(f"[{config}] {n} phones done in {time.monotonic() - t0:.0f} s: {json.dumps(result)[:600]}")
    if not args.no_baseline:
        for n in sizes:
            log(f"[baseline] {n} clients ...")
            results["baseline"][str(n)] = run_baseline(n, state_bytes.get(n, 1500), args)
            log(f"[baseline] {n}: {json.dumps(results['baseline'][str(n)])[:400]}")
            write_report(args, info, started, results)
    print(write_report(args, info, started, results))


def write_report(args: argparse.Namespace, info: dict[str, str], started: datetime, results: dict[str, Any]) -> str:
    results["load_after"] = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    body = table(results)
    head = [
        f"# Live bench, {started:%Y-%m-%d %H:%M}",
        "",
        f"Machine: {info['cpus']} CPUs ({info['cpu']}), {info['ram_gb']} GB RAM, Python {info['python']}, "
        f"Linux {info['kernel']}.  ",
        f"Versions: {info['versions']}.  ",
        f"Source measured: {args.source}.  ",
        f"Load average before / after: {info['loadavg_at_start']} / {results['load_after']}.  ",
        f"Command: `.venv/bin/python bench/live.py --sizes {args.sizes} --config {args.config} "
        f"--actions {args.actions}`" + (f" (idle {args.idle} s on {','.join(args.idle_configs)})" if args.idle else ""),
        "",
    ]
    if args.note:
        head += [f"Note: {args.note}", ""]
    text = "\n".join(head) + body + "\n\nDefinitions: docs/performance.md.\n"
    return harness.write_results(args.out, f"live-{started:%Y-%m-%d-%H%M}", text, results)


if __name__ == "__main__":
    main()
