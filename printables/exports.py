"""Card faces as images: one PNG per face for online printers, and Tabletop Simulator sheets.

Online printers ask for one image per face at 300 dpi with the bleed included, at their standard
card sizes: a poker card is 2.5 × 3.5 in (63.5 × 88.9 mm), 750 × 1050 px, plus 36 px (3 mm) of
bleed on each side: 822 × 1122 px. Each face is drawn by the same code as the printed deck, on a
page of exactly that size, then rasterised by poppler's pdftoppm (poppler-utils).
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image
from reportlab.lib.colors import HexColor, white
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas

from cards.deckfile import CardData, DeckData
from printables.cards import PAD, CardGeometry, back_draw, cards_prepare, front_draw
from printables.deck_pdf import pdf_canvas
from printables.errors import PrintError
from printables.fonts import BOLD, fonts_register, glyphs_check
from printables.layout import Rect, Slot
from printables.options import DeckOptions
from printables.strings import strings_for

DPI = 300
BLEED_PX = 36  # 3.05 mm at 300 dpi: what print services' templates use
# the print services' sizes, in inches: close to ours (poker 63 × 88 mm is 63.5 × 88.9 there)
EXPORT_INCHES = {"poker": (2.5, 3.5), "bridge": (2.25, 3.5), "tarot": (2.75, 4.75), "mini": (1.75, 2.5)}
TTS_CARD_WIDTH = 400  # px of one card on a Tabletop Simulator sheet (a 10-wide sheet is 4000 px)
TTS_COLUMNS, TTS_ROWS = 10, 7
SAFE_COLOUR, TRIM_COLOUR = HexColor("#E6007E"), HexColor("#00A0E6")


@dataclass(frozen=True)
class ExportSize:
    trim_px: tuple[int, int]

    @property
    def px(self) -> tuple[int, int]:
        return self.trim_px[0] + 2 * BLEED_PX, self.trim_px[1] + 2 * BLEED_PX

    def points(self, pixels: float) -> float:
        return pixels * 72 / DPI


def export_size(card_size: str) -> ExportSize:
    w, h = EXPORT_INCHES[card_size]
    return ExportSize((round(w * DPI), round(h * DPI)))


def _pdftoppm() -> str:
    found = shutil.which("pdftoppm")
    if found is None:
        raise PrintError("image exports need poppler's pdftoppm (Debian: apt-get install poppler-utils)")
    return found


def faces_pdf(deck: DeckData, cards: Sequence[CardData], options: DeckOptions, *, safe_zone: bool) -> bytes:
    """Every card's front then back, one page each, the page being the card with its bleed."""
    size = export_size(options.card_size)
    trim_w, trim_h = (size.points(v) for v in size.trim_px)
    bleed = size.points(BLEED_PX)
    geometry = CardGeometry(trim_w, trim_h, bleed, size_name=options.card_size)
    prepared = cards_prepare(deck, list(cards), geometry=geometry, grayscale=options.grayscale)
    buffer = io.BytesIO()
    words = strings_for(deck.language)
    canvas = pdf_canvas(
        buffer,
        (trim_w + 2 * bleed, trim_h + 2 * bleed),
        title=f"{deck.title} — PNG",
        subject=f"{len(prepared)} {words['cards_count']}, {options.card_size}",
        language=deck.language,
    )
    trim_mm = Rect(bleed / mm, bleed / mm, trim_w / mm, trim_h / mm)
    slot = Slot(trim_mm, Rect(0, 0, (trim_w + 2 * bleed) / mm, (trim_h + 2 * bleed) / mm), 0)
    style: dict[str, Any] = {"language": deck.language, "grayscale": options.grayscale}
    for faces in prepared:
        for draw in (front_draw, back_draw):
            draw(canvas, faces, slot, geometry, **style)
            if safe_zone:
                _safe_zone(canvas, trim_w, trim_h, bleed)
            canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _safe_zone(canvas: Canvas, trim_w: float, trim_h: float, bleed: float) -> None:
    """The cut line (solid) and the safe zone inside it (dashed): nothing important beyond it."""
    canvas.saveState()
    canvas.setLineWidth(0.6)
    canvas.setStrokeColor(TRIM_COLOUR)
    canvas.rect(bleed, bleed, trim_w, trim_h, stroke=1, fill=0)
    canvas.setStrokeColor(SAFE_COLOUR)
    canvas.setDash(3, 2)
    canvas.rect(bleed + PAD, bleed + PAD, trim_w - 2 * PAD, trim_h - 2 * PAD, stroke=1, fill=0)
    canvas.restoreState()


