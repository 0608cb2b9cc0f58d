"""What the benches share on the server side: processes, ports, databases, the room, the source.

bench/live.py, bench/cpu.py and bench/school.py each measure something else, but they start
daphne workers the same way, build a room the same way (bench/setup_room.py), hand a JSON plan
to a client process and read its JSON answer, measure an exported commit, and describe the
machine the same way: all of it is here, once. Client-side helpers (CPU and memory from /proc,
percentiles, the retrying handshake) are in bench/loadgen.py.
"""

from __future__ import annotations

import json
import os
import platform
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
DAPHNE = str(ROOT / ".venv" / "bin" / "daphne")
PG = {"host": "127.0.0.1", "port": 5432, "user": "postgres"}
PORT_BASE, PORT_LAST = 18000, 18999  # the benches' ports; other engineers' servers use others
SRC = ROOT  # the source tree the servers run: exported_source() points it at an exported commit


def log(*parts: Any) -> None:
    print(*parts, file=sys.stderr, flush=True)


def raise_fd_limit() -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))  # inherited by every subprocess


def free_port(start: int = PORT_BASE) -> int:
    for port in range(start, PORT_LAST + 1):
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
                return port
            except OSError:
                continue
    raise RuntimeError(f"no free port in {PORT_BASE}-{PORT_LAST}")


def wait_port(port: int, proc: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server on {port} exited with {proc.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"server on {port} did not listen within {timeout} s")


def kill(procs: list[subprocess.Popen]) -> None:
    for proc in procs:
        if proc.poll() is None:
            proc.terminate()
    for proc in procs:
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)


@contextmanager
def exported_source(args: Any) -> Iterator[None]:
    """Measure a commit (`--source`, HEAD by default), not whatever is being edited: export it
    to a temp dir and run the servers there; `--source worktree` runs the files as they are."""
    global SRC
    if args.source != "worktree":
        SRC = Path(tempfile.mkdtemp(prefix="atelier-bench-src-"))
        archive = subprocess.run(["git", "archive", args.source], cwd=ROOT, capture_output=True, check=True).stdout
        subprocess.run(["tar", "-x", "-C", str(SRC)], input=archive, check=True)
        commit = subprocess.run(["git", "rev-parse", "--short", args.source], cwd=ROOT, capture_output=True, text=True)
        args.source = f"{args.source} ({commit.stdout.strip()})"
    try:
        yield
    finally:
        if SRC != ROOT:
            shutil.rmtree(SRC, ignore_errors=True)
        SRC = ROOT


@contextmanager
def postgres_database(prefix: str) -> Iterator[tuple[str, str]]:
    """A throwaway PostgreSQL database: (its name, its URL); dropped after, connections or not."""
    import psycopg

    name = f"{prefix}_{os.getpid()}"
    with psycopg.connect(**PG, dbname="postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield name, f"postgresql://{PG['user']}@{PG['host']}:{PG['port']}/{name}"
    finally:
        with psycopg.connect(**PG, dbname="postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def start_workers(count: int, env: dict[str, str]) -> tuple[list[int], list[subprocess.Popen]]:
    """`count` daphne processes serving SRC (the production command line), each listening."""
    ports: list[int] = []
    procs: list[subprocess.Popen] = []
    logs = os.environ.get("BENCH_WORKER_LOGS")  # DIR: each worker's log in DIR/worker-PORT.log
    try:
        for _ in range(count):
            ports.append(free_port(ports[-1] + 1 if ports else PORT_BASE))
            stderr = open(Path(logs) / f"worker-{ports[-1]}.log", "ab") if logs else subprocess.DEVNULL  # noqa: SIM115
            procs.append(
                subprocess.Popen(
                    [DAPHNE, "-b", "127.0.0.1", "-p", str(ports[-1]), "config.asgi:application"],
                    cwd=SRC,
                    env=env,
                    stdout=subprocess.DEVNULL,
                    stderr=stderr,
                )
            )
            if logs:
                stderr.close()  # the worker has its own copy
        for port, proc in zip(ports, procs, strict=True):
            wait_port(port, proc)
    except BaseException:
        kill(procs)
        raise
    return ports, procs


def setup(script: str, env: dict[str, str], *args: str, timeout: float = 600) -> dict[str, Any]:
    """Run a bench/setup_*.py with the servers' environment, in the measured tree; its JSON."""
    done = subprocess.run(
        [PY, str(ROOT / "bench" / script), *args],
        env=env,
        cwd=SRC,
        capture_output=True,
        text=True,
        check=True,
        timeout=timeout,
    )
    return json.loads(done.stdout)


def setup_room(n: int, env: dict[str, str]) -> dict[str, Any]:
    """One open room of n phones with a round running (bench/setup_room.py)."""
    return setup("setup_room.py", env, "--players", str(n))


def room_plan(room: dict[str, Any], ports: list[int], procs: list[subprocess.Popen], db: Any) -> dict[str, Any]:
    """What bench/loadgen.py's Run needs to play that room against these workers."""
    return {
        "mode": "django",
        "ports": ports,
        "server_pids": [p.pid for p in procs],
        "code": room["code"],
        "session_id": room["session_id"],
        "round": room["round"],
        "tokens": room["tokens"],
        "team_of": room["team_of"],
        "staff_path": f"/ws/staff/{room['session_id']}/",
        "staff_cookie": room["staff_cookie"],
        "db": db,
    }


def failure(stderr: str, returncode: int) -> dict[str, Any]:
    log(stderr[-3000:])
    return {"failed": stderr.strip().splitlines()[-1] if stderr.strip() else f"rc {returncode}"}


def run_client(script: str, plan: dict[str, Any], timeout: float) -> dict[str, Any]:
    """A client process (bench/<script>): the plan as JSON on stdin, its figures as JSON on stdout."""
    proc = subprocess.run(
        [PY, str(ROOT / "bench" / script)],
        input=json.dumps(plan),
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
    )
    if proc.returncode != 0:
        return failure(proc.stderr, proc.returncode)
    return json.loads(proc.stdout)


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def machine() -> dict[str, str]:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        "?",
    )
    mem = next(
        line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")
    )
    versions = {}
    for name in ("django", "channels", "channels_redis", "daphne", "websockets", "redis", "psycopg", "twisted"):
        try:
            from importlib.metadata import version

            versions[name] = version(name)
        except Exception:
            versions[name] = "-"
    pg = "-"
    try:
        import psycopg

        with psycopg.connect(**PG, dbname="postgres", connect_timeout=3) as conn:
            pg = conn.execute("SHOW server_version").fetchone()[0]
    except Exception as exc:  # the default config needs no PostgreSQL
        log(f"PostgreSQL version unknown: {exc}")
    try:
        import redis

        rv = redis.Redis(host="127.0.0.1", port=6379, socket_timeout=3).info("server")["redis_version"]
    except Exception:
        rv = "-"
    return {
        "cpus": str(os.cpu_count()),
        "cpu": cpu,
        "ram_gb": f"{int(mem) / 2**20:.1f}",
        "python": platform.python_version(),
        "kernel": platform.release(),
        "versions": ", ".join(f"{k} {v}" for k, v in versions.items()) + f", PostgreSQL {pg}, Redis {rv}",
        "loadavg_at_start": load_average(),
    }


def fmt(value: Any, digits: int = 0) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def write_results(out: str, stem: str, text: str, results: dict[str, Any]) -> str:
    """bench/results/<stem>.md (the table) and .json (every figure) beside it; the text back."""
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{stem}.md").write_text(text)
    (folder / f"{stem}.json").write_text(json.dumps(results, indent=1))
    log(f"written: {folder / stem}.md and .json")
    return text
