"""The facilitator kit: rules, guide (every card in play order with its answer), score sheet,
join poster and sources appendix, one PDF with a bookmark for each part."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from cards.deckfile import CardData, DeckData, SourceData
from printables.cards import fact_provenance, headline
from printables.errors import OptionError
from printables.fit import hyphenated, markup
from printables.flow import footer_draw, frame_size, kept_together
from printables.fonts import BOLD, REGULAR, fonts_register, glyphs_check
from printables.qr import qr_draw, qr_matrix
from printables.strings import rules_for, strings_for

PAGE_SIZES = {"a4": A4, "letter": LETTER}
MARGIN_X, MARGIN_Y = 20 * mm, 18 * mm
AUTHOR = "Atelier IA"


class Bookmark(Flowable):
    """An invisible flowable that opens an outline entry (a PDF bookmark) where it lands."""

    def __init__(self, title: str, key: str, level: int = 0) -> None:
        super().__init__()
        self.title, self.key, self.level = title, key, level
        self.width = self.height = 0

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.canv.bookmarkPage(self.key)
        self.canv.addOutlineEntry(self.title, self.key, level=self.level, closed=self.level == 0)


class QrFlowable(Flowable):
    def __init__(self, data: str, size: float) -> None:
        super().__init__()
        self.matrix, self.size = qr_matrix(data), size

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        qr_draw(self.canv, self.matrix, 0, 0, self.size)


def _styles(language: str = "fr") -> dict[str, ParagraphStyle]:
    base = hyphenated(ParagraphStyle("body", fontName=REGULAR, fontSize=10, leading=13, spaceAfter=4), language)
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=8.5, leading=11),
        "h1": ParagraphStyle("h1", parent=base, fontName=BOLD, fontSize=20, leading=24, spaceAfter=10),
        "h2": ParagraphStyle("h2", parent=base, fontName=BOLD, fontSize=12.5, leading=16, spaceBefore=6),
        "card": ParagraphStyle("card", parent=base, fontName=BOLD, fontSize=11, leading=14, spaceBefore=8),
        "poster_title": ParagraphStyle("pt", parent=base, fontName=BOLD, fontSize=40, leading=48, alignment=TA_CENTER),
        "poster": ParagraphStyle("p", parent=base, fontSize=20, leading=26, alignment=TA_CENTER),
        "poster_code": ParagraphStyle("pc", parent=base, fontName=BOLD, fontSize=64, leading=76, alignment=TA_CENTER),
    }


class _Text:
    """Paragraphs from user text: glyphs checked (naming where), markup escaped."""

    def __init__(self, styles: dict[str, ParagraphStyle]) -> None:
        self.styles = styles

    def __call__(self, text: str, style: str = "body", *, where: str, label: str = "") -> Paragraph:
        glyphs_check(text, where=where)
        prefix = f"<b>{escape(label)}</b> " if label else ""
        return Paragraph(prefix + markup(text), self.styles[style])


def _source_text(source: SourceData) -> str:
    text = source.author
    if source.title:
        text += f", {source.title}"
    if source.year is not None:
        text += f" ({source.year})"
    if source.url:
        text += f" — {source.url}"
    return text


def poster_story(
    lang: str, styles: dict[str, ParagraphStyle], text: _Text, *, join_url: str, join_code: str, site_url: str
) -> list[Flowable]:
    """The join poster: the live session's QR code and code, or room to write the code under the
    site's address."""
    words = strings_for(lang)
    colon = " :" if lang == "fr" else ":"
    story: list[Flowable] = []
    story += [Bookmark(words["poster"], "poster"), Spacer(1, 15 * mm)]
    story.append(Paragraph(escape(words["join_title"]), styles["poster_title"]))
    story.append(Spacer(1, 12 * mm))
    if join_url:
        glyphs_check(join_url, where="join address")
        qr = QrFlowable(join_url, 110 * mm)
        qr.hAlign = "CENTER"
        story += [Paragraph(escape(words["join_scan"]), styles["poster"]), Spacer(1, 6 * mm), qr, Spacer(1, 6 * mm)]
        story.append(text(f"{words['join_or']} {join_url}", "poster", where="join address"))
    elif site_url:
        story.append(text(f"{words['join_go']} {site_url}", "poster", where="site address"))
    story.append(Spacer(1, 8 * mm))
    story.append(
        Paragraph(
            escape(f"{words['join_enter'] if (join_url or site_url) else words['join_code']}{colon}"), styles["poster"]
        )
    )
    if join_code:
        story.append(text(join_code, "poster_code", where="join code"))
    else:
        box = Table([[""]], colWidths=[140 * mm], rowHeights=[45 * mm])
        box.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 2, colors.black), ("FONT", (0, 0), (-1, -1), REGULAR, 10)]))
        story += [Spacer(1, 4 * mm), box, Paragraph(escape(words["join_write"]), styles["small"])]
    return story


