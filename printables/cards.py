"""One card's faces: what they say (prepared and fitted first, so errors come before any
drawing) and how they are drawn, in the card's own coordinates (points, origin at the
bottom-left corner of the trim, the bleed around it)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, replace

from PIL import Image
from reportlab.lib.colors import Color, HexColor, black, white
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from cards.deckfile import CardData, DeckData
from cards.provenance import provenance_line
from cards.units import format_number, format_quantity
from printables.errors import ImageTooCoarse, PrintError, TextDoesNotFit
from printables.fit import Fitted, Part, fit_parts
from printables.fonts import BOLD, REGULAR, glyphs_check
from printables.layout import Rect, Slot
from printables.qr import qr_draw, qr_matrix, qr_min_size
from printables.strings import more_sources, sources_label, strings_for

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
MIN_IMAGE_PPI = 200  # below this an image prints visibly blurred or blocky
QR_MAX_SHARE = 0.62  # of the back's width: a 120-character URL still fits a mini card (modules 0.4 mm)
IMAGE_SHARE = 0.42  # of the front's body, above the text


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
    size_name: str = ""  # "poker"... for messages

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


def headline(card: CardData, language: str) -> str:
    """The answer in a few words: the quantity ('plus de 29 Wh'), the verdict, the year, who acts."""
    words = strings_for(language)
    if card.kind == "fact" and card.value is not None and card.unit:
        return format_quantity(card.value, card.value_max, card.unit, language, bound=card.bound)
    if card.kind == "misconception":
        return words.get(f"verdict.{card.verdict}", card.verdict)
    if card.kind == "history" and card.year is not None:
        return format_number(card.year, language) if abs(card.year) >= 10_000 else str(card.year)
    if card.kind == "solution":
        actors = " · ".join(words.get(f"actor.{a}", a) for a in card.actors)
        return f"{words['who_acts']}{_colon(language)}{actors}"
    return ""


def _colon(language: str) -> str:
    return " : " if language == "fr" else ": "


def scope_line(card: CardData, language: str) -> str:
    """'Périmètre : GPU seuls' (empty when the card says nothing of it)."""
    if card.kind != "fact" or not card.scope.strip():
        return ""
    return f"{strings_for(language)['scope']}{_colon(language)}{card.scope.strip()}"


def fact_provenance(card: CardData, language: str) -> str:
    """'Estimé · chiffre débattu · données 2023': how sure the figure is, in words."""
    if card.kind != "fact":
        return ""
    return provenance_line(card.status, card.as_of.strip(), language)


def answer_parts(
    card: CardData,
    language: str,
    *,
    with_scope: bool = True,
    with_comparison: bool = True,
    detail_scale: float = 0.72,
) -> list[Part]:
    """The answer as printed on the back and in the guide: headline first, then its detail
    (the comparison, the scope, how sure the figure is)."""
    text = headline(card, language)
    if not text:
        return []
    if card.kind == "solution":
        return [Part(text, 0.72)]
    parts = [Part(text, 1.0, True)]
    if card.kind == "fact":
        if with_comparison:
            parts.append(Part(card.comparison, 0.8))
        if with_scope:
            parts.append(Part(scope_line(card, language), detail_scale))
        parts.append(Part(fact_provenance(card, language), detail_scale, True))
    return parts


def source_line(card: CardData, language: str, *, short: bool = False, first_only: bool = False) -> str:
    """'Source : IEA, Electricity 2024 (2024)'; short: authors and years only ('Source : IEA (2024)');
    first_only: the first source (the QR code's) and how many others the guide lists."""
    if not card.sources:
        return ""
    if first_only and len(card.sources) > 1:
        first = source_line(replace(card, sources=card.sources[:1]), language, short=True)
        return f"{first} {more_sources(language, len(card.sources) - 1)}"
    items = []
    for s in card.sources:
        text = s.author.strip()
        if s.title.strip() and not short:
            text += f", {s.title.strip()}"
        if s.year is not None:
            text += f" ({s.year})"
        items.append(text)
    label = sources_label(language, len(items))
    return f"{label}{_colon(language)}{' ; '.join(items) if language == 'fr' else '; '.join(items)}"


def first_url(card: CardData) -> str:
    return next((s.url for s in card.sources if s.url), "")


def _image(data: bytes, box: Rect, grayscale: bool, where: str) -> ImageReader:
    """The stored PNG decoded and resized once, to the box's size at 300 dpi."""
    try:
        image: Image.Image = Image.open(io.BytesIO(data))
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
    max_size = max(7.5 * g.scale, 7.0)
    box_where = f"{where}, box sources"
    beside_w = inner_w - (qr_size + 1.5 * mm if qr_size else 0)
    # authors and years only when the titles do not fit beside the QR code, then the first source
    # only (the guide lists the others), and only then the line above the code
    full, short = source_line(card, language), source_line(card, language, short=True)
    texts = [full, short, source_line(card, language, first_only=True)]
    candidates = [(text, True) for text in texts] + ([(text, False) for text in texts] if qr_size else [])
    failure: TextDoesNotFit | None = None
    for line, beside in candidates:
        try:
            fitted = fit_parts(
                [Part(line)],
                width=beside_w if beside else inner_w,
                height=max(qr_size, 0.3 * body_h) if beside else 0.35 * body_h,
                max_size=max_size,
                where=box_where,
                alignment=TA_LEFT,
                language=language,
            )
        except TextDoesNotFit as exc:
            failure = exc
            continue
        if beside:
            zone = max(qr_size, fitted.height)
            return fitted, Rect(PAD, g.body_bottom, beside_w, zone), zone
        above = g.body_bottom + qr_size + 1 * mm
        return fitted, Rect(PAD, above, inner_w, fitted.height), qr_size + 1 * mm + fitted.height
    assert failure is not None
    raise failure


def image_ppi(data: bytes, box: Rect) -> float:
    """The resolution an image prints at when scaled to fit the box (points): pixels per inch."""
    with Image.open(io.BytesIO(data)) as image:
        width, height = image.size
    return 72 * max(width / box.w, height / box.h) if box.w > 0 and box.h > 0 else 0.0


def image_box(g: CardGeometry) -> Rect:
    """Where a card's image goes on its front: the top of the body, full width."""
    body_h = g.body_top - g.body_bottom
    return Rect(PAD, g.body_top - body_h * IMAGE_SHARE, g.width - 2 * PAD, body_h * IMAGE_SHARE)


def _back_text(
    card: CardData, lang: str, g: CardGeometry, remaining: float, bottom_zone: float, where: str
) -> tuple[Fitted, Fitted]:
    """The answer and the explanation, in the space left above the sources.

    A full back has the answer with its detail over the explanation; when the explanation does not
    fit (mostly on mini cards) the back is condensed: the answer and how sure it is, and a line
    saying that the explanation is in the facilitator guide."""
    inner_w = g.width - 2 * PAD
    words = strings_for(lang)
    failure: TextDoesNotFit | None = None
    # the answer takes up to a share of the space left; a long explanation may ask it to take less;
    # the comparison leaves the back first (the guide has it)
    for parts in (answer_parts(card, lang), answer_parts(card, lang, with_comparison=False)):
        for share in (0.4, 0.3, 0.22, 0.55, 0.7):
            try:
                answer = fit_parts(
                    parts,
                    width=inner_w,
                    height=remaining * share,
                    max_size=14 * g.scale,
                    where=f"{where}, box answer",
                    language=lang,
                )
                gap = 2 * mm if answer.height else 0
                explanation = fit_parts(
                    [Part(card.back)],
                    width=inner_w,
                    height=remaining - answer.height - gap,
                    max_size=10.5 * g.scale,
                    where=f"{where}, box back",
                    alignment=TA_LEFT,
                    language=lang,
                )
                return answer, explanation
            except TextDoesNotFit as exc:
                failure = exc
    # the condensed back (mostly on mini cards): the answer, its scope and how sure it is, the
    # source, and a line saying the explanation is in the guide; that line, then the scope, go if
    # need be
    note = fit_parts([Part(words["in_guide"])], width=inner_w, height=remaining, max_size=7, where=f"{where}, box back")
    with_scope = answer_parts(card, lang, with_comparison=False, detail_scale=0.8)
    without_scope = answer_parts(card, lang, with_comparison=False, with_scope=False, detail_scale=0.8)
    # the scope ("GPU only") matters more than the pointer to the guide: it goes last
    for parts, with_note in ((with_scope, True), (with_scope, False), (without_scope, True), (without_scope, False)):
        room = remaining - (note.height + 2 * mm if with_note else 0)
        try:
            answer = fit_parts(
                parts, width=inner_w, height=room, max_size=14 * g.scale, where=f"{where}, box answer", language=lang
            )
        except TextDoesNotFit as exc:
            failure = exc
            continue
        return answer, note if with_note else Fitted([], 7, 0.0, 0.0)
    assert failure is not None
    raise failure


def card_prepare(
    card: CardData, *, deck: DeckData, number: int, total: int, geometry: CardGeometry, grayscale: bool
) -> CardFaces:
    g = geometry
    s = g.scale
    lang = deck.language
    inner_w = g.width - 2 * PAD
    where = f"card {card.key}"
    # front: the image (if any) above the text
    image = box_image = None
    text_top = g.body_top
    if card.image is not None:
        box_image = image_box(g)
        ppi = image_ppi(card.image.data, box_image)
        if ppi < MIN_IMAGE_PPI:
            raise ImageTooCoarse(f"{where}, box image", ppi, g.size_name)
        image = _image(card.image.data, box_image, grayscale, f"{where}, box image")
        text_top = box_image.y - 2 * mm
    front_box = Rect(PAD, g.body_bottom, inner_w, text_top - g.body_bottom)
    front = fit_parts(
        [Part(card.front)],
        width=front_box.w,
        height=front_box.h,
        max_size=15 * s,
        where=f"{where}, box front",
        language=lang,
    )
    # back, from the bottom up: sources beside the QR code, then the answer, then the explanation
    url = first_url(card)
    qr = qr_box = None
    qr_size = 0.0
    if url:
        glyphs_check(url, where=f"{where}, box qr")
        qr = qr_matrix(url)
        qr_size = max(16 * mm * s, qr_min_size(qr))
        if qr_size > inner_w * QR_MAX_SHARE:
            raise TextDoesNotFit(
                f"{where}, box qr",
                f"the source URL is too long for a QR code with modules of at least 0.4 mm on a card this size "
                f"({len(url)} characters); shorten it",
            )
    sources, sources_box, bottom_zone = _sources_fit(card, lang, geometry, qr_size, where)
    if qr:
        qr_box = Rect(g.width - PAD - qr_size, g.body_bottom, qr_size, qr_size)
    body_h = g.body_top - g.body_bottom
    remaining = body_h - bottom_zone - (2 * mm if bottom_zone else 0)
    answer, explanation = _back_text(card, lang, g, remaining, bottom_zone, where)
    answer_box = Rect(PAD, g.body_top - answer.height, inner_w, answer.height)
    explanation_box = Rect(
        PAD,
        g.body_bottom + bottom_zone + (2 * mm if bottom_zone else 0),
        inner_w,
        remaining - answer.height - (2 * mm if answer.height else 0),
    )
    glyphs_check(card.key, where=f"{where}, box key")
    return CardFaces(
        card=card,
        number=f"{number}/{total}",
        footer_right=footer_right(deck, inner_w),
        front=front,
        front_box=front_box,
        image=image,
        image_box=box_image,
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
