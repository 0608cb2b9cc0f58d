"""The facilitator kit: its parts bookmarked, every card in play order with its answer, the poster."""

from __future__ import annotations

import io
import re

from pypdf import PdfReader

from printables.kit import kit_pdf
from printables.selection import cards_select
from tests.printables.decks import default_deck, pdf_text, qr_codes_in_page, small_deck, squeeze


def _outline(data: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(data))
    titles: list[str] = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(item.title)

    walk(reader.outline)
    return titles


def test_each_part_of_the_kit_has_a_bookmark():
    titles = _outline(kit_pdf(small_deck()))
    for part in (
        "Règles du jeu",
        "Guide de l'animateur",
        "Feuille de score",
        "Affiche : rejoindre la partie",
        "Annexe : les sources",
    ):
        assert part in titles
    assert "1. A7 — Impact" in titles


def test_the_kit_follows_the_deck_language():
    titles = _outline(kit_pdf(small_deck("en")))
    assert "Facilitator guide" in titles and "Rules of the game" in titles


def test_the_guide_lists_every_card_of_the_default_deck_with_answer_sources_and_notes():
    deck = default_deck("fr")
    text = squeeze(pdf_text(kit_pdf(deck)))
    # a long note may run onto the next page: take out the running footer between its halves
    text = re.sub(re.escape(squeeze(f"{deck.title} · {deck.version}")) + r"page\d+", "", text)
    for card in deck.cards:
        assert squeeze(card.front) in text and squeeze(card.back) in text, card.key
        if card.notes:
            assert squeeze(card.notes) in text, card.key
        for source in card.sources:
            assert squeeze(source.author) in text
            if source.url:
                assert squeeze(source.url) in text


def test_a_plan_order_prints_only_its_cards_in_that_order():
    deck = small_deck()
    data = kit_pdf(deck, cards=cards_select(deck, ["D1", "A7"]))
    titles = _outline(data)
    assert "1. D1 — Histoire" in titles and "2. A7 — Impact" in titles
    assert not any("B3" in t for t in titles)


def test_the_poster_qr_code_scans_to_the_join_address():
    data = kit_pdf(small_deck(), join_url="https://atelier.example.org/j/K7Q2", join_code="K7Q2")
    poster_page = len(PdfReader(io.BytesIO(data)).pages) - 1
    assert qr_codes_in_page(data, page=poster_page, dpi=100) == ["https://atelier.example.org/j/K7Q2"]
    assert "K7Q2" in pdf_text(data)


def test_without_a_session_the_poster_leaves_room_for_the_code_under_the_site_address():
    text = pdf_text(kit_pdf(small_deck(), site_url="https://atelier.example.org/"))
    assert "https://atelier.example.org/" in text and "Code à écrire ici" in text
