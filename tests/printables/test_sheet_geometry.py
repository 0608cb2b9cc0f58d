"""Cards per sheet, crop marks outside the cards, backs behind their fronts after the flip."""

from __future__ import annotations

import itertools

import pytest

from printables.layout import CARD_SIZES, PAPERS, Line, Rect, mirrored_trim, sheet_layout

# (size, paper, bleed) -> cards per sheet; a quarter turn is taken when more cards fit that way
EXPECTED = {
    ("poker", "a4", True): 8,
    ("poker", "a4", False): 9,
    ("poker", "letter", True): 6,
    ("poker", "letter", False): 8,
    ("bridge", "a4", True): 8,
    ("bridge", "a4", False): 9,
    ("bridge", "letter", True): 8,
    ("bridge", "letter", False): 8,
    ("tarot", "a4", True): 4,
    ("tarot", "a4", False): 4,
    ("tarot", "letter", True): 4,
    ("tarot", "letter", False): 4,
    ("mini", "a4", True): 12,
    ("mini", "a4", False): 18,
    ("mini", "letter", True): 10,
    ("mini", "letter", False): 16,
}
ALL = list(itertools.product(CARD_SIZES, PAPERS, (True, False), ("long", "short", "fold")))


def _overlaps(line: Line, rect: Rect) -> bool:
    """Does the segment enter the rectangle's interior?"""
    lo_x, hi_x = sorted((line.x1, line.x2))
    lo_y, hi_y = sorted((line.y1, line.y2))
    return (
        lo_x < rect.right - 1e-6
        and hi_x > rect.x + 1e-6
        and lo_y < rect.top - 1e-6
        and hi_y > rect.y + 1e-6
        or (
            # a zero-width segment lying inside
            rect.x < lo_x < rect.right and rect.y < lo_y < rect.top
        )
    )


@pytest.mark.parametrize(("size", "paper", "bleed"), list(EXPECTED))
def test_cards_per_sheet_for_each_size_and_paper(size, paper, bleed):
    layout = sheet_layout(card_size=size, paper=paper, bleed=bleed)
    assert layout.per_sheet == EXPECTED[(size, paper, bleed)]


@pytest.mark.parametrize(("size", "paper", "bleed", "duplex"), ALL)
def test_cards_stay_on_the_page_and_never_overlap(size, paper, bleed, duplex):
    layout = sheet_layout(card_size=size, paper=paper, bleed=bleed, duplex=duplex)
    page_w, page_h = layout.paper
    for slot in layout.fronts + layout.backs:
        assert slot.bleed.x >= 5 and slot.bleed.y >= 5
        assert slot.bleed.right <= page_w - 5 and slot.bleed.top <= page_h - 5
        natural = CARD_SIZES[size]
        assert (slot.trim.w, slot.trim.h) == (natural[1], natural[0]) if slot.rotation % 180 else natural
    faces = layout.fronts + (layout.backs if duplex == "fold" else ())
    for a, b in itertools.combinations(faces, 2):
        assert (
            a.trim.right <= b.trim.x + 1e-6
            or b.trim.right <= a.trim.x + 1e-6
            or (a.trim.top <= b.trim.y + 1e-6 or b.trim.top <= a.trim.y + 1e-6)
        )


@pytest.mark.parametrize(("size", "paper", "bleed", "duplex"), ALL)
def test_crop_marks_are_outside_every_card_and_its_bleed(size, paper, bleed, duplex):
    layout = sheet_layout(card_size=size, paper=paper, bleed=bleed, duplex=duplex, offset=(1.5, -2.0))
    page_w, page_h = layout.paper
    for marks, slots in (
        (layout.front_marks + layout.fold_lines, layout.fronts + (layout.backs if duplex == "fold" else ())),
        (layout.back_marks, layout.backs),
    ):
        assert marks
        for line in marks:
            assert min(line.x1, line.x2) > 0 and max(line.x1, line.x2) < page_w
            assert min(line.y1, line.y2) > 0 and max(line.y1, line.y2) < page_h
            for slot in slots:
                assert not _overlaps(line, slot.bleed), (line, slot)


