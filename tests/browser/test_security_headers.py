"""Every main page works under the Content-Security-Policy (issue 14): no violation in the
console, live sockets connected, and an injected inline script is refused (the control)."""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from config.headers import CONTENT_SECURITY_POLICY
from tests.browser.conftest import PHONE, PROJECTOR, facilitator_login, live_server, phone_join, watch_errors

pytestmark = pytest.mark.browser
SCREENS = Path("/tmp/screens")


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[str]:
    with live_server(tmp_path_factory.mktemp("csp")) as url:
        yield url


def test_the_headers_are_on_every_page_and_only_there(server):
    for path in ("/", "/login/", "/j/ZZZZ9999"):  # the last one a 404 page
        try:
            with urllib.request.urlopen(server + path) as response:
                headers = response.headers
        except urllib.error.HTTPError as error:
            headers = error.headers
        assert headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY, path
        assert "camera=()" in headers["Permissions-Policy"]
    with urllib.request.urlopen(server + "/static/js/socket.js") as response:  # a script: no policy bytes
        assert "Content-Security-Policy" not in response.headers
    assert "frame-ancestors 'none'" in CONTENT_SECURITY_POLICY and "'unsafe-inline'" not in CONTENT_SECURITY_POLICY


def test_every_main_page_works_with_no_csp_violation(browser, server):
    from playwright.sync_api import expect

    expect.set_options(timeout=10_000)
    SCREENS.mkdir(exist_ok=True)
    errors: list[str] = []
    control = facilitator_login(browser, server, errors)
    for path in ("/animation/", "/animation/plans/", "/animation/new"):
        control.goto(server + path)
        expect(control.locator("h1")).to_be_visible()
    control.goto(server + "/animation/plans/")
    control.locator("form[action*=copy] button").first.click()
    control.wait_for_url(re.compile(r"/animation/plans/\d+/$"))
    expect(control.locator("#plan-form")).to_be_visible()
    control.screenshot(path=str(SCREENS / "csp-plan-edit.png"), full_page=False)

    control.goto(server + "/animation/new")
    control.fill("#id_title", "CSP")
    boxes = control.locator("input[name=cards]")
    for i in range(boxes.count()):
        boxes.nth(i).set_checked(i < 2)
    control.get_by_role("button", name="Créer la session").click()
    control.wait_for_url(re.compile(r"/animation/s/\d+/$"))
    control.wait_for_selector("#status[data-status=online]")  # the socket passed connect-src
    code = control.locator(".code").first.inner_text().strip()
    control.locator("#actions [data-command=open]").click()

    projector = control.context.new_page()
    watch_errors(projector, errors)
    projector.set_viewport_size(PROJECTOR)
    projector.goto(control.url + "screen")
    expect(projector.locator("#status")).to_have_text("")  # the projector says nothing once online
    expect(projector.locator(".qr svg")).to_be_visible()
    projector.screenshot(path=str(SCREENS / "csp-projector.png"))

    phone, _ = phone_join(browser, server, code, "Ada", 1, errors)  # join page, then play, online
    phone.screenshot(path=str(SCREENS / "csp-phone.png"))

    for path in ("/admin/", "/admin/cards/deck/", "/admin/cards/card/1/change/"):
        control.goto(server + path)
        expect(control.locator("#content")).to_be_visible()
    expect(control.locator(".card-preview-side").first).to_be_visible()
    width = control.locator(".card-preview-side").first.bounding_box()["width"]
    assert width == pytest.approx(252, abs=2)  # the preview's styles came from its stylesheet
    control.locator(".card-preview").screenshot(path=str(SCREENS / "csp-admin-card.png"))

    home = browser.new_context(viewport=PHONE, locale="fr-FR").new_page()
    watch_errors(home, errors)
    home.goto(server + "/")
    expect(home.locator("input[name=code]")).to_be_visible()
    # Chromium asks the admin's pages for /favicon.ico (they name none): that 404 is no violation.
    errors[:] = [e for e in errors if not ("/admin/" in e and "status of 404" in e)]
    assert errors == [], errors

    # The control: an inline script is refused, and the browser says so.
    ran = home.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = 'window.injected = 1';"
        " document.body.append(s); return window.injected === 1; }"
    )
    assert ran is False
    home.wait_for_timeout(200)
    assert any("Content Security Policy" in e for e in errors), errors
