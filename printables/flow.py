"""Helpers shared by the long documents (kit, report): blocks kept on one page, page footers."""

from __future__ import annotations

import io
from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import CondPageBreak, Flowable

FRAME_PADDING = 6  # points: a platypus Frame pads each side by this much
FOOTER_GAP = 6 * mm  # at least this between the footer's left text and its page number


def frame_size(
    page: tuple[float, float], *, left: float, right: float, top: float, bottom: float
) -> tuple[float, float]:
    """The room a flowable gets in a page's one frame (points)."""
    return page[0] - left - right - 2 * FRAME_PADDING, page[1] - top - bottom - 2 * FRAME_PADDING


def kept_together(flowables: Sequence[Flowable], frame: tuple[float, float]) -> list[Flowable]:
    """The flowables, after a page break unless they all fit below what is already on the page.

    KeepTogether judges the height before the paragraphs are wrapped at their final width and
    misjudges by a line; this measures every flowable at the frame's width first."""
    width, height = frame
    canvas = Canvas(io.BytesIO())
    total = sum(f.wrapOn(canvas, width, height)[1] + f.getSpaceBefore() + f.getSpaceAfter() for f in flowables)
    return [CondPageBreak(min(total + 2 * mm, height)), *flowables]


def footer_fit(left: str, right: str, *, width: float, font: str, size: float) -> tuple[str, float]:
    """The footer's left text and its size so that it never runs into the right text (the page
    number): a smaller size first (down to 6 pt), then the text shortened with an ellipsis."""
    room = width - stringWidth(right, font, size) - FOOTER_GAP
    while size > 6 and stringWidth(left, font, size) > room:
        size -= 0.5
        room = width - stringWidth(right, font, size) - FOOTER_GAP
    if stringWidth(left, font, size) <= room:
        return left, size
    while left and stringWidth(left + "…", font, size) > room:
        left = left[:-1]
    return (left.rstrip() + "…") if left else "", size


def footer_draw(canvas: Canvas, left: str, right: str, *, x: float, width: float, y: float, font: str) -> None:
    text, size = footer_fit(left, right, width=width, font=font, size=8)
    canvas.setFont(font, size)
    canvas.drawString(x, y, text)
    canvas.setFont(font, 8)
    canvas.drawRightString(x + width, y, right)
