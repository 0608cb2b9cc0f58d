"""Sheet geometry, pure and in millimetres (origin at the bottom-left corner of the page).

A sheet holds a grid of cards; each card has its trim rectangle (where it is cut) and its
bleed rectangle (the trim grown by the bleed, printed so that a cut slightly off still shows
no white edge). Crop marks extend the trim lines into the margins (never nearer than
MARK_EDGE_MM to the paper's edge, where printers clip, and never into a bleed rectangle): the
cards lie on a regular grid, so each trim line crosses the whole sheet and a guillotine or a
ruler laid from one mark to the mark opposite cuts every card on that line. Backs sit at the
mirror position of their front for the chosen flip, so that after printing double-sided, back i
lies behind front i.
"""

from __future__ import annotations

from dataclasses import dataclass

CARD_SIZES: dict[str, tuple[float, float]] = {
    "poker": (63.0, 88.0),
    "bridge": (57.0, 88.0),
    "tarot": (70.0, 120.0),
    "mini": (44.0, 63.0),
}
PAPERS: dict[str, tuple[float, float]] = {"a4": (210.0, 297.0), "letter": (215.9, 279.4)}
DUPLEX_MODES = ("long", "short", "fold")
BLEED_MM = 3.0
GUTTER_MM = 2.0  # between bleed rectangles, so that a cut a little off a card's line stays in waste
MIN_MARGIN_MM = 7.5  # the outer crop marks (from MARK_EDGE_MM) and the sheet's label fit in it
MARK_EDGE_MM = 5.0  # most printers cannot print nearer the paper's edge: marks start inside this
MARK_LENGTH_MM = 5.0
MARK_GAP_MM = 0.4  # a mark stops this far from any bleed rectangle


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def top(self) -> float:
        return self.y + self.h

    def grown(self, d: float) -> Rect:
        return Rect(self.x - d, self.y - d, self.w + 2 * d, self.h + 2 * d)

    def moved(self, dx: float, dy: float) -> Rect:
        return Rect(self.x + dx, self.y + dy, self.w, self.h)


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float


@dataclass(frozen=True)
class Slot:
    """Where one card face goes: trim and bleed rectangles on the page, and the rotation
    (degrees, counter-clockwise) of the face's content; a rotated card's rectangles are
    landscape while its content stays a portrait card."""

    trim: Rect
    bleed: Rect
    rotation: int


@dataclass(frozen=True)
class SheetLayout:
    paper: tuple[float, float]
    card: tuple[float, float]
    duplex: str
    fronts: tuple[Slot, ...]
    backs: tuple[Slot, ...]  # backs[i] is the back of fronts[i]; same page as fronts in fold mode
    front_marks: tuple[Line, ...]
    back_marks: tuple[Line, ...]
    fold_lines: tuple[Line, ...]  # fold mode: short dashed marks on the fold, outside the cards

    @property
    def per_sheet(self) -> int:
        return len(self.fronts)

    @property
    def rotated(self) -> bool:
        return bool(self.fronts) and self.fronts[0].rotation in (90, 270)