def faces_png(
    deck: DeckData,
    cards: Sequence[CardData],
    options: DeckOptions,
    *,
    safe_zone: bool = False,
    scale: float = 1.0,
) -> list[tuple[CardData, bytes, bytes]]:
    """(card, front PNG, back PNG) for each card, at the print services' pixel size (times scale)."""
    chosen = list(cards)
    pdf = faces_pdf(deck, chosen, options, safe_zone=safe_zone)
    width, height = (round(v * scale) for v in export_size(options.card_size).px)
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "faces.pdf"
        source.write_bytes(pdf)
        subprocess.run(
            [
                _pdftoppm(),
                "-png",
                "-r",
                str(DPI),
                "-scale-to-x",
                str(width),
                "-scale-to-y",
                str(height),
                source,
                Path(tmp) / "face",
            ],
            check=True,
            capture_output=True,
        )
        pages = sorted(Path(tmp).glob("face-*.png"))
        if len(pages) != 2 * len(chosen):
            raise PrintError(f"pdftoppm wrote {len(pages)} images for {2 * len(chosen)} faces")
        images = [page.read_bytes() for page in pages]
    return [(card, images[2 * i], images[2 * i + 1]) for i, card in enumerate(chosen)]


def _name(number: int, card: CardData, side: str) -> str:
    return f"{number:03d}-{card.key}-{side}.png"


