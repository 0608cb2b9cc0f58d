"""The whole test suite, as `make test` and CI run it.

Pass 1: the embedded default (SQLite, in-memory channel layer): needs nothing but Python.
Pass 2: the production configuration (PostgreSQL + Redis), when both services answer on
127.0.0.1 (CI starts them first, see .ci/run). Browser tests use Debian's chromium, which
this script installs with apt-get when it can (root, or CI).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_URL = os.environ.get("TEST_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/atelier")
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/1")


def answers(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


# What the tests drive from Debian: the browser and its driver, pdftoppm, a Compose client.
TOOLS = {
    "/usr/bin/chromium": "chromium",
    "/usr/bin/chromedriver": "chromium-driver",
    "/usr/bin/pdftoppm": "poppler-utils",
    "/usr/bin/docker-compose": "docker-compose",
}


def ensure_test_tools() -> None:
    missing = [package for path, package in TOOLS.items() if not Path(path).exists()]
    if not missing:
        return
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        print(f"test: {', '.join(missing)} missing and not installable here; the tests that need them are skipped")
        return
    print(f"test: installing {', '.join(missing)} from Debian for the tests (once)…", flush=True)
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    quiet = {"stdout": subprocess.DEVNULL, "env": env}
    subprocess.run(["apt-get", "update", "-q"], check=False, **quiet)
    subprocess.run(["apt-get", "install", "-y", "-q", *missing], check=False, **quiet)


def pytest(label: str, env: dict[str, str], extra: list[str]) -> int:
    print(f"\n=== {label} ===", flush=True)
    return subprocess.call([sys.executable, "-m", "pytest", *extra], cwd=ROOT, env=env)


def main() -> int:
    extra = sys.argv[1:]
    ensure_test_tools()
    base = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    code = pytest("embedded default: SQLite + in-memory channel layer", base, extra)
    if answers("127.0.0.1", 5432) and answers("127.0.0.1", 6379):
        prod = dict(base, DATABASE_URL=PG_URL, REDIS_URL=REDIS_URL)
        code = pytest("production configuration: PostgreSQL + Redis", prod, extra) or code
    elif os.environ.get("CI"):
        print("test: PostgreSQL or Redis does not answer on 127.0.0.1 (CI must start them)")
        code = code or 1
    else:
        print("\ntest: PostgreSQL and Redis not both running on 127.0.0.1: production pass skipped")
    return code


if __name__ == "__main__":
    sys.exit(main())
