"""The session report's rows as plain data, which the PDF (printables.report) draws.

Pure module. Each mechanic gives its rows (game.mechanics.base.Mechanic.report_*); nothing
here knows a mechanic.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

# The session report's rows, as plain data that the PDF (printables.report) and the CSV
# (game.report) draw: a Span is ("text", words) as they are, ("bold", words), ("say", msgid)
# translated in the deck's language, ("card", key) the card's key and short front, ("card_full",
# key) with its whole front, ("card_ref", key) the card by its key where the page lists its cards
# (the PDF), by its front where it does not (the CSV), ("team", team id) the team's name,
# ("say_n", (singular, plural, n)) a count in words (ngettext, %(n)s; a fourth item, a dict, gives
# its other parameters). ("say", (msgid, params)) and ("bold_say", msgid) also. A Line is a list
# of spans, a Cell a list of lines.
Span = tuple[str, Any]
Line = list[Span]
Cell = list[Line]


@dataclass(frozen=True)
class ReportTable:
    head: tuple[str, ...]  # msgids
    rows: list[list[Cell]]
    widths: tuple[float, ...]  # millimetres, adding up to the report's 174


@dataclass(frozen=True)
class ReportSection:
    title: str  # msgid
    bookmark: str
    table: ReportTable


def section(
    title: str, bookmark: str, head: Sequence[str], rows: list[list[Cell]], widths: Sequence[float]
) -> ReportSection:
    """A debrief section of one table (its title and column heads are msgids)."""
    return ReportSection(title, bookmark, ReportTable(tuple(head), rows, tuple(widths)))
