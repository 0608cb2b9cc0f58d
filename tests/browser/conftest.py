"""Shared pieces of the browser tests: a real Daphne on a temporary SQLite file, Debian's
chromium driven by Playwright, and a counter of the bytes a page moves."""

from __future__ import annotations

import contextlib
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
PASSWORD = "browser-pass-word-42"
PHONE = {"width": 390, "height": 844}
PROJECTOR = {"width": 1280, "height": 720}
PHONE_BUDGET = 60_000  # bytes to join and play one card, everything included


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def live_server(tmp: Path, *setup: list[str]) -> Iterator[str]:
    """Daphne on a fresh SQLite file with the default decks, plans and the facilitator;
    `setup` adds manage.py commands run before it starts."""
    if not CHROMIUM.exists():
        pytest.skip("needs Debian's chromium (apt-get install chromium chromium-driver)")
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(
        DATABASE_URL=f"sqlite:///{tmp / 'db.sqlite3'}",
        DEBUG="true",  # static files straight from the finders, no collectstatic
        FACILITATOR_PASSWORD=PASSWORD,
        DJANGO_SETTINGS_MODULE="config.settings",
    )
    manage = [sys.executable, "manage.py"]
    commands = [
        ["migrate", "-v0"],
        ["load_default_decks"],
        ["load_default_plans"],
        ["ensure_facilitator", "--username", "animateur"],
        *setup,
    ]
    for args in commands:
        subprocess.run(manage + args, cwd=ROOT, env=env, check=True, capture_output=True)
    port = free_port()
    log = (tmp / "daphne.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port), "config.asgi:application"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(url + "/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("daphne did not start: " + (tmp / "daphne.log").read_text())
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("needs Debian's chromium (apt-get install chromium chromium-driver)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


def facilitator_login(browser, server: str, errors: list[str]):
    """The facilitator's laptop, logged in, on the dashboard."""
    control = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR").new_page()
    watch_errors(control, errors)
    control.goto(server + "/login/")
    control.fill("#id_username", "animateur")
    control.fill("#id_password", PASSWORD)
    control.get_by_role("button", name="Se connecter").click()
    control.wait_for_url(re.compile(r"/animation/$"))
    return control


def watch_errors(page, errors: list[str]) -> None:
    page.on("pageerror", lambda error: errors.append(f"{page.url}: {error}"))
    page.on("console", lambda msg: msg.type == "error" and errors.append(f"{page.url}: {msg.text}"))


class Traffic:
    """Bytes a page moves: HTTP responses (headers and body), request bodies, websocket frames."""

    def __init__(self, page) -> None:
        self.total = 0
        self.log: list[tuple[str, int]] = []
        page.on("requestfinished", self._http)
        page.on("websocket", self._socket)

    def _add(self, what: str, n: int) -> None:
        self.total += n
        self.log.append((what, n))

    def _http(self, request) -> None:
        sizes = request.sizes()
        n = sizes["requestBodySize"] + sizes["responseHeadersSize"] + max(sizes["responseBodySize"], 0)
        self._add(request.url, n)

    def _socket(self, ws) -> None:
        def size(payload) -> int:
            return len(payload.encode() if isinstance(payload, str) else payload)

        ws.on("framereceived", lambda payload: self._add("ws<", size(payload)))
        ws.on("framesent", lambda payload: self._add("ws>", size(payload)))


def phone_join(browser, server: str, code: str, nickname: str, team_index: int, errors: list[str]):
    context = browser.new_context(viewport=PHONE, locale="fr-FR", is_mobile=True, has_touch=True)
    page = context.new_page()
    watch_errors(page, errors)
    traffic = Traffic(page)
    page.goto(f"{server}/j/{code.lower()}")
    page.fill("#id_nickname", nickname)
    page.locator("input[name=team]").nth(team_index).check()
    page.get_by_role("button", name="C’est parti").click()
    page.wait_for_url(re.compile(rf"/play/{code}$"))
    page.wait_for_selector("#status[data-status=online]")
    return page, traffic
