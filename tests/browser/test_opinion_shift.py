"""The opinion shift in real browsers: a short plan opens and closes with the same statement;
three phones answer on the agree–disagree scale (teammates see who answered, never what), the
projector and the phones show how the room is spread, then how it moved, and the debrief keeps it.

Screenshots on a 390x844 phone and a 1280x720 projector go to /tmp/screens-opinion/.
"""

from __future__ import annotations

import os
import re

import pytest

from tests.browser.conftest import facilitator_login, phone_join, session_from_plan

pytestmark = pytest.mark.browser
SCREENS = "/tmp/screens-opinion"
PERCENTS = [re.compile(r"^33\s%$"), re.compile(r"^67\s%$")]  # 1 and 2 of 3, in French
STATEMENT = "L’IA générative fera plus de bien que de mal à la planète."

POLL = {"mechanic": "opinion", "budget": 300, "options": {"statement": STATEMENT}}
PLAN = (
    "Avis court",
    [
        {"title": "Votre avis", **POLL},
        {"title": "Idée reçue", "mechanic": "verdict", "budget": 300, "cards": ["B3"]},
        {"title": "Votre avis, après", **POLL},
    ],
)


@pytest.fixture(scope="module")
def server(plan_server) -> str:
    return plan_server


def test_the_room_answers_at_the_start_and_at_the_end_and_sees_how_it_moved(browser, server):
    from playwright.sync_api import expect

    expect.set_options(timeout=10_000)
    os.makedirs(SCREENS, exist_ok=True)
    errors: list[str] = []
    control = facilitator_login(browser, server, errors)
    control.goto(server + "/animation/plans/")
    control.get_by_role("link", name="Modifier").first.click()  # the facilitator's one plan
    expect(control.locator("#phase-0-mechanic")).to_have_value("opinion")
    expect(control.locator("#phase-0-option-statement")).to_have_value(STATEMENT)
    expect(control.locator("#phase-2-option-statement")).to_have_value(STATEMENT)
    control.screenshot(path=f"{SCREENS}/plan-editor.png", full_page=True)
    code, projector = session_from_plan(control, server, "Avis court", "Tle D", 2, errors)
    ada, _ = phone_join(browser, server, code, "Ada", 1, errors)
    bob, _ = phone_join(browser, server, code, "Bob", 1, errors)
    cleo, _ = phone_join(browser, server, code, "Cléo", 2, errors)

    def command(name: str) -> None:
        button = control.locator(f"[data-command={name}]")
        button.wait_for(state="visible")
        button.click()

    def shoot(name: str) -> None:
        ada.screenshot(path=f"{SCREENS}/phone-{name}.png", full_page=True)
        projector.screenshot(path=f"{SCREENS}/projector-{name}.png")
        control.screenshot(path=f"{SCREENS}/control-{name}.png", full_page=True)

    # The opening poll: the statement, five steps, no lock; a teammate sees that Ada answered, not what.
    command("start")
    for page in (ada, projector):
        expect(page.locator("#front")).to_have_text(STATEMENT)
    expect(ada.locator("#controls [data-choice]")).to_have_count(5)
    ada.get_by_role("button", name="Pas du tout d’accord").click()
    expect(ada.locator("[data-choice='1']")).to_have_attribute("aria-pressed", "true")
    expect(projector.locator("#answered")).to_have_text("1 équipe sur 2 a répondu")  # one team: the singular
    expect(bob.locator("#mates")).to_contain_text("a répondu")
    expect(bob.locator("#mates")).not_to_contain_text("Pas du tout")
    expect(ada.locator("#lock")).to_be_hidden()
    bob.get_by_role("button", name="Plutôt pas d’accord").click()
    cleo.get_by_role("button", name="Plutôt pas d’accord").click()
    expect(projector.locator("#answered")).to_have_text("2 équipes sur 2 ont répondu")
    shoot("opening")
    command("reveal")
    expect(projector.locator("#verdict")).to_have_text("Où en est la salle")
    expect(projector.locator(".opinion .bar-row")).to_have_count(1)  # no poll before this one
    expect(projector.locator(".opinion-bar span")).to_have_text(["33 %", "67 %"])  # 1 and 2 of 3
    expect(projector.locator("#results")).to_be_hidden()  # no points, no team results
    expect(ada.locator("#points")).to_be_hidden()
    expect(ada.locator("#reveal-body")).to_contain_text("Accord moyen")
    shoot("opening-reveal")

    # A misconception between the polls, then the closing poll of the same statement.
    command("next")
    expect(projector.locator("#front")).not_to_have_text(STATEMENT)
    command("skip")
    control.locator("#confirm-ok").click()  # skipping asks first
    expect(projector.locator("#front")).to_have_text(STATEMENT)
    ada.get_by_role("button", name="Tout à fait d’accord").click()
    bob.get_by_role("button", name="Plutôt d’accord").click()
    cleo.get_by_role("button", name="Tout à fait d’accord").click()
    expect(projector.locator("#answered")).to_have_text("2 équipes sur 2 ont répondu")
    command("reveal")
    expect(projector.locator(".opinion .bar-row")).to_have_count(2)
    before, after = projector.locator(".opinion .bar-row").all()
    expect(before).to_contain_text("Avant")
    expect(before.locator("span")).to_have_text(["33 %", "67 %"])
    expect(after).to_contain_text("Après")
    expect(after.locator("span")).to_have_text(["33 %", "67 %"])
    expect(after.locator("span").first).to_have_attribute("title", re.compile(r"^Plutôt d’accord — 33\s%$"))
    expect(projector.locator("#reveal-body")).to_contain_text("Accord moyen\u00a0: 1,67 → 4,67")
    expect(control.locator("#verdict")).to_contain_text("1,67 → 4,67")
    expect(cleo.locator("#reveal-body .opinion .bar-row")).to_have_count(2)
    shoot("closing-reveal")

    command("show_debrief")
    expect(projector.locator("#d-opinion-box")).to_contain_text(STATEMENT)
    expect(projector.locator("#d-opinion-box")).to_contain_text("Comment la salle a évolué")
    shoot("debrief")
    assert errors == []
