"""The whole test suite, as `make test` and CI run it.

Pass 1: the embedded default (SQLite, in-memory channel layer): needs nothing but Python.
Pass 2: the production configuration (PostgreSQL + Redis), when both services answer on
127.0.0.1 (CI starts them first, see .ci/run). Browser tests use Debian's chromium, which
this script installs with apt-get when it can (root, or CI).

The two passes run at the same time (two cores; much of a pass is spent waiting on browsers,
servers and sockets). They share nothing that they write: pass 1 has no services, pass 2 has
its own test database and Redis database, each pass has its own pytest temporary folder and
cache, and every server a test starts listens on a port of its own. Each pass's output is
printed as one block when it ends; the exit code is non-zero if either pass failed.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

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
    quiet: dict[str, Any] = {"stdout": subprocess.DEVNULL, "env": env}
    subprocess.run(["apt-get", "update", "-q"], check=False, **quiet)
    subprocess.run(["apt-get", "install", "-y", "-q", *missing], check=False, **quiet)


@dataclass
class Pass:
    name: str
    label: str
    env: dict[str, str]
    order: list[str] = field(default_factory=list)  # what pytest is given when nothing else is
    output: IO[str] = field(init=False)
    proc: subprocess.Popen[bytes] = field(init=False)
    started: float = field(init=False)
    seconds: float = 0.0

    def start(self, work: Path, extra: list[str]) -> None:
        """pytest in the background, its output to a file of this pass; its own temporary folder
        (`--basetemp`) and cache, so that the two passes never write the same file."""
        self.output = (work / f"{self.name}.log").open("w+", encoding="utf-8", errors="replace")
        args = [
            sys.executable,
            "-m",
            "pytest",
            f"--basetemp={work / self.name}",
            "-o",
            f"cache_dir={ROOT / '.pytest_cache' / self.name}",
            "--durations=25",  # where the time goes, in every CI log
            *extra,
        ]
        print(f"test: {self.label}: started", flush=True)
        self.started = time.monotonic()
        self.proc = subprocess.Popen(
            args, cwd=ROOT, env=self.env, stdout=self.output, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
        )

    def wait(self) -> int:
        code = self.proc.wait()
        self.seconds = time.monotonic() - self.started
        return code

    def report(self) -> str:
        self.output.seek(0)
        text = self.output.read()
        print(f"\n=== {self.label} ({self.seconds:.0f} s) ===", flush=True)
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        sys.stdout.flush()
        return text

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def browsers_last() -> list[str]:
    """Every entry of tests/ (as `testpaths` collects them), tests/browser last."""
    tests = ROOT / "tests"
    entries = sorted(
        p.name
        for p in tests.iterdir()
        if (p.is_dir() and not p.name.startswith(("_", "."))) or (p.name.startswith("test_") and p.suffix == ".py")
    )
    return [f"tests/{name}" for name in entries if name != "browser"] + ["tests/browser"]


def counts(text: str) -> dict[str, int]:
    """passed/failed/errors/skipped from pytest's closing line."""
    found = {"passed": 0, "failed": 0, "error": 0, "skipped": 0, "xfailed": 0, "xpassed": 0}
    words = r"(\d+) (passed|failed|errors?|skipped|xfailed|xpassed)\b"
    lines = [line for line in text.splitlines() if re.search(words, line)]
    if lines:
        for number, word in re.findall(words, lines[-1]):
            found["error" if word.startswith("error") else word] += int(number)
    return found


def main() -> int:
    extra = sys.argv[1:]
    ensure_test_tools()
    base = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    passes = [Pass("pass1", "embedded default: SQLite + in-memory channel layer", base)]
    code = 0
    if answers("127.0.0.1", 5432) and answers("127.0.0.1", 6379):
        prod = dict(base, DATABASE_URL=PG_URL, REDIS_URL=REDIS_URL)
        # The whole suite again, the browser tests last: while pass 1 runs its browsers (the most
        # work for the processor), pass 2 runs the tests that mostly wait on services.
        passes.append(Pass("pass2", "production configuration: PostgreSQL + Redis", prod, browsers_last()))
    elif os.environ.get("CI"):
        print("test: PostgreSQL or Redis does not answer on 127.0.0.1 (CI must start them)")
        code = 1
    else:
        print("test: PostgreSQL and Redis not both running on 127.0.0.1: production pass skipped")

    work = Path(tempfile.mkdtemp(prefix="atelier-test-"))
    texts = []
    try:
        for each in passes:
            each.start(work, extra or each.order)
        for each in passes:
            code = each.wait() or code
        for each in passes:
            texts.append(each.report())
    finally:
        for each in passes:
            each.stop()
            each.output.close()
    if code == 0:
        shutil.rmtree(work, ignore_errors=True)
    else:
        print(f"\ntest: the passes' temporary folders (servers' logs, databases) are kept in {work}")
    total = {k: sum(counts(t)[k] for t in texts) for k in ("passed", "failed", "error", "skipped")}
    ran = [sum(counts(t).values()) for t in texts]
    if len(set(ran)) > 1:  # the same suite in both configurations, in another order: as many tests
        print(f"\ntest: the passes did not run as many tests ({' and '.join(map(str, ran))})")
        code = code or 1
    summary = ", ".join(f"{each.name} {each.seconds:.0f} s" for each in passes)
    print(f"\ntest: {len(passes)} pass(es) at once ({summary}), exit code {code}")
    failed = total["failed"] + total["error"]
    print(f"total: {total['passed']} passed, {failed} failed, {total['skipped']} skipped")
    return code


if __name__ == "__main__":
    sys.exit(main())
