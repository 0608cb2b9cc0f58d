"""Server CPU of a facilitator action and of each delivered message, in CPU time (not wall clock).

    .venv/bin/python bench/cpu.py                               # default and prod, 1 and 1000 phones
    .venv/bin/python bench/cpu.py --config prod --phones 1,200,1000 --actions 60 --profile

CPU time is what a process spends, whatever else runs on the machine: these figures hold on a
busy machine where latencies do not. For each configuration and room size the server(s) start
fresh (bench/live.py's databases and setup), the phones connect, then the facilitator's socket
sends `pause` / `resume` alternately (`--actions`, each 0.15 s after the previous one's send, under
the socket's rate limit) and the CPU of every server thread (`/proc/PID/task/*/schedstat`) is read
around each action, from its send to its ack (the idle gaps between actions are left out).

- **action** = server CPU per action with one phone: one command received, its transaction, the
  state encoded, the layer message, two sockets served.
- **per delivered message** = (CPU at N phones − CPU at one phone) / (actions × (N − 1)).
- **version check**: then every phone sends `ping` three times (each round once every phone has
  its `pong`): server CPU / pings.

`--profile` also records each server with py-spy (`pip install py-spy`; not a dependency of the
project) during the timed actions, and writes the hottest functions beside the results
(`bench/results/cpu-<date>-<config>-<N>-<pid>.txt`, py-spy's raw collapsed stacks, and a summary
of own time per function in the `.md`). Writes bench/results/cpu-<date>.md and .json.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import json
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness  # noqa: E402
import live  # noqa: E402  (its databases and plan)
from harness import ROOT, log  # noqa: E402

# --- the client side (run as `cpu.py --client`, plan on stdin) ---


ACTION_GAP_S = 0.15  # between two actions' sends: under the facilitator's 10 messages a second


def _acked(run: Any, mark: int) -> bool:
    """The staff socket got a command's ack (or error) after its first `mark` messages."""
    return any(m.get("type") == "error" or m.get("of") == "command" for _, m in run.staff_messages[mark:])


async def client(plan: dict[str, Any]) -> dict[str, Any]:
    from loadgen import Run, cpu_seconds, rss_bytes

    run = Run(plan)
    run.tasks = []
    run.staff = await run.open(plan["ports"][0], plan["staff_path"], plan["staff_cookie"])
    run.tasks.append(asyncio.create_task(run.staff_reader(run.staff)))
    await run.staff_until(lambda m: m.get("type") == "state", 10)
    await asyncio.sleep(1)
    rss0 = rss_bytes(run.pids)
    await run.connect_phones()
    for name in ("pause", "resume", "pause", "resume"):  # warm-up
        await run.action(name)
    await asyncio.sleep(2)
    rss1 = rss_bytes(run.pids)
    Path(plan["ready_file"]).write_text("ready")
    deadline = time.monotonic() + 30
    while not Path(plan["go_file"]).exists() and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    # Each action is timed on its own, from its send to its ack (which follows its broadcast), and
    # the next one waits ACTION_GAP_S: the facilitator's socket allows 10 messages a second, 20 at
    # once, and an action refused (`too_fast`) made the loop wait 35 s for a state that never came,
    # counting 4 x 35 s of the servers' idle work (the relay's probes, heartbeats) in the actions.
    cpu, lost = 0.0, 0
    for i in range(plan["actions"]):
        started, mark = time.monotonic(), len(run.staff_messages)
        cpu0 = cpu_seconds(run.pids)
        if await run.action("pause" if i % 2 == 0 else "resume") is None:
            lost += 1
        await run.staff_until(lambda m, mark=mark: _acked(run, mark), 5)
        cpu += cpu_seconds(run.pids) - cpu0
        await asyncio.sleep(max(0.0, ACTION_GAP_S - (time.monotonic() - started)))
    # the version check every page makes every 3 to 5 s: {"type":"ping"} -> {"type":"pong","v":N}
    await asyncio.sleep(1)
    ping_cpu0, rounds = cpu_seconds(run.pids), 3
    for _ in range(rounds):
        before = [c.received for c in run.clients]
        for c in run.clients:
            await c.ws.send('{"type":"ping"}')
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and any(c.received <= b for c, b in zip(run.clients, before, strict=True)):
            await asyncio.sleep(0.01)
    ping_cpu = cpu_seconds(run.pids) - ping_cpu0
    Path(plan["done_file"]).write_text("done")
    for c in run.clients:
        c.ws.transport.abort()
    run.staff.transport.abort()
    for task in run.tasks:
        task.cancel()
    return {
        "phones": len(run.clients),
        "actions": plan["actions"],
        "lost": lost,
        "server_cpu_s": cpu,
        "ping_us": ping_cpu / (rounds * len(run.clients)) * 1e6,
        "connect_retries": run.retries,
        "memory_per_phone_kb": (rss1 - rss0) / len(run.clients) / 1024,
    }


