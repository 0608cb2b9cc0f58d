"""What a phone shows when the database is down (issue 14): its tap is not confirmed, the page
says "retrying", and it is back online by itself once the database is; Chromium against a real
worker whose PostgreSQL sits behind a TCP proxy the test cuts."""

import re
from pathlib import Path

import pytest

from tests.browser.conftest import PHONE, browser, watch_errors  # noqa: F401 (browser: the fixture)
from tests.production.conftest import db_query, room_setup, services, start_workers
from tests.production.faults import TcpProxy

pytestmark = [*services, pytest.mark.browser]
SCREENS = Path("/tmp/screens")


def test_a_phone_says_retrying_while_the_database_is_down_and_recovers(services_env, tmp_path, browser):  # noqa: F811
    from playwright.sync_api import expect

    room = room_setup(services_env, players=1, teams=1)
    proxy = TcpProxy(5432)
    database = services_env["DATABASE_URL"].replace(":5432/", f":{proxy.port}/")
    # DEBUG: the worker serves the scripts from the source tree (no collectstatic in tests).
    [worker] = start_workers(dict(services_env, DATABASE_URL=database, DEBUG="true"), tmp_path, 1)
    contexts = []
    try:
        staff = browser.new_context(viewport={"width": 1280, "height": 800}, locale="fr-FR")
        contexts.append(staff)
        session_id = room["staff_cookie"].split("=", 1)[1]
        staff.add_cookies([{"name": "sessionid", "value": session_id, "url": worker.origin}])
        control = staff.new_page()
        control.goto(f"{worker.origin}/animation/s/{room['session_id']}/")
        control.locator("#actions [data-command=start]").click()

        phone_context = browser.new_context(viewport=PHONE, locale="fr-FR", is_mobile=True, has_touch=True)
        contexts.append(phone_context)
        token = room["phones"][0]["token"]
        phone_context.add_cookies([{"name": "atelier_player", "value": token, "url": worker.origin}])
        phone = phone_context.new_page()
        errors: list[str] = []
        watch_errors(phone, errors)
        phone.goto(f"{worker.origin}/play/{room['code']}")
        phone.wait_for_selector("#status[data-status=online]")
        choice = phone.locator(".choices button").first
        choice.wait_for()

        proxy.cut()
        choice.click()
        phone.wait_for_selector("#status[data-status=retrying]")
        expect(phone.locator("#status")).to_contain_text("nouvel essai")
        expect(phone.locator("#flash")).to_contain_text("Pas enregistré")
        expect(choice).to_have_attribute("aria-pressed", "false")  # not shown as taken
        SCREENS.mkdir(exist_ok=True)
        phone.screenshot(path=str(SCREENS / "phone-retrying.png"))
        stored = "SELECT count(*) FROM game_proposal WHERE session_id = %s"
        assert db_query(services_env, stored, room["session_id"]) == [(0,)]

        proxy.restore()
        phone.wait_for_selector("#status[data-status=online]", timeout=10_000)  # by itself
        choice.click()
        expect(choice).to_have_attribute("aria-pressed", "true")
        expect(phone.locator("#status")).to_have_attribute("data-status", "online")
        expect(phone.locator("#mates .prop")).to_have_text("Vrai")  # the team view, through the layer
        expect(phone.locator("#flash")).to_be_hidden()  # the outage's message does not linger
        phone.screenshot(path=str(SCREENS / "phone-recovered.png"))
        assert db_query(services_env, stored, room["session_id"]) == [(1,)]
        # Only the failed page loads of the outage may be in the console, never a script error.
        assert not [e for e in errors if re.search(r"Uncaught|TypeError|ReferenceError", e)], errors
    finally:
        for context in contexts:
            context.close()
        worker.stop()
        proxy.close()
