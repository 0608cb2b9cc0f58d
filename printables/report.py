"""The session report as a PDF: the session, every round played with each team's answer and
points, then the debrief figures. Pure: plain data in (game.report.report_data), bytes out.

Everything in the data was typed by someone (titles, team names, nicknames, card texts): it is
escaped before it goes into a Paragraph, and a character the font cannot draw prints as a
replacement mark instead of stopping the report.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.utils import translation
from django.utils.translation import gettext, ngettext
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from cards.units import UNITS, format_number, format_quantity
from game.mechanics import MECHANICS, Mechanic
from game.mechanics.report import Cell, Line, ReportTable
from printables.fit import hyphenated, markup
from printables.flow import footer_draw, kept_together
from printables.fonts import BOLD, REGULAR, fonts_register
from printables.kit import Bookmark
from printables.strings import cards_label, strings_for

MARGIN = 18 * mm
GREY = colors.HexColor("#555555")
LIGHT = colors.HexColor("#EEEEEE")
RULE = colors.HexColor("#999999")
FRAME_WIDTH, FRAME_HEIGHT = A4[0] - 2 * MARGIN - 12, A4[1] - 32 * mm - 12  # a Frame pads by 6 pt
FRONT_SHORT = 70  # characters of a card's front quoted in a table cell


def _styles(language: str) -> dict[str, ParagraphStyle]:
    base = hyphenated(ParagraphStyle("body", fontName=REGULAR, fontSize=9.5, leading=12.5, spaceAfter=3), language)
    small = ParagraphStyle("small", parent=base, fontSize=8.5, leading=11, spaceAfter=1)
    return {
        "body": base,
        "small": small,
        "muted": ParagraphStyle("muted", parent=small, textColor=GREY),
        "cell": ParagraphStyle("cell", parent=small, spaceAfter=0),
        "head": ParagraphStyle("head", parent=small, fontName=BOLD, spaceAfter=0),
        "h1": ParagraphStyle("h1", parent=base, fontName=BOLD, fontSize=19, leading=23, spaceAfter=8),
        "title": ParagraphStyle("title", parent=base, fontName=BOLD, fontSize=14, leading=18, spaceAfter=6),
        "h2": ParagraphStyle("h2", parent=base, fontName=BOLD, fontSize=13, leading=16, spaceBefore=8, spaceAfter=6),
        "phase": ParagraphStyle(
            "phase", parent=base, fontName=BOLD, fontSize=11.5, leading=15, spaceBefore=8, textColor=GREY
        ),
        "round": ParagraphStyle("round", parent=base, fontName=BOLD, fontSize=11, leading=14, spaceBefore=6),
        "label": ParagraphStyle("label", parent=base, fontName=BOLD, spaceBefore=3, spaceAfter=1),
    }


class _Writer:
    """The report's words and user text as safe Paragraph markup."""

    def __init__(self, language: str) -> None:
        self.language = language
        self.words = strings_for(language)
        self.styles = _styles(language)
        self.covered = fonts_register()
        self.colon = " :" if language == "fr" else ":"

    def safe(self, text: Any) -> str:
        """User text for a Paragraph: glyphs the font lacks replaced, markup escaped."""
        clean = "".join(c if ord(c) in self.covered or c in "\n\t" else "\ufffd" for c in str(text))
        return markup(clean)

    def word(self, key: str) -> str:
        return escape(self.words.get(key, key))

    def para(self, html: str, style: str = "body") -> Paragraph:
        return Paragraph(html, self.styles[style])

    def labelled(self, label_key: str, html: str, style: str = "body") -> Paragraph:
        return self.para(f"<b>{self.word(label_key)}{self.colon}</b> {html}", style)

    def short(self, text: str) -> str:
        text = " ".join(str(text).split())
        return text if len(text) <= FRONT_SHORT else text[: FRONT_SHORT - 1].rstrip() + "…"

    def quantity(self, value: Any, value_max: Any, unit: Any) -> str:
        if not isinstance(value, int | float) or isinstance(value, bool):
            return "—"
        if unit in UNITS:
            return format_quantity(
                value, value_max if isinstance(value_max, int | float) else None, unit, self.language
            )
        return format_number(value, self.language)


def _table(rows: list[list[Any]], widths: Sequence[float], *, header: bool = True, zebra: bool = False) -> Table:
    table = Table(rows, colWidths=list(widths), repeatRows=1 if header else 0, hAlign="LEFT")
    style: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), REGULAR, 9),  # a table's default font is Helvetica, not embedded
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    if header:
        style += [("BACKGROUND", (0, 0), (-1, 0), LIGHT), ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black)]
    table.setStyle(TableStyle(style))
    return table


