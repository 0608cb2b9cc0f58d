"""axe-core (its own copy, bundled with axe-playwright-python: no network) on every kind of
screen of a session: the phone (join page, a round, a reveal), the projector (lobby, a round, a
reveal) and the control panel (lobby, a round, a reveal, its confirmation and its player sheet). Every rule
axe runs by default (WCAG A and AA, best practices), any impact: no violation.

One live server and one browser for the module; the pages stay open and follow the session."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.browser.conftest import PHONE, PROJECTOR, live_server, phone_join, watch_errors
from tests.browser.room import open_control, room_setup

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[str]:
    with live_server(tmp_path_factory.mktemp("axe"), *room_setup(teams=4, players=8)) as url:
        yield url


def violations(page, where: str) -> list[str]:
    """axe's violations on the page as it is, one line per rule and element. axe is injected once
    a page (its 570 kB parsed once, not at every check): the pages stay open and change."""
    from axe_playwright_python.base import AXE_SCRIPT

    if not page.evaluate("typeof window.axe === 'object'"):
        page.evaluate(AXE_SCRIPT)
    results = page.evaluate("axe.run({resultTypes: ['violations']})")
    lines = []
    for rule in results["violations"]:
        for node in rule["nodes"]:
            target = " ".join(node["target"])
            lines.append(f"{where}: {rule['id']} ({rule['impact']}) {target}: {node['failureSummary']}")
    return lines


def test_axe_finds_nothing_on_the_phone_the_projector_and_the_control_panel(browser, server):
    from playwright.sync_api import expect

    expect.set_options(timeout=10_000)
    errors: list[str] = []
    found: list[str] = []
    control, code = open_control(browser, server, errors)
    projector = control.context.new_page()
    watch_errors(projector, errors)
    projector.set_viewport_size(PROJECTOR)
    projector.goto(control.url + "screen")
    expect(projector.locator("#lobby-teams li")).to_have_count(4)

    join = browser.new_context(viewport=PHONE, locale="fr-FR", is_mobile=True, has_touch=True).new_page()
    join.goto(f"{server}/j/{code.lower()}")
    found += violations(join, "phone join")
    join.context.close()
    phone, _ = phone_join(browser, server, code, "Ada", 1, errors)

    found += violations(projector, "projector lobby")
    found += violations(control, "control lobby")

    control.locator("[data-command=start]").first.click()
    expect(phone.locator("#hand [data-focus]")).to_have_count(3)
    expect(projector.locator("#hand .hand-card")).to_have_count(3)
    found += violations(phone, "phone timeline")
    found += violations(projector, "projector timeline")
    found += violations(control, "control timeline")
    control.locator("#careful [data-command=skip]").click()
    expect(control.locator("#confirm")).to_be_visible()
    found += violations(control, "control confirmation")
    control.locator("#confirm-cancel").click()
    control.locator("#roster .person").first.click()
    expect(control.locator("#sheet")).to_be_visible()
    found += violations(control, "control player sheet")
    control.locator("#sheet-close").click()

    control.locator("[data-command=reveal]").first.click()
    expect(phone.locator("#reveal")).to_be_visible()
    expect(projector.locator(".true-order li")).to_have_count(3)
    found += violations(phone, "phone timeline reveal")
    found += violations(projector, "projector timeline reveal")
    found += violations(control, "control timeline reveal")

    control.locator("[data-command=next]").first.click()
    phone.click("[data-choice=A27]")
    expect(phone.locator("[data-choice=A27]")).to_have_attribute("aria-pressed", "true")
    found += violations(phone, "phone duel")
    control.locator("[data-command=reveal]").first.click()
    expect(projector.locator(".duel-pair .fact")).to_have_count(2)
    expect(phone.locator("#reveal")).to_be_visible()
    found += violations(phone, "phone duel reveal")
    found += violations(projector, "projector duel reveal")
    found += violations(control, "control duel reveal")

    assert not found, "\n".join(found)
    assert not errors, errors
