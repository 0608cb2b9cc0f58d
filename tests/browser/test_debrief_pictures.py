"""The debrief of a whole plan (12 teams, 40 phones) on the projector: its pictures fit every
projector size without scrolling or clipping; and a phone's take-home page on a 360 px phone."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator

import pytest

from tests.browser.conftest import ROOT, facilitator_login, live_server, watch_errors, when_fitted

pytestmark = pytest.mark.browser
SIZES = [(1024, 768), (1280, 720), (1366, 768), (1920, 1080), (3840, 2160)]
OVERFLOWING = """() => [...document.querySelectorAll('#debrief-lists > section, .debrief-grid > div:first-child')]
  .filter((e) => e.scrollHeight > e.clientHeight + 1 || e.scrollWidth > e.clientWidth + 1
    || e.getBoundingClientRect().bottom > innerHeight + 1 || e.getBoundingClientRect().right > innerWidth + 1)
  .map((e) => e.id || e.className)"""
# The page's size and what overflows, looked at in the frame where the screen is fitted.
LOOK = f"""() => [[document.documentElement.scrollWidth, document.documentElement.scrollHeight], ({OVERFLOWING})()]"""


@pytest.fixture(scope="module")
def played(tmp_path_factory) -> Iterator[tuple[str, dict]]:
    tmp = tmp_path_factory.mktemp("debrief")
    with live_server(tmp) as url:
        env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
        env.update(DATABASE_URL=f"sqlite:///{tmp / 'db.sqlite3'}", DJANGO_SETTINGS_MODULE="config.settings")
        done = subprocess.run(
            [sys.executable, "manage.py", "shell", "-c", "from tests.browser.played import main; main()"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        yield url, json.loads(done.stdout.strip().splitlines()[-1])


def test_the_debrief_fits_every_projector(browser, played):
    from playwright.sync_api import expect

    expect.set_options(timeout=20_000)  # more than two turns of the debrief's pages
    url, room = played
    errors: list[str] = []
    control = facilitator_login(browser, url, errors)
    page = control.context.new_page()
    watch_errors(page, errors)
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        page.goto(f"{url}/animation/s/{room['session_id']}/screen")
        page.wait_for_selector("#d-scores svg polyline")
        page.wait_for_function("() => document.querySelector('#d-footprint .big-number')")
        size, overflowing = when_fitted(page, LOOK)
        assert size == [width, height], (width, height, size)
        assert overflowing == [], (width, height)
        # Waited for: a picture is drawn when its page of the debrief is shown (they turn every
        # 8 s), and again after a redraw (a module arriving late draws the debrief again).
        expect(page.locator("#d-scores polyline")).to_have_count(12)  # one line a team
        expect(page.locator("#d-miss .wrong-bar")).not_to_have_count(0)
        expect(page.locator("#d-est .guess-axis svg")).not_to_have_count(0)
        expect(page.locator("#d-footprint .big-number")).to_have_text(re.compile(r"\d+(,\d+)? Mo"))
        expect(page.locator("#d-footprint a")).to_have_attribute("href", re.compile(r"doi\.org/10\.1111/jiec\.12630"))
    assert errors == []


def test_the_take_home_page_reads_on_a_small_phone(browser, played):
    url, room = played
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="fr-FR", is_mobile=True)
    context.add_cookies([{"name": "atelier_player", "value": room["token"], "url": url}])
    phone = context.new_page()
    errors: list[str] = []
    watch_errors(phone, errors)
    phone.goto(f"{url}/play/{room['code']}")
    link = phone.locator("#take-home")
    href = link.get_attribute("href")
    assert href and href.startswith(f"/play/{room['code']}/{room['public_id']}/")
    phone.goto(url + href)
    assert phone.locator(".round").count() == 21  # every round of the plan, revealed
    assert phone.evaluate("() => document.documentElement.scrollWidth") == 360
    hrefs = phone.locator(".sources a").evaluate_all("(links) => links.map((a) => a.href)")
    assert hrefs and all(h.startswith(("https://", "http://")) for h in hrefs)
    assert errors == []
    context.close()
