"""deploy/nginx.conf in front of two daphne workers: pages and websockets go through, to
either worker. Skipped where nginx is not installed."""

import asyncio

from tests.production.conftest import (
    Nginx,
    Socket,
    answering,
    needs_nginx,
    phone_cookie,
    room_setup,
    services,
    start_workers,
)

pytestmark = [*services, needs_nginx]


async def test_nginx_forwards_pages_and_websockets_to_the_workers(services_env, tmp_path):
    room = room_setup(services_env, players=4, teams=2)
    workers = start_workers(services_env, tmp_path, 2)
    nginx = Nginx(tmp_path, workers)
    sockets = []
    try:
        staff = await Socket.open(nginx, f"/ws/staff/{room['session_id']}/", room["staff_cookie"])
        phones = [await Socket.open(nginx, f"/ws/play/{room['code']}/", phone_cookie(p)) for p in room["phones"]]
        sockets = [staff, *phones]
        assert (await staff.reply({"type": "command", "name": "start"}))["type"] == "ack"
        await asyncio.gather(*(p.until("state", answering()) for p in phones))
        for worker in workers:  # round robin: both workers got sockets
            log = worker.log.read_text()
            assert "WSCONNECT /ws/play/" in log, "a worker got no websocket"
    finally:
        for socket in sockets:
            await socket.close()
        nginx.stop()
        for worker in workers:
            worker.stop()