def faces_png_zip(
    deck: DeckData, *, cards: Sequence[CardData] | None = None, options: DeckOptions, safe_zone: bool = False
) -> bytes:
    """One zip: a PNG for each face, named '001-A7-front.png', and a README giving the sizes."""
    chosen = list(deck.cards if cards is None else cards)
    faces = faces_png(deck, chosen, options, safe_zone=safe_zone)
    size = export_size(options.card_size)
    (w, h), (tw, th) = size.px, size.trim_px
    readme = (
        f"{deck.title}: {len(faces)} cards, {options.card_size}, one PNG per face at {DPI} dpi.\n"
        f"Each image is {w} x {h} px: the card ({tw} x {th} px, {tw / DPI:g} x {th / DPI:g} in) "
        f"plus {BLEED_PX} px (3 mm) of bleed on each side.\n"
        "Keep text and images inside the safe zone, 3.5 mm inside the cut line"
        + (" (drawn dashed on these images: do not send them to print)." if safe_zone else ".")
        + "\n"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", readme)
        for number, (card, front, back) in enumerate(faces, start=1):
            archive.writestr(_name(number, card, "front"), front)
            archive.writestr(_name(number, card, "back"), back)
    return buffer.getvalue()


# --- Tabletop Simulator ---


def _trimmed(png: bytes, size: tuple[int, int], bleed: int) -> Image.Image:
    """The card without its bleed, at `size` pixels."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    card = image.crop((bleed, bleed, image.width - bleed, image.height - bleed))
    return card if card.size == size else card.resize(size, Image.Resampling.LANCZOS)


def _common_back(deck: DeckData, size: tuple[int, int]) -> Image.Image:
    """The back shown for a card still hidden in Tabletop Simulator's deck: the deck's title."""
    fonts_register()
    width, height = size
    buffer = io.BytesIO()
    canvas = pdf_canvas(buffer, (width, height), title=deck.title, subject="back", language=deck.language)
    canvas.setFillColor(HexColor("#1E2A3A"))
    canvas.rect(0, 0, width, height, stroke=0, fill=1)
    canvas.setFillColor(white)
    glyphs_check(deck.title, where="deck title")
    font_size = width / 9
    lines = simpleSplit(deck.title, BOLD, font_size, width * 0.8)
    canvas.setFont(BOLD, font_size)
    top = height / 2 + len(lines) * font_size * 1.2 / 2
    for index, line in enumerate(lines):
        canvas.drawCentredString(width / 2, top - (index + 1) * font_size * 1.2 + font_size * 0.25, line)
    canvas.setFont(BOLD, 14)
    canvas.drawCentredString(width / 2, height * 0.1, "Atelier IA")
    canvas.showPage()
    canvas.save()
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "back.pdf"
        source.write_bytes(buffer.getvalue())
        subprocess.run(
            [
                _pdftoppm(),
                "-png",
                "-r",
                "72",
                "-scale-to-x",
                str(width),
                "-scale-to-y",
                str(height),
                "-singlefile",
                source,
                Path(tmp) / "back",
            ],
            check=True,
            capture_output=True,
        )
        return Image.open(Path(tmp) / "back.png").convert("RGB")


def tts_sheets(
    deck: DeckData, cards: Sequence[CardData], options: DeckOptions
) -> tuple[list[tuple[Image.Image, Image.Image, int, tuple[int, int]]], Image.Image]:
    """Sheets of up to 10 × 7 slots: the fronts, the matching backs ('unique backs'), each sheet's
    last slot left for the hidden card; and the common back image."""
    exported = export_size(options.card_size)
    scale = TTS_CARD_WIDTH / exported.trim_px[0]  # rendered straight at the sheet's size
    faces = faces_png(deck, cards, options, scale=scale)
    bleed = round(BLEED_PX * scale)
    card_size = (TTS_CARD_WIDTH, round(exported.trim_px[1] * scale))
    per_sheet = TTS_COLUMNS * TTS_ROWS - 1
    sheets = []
    back = _common_back(deck, card_size)
    for start in range(0, len(faces), per_sheet):
        chunk = faces[start : start + per_sheet]
        fronts = [_trimmed(front, card_size, bleed) for _, front, _ in chunk]
        backs = [_trimmed(b, card_size, bleed) for _, _, b in chunk]
        columns = min(TTS_COLUMNS, len(chunk) + 1)
        rows = -(-(len(chunk) + 1) // columns)
        grid = []
        for images in (fronts, backs):
            sheet = Image.new("RGB", (columns * card_size[0], rows * card_size[1]), (255, 255, 255))
            for index, image in enumerate([*images, back]):
                sheet.paste(image, ((index % columns) * card_size[0], (index // columns) * card_size[1]))
            grid.append(sheet)
        sheets.append((grid[0], grid[1], len(chunk), (columns, rows)))
    return sheets, back


def tts_zip(deck: DeckData, *, cards: Sequence[CardData] | None = None, options: DeckOptions) -> bytes:
    chosen = list(deck.cards if cards is None else cards)
    if not chosen:
        raise PrintError("no card selected")
    sheets, back = tts_sheets(deck, chosen, options)
    buffer = io.BytesIO()
    lines = [f"{deck.title}: {len(chosen)} cards for Tabletop Simulator (Objects > Components > Custom > Deck)."]
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for number, (fronts, backs, count, (columns, rows)) in enumerate(sheets, start=1):
            for name, image in ((f"fronts-{number}.png", fronts), (f"backs-{number}.png", backs)):
                out = io.BytesIO()
                image.save(out, format="PNG", compress_level=6)
                archive.writestr(name, out.getvalue())
            lines.append(
                f"Deck {number}: Face = fronts-{number}.png, Unique backs = on, Back = backs-{number}.png, "
                f"Width = {columns}, Height = {rows}, Number = {count}, Back is hidden = on."
            )
        out = io.BytesIO()
        back.save(out, format="PNG", compress_level=6)
        archive.writestr("back.png", out.getvalue())
        lines.append("back.png: one common back, for a deck without unique backs (Back = back.png).")
        archive.writestr("README.txt", "\n".join(lines) + "\n")
    return buffer.getvalue()
