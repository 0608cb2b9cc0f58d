"""QR codes drawn as vector squares (sharp at any printer resolution), quiet zone included."""

from __future__ import annotations

import segno
from reportlab.lib.colors import black, white
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

MIN_MODULE_MM = 0.4  # below this, phone cameras struggle with a printed code
QUIET_MODULES = 4  # the blank border the QR standard asks for


def qr_matrix(data: str) -> tuple[tuple[bool, ...], ...]:
    code = segno.make(data, error="l", micro=False, boost_error=True)
    return tuple(tuple(bool(v) for v in row) for row in code.matrix)


def qr_min_size(matrix: tuple[tuple[bool, ...], ...]) -> float:
    """The smallest side (points), quiet zone included, with modules of MIN_MODULE_MM."""
    return (len(matrix) + 2 * QUIET_MODULES) * MIN_MODULE_MM * mm


def qr_draw(canvas: Canvas, matrix: tuple[tuple[bool, ...], ...], x: float, y: float, size: float) -> None:
    """Draw the code in the square (x, y, size) in points: white quiet zone, black modules."""
    count = len(matrix)
    module = size / (count + 2 * QUIET_MODULES)
    canvas.saveState()
    canvas.setFillColor(white)
    canvas.rect(x, y, size, size, stroke=0, fill=1)
    canvas.setFillColor(black)
    path = canvas.beginPath()
    origin_x, top = x + QUIET_MODULES * module, y + size - QUIET_MODULES * module
    for r, row in enumerate(matrix):
        c = 0
        while c < count:
            if not row[c]:
                c += 1
                continue
            start = c
            while c < count and row[c]:
                c += 1
            # a hair wider than the module so that adjacent squares leave no seam when rasterised
            path.rect(origin_x + start * module, top - (r + 1) * module, (c - start) * module, module * 1.001)
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()
