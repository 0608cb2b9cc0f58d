"""deploy/nginx.conf in front of two daphne workers: pages and websockets go through, to
either worker. Skipped where nginx is not installed."""

import asyncio
import os
import re
import shutil
import subprocess
import time
import urllib.request

import pytest

from tests.production.conftest import (
    ROOT,
    Socket,
    answering,
    free_port,
    phone_cookie,
    room_setup,
    services,
    start_workers,
)

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
pytestmark = [
    *services,
    pytest.mark.skipif(not os.path.exists(NGINX), reason="needs nginx (apt-get install nginx-light)"),
]


class Proxy:
    """The `port` attribute is all Socket.open needs."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.origin = f"http://127.0.0.1:{port}"


def nginx_conf(tmp_path, port: int, upstreams: list[int]) -> str:
    site = (ROOT / "deploy" / "nginx.conf").read_text()
    # Processes on one host, as the README says: one server line per worker, no Docker DNS.
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


async def test_nginx_forwards_pages_and_websockets_to_the_workers(services_env, tmp_path):
    room = room_setup(services_env, players=4, teams=2)
    workers = start_workers(services_env, tmp_path, 2)
    port = free_port()
    conf = tmp_path / "nginx.conf"
    conf.write_text(nginx_conf(tmp_path, port, [w.port for w in workers]))
    checked = subprocess.run([NGINX, "-t", "-c", str(conf), "-p", str(tmp_path)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    nginx = subprocess.Popen([NGINX, "-c", str(conf), "-p", str(tmp_path)], stderr=subprocess.DEVNULL)
    sockets = []
    try:
        proxy = Proxy(port)
        for _ in range(50):
            try:
                with urllib.request.urlopen(proxy.origin + "/healthz", timeout=1) as response:
                    assert response.read() == b"ok"
                    break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("nginx does not answer")
        staff = await Socket.open(proxy, f"/ws/staff/{room['session_id']}/", room["staff_cookie"])
        phones = [await Socket.open(proxy, f"/ws/play/{room['code']}/", phone_cookie(p)) for p in room["phones"]]
        sockets = [staff, *phones]
        assert (await staff.reply({"type": "command", "name": "start"}))["type"] == "ack"
        await asyncio.gather(*(p.until("state", answering()) for p in phones))
        for worker in workers:  # round robin: both workers got sockets
            log = worker.log.read_text()
            assert "WSCONNECT /ws/play/" in log, "a worker got no websocket"
    finally:
        for socket in sockets:
            await socket.close()
        nginx.terminate()
        nginx.wait(5)
        for worker in workers:
            worker.stop()
