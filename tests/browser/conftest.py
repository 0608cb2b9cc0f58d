"""Shared pieces of the browser tests: a real Daphne on a temporary SQLite file, Debian's
chromium driven by Playwright, and a counter of the bytes a page moves."""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.network_lock import network_lock

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


def _server_env(database: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(
        DATABASE_URL=f"sqlite:///{database}",
        DEBUG="true",  # static files straight from the finders, no collectstatic
        FACILITATOR_PASSWORD=PASSWORD,
        DJANGO_SETTINGS_MODULE="config.settings",
    )
    return env


# What every live server starts from, made once per test run (one process) and copied.
TEMPLATE_SETUP = """
from django.core.management import call_command
call_command("migrate", verbosity=0)
call_command("load_default_decks")
call_command("load_default_plans")
call_command("ensure_facilitator", "--username", "animateur")
"""
_template: Path | None = None


def _template_database(tmp: Path) -> Path:
    """A SQLite file migrated, with the default decks, plans and the facilitator: migrating is
    most of a server's start, so it is done once per run (next to the first server's folder,
    in pytest's temporary directory) and each server gets a copy."""
    global _template
    if _template is None or not _template.exists():
        folder = tmp.parent / "live-server-template"
        folder.mkdir(exist_ok=True)
        database = folder / "db.sqlite3"
        for leftover in folder.glob("db.sqlite3*"):
            leftover.unlink()
        done = subprocess.run(
            [sys.executable, "manage.py", "shell", "-c", TEMPLATE_SETUP],
            cwd=ROOT,
            env=_server_env(database),
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            pytest.fail(f"the live servers' database could not be made:\n{done.stdout}\n{done.stderr}")
        _template = database
    return _template


@contextlib.contextmanager
def live_server(tmp: Path, *setup: list[str]) -> Iterator[str]:
    """Daphne on a fresh SQLite file with the default decks, plans and the facilitator;
    `setup` adds manage.py commands run before it starts."""
    if not CHROMIUM.exists():
        pytest.skip("needs Debian's chromium (apt-get install chromium chromium-driver)")
    database = tmp / "db.sqlite3"
    template = _template_database(tmp)
    for suffix in ("", "-wal", "-shm"):  # WAL mode: a closed database has no -wal left, but copy it if so
        if template.with_name(template.name + suffix).exists():
            shutil.copyfile(template.with_name(template.name + suffix), database.with_name(database.name + suffix))
    env = _server_env(database)
    manage = [sys.executable, "manage.py"]
    for args in setup:
        subprocess.run(manage + args, cwd=ROOT, env=env, check=True, capture_output=True)
    log_path = tmp / "daphne.log"
    log = log_path.open("w")
    # The listening socket is made here and handed to daphne: its port is known and nobody
    # else's (a port picked free, then bound by daphne later, may be taken in between).
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(128)
    url = f"http://127.0.0.1:{listener.getsockname()[1]}"
    proc = subprocess.Popen(
        [sys.executable, "-m", "daphne", "--fd", str(listener.fileno()), "config.asgi:application"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        pass_fds=(listener.fileno(),),
    )
    listener.close()
    try:
        for _ in range(300):
            if proc.poll() is not None:
                pytest.fail("daphne exited: " + log_path.read_text())
            try:
                urllib.request.urlopen(url + "/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("daphne did not start: " + log_path.read_text())
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        log.close()


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


@pytest.fixture(autouse=True)
def steady_network() -> Iterator[None]:
    """No change of the host's own network during a browser test (tests/network_lock.py)."""
    with network_lock(exclusive=False):
        yield


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


def when_fitted(page, check: str, arg: Any = None, timeout_ms: int = 15_000) -> Any:
    """`check(arg)` run on the projector in the frame where it is fitted to the viewport: the
    frame where body[data-fitted] names the viewport's size. One call, so no message or module
    arriving in between can draw the screen again before it is looked at (a wait for
    data-fitted, then a second call, could see a screen redrawn and not fitted yet)."""
    return page.evaluate(
        f"""async (arg) => {{
          const check = {check};
          const until = performance.now() + {timeout_ms};
          for (;;) {{
            await new Promise((frame) => requestAnimationFrame(frame));
            if (document.body.dataset.fitted === `${{innerWidth}}x${{innerHeight}}`) return check(arg);
            if (performance.now() > until) throw new Error("never fitted to " + innerWidth + "x" + innerHeight);
          }}
        }}""",
        arg,
    )


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
        if sizes["responseBodySize"] < 0:  # from the browser's cache: nothing on the network
            return
        self._add(request.url, sizes["requestBodySize"] + sizes["responseHeadersSize"] + sizes["responseBodySize"])

    def _socket(self, ws) -> None:
        def size(payload) -> int:
            return len(payload.encode() if isinstance(payload, str) else payload)

        ws.on("framereceived", lambda payload: self._add("ws<", size(payload)))
        ws.on("framesent", lambda payload: self._add("ws>", size(payload)))


def phone_join(
    browser,
    server: str,
    code: str,
    nickname: str,
    team_index: int,
    errors: list[str],
    on_context: Callable[[Any], object] | None = None,
):
    """A phone joins the room `code` in the team at `team_index` and is online; `on_context`
    is called with the phone's browser context before its page opens (e.g. to route its socket)."""
    context = browser.new_context(viewport=PHONE, locale="fr-FR", is_mobile=True, has_touch=True)
    if on_context is not None:
        on_context(context)
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


# A plan of the facilitator's own: a copy of the French ready plan, renamed, with its phases.
PLAN_SETUP = """
import json
from django.contrib.auth import get_user_model
from game import services
from game.models import Plan
user = get_user_model().objects.get(username="animateur")
ready = Plan.objects.get(owner=None, deck__slug="impacts-ia-fr")
copy = services.plan_copy(user=user, plan=ready)
services.plan_update(user=user, plan=copy, title={title!r}, phases=json.loads({phases!r}))
"""


def plan_setup(title: str, phases: list[dict[str, Any]]) -> list[str]:
    """The live_server setup step that gives the facilitator that plan."""
    return ["shell", "-c", PLAN_SETUP.format(title=title, phases=json.dumps(phases, ensure_ascii=False))]


@pytest.fixture(scope="module")
def plan_server(request, tmp_path_factory) -> Iterator[str]:
    """A live server where the facilitator has one plan of their own: the test module's
    `PLAN = (title, phases)`."""
    title, phases = request.module.PLAN
    with live_server(tmp_path_factory.mktemp("plan"), plan_setup(title, phases)) as url:
        yield url


def session_from_plan(
    control, server: str, plan: str, title: str, team_count: int, errors: list[str], duration: int | None = None
):
    """From the facilitator's dashboard: a session of the plan titled `plan`, its projector open
    (1280x720) and the room open to phones. Returns the room's code and the projector's page."""
    control.goto(server + "/animation/new")
    value = control.locator("#plan-plan option", has_text=plan).get_attribute("value")
    control.select_option("#plan-plan", value=value)
    control.fill("#plan-title", title)
    control.fill("#plan-team-count", str(team_count))
    if duration is not None:
        control.fill("#plan-duration", str(duration))
    control.get_by_role("button", name="Partir de ce plan").click()
    control.wait_for_url(re.compile(r"/animation/s/\d+/$"))
    code = control.locator(".code").first.inner_text().strip()
    projector = control.context.new_page()
    watch_errors(projector, errors)
    projector.set_viewport_size(PROJECTOR)
    projector.goto(control.url + "screen")
    control.locator("#actions [data-command=open]").click()
    return code, projector
