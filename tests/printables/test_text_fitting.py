"""Text is set at the largest size that fits, never below 7 pt, or the export names the card and box."""

from __future__ import annotations

import pytest

from cards.deckfile import CardData, ImageData, SourceData
from printables.deck_pdf import deck_pdf
from printables.errors import MissingGlyph, PrintError, TextDoesNotFit
from printables.fit import Part, fit_parts
from printables.kit import kit_pdf
from printables.options import DeckOptions
from tests.printables.decks import four_cards, pdf_text, png, small_deck, squeeze


def test_short_text_is_set_at_the_largest_size():
    fitted = fit_parts([Part("Court")], width=150, height=100, max_size=15, where="x")
    assert fitted.size == 15


def test_longer_text_is_set_smaller_but_never_below_7_pt():
    short = fit_parts([Part("mot " * 20)], width=150, height=100, max_size=15, where="x")
    long = fit_parts([Part("mot " * 80)], width=150, height=100, max_size=15, where="x")
    assert 7 <= long.size < short.size <= 15
    assert long.height <= 100


def test_text_that_cannot_fit_at_7_pt_fails_naming_the_box():
    with pytest.raises(TextDoesNotFit, match="card Z9, box back"):
        fit_parts([Part("mot " * 400)], width=150, height=100, max_size=15, where="card Z9, box back")


def test_a_card_with_too_much_text_fails_with_its_key_and_box():
    cards = four_cards()
    cards.append(
        CardData(
            key="B99",
            kind="misconception",
            front=("beaucoup trop long " * 16)[:300],
            back="b",
            verdict="true",
            image=ImageData("image/png", png(1200, 800)),
        )
    )
    with pytest.raises(PrintError, match=r"card B99, box front: the text does not fit"):
        deck_pdf(small_deck(cards=cards), options=DeckOptions(card_size="mini"))


def test_every_failing_card_is_listed_at_once():
    long_front = "mot " * 200
    cards = [CardData(key=f"X{i}", kind="misconception", front=long_front, back="b", verdict="true") for i in range(2)]
    with pytest.raises(PrintError) as caught:
        deck_pdf(small_deck(cards=cards), options=DeckOptions(card_size="mini"))
    assert "card X0, box front" in str(caught.value) and "card X1, box front" in str(caught.value)


def test_a_missing_glyph_fails_naming_the_character_and_the_card():
    cards = four_cards()
    cards[1].back = "Faux 漢 : voir plus bas."
    with pytest.raises(MissingGlyph, match=r"card B3, box back: the character '漢' \(U\+6F22\)"):
        deck_pdf(small_deck(cards=cards))


def test_a_missing_glyph_in_the_notes_fails_the_kit():
    cards = four_cards()
    cards[2].notes = "Parler de 🌍"
    with pytest.raises(MissingGlyph, match="card C8, box notes: the character '🌍'"):
        kit_pdf(small_deck(cards=cards))


def test_a_url_too_long_for_a_readable_qr_code_fails_naming_the_card():
    cards = four_cards()
    cards[0].sources = [SourceData("X", "", None, "https://example.org/" + "a" * 480)]
    with pytest.raises(TextDoesNotFit, match="card A7, box qr"):
        deck_pdf(small_deck(cards=cards), options=DeckOptions(card_size="mini"))


def test_markup_in_card_text_prints_literally():
    cards = four_cards()
    cards[1].front = "Le <b>gras</b> & l'<i>italique</i> &amp; <br/>"
    cards[1].back = "A < B > C & D"
    for data in (deck_pdf(small_deck(cards=cards)), kit_pdf(small_deck(cards=cards))):
        text = squeeze(pdf_text(data))
        assert squeeze("Le <b>gras</b> & l'<i>italique</i> &amp; <br/>") in text
        assert squeeze("A < B > C & D") in text


def test_french_special_characters_are_printed():
    text = pdf_text(deck_pdf(small_deck()))
    for needle in ("œ", "’", "«", "»", "CO₂", "€", "≈", "é"):
        assert needle in text