def _kept(flowables: list[Flowable]) -> list[Flowable]:
    """The flowables, after a page break unless they all fit below (KeepTogether misjudges by a line)."""
    return kept_together(flowables, (FRAME_WIDTH, FRAME_HEIGHT))


def _date(iso: str, timezone_name: str, language: str) -> str:
    try:
        moment = datetime.fromisoformat(iso)
    except (TypeError, ValueError):
        return str(iso)
    with contextlib.suppress(ZoneInfoNotFoundError):
        moment = moment.astimezone(ZoneInfo(timezone_name)) if moment.tzinfo else moment
    return moment.strftime("%d/%m/%Y %H:%M" if language == "fr" else "%Y-%m-%d %H:%M")


class _Report:
    def __init__(self, data: Mapping[str, Any], timezone_name: str) -> None:
        self.data = data
        self.w = _Writer(str(data.get("language", "fr")))
        self.timezone_name = timezone_name
        self.teams = {str(t["id"]): t for t in data.get("teams", [])}
        self.story: list[Flowable] = []

    # --- helpers on cards and answers ---

    def _cards_by_key(self, played: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
        return {str(card.get("key")): card for card in played.get("cards", [])}

    def _card_ref(self, key: Any, cards: Mapping[str, Mapping[str, Any]], *, short: bool = True) -> str:
        card = cards.get(str(key))
        if card is None:
            return self.w.safe(key)
        front = self.w.short(card.get("front", "")) if short else card.get("front", "")
        return f"<b>{self.w.safe(key)}</b> {self.w.safe(front)}"

    def _mechanic(self, played: Mapping[str, Any]) -> Mechanic | None:
        return MECHANICS.get(str(played.get("mechanic")))

    def _line(self, line: Line, cards: Mapping[str, Mapping[str, Any]]) -> str:
        """A mechanic's line of spans (game.mechanics.base) as Paragraph markup."""
        out = []
        for kind, value in line:
            if kind == "text":
                out.append(self.w.safe(value))
            elif kind == "bold":
                out.append(f"<b>{self.w.safe(value)}</b>")
            elif kind in ("say", "bold_say"):
                msgid, params = value if isinstance(value, tuple) else (value, {})
                said = escape(gettext(msgid) % params if params else gettext(msgid))
                out.append(f"<b>{said}</b>" if kind == "bold_say" else said)
            elif kind == "say_n":
                singular, plural, n, *more = value
                out.append(escape(ngettext(singular, plural, n) % {**(more[0] if more else {}), "n": n}))
            elif kind in ("card", "card_full"):
                out.append(self._card_ref(value, cards, short=kind == "card"))
            elif kind == "card_ref":  # the round lists its cards above: the key says which
                out.append(f"<b>{self.w.safe(value)}</b>")
            elif kind == "team":
                out.append(self._team_name(value))
        return "".join(out)

    def _cell(self, cell: Cell, cards: Mapping[str, Mapping[str, Any]]) -> str:
        return "<br/>".join(self._line(line, cards) for line in cell)

    def _right_answer(self, played: Mapping[str, Any]) -> list[str]:
        """The right answer in words, one paragraph's markup per line."""
        mechanic = self._mechanic(played)
        if mechanic is None:
            return ["—"]
        cards = self._cards_by_key(played)
        return [self._line(line, cards) for line in mechanic.report_truth(played, self.w.language)]

    def _team_answer(self, played: Mapping[str, Any], answer: Any) -> str:
        if answer is None or answer == [] or answer == "":
            return f"<i>{self.w.word('report.no_answer')}</i>"
        mechanic = self._mechanic(played)
        if mechanic is None:
            return self.w.safe(answer)
        return self._cell(mechanic.report_answer(played, answer, self.w.language), self._cards_by_key(played))

    def _table(self, table: ReportTable, cards: Mapping[str, Mapping[str, Any]]) -> Flowable:
        w = self.w
        rows: list[list[Any]] = [[w.para(escape(gettext(label)), "head") for label in table.head]]
        rows += [[w.para(self._cell(cell, cards), "cell") for cell in row] for row in table.rows]
        return self.rows_or_none(rows, [width * mm for width in table.widths])

    def _team_name(self, team_id: Any) -> str:
        team = self.teams.get(str(team_id))
        return self.w.safe(team["name"] if team else team_id)

    # --- sections ---

    def title_block(self) -> None:
        w, data = self.w, self.data
        self.story += [Bookmark(w.words["report.session"], "session"), w.para(w.word("report"), "h1")]
        self.story.append(w.para(w.safe(data.get("title", "")), "title"))
        rows = [
            (w.word("report.deck"), w.safe(data.get("deck", "") or "—")),
            (w.word("report.date"), w.safe(_date(str(data.get("created_at", "")), self.timezone_name, w.language))),
            (w.word("report.code"), w.safe(data.get("code", ""))),
            (w.word("report.scoring"), w.word(f"report.scoring.{data.get('scoring', 'competitive')}")),
            (w.word("report.rounds_played"), str(len(data.get("rounds", [])))),
        ]
        meta = [[w.para(label, "head"), w.para(value, "cell")] for label, value in rows]
        self.story += [_table(meta, [40 * mm, 134 * mm], header=False), Spacer(1, 5 * mm)]
        self.story.append(w.para(w.word("report.teams"), "h2"))
        team_rows: list[list[Any]] = [[w.para(w.word("team"), "head"), w.para(w.word("report.members"), "head")]]
        for team in data.get("teams", []):
            members = ", ".join(w.safe(name) for name in team.get("members", []))
            team_rows.append(
                [
                    w.para(w.safe(team.get("name", "")), "cell"),
                    w.para(members or f"<i>{w.word('report.nobody')}</i>", "cell"),
                ]
            )
        self.story.append(_table(team_rows, [55 * mm, 119 * mm]))

    def rounds(self) -> None:
        w = self.w
        self.story += [
            Spacer(1, 6 * mm),
            Bookmark(w.words["report.rounds"], "rounds"),
            w.para(w.word("report.rounds"), "h1"),
        ]
        played_rounds = list(self.data.get("rounds", []))
        if not played_rounds:
            self.story.append(w.para(w.word("report.no_round")))
            return
        phase = None
        for played in played_rounds:
            lead: list[Flowable] = []
            if played.get("phase") != phase:
                phase = played.get("phase")
                key = f"phase-{played.get('number')}"
                lead = [Bookmark(str(phase or "—"), key, level=1), w.para(w.safe(phase or "—"), "phase")]
            self.round(played, lead)

    def round(self, played: Mapping[str, Any], lead: list[Flowable]) -> None:
        """One round; lead (the phase's heading) is kept on the page of its first round."""
        w = self.w
        number, mechanic = played.get("number"), self._mechanic(played)
        name = gettext(mechanic.report_title) if mechanic else str(played.get("mechanic"))
        title = f"{w.words['report.round']} {number} · {name}"
        head: list[Flowable] = [
            *lead,
            Bookmark(title, f"round-{number}", level=2),
            w.para(escape(title), "round"),
        ]
        cards = list(played.get("cards", []))
        by_key = self._cards_by_key(played)
        if mechanic and mechanic.report_lists_hand and cards:  # the others list every card below
            label = escape(cards_label(w.language, len(cards)))
            lines = [self._line(mechanic.report_hand_line(card, w.language), by_key) for card in cards]
            head += self.labelled_lines(label, lines)
        head += self.labelled_lines(w.word("report.right_answer"), self._right_answer(played))
        head.append(Spacer(1, 2 * mm))
        for table in mechanic.report_tables(played, w.language) if mechanic else []:
            head += [self._table(table, by_key), Spacer(1, 2 * mm)]
        head.append(self.answers_table(played))
        self.story += _kept(head)
        self.story.append(Spacer(1, 1.5 * mm))
        for card in cards:
            explanation = card.get("back", "")
            prefix = f"<b>{w.safe(card.get('key'))}</b> " if len(cards) > 1 else ""
            if explanation:
                self.story.append(w.para(prefix + w.safe(explanation), "small"))
            figure = [
                f"<b>{w.word(label)}{w.colon}</b> {w.safe(card[name])}"
                for label, name in (("answer", "quantity"), ("scope", "scope"), ("status", "provenance"))
                if card.get(name) and (name != "quantity" or not (mechanic and mechanic.report_gives_quantity))
            ]
            if figure:  # a fact's figure as the printed card gives it: scope, how sure, data year
                self.story.append(w.para(("" if explanation else prefix) + " · ".join(figure), "small"))
            for source in card.get("sources", []):
                self.story.append(w.para("• " + w.safe(_source_text(source)), "muted"))
        self.story.append(Spacer(1, 3 * mm))

    def labelled_lines(self, label: str, lines: list[str]) -> list[Flowable]:
        """'Label : text' on one line, or the label over a list when there are several lines."""
        w = self.w
        if len(lines) == 1:
            return [w.para(f"<b>{label}{w.colon}</b> {lines[0]}")]
        return [w.para(f"<b>{label}{w.colon}</b>", "label"), *(w.para(line) for line in lines)]

    def answers_table(self, played: Mapping[str, Any]) -> Table:
        w = self.w
        answers = played.get("answers", {}) or {}
        points = played.get("points", {}) or {}
        team_ids = [t for t in self.teams if t in answers or t in points]
        team_ids += [t for t in list(answers) + list(points) if t not in team_ids]
        rows: list[list[Any]] = [
            [
                w.para(w.word("team"), "head"),
                w.para(w.word("report.team_answer"), "head"),
                w.para(w.word("report.points"), "head"),
            ]
        ]
        for team_id in team_ids:
            rows.append(
                [
                    w.para(self._team_name(team_id), "cell"),
                    w.para(self._team_answer(played, answers.get(team_id)), "cell"),
                    w.para(str(points.get(team_id, 0)), "cell"),
                ]
            )
        return _table(rows, [45 * mm, 111 * mm, 18 * mm])

    def debrief(self) -> None:
        w = self.w
        figures = self.data.get("debrief", {}) or {}
        self.story.append(Spacer(1, 4 * mm))
        lead: list[Flowable] = [Bookmark(w.words["report.debrief"], "debrief"), w.para(w.word("report.debrief"), "h1")]
        if figures.get("scoring", self.data.get("scoring")) == "cooperative":
            score = w.para(f"<b>{w.safe(figures.get('room_score', 0))}</b>", "title")
            self.section("report.room_score", "debrief-score", score, lead)
        else:
            rows: list[list[Any]] = [
                [
                    w.para(w.word("report.rank"), "head"),
                    w.para(w.word("team"), "head"),
                    w.para(w.word("report.score"), "head"),
                ]
            ]
            previous, place = None, 0
            for index, row in enumerate(figures.get("ranking", []), start=1):
                if row.get("score") != previous:
                    place, previous = index, row.get("score")
                name = (
                    self._team_name(row.get("team")) if str(row.get("team")) in self.teams else w.safe(row.get("name"))
                )
                rows.append(
                    [w.para(str(place), "cell"), w.para(name, "cell"), w.para(w.safe(row.get("score")), "cell")]
                )
            self.section(
                "report.ranking", "debrief-ranking", self.rows_or_none(rows, [18 * mm, 120 * mm, 36 * mm]), lead
            )

        for mechanic in MECHANICS.values():
            for part in mechanic.report_debrief(figures, w.language):
                heading = [
                    Bookmark(gettext(part.title), part.bookmark, level=1),
                    w.para(escape(gettext(part.title)), "h2"),
                ]
                self.story += _kept([*heading, self._table(part.table, {})])

    def section(self, key: str, bookmark: str, body: Flowable, lead: Sequence[Flowable] = ()) -> None:
        """A debrief figure: its heading and table kept on one page (with lead, the part's title)."""
        heading = [Bookmark(self.w.words[key], bookmark, level=1), self.w.para(self.w.word(key), "h2")]
        self.story += _kept([*lead, *heading, body])

    def rows_or_none(self, rows: list[list[Any]], widths: Sequence[float]) -> Flowable:
        if len(rows) > 1:
            return _table(rows, widths)
        return self.w.para(f"<i>{self.w.word('report.none')}</i>")


def _source_text(source: Mapping[str, Any]) -> str:
    text = str(source.get("author", ""))
    if source.get("title"):
        text += f", {source['title']}"
    if source.get("year") is not None:
        text += f" ({source['year']})"
    if source.get("url"):
        text += f" — {source['url']}"
    return text


def report_pdf(data: Mapping[str, Any], *, timezone_name: str = "UTC") -> bytes:
    """The report of one session (game.report.report_data) as an A4 PDF with a bookmark per section,
    in the deck's language."""
    with translation.override(str(data.get("language", "fr"))):
        return _report_pdf(data, timezone_name)


def _report_pdf(data: Mapping[str, Any], timezone_name: str) -> bytes:
    report = _Report(data, timezone_name)
    report.title_block()
    report.rounds()
    report.debrief()
    words = report.w.words
    footer = " · ".join(
        "".join(c if ord(c) in report.w.covered else "\ufffd" for c in str(part))
        for part in (words["report"], data.get("title", ""), data.get("code", ""))
        if part
    )

    def on_page(canvas: Canvas, doc: BaseDocTemplate) -> None:
        canvas.saveState()
        canvas.setFillColor(GREY)
        footer_draw(
            canvas,
            footer,
            f"{words['page']} {doc.page}",
            x=MARGIN,
            width=doc.pagesize[0] - 2 * MARGIN,
            y=9 * mm,
            font=REGULAR,
        )
        canvas.restoreState()

    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=A4,
        title=f"{words['report']} — {data.get('title', '')}",
        author="Atelier IA",
        subject=f"{words['report']} {data.get('code', '')}",
        creator="Atelier IA",
        lang=report.w.language,
        initialFontName=REGULAR,
        invariant=True,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=16 * mm,
        bottomMargin=16 * mm,
    )
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body")
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=on_page)])
    doc.build(report.story)
    return buffer.getvalue()