# --- the orchestration ---


def profile_summary(path: Path, top: int = 25) -> list[tuple[str, float]]:
    """Own time per function from py-spy's collapsed stacks ("a;b;c 12" lines)."""
    own: collections.Counter[str] = collections.Counter()
    total = 0
    for line in path.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack:
            continue
        n = int(count)
        total += n
        own[stack.split(";")[-1]] += n
    return [(frame, n / total * 100) for frame, n in own.most_common(top)] if total else []


def measure(config: str, n: int, env: dict, db: dict, args: argparse.Namespace, stem: str) -> dict[str, Any]:
    room = harness.setup_room(n, env)
    if config == "prod":
        live.flush_redis()
    workers = 1 if config == "default" else 2
    procs: list[subprocess.Popen] = []
    spies: list[tuple[subprocess.Popen, Path]] = []
    tmp = Path(tempfile.mkdtemp(prefix="atelier-cpu-"))
    try:
        ports, procs = harness.start_workers(workers, env)
        plan = live.plan_for(n, args) | harness.room_plan(room, ports, procs, db)
        plan |= {"ready_file": str(tmp / "ready"), "go_file": str(tmp / "go"), "done_file": str(tmp / "done")}
        loadgen = subprocess.Popen(
            [harness.PY, str(Path(__file__).resolve()), "--client"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )
        loadgen.stdin.write(json.dumps(plan))
        loadgen.stdin.close()
        loadgen.stdin = None  # written: communicate() only reads
        deadline = time.monotonic() + plan["total_timeout"]
        while not (tmp / "ready").exists() and loadgen.poll() is None and time.monotonic() < deadline:
            time.sleep(0.1)
        if args.profile and (tmp / "ready").exists():
            for proc in procs:
                out = Path(args.out) / f"{stem}-{config}-{n}-{proc.pid}.txt"
                spy = subprocess.Popen(
                    [
                        str(Path(harness.PY).parent / "py-spy"),
                        "record",
                        "--pid",
                        str(proc.pid),
                        "--format",
                        "raw",
                        "--rate",
                        "250",
                        "--nonblocking",
                        "--threads",
                        "--output",
                        str(out),
                    ],  # fmt: skip
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
                spies.append((spy, out))
            time.sleep(1)
        (tmp / "go").write_text("go")
        stdout, stderr = loadgen.communicate(timeout=plan["total_timeout"])
        if loadgen.returncode != 0:
            return harness.failure(stderr, loadgen.returncode)
        result = json.loads(stdout)
        result["workers"] = workers
        for spy, out in spies:
            spy.send_signal(2)  # py-spy writes its output on SIGINT
            try:
                spy.wait(20)
            except subprocess.TimeoutExpired:
                spy.kill()
            if out.exists():
                result.setdefault("profiles", []).append({"file": out.name, "top": profile_summary(out)})
        return result
    finally:
        for spy, _ in spies:
            if spy.poll() is None:
                spy.kill()
        harness.kill(procs)


def report(args, info, started, results) -> str:
    lines = [
        f"# Server CPU, {started:%Y-%m-%d %H:%M}",
        "",
        f"Machine: {info['cpus']} CPUs ({info['cpu']}), Python {info['python']}; load average at start "
        f"{info['loadavg_at_start']}, at the end {harness.load_average()} (CPU time is counted per process: "
        "other load does not inflate it much).  ",
        *([f"Note: {args.note}  "] if args.note else []),
        f"Source measured: {args.source}.  ",
        f"Command: `.venv/bin/python bench/cpu.py --config {args.config} --phones {args.phones} "
        f"--actions {args.actions}`" + (" --profile" if args.profile else ""),
        "",
        "| config | phones | workers | server CPU for the actions (s) | ms CPU / action | µs CPU / delivered message "
        "(above one phone) | µs CPU / version check (`ping`) | KB / phone |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for config, sizes in results["configs"].items():
        one = sizes.get("1") or {}
        base = one.get("server_cpu_s") / one["actions"] if one.get("server_cpu_s") is not None else None
        for n, r in sizes.items():
            if "failed" in r:
                lines.append(f"| {config} | {n} | failed: {r['failed'][:80]} ||||")
                continue
            per_action = r["server_cpu_s"] / r["actions"] * 1000
            per_msg = (
                (r["server_cpu_s"] / r["actions"] - base) / (int(n) - 1) * 1e6
                if base is not None and int(n) > 1
                else None
            )
            lines.append(
                f"| {config} | {n} | {r['workers']} | {r['server_cpu_s']:.3f} | {per_action:.2f} "
                f"| {'—' if per_msg is None else f'{per_msg:.1f}'} | {r.get('ping_us', 0):.0f} "
                f"| {r['memory_per_phone_kb']:.1f} |"
            )
    for config, sizes in results["configs"].items():
        for n, r in sizes.items():
            for prof in r.get("profiles", []):
                lines += ["", f"Profile {config}, {n} phones (`{prof['file']}`), own time, top functions:", ""]
                lines += [f"- {share:.1f} % {frame}" for frame, share in prof["top"][:15]]
    text = "\n".join(lines) + "\n"
    return harness.write_results(args.out, f"cpu-{started:%Y-%m-%d-%H%M}", text, results)


def main() -> None:
    if "--client" in sys.argv[1:]:
        harness.raise_fd_limit()
        plan = json.load(sys.stdin)
        json.dump(asyncio.run(asyncio.wait_for(client(plan), plan["total_timeout"])), sys.stdout)
        return
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--config", default="default,prod")
    parser.add_argument("--phones", default="1,1000", help="room sizes; include 1 for the per-message figure")
    parser.add_argument("--actions", type=int, default=60)
    parser.add_argument("--profile", action="store_true", help="py-spy record each server during the actions")
    parser.add_argument("--redis-db", type=int, default=live.REDIS_DB)
    parser.add_argument("--out", default=str(ROOT / "bench" / "results"))
    parser.add_argument("--source", default="HEAD", help="a commit to measure, or 'worktree'")
    parser.add_argument("--note", default="", help="written into the results file (e.g. other load on the machine)")
    args = parser.parse_args()
    args.idle, args.burst_timeout = 0, 60  # what live.plan_for reads
    live.REDIS_DB = args.redis_db
    harness.raise_fd_limit()
    started = datetime.now()
    info = harness.machine()
    results: dict[str, Any] = {"args": vars(args), "machine": info, "configs": {}}
    stem = f"cpu-{started:%Y-%m-%d-%H%M}"
    with harness.exported_source(args):
        for config in args.config.split(","):
            results["configs"][config] = {}
            with live.database(config) as (env, db):
                for n in [int(x) for x in args.phones.split(",")]:
                    log(f"[{config}] {n} phones ...")
                    results["configs"][config][str(n)] = measure(config, n, env, db, args, stem)
                    log(f"[{config}] {n}: {json.dumps(results['configs'][config][str(n)])[:300]}")
                    report(args, info, started, results)
    print(report(args, info, started, results))


if __name__ == "__main__":
    main()
