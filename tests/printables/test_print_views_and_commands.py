"""The downloads for facilitators and the management commands call the same functions."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from cards.deckfile import ImageData, dump_deck
from cards.services import deck_import
from tests.printables.decks import four_cards, png, small_deck


@pytest.fixture
def deck_in_db(db):
    deck_import(raw=dump_deck(small_deck()))
    return "petit-fr"


def test_downloads_require_a_login(client, deck_in_db):
    response = client.get(reverse("printables:deck_pdf", args=[deck_in_db]))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_deck_pdf_download(client, facilitator, deck_in_db):
    client.force_login(facilitator)
    response = client.get(
        reverse("printables:deck_pdf", args=[deck_in_db]),
        {"size": "bridge", "paper": "letter", "bleed": "0", "duplex": "short"},
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "petit-fr-bridge-letter.pdf" in response["Content-Disposition"]


def test_a_bad_option_answers_400_with_the_reason(client, facilitator, deck_in_db):
    client.force_login(facilitator)
    response = client.get(reverse("printables:deck_pdf", args=[deck_in_db]), {"duplex": "sideways"})
    assert response.status_code == 400
    assert "unknown duplex 'sideways'" in response.content.decode()


def test_an_unknown_card_key_answers_400(client, facilitator, deck_in_db):
    client.force_login(facilitator)
    response = client.get(reverse("printables:deck_pdf", args=[deck_in_db]), {"cards": "A7,Z1"})
    assert response.status_code == 400 and "'Z1'" in response.content.decode()


def test_unknown_deck_is_404(client, facilitator, db):
    client.force_login(facilitator)
    assert client.get(reverse("printables:kit_pdf", args=["nope"])).status_code == 404


def test_kit_and_calibration_downloads(client, facilitator, deck_in_db):
    client.force_login(facilitator)
    kit = client.get(reverse("printables:kit_pdf", args=[deck_in_db]), {"join_code": "K7Q2"})
    calibration = client.get(reverse("printables:calibration_pdf"), {"paper": "letter", "offset_x": "0.5"})
    assert kit.status_code == 200 and kit.content.startswith(b"%PDF")
    assert calibration.status_code == 200 and calibration.content.startswith(b"%PDF")
    assert client.get(reverse("printables:kit_pdf", args=[deck_in_db]), {"join_url": "javascript:x"}).status_code == 400


def test_print_commands_write_pdfs(deck_in_db, tmp_path):
    call_command(
        "print_deck",
        deck_in_db,
        "-o",
        str(tmp_path / "d.pdf"),
        "--size",
        "tarot",
        "--grayscale",
        "--no-bleed",
        "--offset-x",
        "1.5",
    )
    call_command("print_kit", deck_in_db, "-o", str(tmp_path / "k.pdf"), "--cards", "D1,A7")
    call_command("print_calibration", "-o", str(tmp_path / "c.pdf"), "--duplex", "short")
    for name in ("d.pdf", "k.pdf", "c.pdf"):
        assert (tmp_path / name).read_bytes().startswith(b"%PDF")


def test_print_deck_names_an_unknown_deck(db, tmp_path):
    with pytest.raises(CommandError, match="unknown deck 'nope'"):
        call_command("print_deck", "nope", "-o", str(tmp_path / "d.pdf"))


def test_print_deck_names_the_card_and_box_that_do_not_fit(db, tmp_path):
    cards = four_cards()
    cards[1].front = ("beaucoup trop long " * 16)[:300]
    cards[1].image = ImageData("image/png", png(1200, 800))
    deck_import(raw=dump_deck(small_deck(cards=cards)))
    with pytest.raises(CommandError, match="card B3, box front"):
        call_command("print_deck", "petit-fr", "-o", str(tmp_path / "d.pdf"), "--size", "mini")


def test_print_deck_names_a_missing_character(db, tmp_path):
    cards = four_cards()
    cards[0].front = "Une requête 漢 à ChatGPT"
    deck_import(raw=dump_deck(small_deck(cards=cards)))
    with pytest.raises(CommandError, match="'漢'"):
        call_command("print_deck", "petit-fr", "-o", str(tmp_path / "d.pdf"))
