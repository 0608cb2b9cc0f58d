"""Checks before printing: a too-coarse image and a script the PDF cannot set are refused with the
card named; the import warns about them and a dry run says which cards fit which sizes."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from cards.deckfile import ImageData, dump_deck
from printables.checks import coarse_images, print_problems
from printables.deck_pdf import deck_pdf
from printables.errors import ImageTooCoarse, MissingGlyph, UnshapedScript
from printables.kit import kit_pdf
from printables.options import DeckOptions
from tests.printables.decks import four_cards, png, small_deck


def _deck_with_image(width: int, height: int):
    cards = four_cards()
    cards[2].image = ImageData("image/png", png(width, height))
    return small_deck(cards=cards)


def test_a_40_px_image_is_refused_at_print_with_the_card_named():
    with pytest.raises(ImageTooCoarse, match=r"card C8, box image: the image would print at \d+ ppi on poker cards"):
        deck_pdf(_deck_with_image(40, 40))


def test_a_large_enough_image_prints():
    deck_pdf(_deck_with_image(1200, 600), options=DeckOptions(howto=False))


def test_a_coarse_image_is_flagged_size_by_size():
    lines = coarse_images(_deck_with_image(300, 150))  # fine on mini cards, too coarse on tarot ones
    assert len(lines) == 1 and lines[0].startswith("card C8: the image would print at")
    assert "tarot" in lines[0] and "mini" not in lines[0]


@pytest.mark.parametrize(
    ("text", "char", "why"),
    [
        ("الذكاء الاصطناعي يستهلك الكهرباء", "ا", "right-to-left"),
        ("עברית", "ע", "right-to-left"),
        ("人工智能", "人", "not in the embedded font"),
        ("Une planète 🌍", "🌍", "not in the embedded font"),
    ],
)
def test_a_script_the_pdf_cannot_set_is_refused_with_the_card_and_character(text, char, why):
    cards = four_cards()
    cards[1].back = text
    with pytest.raises((UnshapedScript, MissingGlyph)) as caught:
        deck_pdf(small_deck(cards=cards))
    message = str(caught.value)
    assert message.startswith("card B3, box back: the character") and repr(char) in message and why in message


def test_an_arabic_note_is_refused_in_the_guide_too():
    cards = four_cards()
    cards[0].notes = "ملاحظة"
    with pytest.raises(UnshapedScript, match="card A7, box notes"):
        kit_pdf(small_deck(cards=cards))


def test_print_problems_name_each_card_and_size():
    cards = four_cards()
    cards[1].front = ("beaucoup trop long " * 16)[:300]
    cards[1].image = ImageData("image/png", png(1200, 800))
    problems = print_problems(small_deck(cards=cards))
    assert [(p.size, p.key) for p in problems] == [("mini", "B3")]


def test_the_import_flags_a_coarse_image_and_the_dry_run_lists_the_sizes(db, tmp_path):
    cards = four_cards()
    cards[2].image = ImageData("image/png", png(40, 40))
    cards[1].front = ("beaucoup trop long " * 16)[:300]
    cards[1].image = ImageData("image/png", png(1200, 800))
    path = tmp_path / "deck.json"
    path.write_bytes(dump_deck(small_deck(cards=cards)))
    out = io.StringIO()
    call_command("import_deck", str(path), "--dry-run", stdout=out)
    text = out.getvalue()
    assert "Warning: card C8: the image would print at" in text
    assert "poker: 1 card would not print (C8)" in text
    assert "mini: 2 cards would not print (B3, C8)" in text
    assert "card B3, box front: the text does not fit" in text
    plain = io.StringIO()
    call_command("import_deck", str(path), stdout=plain)
    assert "Warning: card C8" in plain.getvalue() and "size by size" not in plain.getvalue()
    with pytest.raises(CommandError, match="card C8, box image"):
        call_command("print_deck", "petit-fr", "-o", str(tmp_path / "d.pdf"))


def test_a_dry_run_of_a_default_deck_says_every_size_fits(db, tmp_path):
    from tests.printables.decks import DECKS_DIR

    out = io.StringIO()
    call_command("import_deck", str(DECKS_DIR / "impacts-ia-en.json"), "--dry-run", stdout=out)
    for size in ("poker", "bridge", "tarot", "mini"):
        assert f"{size}: every card fits" in out.getvalue()
