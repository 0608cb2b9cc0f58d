"""The deck as printable sheets, and the duplex calibration page: plain data in, PDF bytes out."""

from __future__ import annotations

import io
from collections.abc import Sequence

from reportlab.lib.colors import black
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from cards.deckfile import CardData, DeckData
from printables.cards import CardFaces, CardGeometry, back_draw, cards_prepare, front_draw
from printables.errors import OptionError
from printables.fit import Part, fit_parts
from printables.fonts import BOLD, REGULAR, fonts_register
from printables.layout import (
    BLEED_MM,
    CARD_SIZES,
    PAPERS,
    Line,
    Rect,
    SheetLayout,
    Slot,
    bbox_bleed,
    bbox_trim,
    mirrored_trim,
    sheet_layout,
)
from printables.options import DeckOptions
from printables.strings import strings_for

DUPLEX_HINTS = {"long": "DuplexFlipLongEdge", "short": "DuplexFlipShortEdge", "fold": "Simplex"}
MARK_WIDTH = 0.3  # points


def _canvas(buffer: io.BytesIO, paper: str, title: str, duplex: str) -> Canvas:
    fonts_register()
    page_w, page_h = PAPERS[paper]
    canvas = Canvas(buffer, pagesize=(page_w * mm, page_h * mm), invariant=True, pageCompression=True)
    canvas.setTitle(title)
    canvas.setCreator("Atelier IA")
    # real card sizes: a viewer that shrinks the page to fit would make the cards too small
    canvas.setViewerPreference("PrintScaling", "None")
    canvas.setViewerPreference("Duplex", DUPLEX_HINTS[duplex])
    return canvas


def _boxes(canvas: Canvas, slots: tuple[Slot, ...]) -> None:
    trim, bleed = bbox_trim(slots), bbox_bleed(slots)
    canvas.setTrimBox((trim.x * mm, trim.y * mm, trim.right * mm, trim.top * mm))
    canvas.setBleedBox((bleed.x * mm, bleed.y * mm, bleed.right * mm, bleed.top * mm))


def _lines(canvas: Canvas, lines: tuple[Line, ...], dashed: bool = False) -> None:
    canvas.saveState()
    canvas.setStrokeColor(black)
    canvas.setLineWidth(MARK_WIDTH)
    if dashed:
        canvas.setDash(1.2, 1.2)
    for line in lines:
        canvas.line(line.x1 * mm, line.y1 * mm, line.x2 * mm, line.y2 * mm)
    canvas.restoreState()


def deck_pdf(deck: DeckData, *, cards: Sequence[CardData] | None = None, options: DeckOptions | None = None) -> bytes:
    """The deck's cards (all of them in deck order, or `cards` in their order: a plan's cards)
    laid out on sheets: a front page then its back page, or both faces side by side in fold mode.

    Raises PrintError (naming the card and the box, or the character) when a card cannot be
    printed whole."""
    options = options or DeckOptions()
    chosen = list(deck.cards if cards is None else cards)
    layout = sheet_layout(
        card_size=options.card_size,
        paper=options.paper,
        bleed=options.bleed,
        duplex=options.duplex,
        offset=(options.offset_x, options.offset_y),
    )
    card_w, card_h = CARD_SIZES[options.card_size]
    geometry = CardGeometry(card_w * mm, card_h * mm, (BLEED_MM if options.bleed else 0.0) * mm)
    fonts_register()
    prepared = cards_prepare(deck, chosen, geometry=geometry, grayscale=options.grayscale)
    buffer = io.BytesIO()
    canvas = _canvas(buffer, options.paper, deck.title, options.duplex)
    canvas.setSubject(f"{len(chosen)} cards, {options.card_size}, {options.paper}, duplex {options.duplex}")
    for start in range(0, len(prepared), layout.per_sheet):
        _sheet(canvas, layout, prepared[start : start + layout.per_sheet], geometry, deck.language, options)
    canvas.save()
    return buffer.getvalue()


def _sheet(
    canvas: Canvas, layout: SheetLayout, chunk: list[CardFaces], g: CardGeometry, language: str, options: DeckOptions
) -> None:
    fronts, backs = layout.fronts[: len(chunk)], layout.backs[: len(chunk)]
    style = {"language": language, "grayscale": options.grayscale}
    if layout.duplex == "fold":
        _boxes(canvas, fronts + backs)
        _lines(canvas, layout.front_marks)
        _lines(canvas, layout.fold_lines, dashed=True)
        for faces, front, back in zip(chunk, fronts, backs, strict=True):
            front_draw(canvas, faces, front, g, **style)
            back_draw(canvas, faces, back, g, **style)
        canvas.showPage()
        return
    _boxes(canvas, fronts)
    _lines(canvas, layout.front_marks)
    for faces, front in zip(chunk, fronts, strict=True):
        front_draw(canvas, faces, front, g, **style)
    canvas.showPage()
    _boxes(canvas, backs)
    _lines(canvas, layout.back_marks)
    for faces, back in zip(chunk, backs, strict=True):
        back_draw(canvas, faces, back, g, **style)
    canvas.showPage()