def poster_pdf(*, language: str, join_url: str, join_code: str, title: str = "", paper: str = "a4") -> bytes:
    """A live session's join poster alone, one page: its QR code, its address and its code."""
    if paper not in PAGE_SIZES:
        raise OptionError(f"unknown paper {paper!r}; expected one of {', '.join(PAGE_SIZES)}")
    fonts_register()
    lang = language if language in ("fr", "en") else "fr"
    words = strings_for(lang)
    styles = _styles(lang)
    story = poster_story(lang, styles, _Text(styles), join_url=join_url, join_code=join_code, site_url="")
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=PAGE_SIZES[paper],
        title=f"{words['poster']} — {title or join_code}",
        author=AUTHOR,
        subject=join_url,
        creator=AUTHOR,
        lang=lang,
        initialFontName=REGULAR,
        invariant=True,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_Y,
        bottomMargin=MARGIN_Y,
    )
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body")
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    doc.build(story)
    return buffer.getvalue()


def kit_pdf(
    deck: DeckData,
    *,
    cards: Sequence[CardData] | None = None,
    join_url: str = "",
    join_code: str = "",
    site_url: str = "",
    paper: str = "a4",
    phases: Sequence[Mapping[str, Any]] | None = None,
) -> bytes:
    """The kit for `cards` (the deck's order by default; a plan passes its cards in play order).

    With a plan's phases, the guide has a heading per phase (title, time budget) over its cards.

    join_url and join_code come from a live session; without them the poster leaves a space to
    write the code, under the site address when one is given."""
    if paper not in PAGE_SIZES:
        raise OptionError(f"unknown paper {paper!r}; expected one of {', '.join(PAGE_SIZES)}")
    fonts_register()
    chosen = list(deck.cards if cards is None else cards)
    lang = deck.language
    page_size = PAGE_SIZES[paper]
    frame = frame_size(page_size, left=MARGIN_X, right=MARGIN_X, top=MARGIN_Y, bottom=MARGIN_Y)
    words = strings_for(lang)
    colon = " :" if lang == "fr" else ":"
    styles = _styles(lang)
    text = _Text(styles)
    glyphs_check(deck.title, where="deck title")
    story: list[Flowable] = []

    # 1. rules
    story += [Bookmark(words["rules"], "rules"), Paragraph(escape(words["rules"]), styles["h1"])]
    story.append(text(deck.title, "h2", where="deck title"))
    if deck.description.strip():
        story.append(text(deck.description, where="deck description"))
    for heading, body in rules_for(lang):
        story += [Paragraph(escape(heading), styles["h2"]), Paragraph(markup(body), styles["body"])]
    story.append(PageBreak())

    # 2. guide, in play order, with the answer key in that same order (under each phase of a plan)
    story += [Bookmark(words["guide"], "guide"), Paragraph(escape(words["guide"]), styles["h1"])]
    by_key = {card.key: card for card in chosen}
    groups: list[tuple[Mapping[str, Any] | None, list[CardData]]] = []
    if phases is None:
        groups.append((None, chosen))
    else:
        seen: set[str] = set()
        for planned in phases:
            keys = [str(k) for k in planned.get("cards", []) if str(k) in by_key and str(k) not in seen]
            seen.update(keys)
            groups.append((planned, [by_key[k] for k in keys]))
    number = 0
    for group, (phase, phase_cards) in enumerate(groups, start=1):
        level = 1
        if phase is not None:
            level = 2
            title = str(phase.get("title", ""))
            minutes = round(int(phase.get("budget", 0) or 0) / 60)
            heading = f"{title} — {minutes} {words['plan_minutes']}"
            glyphs_check(title, where=f"phase {group} title")
            story += [
                CondPageBreak(50 * mm),
                Bookmark(heading, f"phase-{group}", level=1),
                Paragraph(markup(heading), styles["h2"]),
            ]
        for card in phase_cards:
            number += 1
            where = f"card {card.key}"
            kind = words.get(f"kind.{card.kind}", card.kind)
            title = f"{number}. {card.key} — {kind}"
            block: list[Flowable] = [
                Bookmark(title, f"card-{number}", level=level),
                Paragraph(escape(title), styles["card"]),
            ]
            block.append(text(card.front, where=f"{where}, box front", label=f"{words['front']}{colon}"))
            answer = " — ".join(p for p in (headline(card, lang), card.comparison.strip()) if p)
            if answer:
                block.append(text(answer, where=f"{where}, box answer", label=f"{words['answer']}{colon}"))
            if card.kind == "fact" and card.scope.strip():
                block.append(text(card.scope.strip(), where=f"{where}, box scope", label=f"{words['scope']}{colon}"))
            provenance = fact_provenance(card, lang)
            if provenance:
                block.append(text(provenance, where=f"{where}, box status", label=f"{words['status']}{colon}"))
            block.append(text(card.back, where=f"{where}, box back", label=f"{words['explanation']}{colon}"))
            for source in card.sources:
                block.append(text(_source_text(source), "small", where=f"{where}, box sources", label="•"))
            if card.notes.strip():
                block.append(text(card.notes, where=f"{where}, box notes", label=f"{words['talking_points']}{colon}"))
            story += kept_together(block, frame)
    story.append(PageBreak())

    # 3. score sheet: one row per team, one column per kind of card played
    story += [Bookmark(words["score_sheet"], "scores"), Paragraph(escape(words["score_sheet"]), styles["h1"])]
    kinds = list(dict.fromkeys(card.kind for card in chosen))
    header = [words["team"]] + [words.get(f"kind.{k}", k) for k in kinds] + [words["bonus"], words["total"]]
    first = 40 * mm
    rest = (PAGE_SIZES[paper][0] - 2 * MARGIN_X - first) / (len(header) - 1)
    # every header word whole on its line ("Misconception", not "Misconce/ption"): a smaller size
    # first, a hyphen at a syllable only below 6 pt
    longest = max(stringWidth(word, BOLD, 1) for h in header[1:] for word in h.split())
    head_size = max(6.0, min(8.5, (rest - 13) / longest))  # a cell pads 6 pt each side
    head_style = ParagraphStyle(
        "th", parent=styles["small"], fontName=BOLD, fontSize=head_size, leading=head_size * 1.25, alignment=TA_CENTER
    )
    rows: list[list[object]] = [[Paragraph(escape(h), head_style) for h in header]]
    rows += [[""] * len(header) for _ in range(10)]
    table = Table(rows, colWidths=[first] + [rest] * (len(header) - 1), rowHeights=[12 * mm] + [16 * mm] * 10)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), REGULAR, 10),  # a table's default font is Helvetica
                ("FONT", (0, 0), (-1, 0), BOLD, 10),
                ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#DDDDDD")),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("ALIGN", (1, 0), (-1, 0), "CENTER"),
            ]
        )
    )
    story += [Spacer(1, 4 * mm), table, PageBreak()]

    # 4. join poster
    story += poster_story(lang, styles, text, join_url=join_url, join_code=join_code, site_url=site_url)
    story.append(PageBreak())

    # 5. sources appendix: every source once, with the cards citing it
    story += [Bookmark(words["appendix"], "sources"), Paragraph(escape(words["appendix"]), styles["h1"])]
    cited: dict[tuple[str, str, int | None, str], list[str]] = {}
    for card in chosen:
        for source in card.sources:
            cited.setdefault((source.author, source.title, source.year, source.url), []).append(card.key)
    if not cited:
        story.append(Paragraph(escape(words["no_source"]), styles["body"]))
    for (author, title, year, url), keys in sorted(cited.items(), key=lambda item: (item[0][0].lower(), item[0][1])):
        line = _source_text(SourceData(author, title, year, url))
        story.append(
            text(f"{line} ({words['cited_by']} {', '.join(keys)})", "small", where=f"card {keys[0]}, box sources")
        )

    buffer = io.BytesIO()
    footer = f"{deck.title} · {deck.version}"
    glyphs_check(deck.version, where="deck version")

    def on_page(canvas: Canvas, doc: BaseDocTemplate) -> None:
        canvas.saveState()
        canvas.setFillColor(colors.HexColor("#555555"))
        footer_draw(
            canvas,
            footer,
            f"{words['page']} {doc.page}",
            x=MARGIN_X,
            width=doc.pagesize[0] - 2 * MARGIN_X,
            y=10 * mm,
            font=REGULAR,
        )
        canvas.restoreState()

    doc = BaseDocTemplate(
        buffer,
        pagesize=page_size,
        title=f"{deck.title} — {words['kit_title']}",
        author=AUTHOR,
        subject=words["kit_subject"].format(n=len(chosen)),
        creator=AUTHOR,
        lang=lang,
        initialFontName=REGULAR,
        invariant=True,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_Y,
        bottomMargin=MARGIN_Y,
    )
    page_frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body")
    doc.addPageTemplates([PageTemplate(id="page", frames=[page_frame], onPage=on_page)])
    doc.build(story)
    return buffer.getvalue()
