"""Exports for online printers (one PNG per face, 300 dpi, bleed included) and for Tabletop Simulator."""

from __future__ import annotations

import io
import zipfile

import pytest
from PIL import Image

from printables.exports import BLEED_PX, export_size, faces_png_zip, tts_zip
from printables.options import DeckOptions
from tests.printables.decks import small_deck, v2_cards


def _zip(data: bytes) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(data))


def test_poker_faces_are_822_by_1122_px_with_the_bleed():
    assert export_size("poker").px == (822, 1122)  # 2.5 × 3.5 in at 300 dpi, plus 36 px each side
    assert export_size("poker").trim_px == (750, 1050)


def test_the_zip_holds_one_png_per_face_at_the_stated_size():
    deck = small_deck("en", v2_cards("en"))
    archive = _zip(faces_png_zip(deck, options=DeckOptions()))
    names = sorted(n for n in archive.namelist() if n.endswith(".png"))
    assert names == sorted(
        f"{i:03d}-{c.key}-{side}.png" for i, c in enumerate(deck.cards, 1) for side in ("front", "back")
    )
    for name in names:
        image = Image.open(io.BytesIO(archive.read(name)))
        assert image.size == (822, 1122) and image.info.get("dpi", (300, 300))[0] == pytest.approx(300, abs=1)
    assert "822 x 1122 px" in archive.read("README.txt").decode()


def test_the_bleed_of_a_front_carries_the_kind_colour_to_the_edge():
    deck = small_deck()
    archive = _zip(faces_png_zip(deck, cards=deck.cards[:1], options=DeckOptions()))
    front = Image.open(io.BytesIO(archive.read("001-A7-front.png"))).convert("RGB")
    top_left = front.getpixel((2, 2))
    assert top_left == front.getpixel((BLEED_PX + 20, BLEED_PX + 10))  # the band runs into the bleed
    assert top_left != (255, 255, 255)


def test_the_safe_zone_overlay_is_drawn_only_when_asked():
    deck = small_deck()
    plain = _zip(faces_png_zip(deck, cards=deck.cards[1:2], options=DeckOptions()))
    marked = _zip(faces_png_zip(deck, cards=deck.cards[1:2], options=DeckOptions(), safe_zone=True))
    a = Image.open(io.BytesIO(plain.read("001-B3-back.png"))).convert("RGB")
    b = Image.open(io.BytesIO(marked.read("001-B3-back.png"))).convert("RGB")
    assert _magenta(b) > 500 and _magenta(a) == 0


def _magenta(image: Image.Image) -> int:
    """Pixels of the overlay's magenta (the safe zone's dashes)."""
    red, green, blue = (
        band.point(lambda v, t=t: 255 if t(v) else 0)
        for band, t in zip(image.split(), (lambda v: v > 200, lambda v: v < 80, lambda v: v > 100), strict=True)
    )
    from PIL import ImageChops

    mask = ImageChops.multiply(ImageChops.multiply(red, green), blue)
    return mask.histogram()[255]


def test_tabletop_simulator_sheets_are_a_grid_of_fronts_and_backs_with_the_hidden_slot():
    deck = small_deck("fr", v2_cards("fr"))
    archive = _zip(tts_zip(deck, options=DeckOptions()))
    fronts = Image.open(io.BytesIO(archive.read("fronts-1.png")))
    backs = Image.open(io.BytesIO(archive.read("backs-1.png")))
    back = Image.open(io.BytesIO(archive.read("back.png")))
    cards = len(deck.cards)
    assert fronts.size == backs.size == ((cards + 1) * 400, 560)  # one row: the cards and the hidden slot
    assert back.size == (400, 560)
    readme = archive.read("README.txt").decode()
    assert f"Width = {cards + 1}, Height = 1, Number = {cards}" in readme


def test_tabletop_simulator_sheets_hold_at_most_10_by_7():
    cards = v2_cards("en") * 15  # 75 cards: 69 on the first sheet (the 70th slot is the hidden card)
    for index, card in enumerate(cards):
        card = cards[index] = type(card)(**{**card.__dict__, "key": f"K{index}"})
    archive = _zip(tts_zip(small_deck("en", cards), options=DeckOptions(card_size="mini")))
    first = Image.open(io.BytesIO(archive.read("fronts-1.png")))
    second = Image.open(io.BytesIO(archive.read("fronts-2.png")))
    assert first.size == (10 * 400, 7 * round(750 * 400 / 525))
    assert second.size[0] == 7 * 400  # 6 cards and the hidden slot
    assert "Number = 69" in archive.read("README.txt").decode()
