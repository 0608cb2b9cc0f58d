"""One card's faces: what they say (prepared and fitted first, so errors come before any
drawing) and how they are drawn, in the card's own coordinates (points, origin at the
bottom-left corner of the trim, the bleed around it)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from PIL import Image
from reportlab.lib.colors import Color, HexColor, black, white
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from cards.deckfile import CardData, DeckData
from cards.units import format_number, format_quantity
from printables.errors import PrintError, TextDoesNotFit
from printables.fit import Fitted, Part, fit_parts
from printables.fonts import BOLD, REGULAR, glyphs_check
from printables.layout import Rect, Slot
from printables.qr import qr_draw, qr_matrix, qr_min_size
from printables.strings import strings_for

# Okabe-Ito hues, darkened for white text; the shape and the word carry the kind in grayscale
KIND_COLOURS = {
    "fact": HexColor("#0061A0"),
    "misconception": HexColor("#B34700"),
    "solution": HexColor("#00785A"),
    "history": HexColor("#7A3A8C"),
}
GREY = HexColor("#555555")
PAD = 3.5 * mm  # safe zone inside the trim
FOOTER_SIZE = 7.0
IMAGE_DPI = 300


@dataclass
class CardFaces:
    card: CardData
    number: str  # "12/36"
    footer_right: str
    front: Fitted
    front_box: Rect
    image: ImageReader | None
    image_box: Rect | None
    answer: Fitted
    answer_box: Rect
    explanation: Fitted
    explanation_box: Rect
    sources: Fitted
    sources_box: Rect
    qr: tuple[tuple[bool, ...], ...] | None
    qr_box: Rect | None


@dataclass(frozen=True)
class CardGeometry:
    width: float  # points
    height: float
    bleed: float

    @property
    def scale(self) -> float:
        return min(self.width / (63 * mm), self.height / (88 * mm))

    @property
    def band(self) -> float:
        return max(8.5 * mm * self.scale, 6.5 * mm)

    @property
    def body_top(self) -> float:
        return self.height - self.band - 2.5 * mm

    @property
    def body_bottom(self) -> float:
        return PAD + 3.2 * mm + 1.2 * mm


def answer_parts(card: CardData, language: str) -> list[Part]:
    """The answer as printed on the back and in the guide: headline first, then its detail."""
    words = strings_for(language)
    if card.kind == "fact" and card.value is not None and card.unit:
        return [
            Part(format_quantity(card.value, card.value_max, card.unit, language), 1.0, True),
            Part(card.comparison, 0.8),
        ]
    if card.kind == "misconception":
        return [Part(words.get(f"verdict.{card.verdict}", card.verdict), 1.0, True)]
    if card.kind == "history" and card.year is not None:
        year = format_number(card.year, language) if abs(card.year) >= 10_000 else str(card.year)
        return [Part(year, 1.0, True)]
    if card.kind == "solution":
        actors = " · ".join(words.get(f"actor.{a}", a) for a in card.actors)
        return [Part(f"{words['who_acts']} : {actors}" if language == "fr" else f"{words['who_acts']}: {actors}", 0.72)]
    return []


def source_line(card: CardData, language: str) -> str:
    words = strings_for(language)
    if not card.sources:
        return ""
    items = []
    for s in card.sources:
        text = s.author.strip()
        if s.title.strip():
            text += f", {s.title.strip()}"
        if s.year is not None:
            text += f" ({s.year})"
        items.append(text)
    label = words["sources"] if len(items) > 1 else words["source"]
    colon = " : " if language == "fr" else ": "
    return f"{label}{colon}{' ; '.join(items) if language == 'fr' else '; '.join(items)}"


def first_url(card: CardData) -> str:
    return next((s.url for s in card.sources if s.url), "")


def _image(data: bytes, box: Rect, grayscale: bool, where: str) -> ImageReader:
    """The stored PNG decoded and resized once, to the box's size at 300 dpi."""
    try:
        image = Image.open(io.BytesIO(data))
        image.load()
    except OSError as exc:
        raise PrintError(f"{where}: the image cannot be read ({exc})") from exc
    image = image.convert("LA" if grayscale else "RGBA") if "A" in image.getbands() else image
    image = image.convert("L" if grayscale else "RGB") if image.mode not in ("RGBA", "LA") else image
    if image.mode in ("RGBA", "LA"):  # flatten on white: cards are white
        background = Image.new("RGB", image.size, (255, 255, 255))
        background.paste(image.convert("RGBA"), mask=image.convert("RGBA").getchannel("A"))
        image = background.convert("L") if grayscale else background
    target = (round(box.w / 72 * IMAGE_DPI), round(box.h / 72 * IMAGE_DPI))
    image.thumbnail(target, Image.Resampling.LANCZOS)
    return ImageReader(image)


