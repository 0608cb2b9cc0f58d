"""The rate limits count the address the proxy saw, which a client cannot forge (issue 14).

Before: nginx appended to the client's own X-Forwarded-For and daphne believed its first
entry, so 600 wrong codes with forged addresses all got 404 and never 429.
"""

import secrets
import urllib.error
import urllib.request

import redis

from game.views import WRONG_CODES_PER_WINDOW
from tests.production.conftest import Nginx, Worker, needs_nginx, services, start_workers

pytestmark = services

FORGED = [f"198.51.100.{i}" for i in range(1, 255)]


def wrong_code(origin: str, forged: str) -> int:
    request = urllib.request.Request(
        f"{origin}/j/ZZZZ{secrets.token_hex(2).upper()}", headers={"X-Forwarded-For": forged, "X-Real-IP": forged}
    )
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def counted_addresses(env: dict[str, str]) -> set[str]:
    """The addresses the wrong-code limit counted, read back from the cache in Redis."""
    client = redis.Redis.from_url(env["REDIS_URL"])
    keys = [k.decode() for k in client.scan_iter(f"{env['CACHE_KEY_PREFIX']}:*ratelimit:wrong-code:*")]
    return {key.split("wrong-code:", 1)[1].rsplit(":", 1)[0] for key in keys}


def forged_wrong_codes(origin: str) -> list[int]:
    return [wrong_code(origin, FORGED[i % len(FORGED)]) for i in range(WRONG_CODES_PER_WINDOW + 5)]


@needs_nginx
def test_through_nginx_forged_addresses_are_counted_as_the_real_one(services_env, tmp_path):
    env = dict(services_env, CACHE_KEY_PREFIX=f"addr-{secrets.token_hex(4)}")
    workers = start_workers(env, tmp_path, 2)
    nginx = Nginx(tmp_path, workers)
    try:
        statuses = forged_wrong_codes(nginx.origin)
    finally:
        nginx.stop()
        for worker in workers:
            worker.stop()
    assert statuses[:WRONG_CODES_PER_WINDOW] == [404] * WRONG_CODES_PER_WINDOW
    assert set(statuses[WRONG_CODES_PER_WINDOW:]) == {429}
    # Nobody can lock a school out by writing its address: only the real one was counted.
    assert counted_addresses(env) == {"127.0.0.1"}


def test_a_worker_believes_x_forwarded_for_only_from_its_trusted_proxy(services_env, tmp_path):
    # A worker reached directly (not from the proxy's address) ignores the header.
    env = dict(services_env, CACHE_KEY_PREFIX=f"addr-{secrets.token_hex(4)}", TRUSTED_PROXIES="10.255.255.1")
    [worker] = start_workers(env, tmp_path, 1)
    try:
        statuses = forged_wrong_codes(worker.origin)
    finally:
        worker.stop()
    assert set(statuses[WRONG_CODES_PER_WINDOW:]) == {429}
    assert counted_addresses(env) == {"127.0.0.1"}


def listening_addresses(port: int) -> set[str]:
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with open(table) as lines:
            for line in list(lines)[1:]:
                local, state = line.split()[1], line.split()[3]
                address, hex_port = local.split(":")
                if state == "0A" and int(hex_port, 16) == port:  # LISTEN
                    found.add(address)
    return found


def test_a_worker_listens_on_loopback_only_by_default(services_env, tmp_path):
    worker = Worker(services_env, tmp_path / "daphne.log", bind=None)
    try:
        worker.wait_ready()
        assert listening_addresses(worker.port) == {"0100007F"}  # 127.0.0.1, not 0.0.0.0
    finally:
        worker.stop()
