"""A phone whose connection drops: its tap is pending, kept, and sent once back; a phone fed
nothing for a while catches up by itself (static/js/socket.js, static/js/phone.js).

The network is cut for one phone with Playwright's websocket routing: the page's socket is
refused or its server messages are dropped, while the server and the other phones go on."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser.conftest import PHONE, facilitator_login, live_server, phone_join, watch_errors

pytestmark = pytest.mark.browser
SCREENS = Path("/tmp/screens")


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[str]:
    with live_server(tmp_path_factory.mktemp("conn")) as url:
        yield url


class Network:
    """One phone's websocket, as the room's Wi-Fi would carry it: up, down, or silently lossy."""

    def __init__(self) -> None:
        self.down = False
        self.mute = False  # the socket stays open, the server's messages are lost
        self.muted: list[str] = []
        self.routes: list = []

    def handler(self, ws) -> None:
        if self.down:
            ws.close(code=1006, reason="no network")
            return
        server = ws.connect_to_server()
        self.routes.append(ws)

        def from_server(message) -> None:
            if self.mute:
                kind = json.loads(message).get("type") if isinstance(message, str) else None
                self.muted.append(kind)
                if kind == "state":
                    self.mute = False  # one broadcast lost, then the network carries again
                return
            ws.send(message)

        server.on_message(from_server)
        ws.on_message(lambda message: server.send(message))

    def cut(self) -> None:
        self.down = True
        for ws in self.routes:
            ws.close(code=1006, reason="no network")
        self.routes.clear()


def phone(browser, server: str, code: str, nickname: str, team_index: int, errors: list[str]):
    """phone_join, with the phone's websocket going through its own Network."""
    network = Network()
    page, _ = phone_join(
        browser,
        server,
        code,
        nickname,
        team_index,
        errors,
        on_context=lambda context: context.route_web_socket(re.compile(r"/ws/"), network.handler),
    )
    return page, network


def command(control, name: str) -> None:
    button = control.locator(f"#actions [data-command={name}]")
    button.wait_for(state="visible")
    button.click()


def test_an_offline_tap_is_pending_kept_and_sent_when_back_and_a_muted_phone_catches_up(browser, server):
    from playwright.sync_api import expect

    expect.set_options(timeout=10_000)
    SCREENS.mkdir(exist_ok=True)
    errors: list[str] = []
    control = facilitator_login(browser, server, errors)
    control.get_by_role("link", name="Nouvelle session").click()
    control.fill("#id_title", "Wi-Fi capricieux")
    boxes = control.locator("input[name=cards]")
    for i in range(boxes.count()):
        boxes.nth(i).set_checked(i < 2)
    control.fill("#id_team_count", "2")
    control.fill("#id_duration", "600")
    control.get_by_role("button", name="Créer la session").click()
    control.wait_for_url(re.compile(r"/animation/s/\d+/$"))
    code = control.locator(".code").first.inner_text().strip()
    command(control, "open")

    ada, ada_net = phone(browser, server, code, "Ada", 1, errors)
    bob, _ = phone(browser, server, code, "Bob", 1, errors)
    cleo, cleo_net = phone(browser, server, code, "Cléo", 2, errors)
    command(control, "start")
    for page in (ada, bob, cleo):
        expect(page.locator("#front")).not_to_be_empty()
    expect(ada.locator("[data-choice=false]")).to_be_visible()  # the card's buttons are drawn: mid-card

    # Ada's Wi-Fi drops mid-card: the banner says so, the team lock is off, a tap is pending.
    ada_net.cut()
    ada.context.set_offline(True)
    expect(ada.locator("#status")).to_have_attribute("data-status", "reconnecting")
    expect(ada.locator("#status")).to_have_text("Connexion perdue, reconnexion…")
    lock = ada.locator("#lock")
    if lock.is_visible():  # Ada, first in her team, is its captain
        expect(lock).to_be_disabled()
    ada.click("[data-choice=false]")
    expect(ada.locator("[data-choice=false]")).to_have_attribute("aria-pressed", "true")
    expect(ada.locator("[data-choice=false]")).to_have_attribute("data-pending", "true")
    expect(ada.locator("#pending")).to_be_visible()
    expect(ada.locator("#pending")).to_contain_text("Pas encore envoyé")
    ada.screenshot(path=str(SCREENS / "phone-offline-pending.png"), full_page=True)
    expect(bob.locator("#mates li", has_text="Ada")).to_contain_text("pas encore de proposition")

    # She changes her mind (last choice wins), and the page is reloaded while the server is
    # still out of reach: the choice is kept.
    ada.click("[data-choice=depends]")
    ada.context.set_offline(False)  # the page loads again, its socket still goes nowhere
    ada.reload()
    expect(ada.locator("#front")).to_have_count(1)
    expect(ada.locator("#status")).not_to_have_attribute("data-status", "online")
    # (no state yet on this page: the choice waits in the page's storage)
    stored = ada.evaluate("() => Object.entries(sessionStorage).filter(([k]) => k.startsWith('atelier:pending:'))")
    assert [json.loads(v) for _, v in stored] == [{"round": 1, "choice": "depends"}]

    # The network is back: the choice is sent with no second tap, stored, seen by her teammate.
    ada_net.down = False
    expect(ada.locator("#status")).to_have_attribute("data-status", "online", timeout=20_000)
    expect(ada.locator("[data-choice=depends]")).to_have_attribute("aria-pressed", "true")
    expect(ada.locator("[data-choice=depends]")).to_have_attribute("data-pending", "false")
    expect(ada.locator("#pending")).to_be_hidden()
    expect(bob.locator("#mates li", has_text="Ada")).to_contain_text("Ça dépend")
    expect(control.locator("#answered, .answered").first).to_contain_text("1")
    assert ada.evaluate("() => Object.keys(sessionStorage).filter((k) => k.startsWith('atelier:pending:'))") == []
    # stored by the server: a fresh page of hers shows it from the server's snapshot
    ada.reload()
    expect(ada.locator("[data-choice=depends]")).to_have_attribute("aria-pressed", "true")
    expect(ada.locator("[data-choice=false]")).to_have_attribute("aria-pressed", "false")

    # Cléo's socket stays open but the reveal's broadcast never reaches her: she notices by
    # herself within a few seconds and shows the reveal, with no reload and no tap.
    cleo_net.mute = True
    command(control, "reveal")
    expect(bob.locator("#reveal")).to_be_visible()
    expect(cleo.locator("#reveal")).to_be_visible(timeout=15_000)
    assert "state" in cleo_net.muted  # the broadcast was indeed lost for her
    cleo.screenshot(path=str(SCREENS / "phone-caught-up.png"), full_page=True)
    assert errors == [] or all("WebSocket" in e for e in errors), errors


