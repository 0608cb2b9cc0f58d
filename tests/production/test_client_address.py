"""The rate limits count the address the proxy saw, which a client cannot forge (issue 14).

Before: nginx appended to the client's own X-Forwarded-For and daphne believed its first
entry, so 600 wrong codes with forged addresses all got 404 and never 429.
"""

import secrets
import urllib.error
import urllib.request

import redis

from tests.production.conftest import Nginx, Worker, needs_nginx, services, start_workers

pytestmark = services

FORGED = [f"198.51.{i // 250}.{i % 250 + 1}" for i in range(2000)]  # documentation ranges
ENOUGH = 2000  # far above any budget of wrong codes per address (game/ratelimit.py owns them)


def wrong_code(origin: str, forged: str) -> int:
    request = urllib.request.Request(
        f"{origin}/j/ZZZZ{secrets.token_hex(2).upper()}", headers={"X-Forwarded-For": forged, "X-Real-IP": forged}
    )
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def counted_keys(env: dict[str, str]) -> list[str]:
    """The rate-limit counters in the cache (Redis), whatever their names."""
    client = redis.Redis.from_url(env["REDIS_URL"])
    return [k.decode() for k in client.scan_iter(f"{env['CACHE_KEY_PREFIX']}:*ratelimit:*")]


def forged_wrong_codes(origin: str) -> list[int]:
    """Wrong codes, each from another forged address, until the first refusal (429)."""
    statuses = []
    for forged in FORGED[:ENOUGH]:
        statuses.append(wrong_code(origin, forged))
        if statuses[-1] == 429:
            break
    return statuses


def assert_counted_as_the_real_address(statuses: list[int], env: dict[str, str]) -> None:
    assert statuses[-1] == 429, f"no refusal after {len(statuses)} wrong codes from forged addresses"
    assert set(statuses[:-1]) == {404}
    keys = counted_keys(env)
    # Nobody can lock a school out by writing its address: only the real one was counted.
    assert any("127.0.0.1" in key for key in keys), keys
    assert not any("198.51." in key for key in keys), keys


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
    assert_counted_as_the_real_address(statuses, env)
    print(f"forged addresses through nginx: refused (429) after {len(statuses) - 1} wrong codes")


def test_a_worker_believes_x_forwarded_for_only_from_its_trusted_proxy(services_env, tmp_path):
    # A worker reached directly (not from the proxy's address) ignores the header.
    env = dict(services_env, CACHE_KEY_PREFIX=f"addr-{secrets.token_hex(4)}", TRUSTED_PROXIES="10.255.255.1")
    [worker] = start_workers(env, tmp_path, 1)
    try:
        statuses = forged_wrong_codes(worker.origin)
    finally:
        worker.stop()
    assert_counted_as_the_real_address(statuses, env)


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
