"""Text fitting: each box gets the largest font size at which its text fits, never below 7 pt."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from printables.errors import TextDoesNotFit
from printables.fonts import BOLD, REGULAR, glyphs_check
from printables.hyphens import MIN_WORD, hyphenator

Alignment = Literal[0, 1, 2, 4]  # reportlab's TA_LEFT, TA_CENTER, TA_RIGHT, TA_JUSTIFY
MIN_SIZE = 7.0
STEP = 0.5
LEADING = 1.18


@dataclass(frozen=True)
class Part:
    """One paragraph of a box: plain text (never markup), its size relative to the box's, its weight."""

    text: str
    scale: float = 1.0
    bold: bool = False


@dataclass
class Fitted:
    paragraphs: list[Paragraph]
    size: float  # points, for scale 1.0
    height: float  # points, the height actually used
    gap: float  # points between paragraphs

    def draw(self, canvas: Canvas, x: float, top: float, *, valign_height: float | None = None) -> None:
        """Draw from top downwards; centred vertically in valign_height when given."""
        y = top
        if valign_height is not None:
            y -= (valign_height - self.height) / 2
        for index, paragraph in enumerate(self.paragraphs):
            if index:
                y -= self.gap
            y -= paragraph.height
            paragraph.drawOn(canvas, x, y)


def markup(text: str) -> str:
    """User text made safe for a Paragraph: '<b>' and '&' print as they are, newlines break lines."""
    # ReportLab breaks lines at U+202F (French "1 287", "22 %"); U+00A0 it keeps together
    return escape(text.strip()).replace("\u202f", "\u00a0").replace("\n", "<br/>")


def _style(size: float, bold: bool, alignment: Alignment, language: str, width: float) -> ParagraphStyle:
    font = BOLD if bold else REGULAR
    style = ParagraphStyle(
        "fit", fontName=font, fontSize=size, leading=size * LEADING, alignment=alignment, splitLongWords=True
    )
    # on a card, only a word wider than the whole line is broken (with a hyphen, at a syllable):
    # a narrow centred line hyphenated at every end reads badly
    # reportlab also takes a function that hyphenates (its stubs say a language code only)
    style.hyphenationLang = long_word_hyphenator(language, font, size, width)  # type: ignore[assignment]
    style.hyphenationMinWordLength = MIN_WORD
    return style


def hyphenated(style: ParagraphStyle, language: str) -> ParagraphStyle:
    """The style breaking long words at a syllable, with a hyphen, in the text's language."""
    style.hyphenationLang = hyphenator(language)  # type: ignore[assignment]  # a function, as above
    style.hyphenationMinWordLength = MIN_WORD
    style.uriWasteReduce = 0.3  # a URL too long for the line breaks after a '/', not anywhere
    return style


def long_word_hyphenator(
    language: str, font: str, size: float, width: float
) -> Callable[[str], Iterable[tuple[str, str]]]:
    splits = hyphenator(language)

    def hyphenate(word: str) -> Iterable[tuple[str, str]]:
        return splits(word) if stringWidth(word, font, size) > width else ()

    return hyphenate


def _build(
    parts: list[Part], size: float, width: float, alignment: Alignment, language: str
) -> tuple[list[Paragraph], float, float]:
    gap = size * 0.35
    paragraphs = []
    height = 0.0
    for index, part in enumerate(parts):
        paragraph = Paragraph(markup(part.text), _style(size * part.scale, part.bold, alignment, language, width))
        _, h = paragraph.wrap(width, 10_000)
        paragraph.height = h
        paragraphs.append(paragraph)
        height += h + (gap if index else 0.0)
    return paragraphs, height, gap


def fit_parts(
    parts: list[Part],
    *,
    width: float,
    height: float,
    max_size: float,
    where: str,
    alignment: Alignment = TA_CENTER,
    min_size: float = MIN_SIZE,
    language: str = "fr",
) -> Fitted:
    """The parts set at the largest size (step 0.5 pt) that fits width × height (points).

    Raises TextDoesNotFit naming `where` when even the smallest size overflows, and
    MissingGlyph when a character is not in the font."""
    parts = [p for p in parts if p.text.strip()]
    for part in parts:
        glyphs_check(part.text, where=where)
    if not parts:
        return Fitted([], max_size, 0.0, 0.0)
    floor = max(min_size / min(p.scale for p in parts), min_size)
    sizes: list[float] = []
    size = max(max_size, floor)
    while size >= floor - 1e-9:
        sizes.append(round(size, 2))
        size -= STEP
    # heights grow with the size: find the first (largest) size that fits by bisection
    lo, hi = 0, len(sizes)
    while lo < hi:
        mid = (lo + hi) // 2
        if _build(parts, sizes[mid], width, alignment, language)[1] <= height + 0.01:
            hi = mid
        else:
            lo = mid + 1
    if lo == len(sizes):
        raise TextDoesNotFit(where)
    paragraphs, used, gap = _build(parts, sizes[lo], width, alignment, language)
    return Fitted(paragraphs, sizes[lo], used, gap)
