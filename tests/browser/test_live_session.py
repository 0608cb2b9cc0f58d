"""A whole live session in real browsers: a facilitator, a projector and three phones.

The server is Daphne in a subprocess against a temporary SQLite file, so that the browsers,
the websockets and the database are the real ones (no test transaction in between).
Screenshots go to /tmp/screens/ for a human (or an agent) to look at.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser.conftest import (
    PHONE,
    PHONE_BUDGET,
    PROJECTOR,
    facilitator_login,
    live_server,
    phone_join,
    watch_errors,
)

pytestmark = pytest.mark.browser

SCREENS = Path("/tmp/screens")


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[str]:
    with live_server(tmp_path_factory.mktemp("live")) as url:
        yield url


def _command(control, name: str) -> None:
    button = control.locator(f"#actions [data-command={name}]")
    button.wait_for(state="visible")
    button.click()


def test_a_whole_session_with_a_projector_and_three_phones(browser, server):
    from playwright.sync_api import expect

    expect.set_options(timeout=10_000)
    SCREENS.mkdir(exist_ok=True)

    errors: list[str] = []
    control = facilitator_login(browser, server, errors)
    staff = control.context

    # A session with two misconception cards and two teams.
    control.get_by_role("link", name="Nouvelle session").click()
    control.fill("#id_title", "3e B <i>test</i>")
    control.screenshot(path=str(SCREENS / "new-session.png"))
    boxes = control.locator("input[name=cards]")
    for i in range(boxes.count()):
        boxes.nth(i).set_checked(i < 2)
    control.fill("#id_team_count", "2")
    control.fill("#id_duration", "120")
    control.get_by_role("button", name="Créer la session").click()
    control.wait_for_url(re.compile(r"/animation/s/\d+/$"))
    expect(control.locator("h1")).to_have_text("3e B <i>test</i>")
    code = control.locator(".code").first.inner_text().strip()
    assert re.fullmatch(r"[A-Z0-9]{8}", code)

    projector = staff.new_page()
    watch_errors(projector, errors)
    projector.set_viewport_size(PROJECTOR)
    projector.goto(control.url + "screen")
    expect(projector.locator(".code-big")).to_have_text(code)
    qr_box = projector.locator(".qr svg").bounding_box()
    assert qr_box and qr_box["height"] >= 0.4 * PROJECTOR["height"]

    _command(control, "open")
    expect(control.locator("#lifecycle")).to_have_text("Salle ouverte")

    ada, ada_traffic = phone_join(browser, server, code, "Ada", 1, errors)
    bob, _ = phone_join(browser, server, code, "Bob <script>", 1, errors)
    cleo, _ = phone_join(browser, server, code, "Cléo", 2, errors)
    team1, team2 = "Les Neurones", "Les Octets"
    expect(ada.locator("#me-team")).to_have_text(team1)
    expect(cleo.locator("#me-team")).to_have_text(team2)
    expect(projector.locator("#lobby-teams")).to_contain_text("Bob <script>")
    expect(control.locator("#roster-count")).to_have_text("(3)")
    # In the lobby a phone can change team; the facilitator can remove a phone.
    cleo.get_by_role("button", name=re.compile(team1)).click()
    expect(cleo.locator("#me-team")).to_have_text(team1)
    cleo.get_by_role("button", name=re.compile(team2)).click()
    expect(cleo.locator("#me-team")).to_have_text(team2)
    dan, _ = phone_join(browser, server, code, "Dan", 0, errors)
    expect(control.locator("#roster-count")).to_have_text("(4)")
    expect(control.locator("#roster li").nth(3).locator(".person-name")).to_have_text("Dan")
    control.locator("#roster li").nth(3).get_by_role("button").click()  # Dan's sheet
    control.locator("#sheet").get_by_role("button", name="Retirer Dan").click()
    expect(control.locator("#confirm-text")).to_have_text("Retirer Dan de la partie ?")
    control.locator("#confirm-ok").click()
    expect(dan.locator("#gone")).to_be_visible()
    expect(dan.locator("#gone-msg")).to_have_text("L’animateur vous a retiré de la partie.")
    expect(control.locator("#roster-count")).to_have_text("(3)")
    dan.context.close()
    projector.screenshot(path=str(SCREENS / "projector-lobby.png"))
    bob.screenshot(path=str(SCREENS / "phone-lobby.png"))

    # Card 1: teammates see each other's proposals; the other team does not.
    _command(control, "start")
    for phone in (ada, bob, cleo):
        expect(phone.locator("#front")).not_to_be_empty()
    ada.click("[data-choice=false]")
    expect(ada.locator("[data-choice=false]")).to_have_attribute("aria-pressed", "true")
    expect(bob.locator("#mates")).to_contain_text("Ada")
    expect(bob.locator("#mates li", has_text="Ada")).to_contain_text("Faux")
    bob.click("[data-choice=false]")
    expect(ada.locator("#mates li", has_text="Bob")).to_contain_text("Faux")
    cleo.click("[data-choice=true]")
    expect(cleo.locator("#mates")).not_to_contain_text("Ada")
    expect(ada.locator("#mates")).not_to_contain_text("Cléo")
    expect(projector.locator("#answered")).to_have_text("2 équipes sur 2 ont répondu")
    expect(projector.locator("#card")).not_to_contain_text("Faux")
    ada.screenshot(path=str(SCREENS / "phone-card.png"), full_page=True)
    projector.screenshot(path=str(SCREENS / "projector-card.png"))

    _command(control, "reveal")
    expect(projector.locator("#verdict")).to_have_text("Faux")
    expect(projector.locator("#results-body tr", has_text=team1)).to_contain_text("Faux")
    expect(projector.locator("#results-body tr", has_text=team2)).to_contain_text("Vrai")
    expect(ada.locator("#verdict")).to_have_text("Faux")
    expect(ada.locator("#points")).to_have_text("Points pour votre équipe\u00a0: 10")  # a round's 10 points
    expect(ada.locator("#me-score")).to_have_text("Score de l’équipe\u00a0: 10")
    expect(cleo.locator("#points")).to_have_text("Points pour votre équipe\u00a0: 0")
    expect(ada.locator(".points-rule")).to_have_text("10 points si l’équipe a le bon verdict.")
    one_card = ada_traffic.total
    projector.screenshot(path=str(SCREENS / "projector-reveal.png"))
    control.screenshot(path=str(SCREENS / "control-reveal.png"), full_page=True)
    ada.screenshot(path=str(SCREENS / "phone-reveal.png"), full_page=True)

    # Card 2: a phone reloads mid-card and keeps its proposal and its team.
    _command(control, "next")
    expect(ada.locator("#reveal")).to_be_hidden()
    ada.click("[data-choice=depends]")
    expect(ada.locator("[data-choice=depends]")).to_have_attribute("aria-pressed", "true")
    cleo.click("[data-choice=false]")
    ada.reload()
    expect(ada.locator("[data-choice=depends]")).to_have_attribute("aria-pressed", "true")
    expect(ada.locator("[data-choice=false]")).to_have_attribute("aria-pressed", "false")
    expect(ada.locator("#me-team")).to_have_text(team1)
    expect(bob.locator("#mates li", has_text="Ada")).to_contain_text("Ça dépend")
    control.set_viewport_size(PHONE)  # the control panel from a phone, mid-card
    control.screenshot(path=str(SCREENS / "control-phone.png"), full_page=True)
    control.set_viewport_size({"width": 1280, "height": 900})
    _command(control, "reveal")
    expect(projector.locator("#verdict")).to_have_text("Faux")
    expect(projector.locator("#results-body tr", has_text=team1)).to_contain_text("Ça dépend")
    expect(projector.locator("#results-body tr", has_text=team2).locator("td").last).to_have_text("10")
    expect(ada.locator("#me-score")).to_have_text("Score de l’équipe\u00a0: 10")
    expect(cleo.locator("#me-score")).to_have_text("Score de l’équipe\u00a0: 10")

    _command(control, "end")
    control.locator("#confirm-ok").click()  # "End the session for everyone?"
    expect(projector.locator("#over")).to_be_visible()
    expect(ada.locator("#over")).to_be_visible()
    projector.screenshot(path=str(SCREENS / "projector-end.png"))

    print(f"\nphone traffic to join and play one card: {one_card} bytes")
    for what, n in ada_traffic.log[:40]:
        print(f"  {n:6d}  {what}")
    assert one_card <= PHONE_BUDGET
    assert errors == []