def test_the_card_is_playable_from_the_page_before_the_socket_opens_and_a_reload_posts_nothing(browser, server):
    # The join form answers with the play page itself, which carries the phone's snapshot: on a
    # slow network the card can be tapped before the socket is up, and the tap is sent once it is.
    from playwright.sync_api import expect

    expect.set_options(timeout=10_000)
    errors: list[str] = []
    control = facilitator_login(browser, server, errors)
    control.get_by_role("link", name="Nouvelle session").click()
    control.fill("#id_title", "Réseau lent")
    boxes = control.locator("input[name=cards]")
    for i in range(boxes.count()):
        boxes.nth(i).set_checked(i < 1)
    control.fill("#id_team_count", "2")
    control.fill("#id_duration", "600")
    control.get_by_role("button", name="Créer la session").click()
    control.wait_for_url(re.compile(r"/animation/s/\d+/$"))
    code = control.locator(".code").first.inner_text().strip()
    command(control, "open")
    command(control, "start")

    context = browser.new_context(viewport=PHONE, locale="fr-FR", is_mobile=True, has_touch=True)
    network = Network()
    network.down = True  # the socket cannot open yet: only the pages get through
    context.route_web_socket(re.compile(r"/ws/"), network.handler)
    page = context.new_page()
    watch_errors(page, errors)
    page.goto(f"{server}/j/{code.lower()}")  # no redirect to the upper-case address
    page.fill("#id_nickname", "Lente")
    page.get_by_role("button", name="C’est parti").click()
    page.wait_for_url(re.compile(rf"/play/{code}$"))  # put in the history by the page
    expect(page.locator("#front")).not_to_be_empty()
    choice = page.locator("[data-choice=false]")
    expect(choice).to_be_enabled()
    assert page.locator("#status").get_attribute("data-status") != "online"
    choice.click()
    expect(choice).to_have_attribute("data-pending", "true")
    page.screenshot(path=str(SCREENS / "phone-card-before-socket.png"), full_page=True)

    network.down = False
    expect(page.locator("#status")).to_have_attribute("data-status", "online", timeout=20_000)
    expect(choice).to_have_attribute("data-pending", "false")
    expect(page.locator("#pending")).to_be_hidden()
    expect(control.locator("#answered, .answered").first).to_contain_text("1")

    page.reload()  # a plain GET of /play/CODE: the form is not posted again
    expect(choice).to_have_attribute("aria-pressed", "true")
    assert page.url.endswith(f"/play/{code}")
    expect(page.locator("#status")).to_have_attribute("data-status", "online")
    expect(control.locator("#roster-count")).to_have_text("(1)")  # one player, no second join
    assert errors == [] or all("WebSocket" in e for e in errors), errors
