"""The deck PDF as a file: trim boxes, viewer hints, embedded font, pages, calibration."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from printables.deck_pdf import calibration_pdf, deck_pdf
from printables.errors import OptionError
from printables.options import DeckOptions, deck_options_from_query
from printables.selection import cards_select
from tests.printables.decks import pdf_text, small_deck, squeeze


def _reader(data: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(data))


def test_pages_alternate_fronts_and_backs_with_trim_boxes_and_duplex_hints():
    reader = _reader(deck_pdf(small_deck(), options=DeckOptions(duplex="short")))
    assert len(reader.pages) == 4  # the how-to sheet and its blank back, then a front and its back
    for page in reader.pages[2:]:
        trim, bleed = page.trimbox, page.bleedbox
        assert float(bleed.left) < float(trim.left) < float(trim.right) < float(bleed.right)
    preferences = reader.trailer["/Root"]["/ViewerPreferences"]
    assert preferences["/PrintScaling"] == "/None"
    assert preferences["/Duplex"] == "/DuplexFlipShortEdge"


def test_fold_mode_prints_fronts_and_backs_on_one_page():
    reader = _reader(deck_pdf(small_deck(), options=DeckOptions(duplex="fold")))
    assert len(reader.pages) == 2  # the how-to sheet (printed single-sided: no blank back), then the cards
    assert reader.trailer["/Root"]["/ViewerPreferences"]["/Duplex"] == "/Simplex"


def test_the_font_is_embedded():
    data = deck_pdf(small_deck())
    assert b"/FontFile2" in data
    assert b"+DejaVuSansCondensed" in data  # a subset of the shipped font, embedded


def test_front_shows_number_version_and_kind_word():
    text = pdf_text(deck_pdf(small_deck()))
    for needle in ("1/4", "4/4", "v2026.1", "Impact", "Idée reçue", "Solution", "Histoire", "Réponse", "Faux", "1950"):
        assert needle in text


def test_plan_cards_are_numbered_in_plan_order():
    deck = small_deck()
    text = squeeze(pdf_text(deck_pdf(deck, cards=cards_select(deck, ["D1", "B3"]))))
    assert "1/2" in text and "Alan" in text and "requête" not in text.split("Réponse")[0]


def test_card_image_is_placed():
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (1200, 600), (200, 30, 30)).save(buffer, format="PNG")
    deck = small_deck()
    from cards.deckfile import ImageData

    deck.cards[2].image = ImageData("image/png", buffer.getvalue())
    reader = _reader(deck_pdf(deck, options=DeckOptions(howto=False)))
    images = list(reader.pages[0].images)
    assert len(images) == 1
    assert images[0].image.width <= 700  # resized once to the box at 300 dpi, not the stored 1200 px


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"size": "huge"}, "unknown size 'huge'"),
        ({"paper": "a3"}, "unknown paper"),
        ({"bleed": "maybe"}, "bleed must be 1 or 0"),
        ({"offset_x": "abc"}, "offset_x must be a number"),
        ({"offset_y": "25"}, "offset_y must be between"),
        ({"colour": "1"}, "unknown option 'colour'"),
    ],
)
def test_bad_options_are_refused_with_a_clear_message(query, message):
    with pytest.raises(OptionError, match=message):
        deck_options_from_query(query)


def test_calibration_page_has_a_front_and_a_back():
    data = calibration_pdf(paper="letter", duplex="long", offset=(1.0, -0.5))
    reader = _reader(data)
    assert len(reader.pages) == 2
    assert "x = +1 mm, y = -0.5 mm" in pdf_text(data)


def test_calibration_is_refused_for_fold_mode():
    with pytest.raises(OptionError, match="double-sided"):
        calibration_pdf(duplex="fold")