def footer_right(deck: DeckData, width: float) -> str:
    version = deck.version.strip()
    version = f"v{version}" if version[:1].isdigit() else version
    glyphs_check(deck.title, where="deck title")
    glyphs_check(version, where="deck version")
    with_title = f"{deck.title.strip()} · {version}"
    # the title only when it fits whole at the footer size beside the number: never cut text
    if stringWidth(with_title, REGULAR, FOOTER_SIZE) <= width * 0.72:
        return with_title
    return version


def _sources_fit(
    card: CardData, language: str, g: CardGeometry, qr_size: float, where: str
) -> tuple[Fitted, Rect, float]:
    """The source line beside the QR code, or above it when too long for that narrow column.
    Returns the fitted text, its box and the height of the whole bottom zone."""
    inner_w, body_h = g.width - 2 * PAD, g.body_top - g.body_bottom
    line = source_line(card, language)
    max_size = max(7.5 * g.scale, 7.0)
    box_where = f"{where}, box sources"
    beside_w = inner_w - (qr_size + 1.5 * mm if qr_size else 0)
    try:
        fitted = fit_parts(
            [Part(line)],
            width=beside_w,
            height=max(qr_size, 0.3 * body_h),
            max_size=max_size,
            where=box_where,
            alignment=TA_LEFT,
        )
        zone = max(qr_size, fitted.height)
        return fitted, Rect(PAD, g.body_bottom, beside_w, zone), zone
    except TextDoesNotFit:
        if not qr_size:
            raise
    fitted = fit_parts(
        [Part(line)], width=inner_w, height=0.35 * body_h, max_size=max_size, where=box_where, alignment=TA_LEFT
    )
    above = g.body_bottom + qr_size + 1 * mm
    return fitted, Rect(PAD, above, inner_w, fitted.height), qr_size + 1 * mm + fitted.height


