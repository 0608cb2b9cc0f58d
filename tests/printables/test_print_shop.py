"""What a print shop's preflight and a facilitator at the guillotine check: embedded fonts only,
metadata, crop marks where printers print, the how-to sheet, sheet labels, one side only,
hyphenated long words, guide entries on one page, footers that do not overlap."""

from __future__ import annotations

import io
import itertools

import pytest
from pypdf import PdfReader
from reportlab.pdfbase.pdfmetrics import stringWidth

from printables.deck_pdf import calibration_layout, calibration_pdf, deck_pdf
from printables.errors import OptionError
from printables.fit import Part, fit_parts
from printables.flow import FOOTER_GAP, footer_fit
from printables.fonts import REGULAR, fonts_register
from printables.kit import kit_pdf
from printables.layout import CARD_SIZES, DUPLEX_MODES, MARK_EDGE_MM, PAPERS, sheet_layout
from printables.options import DeckOptions, deck_options_from_query
from tests.printables.decks import default_deck, four_cards, pdf_text, small_deck, squeeze
from tests.printables.test_every_size_prints import fonts_of


def _reader(data: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(data))


@pytest.mark.parametrize(
    "make",
    [
        lambda: deck_pdf(small_deck()),
        lambda: kit_pdf(small_deck("en")),
        lambda: calibration_pdf(language="en"),
    ],
    ids=["deck", "kit", "calibration"],
)
def test_every_font_is_embedded_and_there_is_no_helvetica(make):
    data = make()
    fonts = fonts_of(data)
    assert fonts and all(embedded for _, embedded in fonts), fonts
    assert not any("Helvetica" in name for name, _ in fonts)
    assert b"Helvetica" not in data


def test_the_deck_says_its_title_author_subject_and_language():
    reader = _reader(deck_pdf(small_deck("en"), options=DeckOptions(card_size="tarot", paper="letter")))
    meta = reader.metadata
    assert meta.title == "Petit jeu — 4 tarot cards"
    assert meta.author == "Atelier IA"
    assert "tarot 70×120 mm" in meta.subject and "Letter" in meta.subject
    assert reader.trailer["/Root"]["/Lang"] == "en"


def test_the_kit_says_its_author_and_language():
    reader = _reader(kit_pdf(small_deck("fr")))
    assert reader.metadata.author == "Atelier IA" and reader.trailer["/Root"]["/Lang"] == "fr"
    assert reader.metadata.title.startswith("Petit jeu")


@pytest.mark.parametrize(
    ("size", "paper", "bleed", "duplex"), list(itertools.product(CARD_SIZES, PAPERS, (True, False), DUPLEX_MODES))
)
def test_crop_marks_keep_5_mm_from_the_paper_edge_and_are_long_enough_to_read(size, paper, bleed, duplex):
    layout = sheet_layout(card_size=size, paper=paper, bleed=bleed, duplex=duplex)
    page_w, page_h = layout.paper
    for line in layout.front_marks + layout.back_marks + layout.fold_lines:
        assert min(line.x1, line.x2) >= MARK_EDGE_MM - 1e-6 and max(line.x1, line.x2) <= page_w - MARK_EDGE_MM + 1e-6
        assert min(line.y1, line.y2) >= MARK_EDGE_MM - 1e-6 and max(line.y1, line.y2) <= page_h - MARK_EDGE_MM + 1e-6
        assert abs(line.x2 - line.x1) + abs(line.y2 - line.y1) >= 2.0  # no 1.2 mm stubs in the gutters


