"""The deck as printable sheets, and the duplex calibration page: plain data in, PDF bytes out."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.colors import black
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Frame, Paragraph

from cards.deckfile import CardData, DeckData
from printables.cards import CardFaces, CardGeometry, back_draw, cards_prepare, front_draw
from printables.errors import OptionError, PrintError
from printables.fit import Fitted, Part, fit_parts, hyphenated
from printables.fonts import BOLD, REGULAR, fonts_register, glyphs_check
from printables.layout import (
    BLEED_MM,
    CARD_SIZES,
    MARK_EDGE_MM,
    MARK_GAP_MM,
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
LABEL_SIZE = 6.0  # the sheet's label in its bottom margin
AUTHOR = "Atelier IA"
PAPER_NAMES = {"a4": "A4", "letter": "Letter"}


def pdf_canvas(buffer: io.BytesIO, page: tuple[float, float], *, title: str, subject: str, language: str) -> Canvas:
    """A canvas whose only font is the embedded one (ReportLab starts every page in Helvetica,
    which a print shop's preflight flags as not embedded) and whose metadata says what it is."""
    fonts_register()
    canvas = Canvas(
        buffer,
        pagesize=page,
        invariant=True,
        pageCompression=True,
        initialFontName=REGULAR,  # type: ignore[arg-type]  # a font name (its stubs say a size)
        lang=language,
    )
    canvas.setTitle(title)
    canvas.setAuthor(AUTHOR)
    canvas.setSubject(subject)
    canvas.setCreator(AUTHOR)
    return canvas


def _canvas(buffer: io.BytesIO, paper: str, title: str, duplex: str, *, subject: str, language: str) -> Canvas:
    page_w, page_h = PAPERS[paper]
    canvas = pdf_canvas(buffer, (page_w * mm, page_h * mm), title=title, subject=subject, language=language)
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


@dataclass
class PreparedDeck:
    """A deck fitted for one card size, ready to be laid out on any paper and duplex."""

    deck: DeckData
    geometry: CardGeometry
    faces: list[CardFaces]


def card_geometry(card_size: str, bleed: bool) -> CardGeometry:
    card_w, card_h = CARD_SIZES[card_size]
    return CardGeometry(card_w * mm, card_h * mm, (BLEED_MM if bleed else 0.0) * mm, size_name=card_size)


def deck_prepare(
    deck: DeckData, *, cards: Sequence[CardData] | None = None, options: DeckOptions | None = None
) -> PreparedDeck:
    """Every card fitted to the chosen size, or a PrintError naming each card that cannot be."""
    options = options or DeckOptions()
    chosen = list(deck.cards if cards is None else cards)
    geometry = card_geometry(options.card_size, options.bleed)
    fonts_register()
    glyphs_check(deck.title, where="deck title")
    return PreparedDeck(deck, geometry, cards_prepare(deck, chosen, geometry=geometry, grayscale=options.grayscale))


def deck_pdf(deck: DeckData, *, cards: Sequence[CardData] | None = None, options: DeckOptions | None = None) -> bytes:
    """The deck's cards (all of them in deck order, or `cards` in their order: a plan's cards)
    laid out on sheets: a first sheet saying how to print, then a front page and its back page
    (or both faces side by side in fold mode, or only the fronts or only the backs).

    Raises PrintError (naming the card and the box, or the character) when a card cannot be
    printed whole."""
    options = options or DeckOptions()
    return deck_render(deck_prepare(deck, cards=cards, options=options), options)


def deck_render(prepared: PreparedDeck, options: DeckOptions) -> bytes:
    deck, geometry = prepared.deck, prepared.geometry
    layout = sheet_layout(
        card_size=options.card_size,
        paper=options.paper,
        bleed=options.bleed,
        duplex=options.duplex,
        offset=(options.offset_x, options.offset_y),
    )
    words = strings_for(deck.language)
    count = len(prepared.faces)
    sheets = -(-count // layout.per_sheet)
    buffer = io.BytesIO()
    faces_word = {"both": "", "fronts": f", {words['fronts_only']}", "backs": f", {words['backs_only']}"}
    canvas = _canvas(
        buffer,
        options.paper,
        f"{deck.title} — {words['deck_pdf_title'].format(n=count, size=options.card_size)}",
        options.duplex if options.faces == "both" else "fold",
        subject=(
            f"{count} {words['cards_count']}, {options.card_size} {CARD_SIZES[options.card_size][0]:g}×"
            f"{CARD_SIZES[options.card_size][1]:g} mm, {PAPER_NAMES[options.paper]}, "
            f"{words['duplex.' + options.duplex]}{faces_word[options.faces]}"
        ),
        language=deck.language,
    )
    if options.howto and options.faces == "both":
        howto_page(canvas, deck=deck, layout=layout, options=options, count=count, sheets=sheets)
    for sheet, start in enumerate(range(0, count, layout.per_sheet), start=1):
        chunk = prepared.faces[start : start + layout.per_sheet]
        _sheet(canvas, layout, chunk, geometry, deck.language, options, (sheet, sheets))
    canvas.save()
    return buffer.getvalue()


def _label(canvas: Canvas, layout: SheetLayout, marks: tuple[Line, ...], slots: tuple[Slot, ...], text: str) -> None:
    """The sheet's label ('recto 2/8') in the bottom margin, between the crop marks, never on a card."""
    page_w, _ = layout.paper
    bottom = bbox_bleed(slots).y
    verticals = {m.x1 for m in marks if m.x1 == m.x2 and max(m.y1, m.y2) <= bottom}
    xs = sorted(verticals | {MARK_EDGE_MM, page_w - MARK_EDGE_MM})
    gaps = sorted(((b - a, a, b) for a, b in zip(xs, xs[1:], strict=False)), reverse=True)
    width, lo, hi = gaps[0]
    canvas.saveState()
    canvas.setFillColor(black)
    size = LABEL_SIZE
    while stringWidth(text, REGULAR, size) > width - 2 and size > 4:
        size -= 0.5
    canvas.setFont(REGULAR, size)
    baseline = MARK_EDGE_MM + 0.3
    if bottom - MARK_GAP_MM - baseline >= size * 0.75 / mm:  # room under the cards' bleed
        canvas.drawCentredString((lo + hi) / 2 * mm, baseline * mm, text)
    canvas.restoreState()


def _sheet(
    canvas: Canvas,
    layout: SheetLayout,
    chunk: list[CardFaces],
    g: CardGeometry,
    language: str,
    options: DeckOptions,
    number: tuple[int, int],
) -> None:
    words = strings_for(language)
    fronts, backs = layout.fronts[: len(chunk)], layout.backs[: len(chunk)]
    style: dict[str, Any] = {"language": language, "grayscale": options.grayscale}
    n, total = number

    def label(side: str) -> str:
        return words["sheet_label"].format(side=words[side], n=n, total=total)

    if layout.duplex == "fold":
        _boxes(canvas, fronts + backs)
        _lines(canvas, layout.front_marks)
        _lines(canvas, layout.fold_lines, dashed=True)
        for faces, front, back in zip(chunk, fronts, backs, strict=True):
            front_draw(canvas, faces, front, g, **style)
            back_draw(canvas, faces, back, g, **style)
        _label(canvas, layout, layout.front_marks + layout.fold_lines, layout.fronts + layout.backs, label("sheet"))
        canvas.showPage()
        return
    if options.faces in ("both", "fronts"):
        _boxes(canvas, fronts)
        _lines(canvas, layout.front_marks)
        for faces, front in zip(chunk, fronts, strict=True):
            front_draw(canvas, faces, front, g, **style)
        _label(canvas, layout, layout.front_marks, layout.fronts, label("fronts"))
        canvas.showPage()
    if options.faces in ("both", "backs"):
        _boxes(canvas, backs)
        _lines(canvas, layout.back_marks)
        for faces, back in zip(chunk, backs, strict=True):
            back_draw(canvas, faces, back, g, **style)
        _label(canvas, layout, layout.back_marks, layout.backs, label("backs"))
        canvas.showPage()


# --- the first sheet: how to print and cut ---


def howto_page(
    canvas: Canvas, *, deck: DeckData, layout: SheetLayout, options: DeckOptions, count: int, sheets: int
) -> None:
    """What a facilitator or a print shop needs before printing: scale, sides, paper, sheets,
    then how to cut. Its back is left blank so that the deck's sheets keep their two sides."""
    words = strings_for(deck.language)
    page_w, page_h = layout.paper
    card_w, card_h = CARD_SIZES[options.card_size]
    rows = len({round(s.trim.y, 3) for s in layout.fronts})
    cols = len({round(s.trim.x, 3) for s in layout.fronts})
    pages = sheets * (1 if options.duplex == "fold" else 2)
    values: dict[str, object] = {
        "title": escape(deck.title),
        "n": count,
        "size": options.card_size,
        "w": f"{card_w:g}",
        "h": f"{card_h:g}",
        "paper": PAPER_NAMES[options.paper],
        "per_sheet": layout.per_sheet,
        "sheets": sheets,
        "total_sheets": sheets + 1,
        "pages": pages,
        "rows": rows,
        "cols": cols,
        "cuts_h": 2 * rows,
        "cuts_v": 2 * cols,
    }
    styles = _howto_styles(deck.language)
    story: list[Flowable] = [
        Paragraph(escape(words["howto.title"]), styles["h1"]),
        Paragraph(words["howto.summary"].format(**values), styles["lead"]),
    ]
    steps = [
        words["howto.scale"],
        words[f"howto.sides.{options.duplex}"],
        words["howto.sheets" if options.duplex != "fold" else "howto.sheets_fold"].format(**values),
        words["howto.paper"].format(**values),
        words["howto.calibrate"] if options.duplex != "fold" else words["howto.fold_glue"],
        words["howto.no_duplex"] if options.duplex != "fold" else "",
        words["howto.cut"].format(**values),
        words["howto.cut_order"].format(**values),
        words["howto.labels"],
    ]
    for number, step in enumerate([s for s in steps if s], start=1):
        story.append(Paragraph(f"<b>{number}.</b> {step}", styles["step"]))  # our own markup: <b>
    if options.grayscale:
        story.append(Paragraph(escape(words["howto.grayscale"]), styles["step"]))
    frame_h = page_h - 2 * 20 - 30
    frame = Frame(20 * mm, (20 + 30) * mm, (page_w - 40) * mm, frame_h * mm, showBoundary=0)
    canvas.saveState()
    frame.addFromList(story, canvas)
    if story:  # never silently drop an instruction: the sheet must say all of it
        raise PrintError("the how-to sheet does not fit its page")
    _scale_bar(canvas, 20, 28, words["howto.bar"])
    canvas.restoreState()
    canvas.showPage()
    if options.duplex != "fold":
        canvas.showPage()  # the blank back of the how-to sheet


def _howto_styles(language: str) -> dict[str, ParagraphStyle]:
    base = hyphenated(ParagraphStyle("howto", fontName=REGULAR, fontSize=10.5, leading=14, spaceAfter=5), language)
    return {
        "h1": ParagraphStyle("h1", parent=base, fontName=BOLD, fontSize=18, leading=22, spaceAfter=8),
        "lead": ParagraphStyle("lead", parent=base, fontSize=11.5, leading=15, spaceAfter=10),
        "step": ParagraphStyle("step", parent=base, leftIndent=14, firstLineIndent=-14),
    }


def _scale_bar(canvas: Canvas, x: float, y: float, caption: str) -> None:
    """A 50 mm bar with millimetre ticks: measured on paper, it shows the print was at 100 %."""
    canvas.setLineWidth(0.6)
    canvas.line(x * mm, y * mm, (x + 50) * mm, y * mm)
    for tick in range(0, 51):
        length = 3.0 if tick % 10 == 0 else (2.0 if tick % 5 == 0 else 1.0)
        canvas.setLineWidth(0.4 if tick % 10 else 0.6)
        canvas.line((x + tick) * mm, y * mm, (x + tick) * mm, (y - length) * mm)
    canvas.setFont(REGULAR, 7)
    for tick in (0, 10, 20, 30, 40, 50):
        canvas.drawCentredString((x + tick) * mm, (y - 6) * mm, str(tick))
    canvas.setFont(REGULAR, 9)
    canvas.drawString((x + 56) * mm, (y - 2.5) * mm, caption)


# --- calibration ---

RULER_HALF_MM = 5
CROSS_ARM_MM = 12  # long enough to cross the rulers even 8 mm off
RULER_REACH_MM = 9  # how far a ruler's ticks, labels and axis letter reach from its cross's centre
LABEL_PT = 5.5
TEXT_TOP_MM = 26  # the instructions start under the title
CLEARANCE_MM = 4


@dataclass
class CalibrationLayout:
    """Where everything of the calibration sheet goes (millimetres), worked out before drawing so
    that the crosses and rulers keep clear of the text whatever the paper and the flip."""

    front_text: Fitted
    back_text: Fitted
    front_text_bottom: float
    back_text_bottom: float
    crosses: list[tuple[float, float]]
    rulers: list[tuple[float, float]]  # on the back, behind each cross (offset included)
    front_marks: list[Rect]
    back_marks: list[Rect]
    ruler_labels: list[Rect]


def calibration_layout(
    *, paper: str = "a4", duplex: str = "long", offset: tuple[float, float] = (0.0, 0.0), language: str = "fr"
) -> CalibrationLayout:
    words = strings_for(language)
    page_w, page_h = PAPERS[paper]
    front_text = _calibration_text_fit(words, page_w, words["calibration_front"], offset, True, language)
    back_text = _calibration_text_fit(words, page_w, words["calibration_back"], offset, False, language)
    front_bottom = page_h - TEXT_TOP_MM - front_text.height / mm
    back_bottom = page_h - TEXT_TOP_MM - back_text.height / mm
    reach = RULER_REACH_MM + max(abs(offset[0]), abs(offset[1]))
    high = front_bottom - CLEARANCE_MM - CROSS_ARM_MM
    low: float = 20 + CROSS_ARM_MM
    if duplex == "short":  # a low cross has its ruler high on the back: under the back's text
        low = max(low, page_h - (back_bottom - CLEARANCE_MM - reach))
    else:
        high = min(high, back_bottom - CLEARANCE_MM - reach)
    middle = (low + high) / 2
    crosses = [
        (page_w * 0.5, middle),
        (page_w * 0.22, low),
        (page_w * 0.78, low),
        (page_w * 0.22, high),
        (page_w * 0.78, high),
    ]
    rulers = []
    for x, y in crosses:
        spot = mirrored_trim(Rect(x, y, 0, 0), (page_w, page_h), duplex)
        rulers.append((spot.x + offset[0], spot.y + offset[1]))
    arm = CROSS_ARM_MM
    front_marks = [Rect(x - arm, y - arm, 2 * arm, 2 * arm) for x, y in crosses]
    back_marks = [Rect(x - reach, y - reach, 2 * reach, 2 * reach) for x, y in rulers]
    labels = [label for x, y in rulers for label in _ruler_labels(x, y)]
    return CalibrationLayout(
        front_text,
        back_text,
        front_bottom,
        back_bottom,
        crosses,
        rulers,
        front_marks,
        back_marks,
        [box for _, _, box in labels],
    )


def calibration_pdf(
    *, paper: str = "a4", duplex: str = "long", offset: tuple[float, float] = (0.0, 0.0), language: str = "fr"
) -> bytes:
    """Two pages to print double-sided: crosses on the front, rulers behind them on the back
    (shifted by the current offset), to read how far the backs land from their fronts."""
    if duplex not in ("long", "short"):
        raise OptionError("the calibration page is for double-sided printing: duplex long or short")
    DeckOptions(paper=paper, duplex=duplex, offset_x=offset[0], offset_y=offset[1])  # same checks as a deck
    language = language if language in ("fr", "en") else "fr"
    words = strings_for(language)
    page_w, page_h = PAPERS[paper]
    layout = calibration_layout(paper=paper, duplex=duplex, offset=offset, language=language)
    buffer = io.BytesIO()
    canvas = _canvas(
        buffer,
        paper,
        words["calibration"],
        duplex,
        subject=f"{PAPER_NAMES[paper]}, {words['duplex.' + duplex]}",
        language=language,
    )
    # front: title, instructions, crosses
    _calibration_title(canvas, words, page_h)
    layout.front_text.draw(canvas, 20 * mm, (page_h - TEXT_TOP_MM) * mm)
    canvas.setLineWidth(1.2)
    for x, y in layout.crosses:
        canvas.line((x - CROSS_ARM_MM) * mm, y * mm, (x + CROSS_ARM_MM) * mm, y * mm)
        canvas.line(x * mm, (y - CROSS_ARM_MM) * mm, x * mm, (y + CROSS_ARM_MM) * mm)
    canvas.showPage()
    # back: a ruler along x and along y behind each cross
    _calibration_title(canvas, words, page_h)
    layout.back_text.draw(canvas, 20 * mm, (page_h - TEXT_TOP_MM) * mm)
    for x, y in layout.rulers:
        _rulers(canvas, x, y)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _calibration_title(canvas: Canvas, words: dict[str, str], page_h: float) -> None:
    canvas.setFont(BOLD, 16)
    canvas.drawString(20 * mm, (page_h - 20) * mm, words["calibration"])


def _calibration_text_fit(
    words: dict[str, str], page_w: float, side: str, offset: tuple[float, float], with_howto: bool, language: str
) -> Fitted:
    parts = [Part(side, 1.0, True)]
    if with_howto:
        parts.append(Part(words["calibration_howto"]))
    colon = " : " if language == "fr" else ": "
    parts.append(Part(f"{words['calibration_current']}{colon}x = {offset[0]:+g} mm, y = {offset[1]:+g} mm"))
    return fit_parts(
        parts,
        width=(page_w - 40) * mm,
        height=60 * mm,
        max_size=10,
        where="calibration page",
        alignment=0,
        language=language,
    )


def _ruler_labels(x: float, y: float) -> list[tuple[str, tuple[float, float, str], Rect]]:
    """The rulers' labels: what, where (mm, and how it is anchored) and the box it covers.

    Unsigned numbers every 2 mm, with '−' and '+' at the ends: signed labels at 5.5 pt would touch."""
    fonts_register()
    ry, rx = y - 4, x - 4
    cap = 0.73 * LABEL_PT / mm
    out: list[tuple[str, tuple[float, float, str], Rect]] = []

    def add(text: str, px: float, py: float, anchor: str) -> None:
        w = stringWidth(text, REGULAR, LABEL_PT) / mm
        left = px - w / 2 if anchor == "centre" else px - w
        out.append((text, (px, py, anchor), Rect(left, py, w, cap)))

    for d in (-4, -2, 0, 2, 4):
        add(str(abs(d)), x + d, ry - 5.5, "centre")
        add(str(abs(d)), rx - 3.6, y + d - cap / 2, "right")
    add("−", x - RULER_HALF_MM - 1.6, ry - 5.5, "centre")
    add("+", x + RULER_HALF_MM + 1.6, ry - 5.5, "centre")
    add("−", rx - 3.6, y - RULER_HALF_MM - 1.6 - cap / 2, "right")
    add("+", rx - 3.6, y + RULER_HALF_MM + 1.6 - cap / 2, "right")
    return out


def _rulers(canvas: Canvas, x: float, y: float) -> None:
    """Two rulers crossed by the front's cross when seen through the sheet: along x, 4 mm below
    (x, y), read by the cross's vertical arm; along y, 4 mm left, read by its horizontal arm.
    Ticks every 0.5 mm from -5 to +5, labelled every 2 mm."""
    canvas.saveState()
    canvas.setLineWidth(0.25)
    rx, ry = x - 4, y - 4
    canvas.line((x - RULER_HALF_MM) * mm, ry * mm, (x + RULER_HALF_MM) * mm, ry * mm)
    canvas.line(rx * mm, (y - RULER_HALF_MM) * mm, rx * mm, (y + RULER_HALF_MM) * mm)
    for half in range(-2 * RULER_HALF_MM, 2 * RULER_HALF_MM + 1):
        d = half / 2
        length = 3.0 if half % 2 == 0 else 1.5
        canvas.line((x + d) * mm, ry * mm, (x + d) * mm, (ry - length) * mm)
        canvas.line(rx * mm, (y + d) * mm, (rx - length) * mm, (y + d) * mm)
    canvas.setFont(REGULAR, LABEL_PT)
    for text, (px, py, anchor), _ in _ruler_labels(x, y):
        if anchor == "centre":
            canvas.drawCentredString(px * mm, py * mm, text)
        else:
            canvas.drawRightString(px * mm, py * mm, text)
    canvas.setFont(BOLD, 6)
    canvas.drawString((x + RULER_HALF_MM + 3.2) * mm, (ry - 1) * mm, "x")
    canvas.drawCentredString(rx * mm, (y + RULER_HALF_MM + 1.2) * mm, "y")
    canvas.restoreState()
