"""The print page: every printable from one form, one click to the file, the options honoured."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.management import call_command
from django.urls import reverse
from PIL import Image
from pypdf import PdfReader

from game import services
from game.models import Plan
from tests.printables.decks import pdf_text, qr_codes_in_page, squeeze

URL = "/animation/print/"


@pytest.fixture
def decks_and_plans(db):
    call_command("load_default_decks", stdout=io.StringIO())
    call_command("load_default_plans", stdout=io.StringIO())


def _get(client, **query):
    return client.get(URL, {"download": "1", **query})


def test_the_print_page_needs_a_login(client, db):
    assert client.get(URL).status_code == 302


def test_the_form_offers_every_deck_plan_size_paper_duplex_and_the_live_sessions(client, facilitator, decks_and_plans):
    session = services.session_create(
        owner=facilitator, deck=_deck("impacts-ia-en"), card_keys=_misconceptions(), title="Year 9", team_count=2
    )
    client.force_login(facilitator)
    page = client.get(URL, {"deck": "impacts-ia-en"}).content.decode()
    for needle in (
        'value="impacts-ia-fr"',
        'value="impacts-ia-en" selected',
        'value="mini"',
        'value="letter"',
        'value="short"',
        'value="fold"',
        'value="backs"',
        'name="offset_x"',
        'name="grayscale"',
        f'value="{session.pk}"',
        "Year 9",
    ):
        assert needle in page, needle
    for plan in Plan.objects.filter(owner=None):
        assert f'value="{plan.pk}"' in page


def test_a_letter_short_edge_grayscale_deck_with_an_offset_in_one_click(client, facilitator, decks_and_plans):
    client.force_login(facilitator)
    response = _get(
        client,
        what="cards",
        deck="impacts-ia-en",
        size="bridge",
        paper="letter",
        duplex="short",
        faces="both",
        grayscale="on",
        bleed="on",
        howto="on",
        offset_x="1.5",
        offset_y="-0.5",
    )
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "application/pdf"
    assert "impacts-ia-en-bridge-letter-short.pdf" in response["Content-Disposition"]
    reader = PdfReader(io.BytesIO(response.content))
    assert [round(float(v)) for v in reader.pages[0].mediabox[2:]] == [612, 792]  # letter
    assert reader.trailer["/Root"]["/ViewerPreferences"]["/Duplex"] == "/DuplexFlipShortEdge"
    assert "grayscale" in squeeze(reader.pages[0].extract_text()).lower()
    plain = _get(
        client,
        what="cards",
        deck="impacts-ia-en",
        size="bridge",
        paper="letter",
        duplex="short",
        faces="both",
        grayscale="on",
        bleed="on",
        howto="on",
    )
    moved = PdfReader(io.BytesIO(plain.content))
    shift = float(reader.pages[3].trimbox.left) - float(moved.pages[3].trimbox.left)
    assert shift == pytest.approx(1.5 * 72 / 25.4, abs=0.01)  # the backs moved by the offset
    assert reader.pages[2].trimbox == moved.pages[2].trimbox  # the fronts did not


def test_a_plan_prints_its_cards_and_a_kit_in_the_chosen_language_translation(client, facilitator, decks_and_plans):
    client.force_login(facilitator)
    plan = Plan.objects.get(owner=None, deck__slug="impacts-ia-fr")
    response = _get(client, what="kit", plan=plan.pk, size="poker", paper="a4", duplex="long", faces="both")
    assert response.status_code == 200 and f"impacts-ia-fr-plan-{plan.pk}-kit.pdf" in response["Content-Disposition"]
    english = _get(
        client, what="kit", deck="impacts-ia-fr", language="en", size="poker", paper="a4", duplex="long", faces="both"
    )
    assert "Facilitator guide" in pdf_text(english.content)


def test_the_poster_of_a_live_session_carries_its_join_address(client, facilitator, decks_and_plans):
    session = services.session_create(
        owner=facilitator, deck=_deck("impacts-ia-fr"), card_keys=_misconceptions(), title="3e B", team_count=2
    )
    client.force_login(facilitator)
    response = _get(client, what="poster", session=session.pk, size="poker", paper="a4", duplex="long", faces="both")
    assert response.status_code == 200
    join = f"http://testserver{reverse('game:join', args=[session.code])}"
    assert qr_codes_in_page(response.content, page=1, dpi=100) == [join]
    assert session.code in pdf_text(response.content)


def test_another_facilitators_session_has_no_poster(client, facilitator, other_facilitator, decks_and_plans):
    session = services.session_create(
        owner=other_facilitator, deck=_deck("impacts-ia-fr"), card_keys=_misconceptions(), title="x", team_count=2
    )
    client.force_login(facilitator)
    response = _get(client, what="poster", session=session.pk, size="poker", paper="a4", duplex="long", faces="both")
    assert response.status_code == 400
    assert session.code not in response.content.decode()


def test_a_bad_offset_shows_the_form_again_with_the_reason(client, facilitator, decks_and_plans):
    client.force_login(facilitator)
    response = _get(
        client, what="cards", deck="impacts-ia-fr", size="poker", paper="a4", duplex="long", faces="both", offset_x="25"
    )
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode() and 'name="offset_x"' in response.content.decode()


def test_fold_with_one_side_only_is_refused_in_words(client, facilitator, decks_and_plans):
    client.force_login(facilitator)
    response = _get(client, what="cards", deck="impacts-ia-fr", size="poker", paper="a4", duplex="fold", faces="fronts")
    assert response.status_code == 400 and "fold mode" in response.content.decode()


def test_the_calibration_page_from_the_form(client, facilitator, decks_and_plans):
    client.force_login(facilitator)
    response = _get(
        client,
        what="calibration",
        language="en",
        size="poker",
        paper="letter",
        duplex="short",
        faces="both",
        offset_x="0.5",
    )
    assert response.status_code == 200
    assert "x = +0.5 mm" in pdf_text(response.content) and "Print page" in pdf_text(response.content)


def test_images_for_an_online_printer_from_the_form(client, facilitator, db):
    from cards.deckfile import dump_deck
    from cards.services import deck_import
    from tests.printables.decks import small_deck

    deck_import(raw=dump_deck(small_deck()))
    client.force_login(facilitator)
    response = _get(client, what="png", deck="petit-fr", size="mini", paper="a4", duplex="long", faces="both")
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    pngs = [n for n in archive.namelist() if n.endswith(".png")]
    assert len(pngs) == 8
    assert Image.open(io.BytesIO(archive.read(pngs[0]))).size == (597, 822)  # 1.75 × 2.5 in + 36 px bleed


def _misconceptions():
    from cards.models import Card

    return list(Card.objects.filter(deck__slug="impacts-ia-fr", kind="misconception").values_list("key", flat=True)[:2])


def _deck(slug):
    from cards.models import Deck

    return Deck.objects.get(slug=slug)
