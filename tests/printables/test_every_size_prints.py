"""Every size the print page and print_deck offer prints each default deck, on every paper and
duplex; a back shows what a careful reader needs of a fact: quantity, scope, status, year, source."""

from __future__ import annotations

import io
import itertools
from xml.sax.saxutils import unescape

import pytest
from pypdf import PdfReader

from cards.provenance import provenance_line
from printables.cards import first_url, headline, source_line
from printables.deck_pdf import deck_prepare, deck_render
from printables.layout import CARD_SIZES, DUPLEX_MODES, PAPERS
from printables.options import DeckOptions
from printables.qr import qr_matrix
from tests.printables.decks import default_deck, pdf_text, small_deck, squeeze, v2_cards

LANGUAGES = ["fr", "en"]


def fonts_of(data: bytes) -> list[tuple[str, bool]]:
    """Every font a page uses: its name and whether its program is embedded in the file."""
    reader = PdfReader(io.BytesIO(data))
    found = []
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            embedded = descriptor is not None and any(
                k in descriptor.get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3")
            )
            found.append((str(font["/BaseFont"]), embedded))
    return found


@pytest.fixture(scope="module", params=list(itertools.product(LANGUAGES, CARD_SIZES)), ids=lambda p: "-".join(p))
def prepared(request):
    language, size = request.param
    deck = default_deck(language)
    return deck_prepare(deck, options=DeckOptions(card_size=size)), size


@pytest.mark.parametrize(("paper", "duplex"), list(itertools.product(PAPERS, DUPLEX_MODES)))
def test_each_default_deck_prints_in_every_size_paper_and_duplex(prepared, paper, duplex):
    faces, size = prepared
    data = deck_render(faces, DeckOptions(card_size=size, paper=paper, duplex=duplex))
    reader = PdfReader(io.BytesIO(data))
    from printables.layout import sheet_layout

    per_sheet = sheet_layout(card_size=size, paper=paper, duplex=duplex).per_sheet
    sheets = -(-len(faces.faces) // per_sheet)
    assert len(reader.pages) == (1 + sheets if duplex == "fold" else 2 + 2 * sheets)
    assert all(embedded for _, embedded in fonts_of(data))


def test_every_back_carries_the_answer_status_source_and_a_qr_code_to_the_first_url(prepared):
    faces, size = prepared
    language = faces.deck.language
    for card_faces in faces.faces:
        card = card_faces.card
        back = squeeze(unescape(" ".join(p.text for p in card_faces.answer.paragraphs + card_faces.sources.paragraphs)))
        assert squeeze(headline(card, language)) in back, (size, card.key)
        if card.kind == "fact" and (card.status or card.as_of):
            assert squeeze(provenance_line(card.status, card.as_of, language)) in back, (size, card.key)
        if card.sources:
            assert squeeze(card.sources[0].author) in back, (size, card.key)
        url = first_url(card)
        assert card_faces.qr == (qr_matrix(url) if url else None), (size, card.key)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("size", list(CARD_SIZES))
def test_format_2_facts_print_their_floor_range_scope_status_and_year_in_every_size(language, size):
    deck = small_deck(language, v2_cards(language))
    faces = deck_prepare(deck, options=DeckOptions(card_size=size))
    text = {f.card.key: squeeze(" ".join(p.text for p in f.answer.paragraphs)).lower() for f in faces.faces}
    more = "plusde29" if language == "fr" else "morethan29"
    assert more in text["A27"]
    assert squeeze("0,24 à 0,42" if language == "fr" else "0.24 to 0.42") in text["A7"]
    debated = "chiffredébattu" if language == "fr" else "debatedfigure"
    claimed = "annoncéparl’entreprise" if language == "fr" else "claimedbythecompany"
    assert debated in text["A14"] and claimed in text["A21"]
    assert ("données2024" if language == "fr" else "data2024") in text["A14"]
    if size != "mini":  # a full back: the scope and the explanation are on the card
        assert squeeze(deck.cards[0].scope) in text["A7"]
        explanation = squeeze(" ".join(p.text for p in faces.faces[0].explanation.paragraphs))
        assert squeeze(deck.cards[0].back) == explanation


def test_a_mini_card_too_full_for_its_explanation_sends_the_reader_to_the_guide():
    deck = small_deck("fr", v2_cards("fr"))
    faces = deck_prepare(deck, options=DeckOptions(card_size="mini"))
    longest = next(f for f in faces.faces if f.card.key == "A99")
    explanation = " ".join(p.text for p in longest.explanation.paragraphs)
    assert "guide" in explanation and "consommation" not in explanation
    assert "et 2 autres dans le guide" in " ".join(p.text for p in longest.sources.paragraphs)
    assert source_line(longest.card, "fr", first_only=True).startswith("Source : LBNL (Shehabi et al.) (2024)")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_printed_back_shows_the_fact_in_the_pdf_text(language):
    deck = small_deck(language, v2_cards(language))
    text = squeeze(pdf_text(deck_render(deck_prepare(deck), DeckOptions())))
    for card in deck.cards:
        assert squeeze(headline(card, language)) in text
        assert squeeze(provenance_line(card.status, card.as_of, language)) in text


def test_the_qr_codes_of_mini_backs_decode_even_for_the_longest_url():
    from tests.printables.decks import qr_codes_in_page

    deck = small_deck("fr", v2_cards("fr"))
    data = deck_render(
        deck_prepare(deck, options=DeckOptions(card_size="mini")), DeckOptions(card_size="mini", duplex="fold")
    )
    expected = {first_url(card) for card in deck.cards} - {""}
    assert set(qr_codes_in_page(data, page=2)) == expected