@pytest.mark.parametrize(("size", "paper"), list(itertools.product(CARD_SIZES, PAPERS)))
def test_every_trim_line_has_its_crop_marks(size, paper):
    layout = sheet_layout(card_size=size, paper=paper)
    vertical = {round(m.x1, 3) for m in layout.front_marks if m.x1 == m.x2}
    horizontal = {round(m.y1, 3) for m in layout.front_marks if m.y1 == m.y2}
    for slot in layout.fronts:
        assert {round(slot.trim.x, 3), round(slot.trim.right, 3)} <= vertical
        assert {round(slot.trim.y, 3), round(slot.trim.top, 3)} <= horizontal


@pytest.mark.parametrize(("size", "paper", "bleed"), list(EXPECTED))
@pytest.mark.parametrize("duplex", ["long", "short"])
def test_back_i_lies_behind_front_i_after_the_flip(size, paper, bleed, duplex):
    layout = sheet_layout(card_size=size, paper=paper, bleed=bleed, duplex=duplex)
    assert len(layout.backs) == len(layout.fronts)
    for front, back in zip(layout.fronts, layout.backs, strict=True):
        # seen from the back after the flip, front i's trim is exactly back i's trim
        assert mirrored_trim(front.trim, layout.paper, duplex) == back.trim


def test_long_edge_flip_mirrors_left_and_right():
    layout = sheet_layout(card_size="poker", paper="a4", bleed=False, duplex="long")
    first, back = layout.fronts[0], layout.backs[0]
    assert first.trim.x < 30 and back.trim.right > 180  # top-left front, top-right back
    assert first.trim.y == back.trim.y


def test_short_edge_flip_mirrors_top_and_bottom():
    layout = sheet_layout(card_size="poker", paper="a4", bleed=False, duplex="short")
    first, back = layout.fronts[0], layout.backs[0]
    assert first.trim.top > 270 and back.trim.y < 30
    assert first.trim.x == back.trim.x


@pytest.mark.parametrize(
    ("size", "duplex", "front_rotation", "back_rotation"),
    [("poker", "long", 90, 270), ("poker", "short", 90, 90), ("tarot", "long", 0, 0), ("tarot", "short", 0, 180)],
)
def test_backs_are_upright_when_the_cut_card_turns_over_its_long_side(size, duplex, front_rotation, back_rotation):
    layout = sheet_layout(card_size=size, paper="a4", duplex=duplex)
    assert {s.rotation for s in layout.fronts} == {front_rotation}
    assert {s.rotation for s in layout.backs} == {back_rotation}


def test_offset_moves_only_the_backs():
    plain = sheet_layout(card_size="poker", paper="a4", duplex="long")
    shifted = sheet_layout(card_size="poker", paper="a4", duplex="long", offset=(1.5, -0.5))
    assert plain.fronts == shifted.fronts
    for a, b in zip(plain.backs, shifted.backs, strict=True):
        assert (round(b.trim.x - a.trim.x, 6), round(b.trim.y - a.trim.y, 6)) == (1.5, -0.5)


@pytest.mark.parametrize("size", list(CARD_SIZES))
def test_fold_mode_puts_each_back_beside_its_front_across_the_fold(size):
    layout = sheet_layout(card_size=size, paper="a4", duplex="fold")
    assert layout.fold_lines
    for front, back in zip(layout.fronts, layout.backs, strict=True):
        assert back.rotation == front.rotation
        if front.rotation:
            assert back.trim.y == pytest.approx(front.trim.top) and back.trim.x == front.trim.x
        else:
            assert back.trim.x == pytest.approx(front.trim.right) and back.trim.y == front.trim.y