def card_prepare(
    card: CardData, *, deck: DeckData, number: int, total: int, geometry: CardGeometry, grayscale: bool
) -> CardFaces:
    g = geometry
    s = g.scale
    lang = deck.language
    inner_w = g.width - 2 * PAD
    where = f"card {card.key}"
    # front: the image (if any) above the text
    body_h = g.body_top - g.body_bottom
    image = image_box = None
    text_top = g.body_top
    if card.image is not None:
        image_box = Rect(PAD, g.body_top - body_h * 0.42, inner_w, body_h * 0.42)
        image = _image(card.image.data, image_box, grayscale, f"{where}, box image")
        text_top = image_box.y - 2 * mm
    front_box = Rect(PAD, g.body_bottom, inner_w, text_top - g.body_bottom)
    front = fit_parts(
        [Part(card.front)], width=front_box.w, height=front_box.h, max_size=15 * s, where=f"{where}, box front"
    )
    # back, from the bottom up: sources beside the QR code, then the answer, then the explanation
    url = first_url(card)
    qr = qr_box = None
    qr_size = 0.0
    if url:
        glyphs_check(url, where=f"{where}, box qr")
        qr = qr_matrix(url)
        qr_size = max(16 * mm * s, qr_min_size(qr))
        if qr_size > inner_w * 0.5:
            raise TextDoesNotFit(
                f"{where}, box qr",
                f"the source URL is too long for a QR code with modules of at least 0.4 mm on a card this size "
                f"({len(url)} characters); shorten it",
            )
    sources, sources_box, bottom_zone = _sources_fit(card, lang, geometry, qr_size, where)
    if qr:
        qr_box = Rect(g.width - PAD - qr_size, g.body_bottom, qr_size, qr_size)
    remaining = body_h - bottom_zone - (2 * mm if bottom_zone else 0)
    # the answer takes up to a share of the space left; a long explanation may ask it to take less
    failure: TextDoesNotFit | None = None
    for share in (0.4, 0.3, 0.22, 0.55):
        try:
            answer = fit_parts(
                answer_parts(card, lang),
                width=inner_w,
                height=remaining * share,
                max_size=14 * s,
                where=f"{where}, box answer",
            )
            gap = 2 * mm if answer.height else 0
            explanation_box = Rect(
                PAD,
                g.body_bottom + bottom_zone + (2 * mm if bottom_zone else 0),
                inner_w,
                remaining - answer.height - gap,
            )
            explanation = fit_parts(
                [Part(card.back)],
                width=inner_w,
                height=explanation_box.h,
                max_size=10.5 * s,
                where=f"{where}, box back",
                alignment=TA_LEFT,
            )
            break
        except TextDoesNotFit as exc:
            failure = exc
    else:
        assert failure is not None
        raise failure
    answer_box = Rect(PAD, g.body_top - answer.height, inner_w, answer.height)
    glyphs_check(card.key, where=f"{where}, box key")
    return CardFaces(
        card=card,
        number=f"{number}/{total}",
        footer_right=footer_right(deck, inner_w),
        front=front,
        front_box=front_box,
        image=image,
        image_box=image_box,
        answer=answer,
        answer_box=answer_box,
        explanation=explanation,
        explanation_box=explanation_box,
        sources=sources,
        sources_box=sources_box,
        qr=qr,
        qr_box=qr_box,
    )


def cards_prepare(
    deck: DeckData, cards: Sequence[CardData], *, geometry: CardGeometry, grayscale: bool
) -> list[CardFaces]:
    """Every card fitted, or one PrintError listing every card that cannot be printed."""
    prepared: list[CardFaces] = []
    problems: list[PrintError] = []
    for number, card in enumerate(cards, start=1):
        try:
            prepared.append(
                card_prepare(card, deck=deck, number=number, total=len(cards), geometry=geometry, grayscale=grayscale)
            )
        except PrintError as exc:
            problems.append(exc)
    if len(problems) == 1:
        raise problems[0]
    if problems:
        raise PrintError("\n".join(str(p) for p in problems))
    return prepared


# --- drawing ---


def _icon(canvas: Canvas, kind: str, cx: float, cy: float, r: float) -> None:
    if kind == "fact":
        canvas.circle(cx, cy, r, stroke=0, fill=1)
        return
    path = canvas.beginPath()
    if kind == "misconception":
        points = [(cx - r * 1.1, cy - r * 0.85), (cx + r * 1.1, cy - r * 0.85), (cx, cy + r * 1.05)]
    elif kind == "solution":
        points = [
            (cx - r * 0.9, cy - r * 0.9),
            (cx + r * 0.9, cy - r * 0.9),
            (cx + r * 0.9, cy + r * 0.9),
            (cx - r * 0.9, cy + r * 0.9),
        ]
    else:  # history: a diamond
        points = [(cx, cy - r * 1.15), (cx + r * 1.15, cy), (cx, cy + r * 1.15), (cx - r * 1.15, cy)]
    path.moveTo(*points[0])
    for point in points[1:]:
        path.lineTo(*point)
    path.close()
    canvas.drawPath(path, stroke=0, fill=1)