def _fit(count_space: float, unit: float, gutter: float) -> int:
    return max(0, int((count_space + gutter + 1e-9) // (unit + gutter)))


def _bbox(rects: list[Rect]) -> Rect:
    x, y = min(r.x for r in rects), min(r.y for r in rects)
    return Rect(x, y, max(r.right for r in rects) - x, max(r.top for r in rects) - y)


def bbox_trim(slots: tuple[Slot, ...]) -> Rect:
    return _bbox([s.trim for s in slots])


def bbox_bleed(slots: tuple[Slot, ...]) -> Rect:
    return _bbox([s.bleed for s in slots])


def _gaps(intervals: list[tuple[float, float]], page: float) -> list[tuple[float, float, str]]:
    """The empty stretches of one page axis between the rows (or columns) of bleed rectangles."""
    spans = sorted(set(intervals))
    gaps: list[tuple[float, float, str]] = [(0.0, spans[0][0], "low")]
    for (_, end), (start, _) in zip(spans, spans[1:], strict=False):
        if start > end:
            gaps.append((end, start, "inner"))
    gaps.append((spans[-1][1], page, "high"))
    return gaps


def _segments(position: float, gaps: list[tuple[float, float, str]]) -> list[tuple[float, float]]:
    """The outer stretches only: a mark in a 2 mm gutter would be 1.2 mm long, too short to
    read, and the grid's lines already have their marks in the margins."""
    out = []
    for lo, hi, where in gaps:
        if where == "low":
            hi -= MARK_GAP_MM
            lo = max(hi - MARK_LENGTH_MM, lo + MARK_EDGE_MM)
        elif where == "high":
            lo += MARK_GAP_MM
            hi = min(lo + MARK_LENGTH_MM, hi - MARK_EDGE_MM)
        else:
            continue
        if hi - lo >= 0.5:
            out.append((lo, hi))
    return out


def marks_for(slots: tuple[Slot, ...], paper: tuple[float, float], xs: set[float], ys: set[float]) -> list[Line]:
    """Short lines along x = const (for each of xs) and y = const (for each of ys), drawn only in
    the stretches of the page where no bleed rectangle lies: the gutters and the margins."""
    width, height = paper
    row_gaps = _gaps([(s.bleed.y, s.bleed.top) for s in slots], height)
    col_gaps = _gaps([(s.bleed.x, s.bleed.right) for s in slots], width)
    lines = [Line(x, lo, x, hi) for x in sorted(xs) for lo, hi in _segments(x, row_gaps)]
    lines += [Line(lo, y, hi, y) for y in sorted(ys) for lo, hi in _segments(y, col_gaps)]
    return lines


def _trim_lines(slots: tuple[Slot, ...]) -> tuple[set[float], set[float]]:
    xs = {round(v, 4) for s in slots for v in (s.trim.x, s.trim.right)}
    ys = {round(v, 4) for s in slots for v in (s.trim.y, s.trim.top)}
    return xs, ys


def back_rotation(rotation: int, duplex: str) -> int:
    """A back is upright when the cut card is turned over along its own long side, like a
    book page. A long-edge flip of a portrait sheet turns it about a vertical axis: parallel
    to an upright card's long side, so its back keeps the front's rotation; otherwise the
    back is turned half a turn."""
    card_axis_vertical = rotation in (0, 180)
    flip_axis_vertical = duplex == "long"
    return rotation if card_axis_vertical == flip_axis_vertical else (rotation + 180) % 360


def sheet_layout(
    *,
    card_size: str = "poker",
    paper: str = "a4",
    bleed: bool = True,
    duplex: str = "long",
    offset: tuple[float, float] = (0.0, 0.0),
) -> SheetLayout:
    """As many cards as fit on one portrait sheet, upright or turned a quarter if that fits more."""
    card_w, card_h = CARD_SIZES[card_size]
    page_w, page_h = PAPERS[paper]
    b = BLEED_MM if bleed else 0.0
    fold = duplex == "fold"
    # a fold pair is front and back side by side, joined at the fold without bleed between them
    unit_w, unit_h = (2 * card_w + 2 * b if fold else card_w + 2 * b), card_h + 2 * b
    space_w, space_h = page_w - 2 * MIN_MARGIN_MM, page_h - 2 * MIN_MARGIN_MM
    upright = (_fit(space_w, unit_w, GUTTER_MM), _fit(space_h, unit_h, GUTTER_MM))
    turned = (_fit(space_w, unit_h, GUTTER_MM), _fit(space_h, unit_w, GUTTER_MM))
    rotated = turned[0] * turned[1] > upright[0] * upright[1]
    cols, rows = turned if rotated else upright
    if cols * rows == 0:
        raise ValueError(f"a {card_size} card does not fit on {paper} paper")
    cell_w, cell_h = (unit_h, unit_w) if rotated else (unit_w, unit_h)
    grid_w, grid_h = cols * cell_w + (cols - 1) * GUTTER_MM, rows * cell_h + (rows - 1) * GUTTER_MM
    x0, y0 = (page_w - grid_w) / 2, (page_h - grid_h) / 2
    rotation = 90 if rotated else 0
    # content turned counter-clockwise: the card's top points to the page's left
    fronts: list[Slot] = []
    backs: list[Slot] = []
    fold_lines: list[Line] = []
    fold_xs: set[float] = set()
    fold_ys: set[float] = set()
    for row in range(rows):
        for col in range(cols):
            cell = Rect(
                x0 + col * (cell_w + GUTTER_MM), page_h - y0 - (row + 1) * cell_h - row * GUTTER_MM, cell_w, cell_h
            )
            inner = cell.grown(-b)  # the trim of the card, or of the fold pair
            if not fold:
                fronts.append(Slot(inner, cell, rotation))
                continue
            if rotated:  # the pair's left side (the front) goes to the bottom
                front = Rect(inner.x, inner.y, inner.w, card_w)
                back = Rect(inner.x, inner.y + card_w, inner.w, card_w)
                front_bleed = Rect(cell.x, cell.y, cell.w, b + card_w)
                back_bleed = Rect(cell.x, back.y, cell.w, card_w + b)
                fold_ys.add(round(back.y, 4))
            else:
                front = Rect(inner.x, inner.y, card_w, inner.h)
                back = Rect(inner.x + card_w, inner.y, card_w, inner.h)
                front_bleed = Rect(cell.x, cell.y, b + card_w, cell.h)
                back_bleed = Rect(back.x, cell.y, card_w + b, cell.h)
                fold_xs.add(round(back.x, 4))
            fronts.append(Slot(front, front_bleed, rotation))
            backs.append(Slot(back, back_bleed, rotation))  # the fold runs along the card's long side
    fronts_t = tuple(fronts)
    paper_wh = (page_w, page_h)
    if fold:
        pairs = tuple(
            Slot(_bbox([f.trim, k.trim]), _bbox([f.bleed, k.bleed]), 0) for f, k in zip(fronts, backs, strict=True)
        )
        marks = tuple(marks_for(pairs, paper_wh, *_trim_lines(pairs)))
        fold_lines = marks_for(pairs, paper_wh, fold_xs, fold_ys)
        return SheetLayout(paper_wh, (card_w, card_h), duplex, fronts_t, tuple(backs), marks, marks, tuple(fold_lines))
    dx, dy = offset
    for slot in fronts_t:
        trim = mirrored_trim(slot.trim, paper_wh, duplex).moved(dx, dy)
        backs.append(Slot(trim, trim.grown(b), back_rotation(rotation, duplex)))
    backs_t = tuple(backs)
    front_marks = marks_for(fronts_t, paper_wh, *_trim_lines(fronts_t))
    back_marks = marks_for(backs_t, paper_wh, *_trim_lines(backs_t))
    return SheetLayout(paper_wh, (card_w, card_h), duplex, fronts_t, backs_t, tuple(front_marks), tuple(back_marks), ())


def mirrored_trim(front: Rect, paper: tuple[float, float], duplex: str) -> Rect:
    """Where a rectangle of the front lies when the sheet is seen from its back after the flip."""
    page_w, page_h = paper
    if duplex == "long":
        return Rect(page_w - front.right, front.y, front.w, front.h)
    return Rect(front.x, page_h - front.top, front.w, front.h)
