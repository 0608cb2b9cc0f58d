"""The print page in a real browser, as a new facilitator uses it: from the dashboard to a Letter,
short-edge, grayscale deck with a back offset, then a live session's poster, one click each.

Screenshots of the form at 1280x720 and 360x740 go to /tmp/screens-print/.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator

import pytest
from pypdf import PdfReader

from tests.browser.conftest import facilitator_login, live_server
from tests.printables.decks import qr_codes_in_page

pytestmark = pytest.mark.browser
SCREENS = "/tmp/screens-print"

LIVE_SESSION = """
from django.contrib.auth import get_user_model
from cards.models import Card, Deck
from game import services
user = get_user_model().objects.get(username="animateur")
deck = Deck.objects.get(slug="impacts-ia-fr")
keys = list(Card.objects.filter(deck=deck, kind="misconception").values_list("key", flat=True)[:2])
services.session_create(owner=user, deck=deck, card_keys=keys, title="4e A", team_count=2)
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[str]:
    with live_server(tmp_path_factory.mktemp("print"), ["shell", "-c", LIVE_SESSION]) as url:
        yield url


def _download(page) -> bytes:
    with page.expect_download() as info:
        page.locator(".download-bar button").click()
    path = info.value.path()
    return open(path, "rb").read()


def test_a_facilitator_prints_a_letter_short_edge_grayscale_deck_and_a_live_poster(browser, server):
    os.makedirs(SCREENS, exist_ok=True)
    errors: list[str] = []
    page = facilitator_login(browser, server, errors)
    page.locator("a[href='/animation/print/?deck=impacts-ia-fr']").click()  # the French deck's line
    page.wait_for_selector(".print-form")
    for width, height in ((1280, 720), (360, 740)):
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=f"{SCREENS}/print-{width}.png")
    page.set_viewport_size({"width": 1280, "height": 720})
    assert page.locator("select[name=deck]").input_value() == "impacts-ia-fr"

    page.select_option("select[name=paper]", "letter")
    page.select_option("select[name=duplex]", "short")
    page.locator("input[name=grayscale]").check()
    page.fill("input[name=offset_x]", "1.5")
    page.fill("input[name=offset_y]", "-0.8")
    reader = PdfReader(io.BytesIO(_download(page)))
    assert [round(float(v)) for v in reader.pages[0].mediabox[2:]] == [612, 792]
    assert reader.trailer["/Root"]["/ViewerPreferences"]["/Duplex"] == "/DuplexFlipShortEdge"
    assert "bord court" in reader.pages[0].extract_text() and "niveaux de gris" in reader.pages[0].extract_text()
    front, back = reader.pages[2].trimbox, reader.pages[3].trimbox
    # short edge: the back sits at the front's place, mirrored top to bottom, moved by the offset
    assert float(back.left) - float(front.left) == pytest.approx(1.5 * 72 / 25.4, abs=0.01)

    page.goto(server + "/animation/")
    page.locator("a", has_text="Affiche").first.click()
    page.wait_for_selector(".print-form")
    assert page.locator("input[name=what][value=poster]").is_checked()
    poster = _download(page)
    code = page.locator("select[name=session] option:checked").inner_text().split("(")[-1].rstrip(")")
    # the poster's QR is the join address the control panel shows (the LAN address when there is one)
    page.goto(f"{server}/animation/s/{page.locator('select[name=session]').input_value()}/")
    join = page.locator("#join-url").inner_text()
    assert join.endswith(f"/j/{code}")
    assert qr_codes_in_page(poster, page=1, dpi=100) == [join]
    assert not errors, errors
