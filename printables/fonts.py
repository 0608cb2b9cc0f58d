"""The embedded fonts (DejaVu Sans Condensed, shipped in printables/fonts/ with its licence).

The font comes with the project, never from the system, so a fresh machine prints the same
PDF. Every text is checked against the font before drawing: a missing glyph would print as
an empty box, so the export stops and names the character instead.
"""

from __future__ import annotations

import functools
import unicodedata
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from printables.errors import MissingGlyph, UnshapedScript

FONT_DIR = Path(__file__).resolve().parent / "fonts"
REGULAR = "AtelierSans"
BOLD = "AtelierSans-Bold"
_FILES = {REGULAR: "DejaVuSansCondensed.ttf", BOLD: "DejaVuSansCondensed-Bold.ttf"}
_IGNORED = frozenset("\n\r\t")


@functools.cache
def fonts_register() -> frozenset[int]:
    """Register the fonts once per process; return the code points both faces cover."""
    covered: frozenset[int] | None = None
    for name, filename in _FILES.items():
        font = TTFont(name, str(FONT_DIR / filename))
        pdfmetrics.registerFont(font)
        chars = frozenset(font.face.charToGlyph)
        covered = chars if covered is None else covered & chars
    addMapping(REGULAR, 0, 0, REGULAR)
    addMapping(REGULAR, 1, 0, BOLD)
    addMapping(REGULAR, 0, 1, REGULAR)
    addMapping(REGULAR, 1, 1, BOLD)
    assert covered is not None
    return covered


def script_problem(char: str) -> str:
    """Why a character cannot be printed as it should, or '' when it can.

    The font has Arabic and Hebrew letters, but ReportLab would set them unjoined and left to
    right: a right-to-left character is refused even though a glyph exists."""
    if unicodedata.bidirectional(char) in ("R", "AL"):
        name = unicodedata.name(char, "")
        return f"right-to-left ({name.split(' ')[0].title() if name else 'unknown script'})"
    return ""


def glyphs_check(text: str, *, where: str) -> None:
    """Raise UnshapedScript or MissingGlyph naming the first character of text that cannot be
    printed as written: a right-to-left script, or a character the font has no glyph for (CJK,
    emoji...)."""
    covered = fonts_register()
    for char in text:
        if char in _IGNORED:
            continue
        problem = script_problem(char)
        if problem:
            raise UnshapedScript(where, char, problem)
        if ord(char) not in covered:
            raise MissingGlyph(where, char)