# --- calibration ---

CROSS_POINTS = ((0.5, 0.5), (0.22, 0.2), (0.78, 0.2), (0.22, 0.8), (0.78, 0.8))  # fractions of the page
RULER_HALF_MM = 5
CROSS_ARM_MM = 12  # long enough to cross the rulers even 8 mm off


def calibration_pdf(
    *, paper: str = "a4", duplex: str = "long", offset: tuple[float, float] = (0.0, 0.0), language: str = "fr"
) -> bytes:
    """Two pages to print double-sided: crosses on the front, rulers behind them on the back
    (shifted by the current offset), to read how far the backs land from their fronts."""
    if duplex not in ("long", "short"):
        raise OptionError("the calibration page is for double-sided printing: duplex long or short")
    DeckOptions(paper=paper, duplex=duplex, offset_x=offset[0], offset_y=offset[1])  # same checks as a deck
    words = strings_for(language)
    page_w, page_h = PAPERS[paper]
    buffer = io.BytesIO()
    canvas = _canvas(buffer, paper, words["calibration"], duplex)
    # front: title, instructions, crosses
    _calibration_text(canvas, words, page_w, page_h, words["calibration_front"], offset, with_howto=True)
    canvas.setLineWidth(1.2)
    for fx, fy in CROSS_POINTS:
        x, y = page_w * fx, page_h * fy
        canvas.line((x - CROSS_ARM_MM) * mm, y * mm, (x + CROSS_ARM_MM) * mm, y * mm)
        canvas.line(x * mm, (y - CROSS_ARM_MM) * mm, x * mm, (y + CROSS_ARM_MM) * mm)
    canvas.showPage()
    # back: a ruler along x and along y behind each cross
    _calibration_text(canvas, words, page_w, page_h, words["calibration_back"], offset, with_howto=False)
    for fx, fy in CROSS_POINTS:
        spot = mirrored_trim(Rect(page_w * fx, page_h * fy, 0, 0), (page_w, page_h), duplex)
        _rulers(canvas, spot.x + offset[0], spot.y + offset[1])
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _calibration_text(
    canvas: Canvas,
    words: dict[str, str],
    page_w: float,
    page_h: float,
    side: str,
    offset: tuple[float, float],
    *,
    with_howto: bool,
) -> None:
    width = (page_w - 40) * mm
    canvas.setFont(BOLD, 16)
    canvas.drawString(20 * mm, (page_h - 20) * mm, words["calibration"])
    parts = [Part(side, 1.0, True)]
    if with_howto:
        parts.append(Part(words["calibration_howto"]))
    parts.append(Part(f"{words['calibration_current']} : x = {offset[0]:+g} mm, y = {offset[1]:+g} mm"))
    text = fit_parts(parts, width=width, height=45 * mm, max_size=10, where="calibration page", alignment=0)
    text.draw(canvas, 20 * mm, (page_h - 26) * mm)


def _rulers(canvas: Canvas, x: float, y: float) -> None:
    """Two rulers crossed by the front's cross when seen through the sheet: along x, 4 mm below
    (x, y), read by the cross's vertical arm; along y, 4 mm left, read by its horizontal arm.
    Ticks every 0.5 mm from -5 to +5, labelled every 2 mm."""
    canvas.saveState()
    canvas.setLineWidth(0.25)
    canvas.setFont(REGULAR, 5.5)
    rx, ry = x - 4, y - 4
    canvas.line((x - RULER_HALF_MM) * mm, ry * mm, (x + RULER_HALF_MM) * mm, ry * mm)
    canvas.line(rx * mm, (y - RULER_HALF_MM) * mm, rx * mm, (y + RULER_HALF_MM) * mm)
    for half in range(-2 * RULER_HALF_MM, 2 * RULER_HALF_MM + 1):
        d = half / 2
        length = 3.0 if half % 2 == 0 else 1.5
        canvas.line((x + d) * mm, ry * mm, (x + d) * mm, (ry - length) * mm)
        canvas.line(rx * mm, (y + d) * mm, (rx - length) * mm, (y + d) * mm)
        if half % 4 == 0:
            label = f"{d:+g}" if d else "0"
            canvas.drawCentredString((x + d) * mm, (ry - 5.5) * mm, label)
            canvas.drawRightString((rx - 3.6) * mm, (y + d - 0.7) * mm, label)
    canvas.setFont(BOLD, 6)
    canvas.drawString((x + RULER_HALF_MM + 1) * mm, (ry - 1) * mm, "x")
    canvas.drawCentredString(rx * mm, (y + RULER_HALF_MM + 1) * mm, "y")
    canvas.restoreState()
