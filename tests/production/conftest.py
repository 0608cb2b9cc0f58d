"""Real services for the production tests: a throwaway PostgreSQL database, daphne workers
as subprocesses, websocket clients speaking to them over 127.0.0.1."""

from __future__ import annotations

import asyncio
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from websockets.asyncio.client import ClientConnection, connect

ROOT = Path(__file__).resolve().parents[2]
ENTRYPOINT = str(ROOT / "deploy" / "entrypoint.sh")
DATABASE_URL = os.environ.get("DATABASE_URL", "")
REDIS_URL = os.environ.get("REDIS_URL", "")
HAVE_SERVICES = DATABASE_URL.startswith("postgres") and REDIS_URL.startswith("redis")
SECRET = "production-tests-" + "k" * 40

services = [
    pytest.mark.services,
    pytest.mark.skipif(
        not HAVE_SERVICES,
        reason="needs Redis on 127.0.0.1:6379 (and PostgreSQL on 127.0.0.1:5432): "
        "DATABASE_URL and REDIS_URL are set by pass 2 of scripts/test.py",
    ),
]


def _with_path(url: str, path: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def _admin_conninfo() -> str:
    return _with_path(DATABASE_URL, "/postgres").replace("postgres://", "postgresql://", 1)


def manage(env: dict[str, str], *args: str, timeout: float = 120) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )
    assert done.returncode == 0, f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def _deployment_env(name: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "DJANGO_"))}
    env.update(
        DATABASE_URL=_with_path(DATABASE_URL, "/" + name),
        REDIS_URL=REDIS_URL,
        CHANNEL_PREFIX=f"t{secrets.token_hex(4)}",
        CACHE_KEY_PREFIX=name,
        SECRET_KEY=SECRET,
        DEBUG="false",
        HTTPS="false",
        STATIC_MANIFEST="false",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        LOG_LEVEL="WARNING",
        DJANGO_SETTINGS_MODULE="config.settings",
    )
    return env


