"""The report's debrief pictures as ReportLab drawings: the scores over the rounds, and the
session's footprint in words. Pure: plain data in (game.debrief, game.footprint), flowables out."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext, ngettext
from reportlab.graphics.shapes import Circle, Drawing, Line, PolyLine, String
from reportlab.lib import colors
from reportlab.lib.units import mm

from cards.units import format_number
from printables.fonts import BOLD, REGULAR

# The projector's colours (static/js/debrief.js): the three first teams, the others in grey.
PODIUM = [colors.HexColor(c) for c in ("#0072b2", "#d55e00", "#009e73")]
DASHES: list[list[float] | None] = [None, [4, 2], [1.5, 1.5]]
GREY = colors.HexColor("#9a9a9a")


def _cut(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def score_chart(progress: Mapping[str, Any], width: float = 174 * mm, height: float = 70 * mm) -> Drawing | None:
    """Every team's score after each scored round; None when no round was scored."""
    rounds = list(progress.get("rounds") or [])
    teams = list(progress.get("teams") or [])
    if not rounds or not teams:
        return None
    drawing = Drawing(width, height)
    font = 8.0
    left, right, top, bottom = 9 * mm, width - 46 * mm, height - 3 * mm, 8 * mm
    most = max([1, *(v for t in teams for v in t["scores"])])
    n = len(rounds)

    def x(i: int) -> float:
        return left + i * (right - left) / n

    def y(v: float) -> float:
        return bottom + v / most * (top - bottom)

    step = max(1, -(-most // 4))
    for v in range(0, most + 1, step):
        drawing.add(Line(left, y(v), right, y(v), strokeColor=colors.HexColor("#dddddd"), strokeWidth=0.5))
        drawing.add(String(left - 2, y(v) - 3, str(v), fontName=REGULAR, fontSize=font, textAnchor="end"))
    every = max(1, -(-n * 14 // int(right - left)))
    for i, r in enumerate(rounds, start=1):
        if i % every == 0 or i == n:
            drawing.add(String(x(i), bottom - 10, str(r["card"]), fontName=REGULAR, fontSize=font, textAnchor="middle"))
    drawing.add(
        String(left, 0, gettext("card no."), fontName=REGULAR, fontSize=font, fillColor=colors.HexColor("#555555"))
    )
    last = [t["scores"][-1] if t["scores"] else 0 for t in teams]
    order = sorted(range(len(teams)), key=lambda i: -last[i])
    podium = order[:3]
    labels: list[tuple[float, int, Any, str]] = []
    for i in reversed(order):
        place = order.index(i)
        colour = PODIUM[place] if i in podium else GREY
        points: list[float] = [x(0), y(0)]
        for k, v in enumerate(teams[i]["scores"], start=1):
            points += [x(k), y(v)]
        line = PolyLine(points, strokeColor=colour, strokeWidth=1.8 if i in podium else 0.6)
        dash = DASHES[place] if i in podium else None
        if dash:
            line.strokeDashArray = dash
        drawing.add(line)
        if i in podium:
            drawing.add(Circle(points[-2], points[-1], 1.6, fillColor=colour, strokeColor=colour))
            labels.append((points[-1], -place, colour, f"{place + 1}. {_cut(teams[i]['name'], 22)} {last[i]}"))
    labels.sort(key=lambda item: (item[0], item[1]))  # bottom up; on a tie, the first team above
    heights: list[float] = []
    for ly, _place, colour, text in labels:  # pushed apart, none over another
        heights.append(max(ly, heights[-1] + font * 1.3) if heights else ly)
        drawing.add(String(right + 4, heights[-1] - 3, text, fontName=BOLD, fontSize=font + 1, fillColor=colour))
    return drawing


def _bytes(n: int, language: str) -> str:
    for size, unit in ((1e9, gettext("GB")), (1e6, gettext("MB")), (1e3, gettext("kB"))):
        if n >= size:
            return f"{format_number(n / size, language)} {unit}"
    return f"{n} B"


def _wh(wh: float, language: str) -> str:
    rough = 10 ** round(math.log10(wh)) if wh > 0 else 0
    if rough >= 1000:
        return f"{format_number(rough / 1000, language)} kWh"
    if rough >= 0.1:
        return f"{format_number(rough, language)} Wh"
    return f"{format_number(rough * 1000, language)} mWh"


def footprint_lines(f: Mapping[str, Any], phones: int, language: str) -> list[str]:
    """The footprint's paragraphs (plain text, escaped by the caller)."""
    source = f.get("source") or {}
    return [
        gettext("The room's phones moved %(total)s: %(down)s sent to them, %(up)s from them, %(pages)s of pages.")
        % {
            "total": _bytes(f["bytes"], language),
            "down": _bytes(f["bytes_sent"], language),
            "up": _bytes(f["bytes_received"], language),
            "pages": _bytes(f["http_bytes"], language),
        },
        ngettext("Counted by the server, %(n)s phone.", "Counted by the server, %(n)s phones.", phones) % {"n": phones}
        + " "
        + gettext("Messages: %(frames)s; page files: %(pages)s.")
        % {"frames": f["frames_sent"] + f["frames_received"], "pages": f["http_responses"]},
        gettext("Network energy, as an order of magnitude: about %(low)s to %(high)s.")
        % {"low": _wh(f["wh_low"], language), "high": _wh(f["wh_high"], language)},
        gettext("Figure: %(high)s kWh per GB in %(year)s; %(scope)s. %(status)s. %(low_note)s: %(low)s kWh per GB.")
        % {
            "high": format_number(f["kwh_per_gb"], language),
            "low": format_number(f["kwh_per_gb_low"], language),
            "year": f["year"],
            "scope": f.get("scope", ""),
            "status": f.get("status", ""),
            "low_note": f.get("low_note", ""),
        },
        gettext("Source: %(source)s")
        % {"source": f"{source.get('author')}, {source.get('title')} ({source.get('year')}) — {source.get('url')}"},
    ]