def test_the_first_sheet_says_how_to_print_and_has_a_blank_back():
    deck = default_deck("fr")
    data = deck_pdf(deck, options=DeckOptions(duplex="short"))
    reader = _reader(data)
    first, back = reader.pages[0].extract_text(), reader.pages[1].extract_text()
    sheets = -(-len(deck.cards) // 8)
    flat = squeeze(first)
    for needle in ("100%", "bordcourt", f"{sheets + 1}feuilles", "50mm", "traitshorizontaux", "versoseulement"):
        assert needle in flat, needle
    assert back.strip() == ""
    assert len(reader.pages) == 2 + 2 * sheets


def test_the_english_first_sheet_names_the_long_edge_and_the_cutting_order():
    text = squeeze(_reader(deck_pdf(small_deck("en"))).pages[0].extract_text())
    for needle in ("100%", "flippingonthelongedge", "2sheets", "horizontalmarks", "backsonly"):
        assert needle in text, needle


def test_each_sheet_is_labelled_fronts_or_backs_n_of_n():
    cards = four_cards() * 3
    for index, card in enumerate(cards):
        card.key = f"K{index}"
    deck = small_deck("en", cards)
    reader = _reader(deck_pdf(deck))
    texts = [page.extract_text() for page in reader.pages[2:]]
    assert "fronts 1/2" in texts[0] and "backs 1/2" in texts[1]
    assert "fronts 2/2" in texts[2] and "backs 2/2" in texts[3]


def test_fronts_only_and_backs_only_print_one_side_without_the_how_to_sheet():
    deck = small_deck()
    fronts = _reader(deck_pdf(deck, options=DeckOptions(faces="fronts")))
    backs = _reader(deck_pdf(deck, options=DeckOptions(faces="backs")))
    assert len(fronts.pages) == len(backs.pages) == 1
    assert "recto 1/1" in fronts.pages[0].extract_text() and "Réponse" not in fronts.pages[0].extract_text()
    assert "verso 1/1" in backs.pages[0].extract_text() and "Réponse" in backs.pages[0].extract_text()
    assert deck_options_from_query({"faces": "backs", "howto": "0"}) == DeckOptions(faces="backs", howto=False)
    with pytest.raises(OptionError, match="fold mode"):
        DeckOptions(faces="fronts", duplex="fold")


@pytest.mark.parametrize(("language", "word"), [("fr", "anticonstitutionnellement"), ("en", "incomprehensibilities")])
def test_a_word_too_long_for_its_line_is_hyphenated_at_a_syllable_not_cut(language, word):
    fonts_register()
    width = stringWidth(word, REGULAR, 7) * 0.6
    fitted = fit_parts([Part(word)], width=width, height=200, max_size=7, where="x", language=language)
    lines = [
        "".join(w.text if hasattr(w, "text") else str(w) for w in line.words) if hasattr(line, "words") else line[1]
        for line in fitted.paragraphs[0].blPara.lines
    ]
    joined = [" ".join(x) if isinstance(x, list) else x for x in lines]
    assert len(joined) >= 2 and joined[0].endswith("-"), joined
    assert "".join(part.rstrip("-") for part in joined) == word


def test_short_words_on_a_card_are_not_hyphenated():
    fonts_register()
    text = "Entraîner un modèle : combien d’électricité ?"
    fitted = fit_parts([Part(text)], width=80, height=200, max_size=9, where="x")
    lines = [" ".join(line[1]) for line in fitted.paragraphs[0].blPara.lines]
    assert not any(line.endswith("-") for line in lines), lines


def test_a_guide_entry_is_never_split_across_two_pages():
    deck = default_deck("en")
    reader = _reader(kit_pdf(deck))
    pages = [squeeze(page.extract_text()) for page in reader.pages]
    for card in deck.cards:
        front, back = squeeze(card.front), squeeze(card.back)
        assert any(front in page and back in page for page in pages), card.key


def test_the_footer_never_runs_into_the_page_number():
    fonts_register()
    title = "A very long deck title that goes on and on about the impacts of artificial intelligence " * 2
    text, size = footer_fit(title, "page 12", width=480, font=REGULAR, size=8)
    assert size >= 6 and text.endswith("…")
    assert stringWidth(text, REGULAR, size) + FOOTER_GAP + stringWidth("page 12", REGULAR, size) <= 480
    assert footer_fit("Short · 1", "page 1", width=480, font=REGULAR, size=8) == ("Short · 1", 8)


def test_the_english_score_sheet_keeps_misconception_whole():
    text = pdf_text(kit_pdf(small_deck("en")))
    assert "Misconception" in text and "Misconce" not in text.replace("Misconception", "")


@pytest.mark.parametrize(("paper", "duplex"), list(itertools.product(PAPERS, ("long", "short"))))
def test_the_calibration_crosses_and_rulers_keep_clear_of_the_text(paper, duplex):
    layout = calibration_layout(paper=paper, duplex=duplex, language="en")
    for rect in layout.front_marks:
        assert rect.top < layout.front_text_bottom
    for rect in layout.back_marks:
        assert rect.top < layout.back_text_bottom
    labels = layout.ruler_labels
    for a, b in itertools.combinations(labels, 2):  # no two ruler labels touch
        assert a.right <= b.x or b.right <= a.x or a.top <= b.y or b.top <= a.y, (a, b)


def test_the_calibration_page_points_to_the_print_form():
    text = squeeze(pdf_text(calibration_pdf(language="en")))
    assert "Printpage" in text or "printpage" in text
    assert "offset_x" not in text


def test_a_kit_guide_prints_scope_and_status():
    cards = four_cards()
    cards[0].scope, cards[0].status, cards[0].as_of = "one text prompt", ["estimated", "debated"], "2024"
    text = squeeze(pdf_text(kit_pdf(small_deck("en", cards))))
    assert "Scope:onetextprompt" in text and "Status:Estimated·debatedfigure·data2024" in text


def test_print_deck_prints_one_side_only(db, tmp_path):
    from django.core.management import call_command

    from cards.deckfile import dump_deck
    from cards.services import deck_import

    deck_import(raw=dump_deck(small_deck()))
    call_command("print_deck", "petit-fr", "-o", str(tmp_path / "b.pdf"), "--faces", "backs", stdout=io.StringIO())
    reader = PdfReader(str(tmp_path / "b.pdf"))
    assert len(reader.pages) == 1 and "verso 1/1" in reader.pages[0].extract_text()
    call_command("print_deck", "petit-fr", "-o", str(tmp_path / "a.pdf"), "--no-howto", stdout=io.StringIO())
    assert len(PdfReader(str(tmp_path / "a.pdf")).pages) == 2
