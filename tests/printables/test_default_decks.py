"""The default decks, French and English: every card fits at 7 pt or more and all its text is printed."""

from __future__ import annotations

import pytest
from reportlab.lib.units import mm

from printables.cards import CardGeometry, answer_parts, cards_prepare, first_url, source_line
from printables.deck_pdf import deck_pdf
from printables.fonts import fonts_register
from printables.layout import CARD_SIZES
from printables.options import DeckOptions
from tests.printables.decks import default_deck, pdf_text, qr_codes_in_page, squeeze

LANGUAGES = ["fr", "en"]


@pytest.fixture(scope="module")
def pdfs():
    return {language: deck_pdf(default_deck(language)) for language in LANGUAGES}


@pytest.mark.parametrize("language", LANGUAGES)
def test_default_deck_has_its_94_cards(language):
    assert len(default_deck(language).cards) == 94


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("size", list(CARD_SIZES))
def test_every_card_of_the_default_decks_fits_at_7_pt_or_more(language, size):
    fonts_register()
    width, height = CARD_SIZES[size]
    geometry = CardGeometry(width * mm, height * mm, 3 * mm)
    deck = default_deck(language)
    for faces in cards_prepare(deck, deck.cards, geometry=geometry, grayscale=False):
        for box in (faces.front, faces.answer, faces.explanation, faces.sources):
            for paragraph in box.paragraphs:
                assert paragraph.style.fontSize >= 7, (faces.card.key, paragraph.style.fontSize)
            assert box.height <= 1e-6 or box.paragraphs


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_card_text_is_in_the_pdf(language, pdfs):
    deck = default_deck(language)
    text = squeeze(pdf_text(pdfs[language]))
    for card in deck.cards:
        # the comparison may leave a crowded back first (the guide keeps it); the rest never does
        for piece in [card.front, card.back] + [p.text for p in answer_parts(card, language, with_comparison=False)]:
            assert squeeze(piece) in text, (card.key, piece)
        # a back prints its sources whole, or authors and years only, or the first one and a count
        forms = [source_line(card, language, short=s, first_only=f) for s, f in ((0, 0), (1, 0), (0, 1))]
        assert any(squeeze(form) in text for form in forms), (card.key, forms)


def test_the_qr_codes_of_a_back_page_scan_to_the_sources(pdfs):
    deck = default_deck("fr")
    per_sheet = 8
    expected = {first_url(card) for card in deck.cards[:per_sheet]} - {""}
    assert expected
    assert set(qr_codes_in_page(pdfs["fr"], page=4)) == expected  # after the how-to sheet and its blank back


def test_grayscale_variant_uses_no_colour():
    data = deck_pdf(default_deck("fr"), options=DeckOptions(grayscale=True))
    colour = deck_pdf(default_deck("fr"))
    # the kind colour of facts (#0061A0) is drawn as an RGB fill in colour only
    assert b"0 .380392 .627451 rg" not in _content(data)
    assert b"0 .380392 .627451 rg" in _content(colour)


def _content(data: bytes) -> bytes:
    import io

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return b"".join(page.get_contents().get_data() for page in reader.pages[2:4])