def _enter(canvas: Canvas, slot: Slot, g: CardGeometry) -> None:
    """Clip to the face's bleed and move into the card's own upright coordinates."""
    canvas.saveState()
    clip = canvas.beginPath()
    clip.rect(slot.bleed.x * mm, slot.bleed.y * mm, slot.bleed.w * mm, slot.bleed.h * mm)
    canvas.clipPath(clip, stroke=0, fill=0)
    cx, cy = (slot.trim.x + slot.trim.w / 2) * mm, (slot.trim.y + slot.trim.h / 2) * mm
    canvas.translate(cx, cy)
    canvas.rotate(slot.rotation)
    canvas.translate(-g.width / 2, -g.height / 2)


def _band(canvas: Canvas, faces: CardFaces, g: CardGeometry, label: str, grayscale: bool) -> None:
    kind = faces.card.kind
    colour: Color = KIND_COLOURS.get(kind, GREY)
    y = g.height - g.band
    if grayscale:
        canvas.setStrokeColor(black)
        canvas.setLineWidth(0.8)
        canvas.line(PAD, y, g.width - PAD, y)
        canvas.setFillColor(black)
    else:
        canvas.setFillColor(colour)
        canvas.rect(-g.bleed, y, g.width + 2 * g.bleed, g.band + g.bleed, stroke=0, fill=1)
        canvas.setFillColor(white)
    size = max(9.5 * g.scale, 7.5)
    mid = y + (g.band - 1.0 * mm * g.scale) / 2 + 0.5 * mm
    radius = size * 0.42
    _icon(canvas, kind, PAD + radius * 1.2, mid, radius)
    canvas.setFont(BOLD, size)
    canvas.drawString(PAD + radius * 2.4 + 1.5 * mm, mid - size * 0.36, label)


def _footer(canvas: Canvas, faces: CardFaces, g: CardGeometry) -> None:
    canvas.setFillColor(GREY)
    canvas.setFont(REGULAR, FOOTER_SIZE)
    canvas.drawString(PAD, PAD, faces.number)
    canvas.drawRightString(g.width - PAD, PAD, faces.footer_right)


def front_draw(
    canvas: Canvas, faces: CardFaces, slot: Slot, g: CardGeometry, *, language: str, grayscale: bool
) -> None:
    words = strings_for(language)
    _enter(canvas, slot, g)
    _band(canvas, faces, g, words.get(f"kind.{faces.card.kind}", faces.card.kind), grayscale)
    if faces.image is not None and faces.image_box is not None:
        box = faces.image_box
        canvas.drawImage(faces.image, box.x, box.y, box.w, box.h, preserveAspectRatio=True, anchor="c")
    canvas.setFillColor(black)
    box = faces.front_box
    faces.front.draw(canvas, box.x, box.top, valign_height=box.h)
    _footer(canvas, faces, g)
    canvas.restoreState()


def back_draw(canvas: Canvas, faces: CardFaces, slot: Slot, g: CardGeometry, *, language: str, grayscale: bool) -> None:
    words = strings_for(language)
    _enter(canvas, slot, g)
    kind_word = words.get(f"kind.{faces.card.kind}", faces.card.kind)
    _band(canvas, faces, g, f"{words['answer']} · {kind_word}", grayscale)
    canvas.setFillColor(black)
    faces.answer.draw(canvas, faces.answer_box.x, faces.answer_box.top)
    faces.explanation.draw(canvas, faces.explanation_box.x, faces.explanation_box.top)
    canvas.setFillColor(GREY)
    faces.sources.draw(canvas, faces.sources_box.x, faces.sources_box.y + faces.sources.height)
    if faces.qr is not None and faces.qr_box is not None:
        qr_draw(canvas, faces.qr, faces.qr_box.x, faces.qr_box.y, faces.qr_box.w)
    _footer(canvas, faces, g)
    canvas.restoreState()