@pytest.fixture(scope="session")
def _deployment_template() -> Iterator[str]:
    """A PostgreSQL database migrated with the default decks, made once per run: each
    deployment's database is a copy of it (CREATE DATABASE … TEMPLATE), not migrated again."""
    name = f"atelier_prod_{os.getpid()}_{secrets.token_hex(3)}_template"
    with psycopg.connect(_admin_conninfo(), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        env = _deployment_env(name)
        manage(env, "migrate", "--noinput")
        manage(env, "load_default_decks")
        yield name
    finally:
        with psycopg.connect(_admin_conninfo(), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def services_env(_deployment_template: str) -> Iterator[dict[str, str]]:
    """The environment of a deployment on a PostgreSQL database of its own (migrated, decks
    loaded, dropped afterwards) and its own channel prefix on the Redis of pass 2."""
    name = f"atelier_prod_{os.getpid()}_{secrets.token_hex(3)}"
    with psycopg.connect(_admin_conninfo(), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{_deployment_template}"')
    try:
        yield _deployment_env(name)
    finally:
        with psycopg.connect(_admin_conninfo(), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def db_query(env: dict[str, str], sql: str, *params: Any) -> list[tuple]:
    with psycopg.connect(env["DATABASE_URL"].replace("postgres://", "postgresql://", 1)) as conn:
        return conn.execute(sql, params).fetchall()


def room_setup(env: dict[str, str], players: int, teams: int) -> dict[str, Any]:
    """An open room with `players` phones over `teams` teams, and the facilitator's cookie."""
    quiet = dict(env, REDIS_URL="")  # nobody is connected yet: no need to publish the joins
    done = subprocess.run(
        [sys.executable, "-m", "tests.production.room", str(players), str(teams)],
        cwd=ROOT,
        env=quiet,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Worker:
    """One daphne process serving config.asgi:application on 127.0.0.1."""

    def __init__(
        self, env: dict[str, str], log: Path, bind: str | None = "127.0.0.1", netns: str | None = None
    ) -> None:
        self.port = free_port()
        self.log = log
        self.host = bind or "127.0.0.1"
        # The production command line (deploy/entrypoint.sh web), with the venv's daphne.
        path = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
        env = dict(env, PORT=str(self.port), PATH=path)
        if bind is None:  # the entrypoint's own default
            env.pop("BIND", None)
        else:
            env["BIND"] = bind
        prefix = ["ip", "netns", "exec", netns] if netns else []  # execs: the pid is daphne's
        self.proc = subprocess.Popen(
            [*prefix, ENTRYPOINT, "web"],
            cwd=ROOT,
            env=env,
            stdout=log.open("wb"),
            stderr=subprocess.STDOUT,
        )

    @property
    def origin(self) -> str:
        return f"http://{self.host}:{self.port}"

    def wait_ready(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"daphne exited: {self.log.read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(self.origin + "/healthz", timeout=1) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        raise AssertionError(f"daphne on port {self.port} not ready after {timeout} s")

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=10)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.kill()


def start_workers(env: dict[str, str], tmp: Path, count: int) -> list[Worker]:
    workers = [Worker(env, tmp / f"daphne-{i}.log") for i in range(count)]
    for worker in workers:
        worker.wait_ready()
    return workers


class Socket:
    """A real websocket client with bounded waits."""

    def __init__(self, ws: ClientConnection) -> None:
        self.ws = ws
        # A broadcast may overtake the ack of the message that caused it: kept for the next read.
        self.pending: list[dict[str, Any]] = []

    @classmethod
    async def open(cls, worker: Worker, path: str, cookie: str, timeout: float = 10) -> Socket:
        host = getattr(worker, "host", "127.0.0.1")
        ws = await connect(
            f"ws://{host}:{worker.port}{path}",
            origin=worker.origin,
            additional_headers={"Cookie": cookie},
            open_timeout=timeout,
            max_queue=None,
        )
        return cls(ws)

    async def send(self, message: dict[str, Any]) -> None:
        await self.ws.send(json.dumps(message))

    async def receive(self, timeout: float = 5) -> dict[str, Any]:
        if self.pending:
            return self.pending.pop(0)
        return json.loads(await asyncio.wait_for(self.ws.recv(), timeout))

    async def until(self, kind: str, check=lambda m: True, timeout: float = 10) -> dict[str, Any]:
        """The next message of this type that passes the check; others are skipped."""
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"no {kind!r} message within {timeout} s")
            message = await self.receive(left)
            if message["type"] == kind and check(message):
                return message

    async def reply(self, message: dict[str, Any], timeout: float = 10) -> dict[str, Any]:
        """Send and return the ack or error that answers it."""
        await self.send(message)
        deadline = time.monotonic() + timeout
        overtaking = []
        try:
            while True:
                left = max(0.01, deadline - time.monotonic())
                answer = json.loads(await asyncio.wait_for(self.ws.recv(), left))
                if answer["type"] in ("ack", "error"):
                    return answer
                overtaking.append(answer)
        finally:
            self.pending.extend(overtaking)

    async def close(self) -> None:
        await self.ws.close()


def phone_cookie(player: dict[str, Any]) -> str:
    return f"atelier_player={player['token']}"


def answering(round_number: int | None = None):
    def check(message: dict[str, Any]) -> bool:
        current = message.get("round")
        return bool(current) and current["status"] == "answering" and round_number in (None, current["number"])

    return check


NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
needs_nginx = pytest.mark.skipif(not os.path.exists(NGINX), reason="needs nginx (apt-get install nginx-light)")


def nginx_conf(tmp_path: Path, port: int, upstreams: list[int]) -> str:
    """deploy/nginx.conf as the README says for processes on one host, on a port of its own."""
    site = (ROOT / "deploy" / "nginx.conf").read_text()
    site = re.sub(r"\n\s*resolver [^;]*;", "", site)
    servers = "".join(f"\n    server 127.0.0.1:{p} max_fails=1 fail_timeout=5s;" for p in upstreams)
    site = re.sub(r"\n\s*server web:8000[^;]*;", servers, site)
    site = site.replace("listen 80;", f"listen 127.0.0.1:{port};")
    return (
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\ndaemon off;\n"
        "events { worker_connections 512; }\n"
        f"http {{\naccess_log off;\nclient_body_temp_path {tmp_path};\nproxy_temp_path {tmp_path};\n"
        f"fastcgi_temp_path {tmp_path};\nuwsgi_temp_path {tmp_path};\nscgi_temp_path {tmp_path};\n{site}\n}}\n"
    )


class Nginx:
    """nginx with deploy/nginx.conf in front of the given workers, as this test's own process."""

    def __init__(self, tmp_path: Path, workers: list[Worker]) -> None:
        self.port = free_port()
        self.origin = f"http://127.0.0.1:{self.port}"
        conf = tmp_path / "nginx.conf"
        conf.write_text(nginx_conf(tmp_path, self.port, [w.port for w in workers]))
        checked = subprocess.run([NGINX, "-t", "-c", str(conf), "-p", str(tmp_path)], capture_output=True, text=True)
        assert checked.returncode == 0, checked.stderr
        self.proc = subprocess.Popen([NGINX, "-c", str(conf), "-p", str(tmp_path)], stderr=subprocess.DEVNULL)
        for _ in range(50):
            try:
                with urllib.request.urlopen(self.origin + "/healthz", timeout=1) as response:
                    if response.read() == b"ok":
                        return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise AssertionError("nginx does not answer")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(5)
