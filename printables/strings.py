"""The printed words (cards, kit, report, how-to sheet), translated by gettext in the deck's language.

Each is an English msgid in the "print" context (its words may differ from a page's), worded in
French in locale/fr/LC_MESSAGES/django.po; {name} placeholders are filled by str.format.
"""

from __future__ import annotations

from functools import cache

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import npgettext, pgettext_lazy

STRINGS: dict[str, Promise] = {
    "kind.fact": pgettext_lazy("print", "Impact"),
    "kind.misconception": pgettext_lazy("print", "Misconception"),
    "kind.solution": pgettext_lazy("print", "Solution"),
    "kind.history": pgettext_lazy("print", "History"),
    "verdict.true": pgettext_lazy("print", "True"),
    "verdict.false": pgettext_lazy("print", "False"),
    "verdict.depends": pgettext_lazy("print", "It depends"),
    "actor.individual": pgettext_lazy("print", "Individuals"),
    "actor.organisation": pgettext_lazy("print", "Organisations"),
    "actor.policy": pgettext_lazy("print", "Public policy"),
    "who_acts": pgettext_lazy("print", "Who can act"),
    "answer": pgettext_lazy("print", "Answer"),
    "scope": pgettext_lazy("print", "Scope"),
    "in_guide": pgettext_lazy("print", "The explanation is in the facilitator guide."),
    "fronts": pgettext_lazy("print", "fronts"),
    "backs": pgettext_lazy("print", "backs"),
    "sheet_label": pgettext_lazy("print", "{side} {n}/{total}"),
    "sheet": pgettext_lazy("print", "sheet"),
    "status": pgettext_lazy("print", "Status"),
    "kit_title": pgettext_lazy("print", "facilitator kit"),
    "kit_subject": pgettext_lazy("print", "Rules, facilitator guide ({n} cards), score sheet, poster, sources"),
    "fronts_only": pgettext_lazy("print", "fronts only"),
    "backs_only": pgettext_lazy("print", "backs only"),
    "deck_pdf_title": pgettext_lazy("print", "{n} {size} cards"),
    "duplex.long": pgettext_lazy("print", "double-sided, long edge"),
    "duplex.short": pgettext_lazy("print", "double-sided, short edge"),
    "duplex.fold": pgettext_lazy("print", "single-sided, to fold"),
    "howto.title": pgettext_lazy("print", "How to print this deck"),
    "howto.summary": pgettext_lazy(
        "print",
        "<b>{title}</b>: {n} {size} cards ({w} × {h} mm), {per_sheet} to a {paper} sheet, {sheets} sheets of cards ({pages} pages) after this one.",
    ),
    "howto.scale": pgettext_lazy(
        "print",
        "Print at <b>100 %</b> (actual size): untick “Fit to page” or “Shrink”. The ruler at the bottom of this page must measure exactly 50 mm.",
    ),
    "howto.sides.long": pgettext_lazy(
        "print",
        "Print <b>double-sided, flipping on the long edge</b>. This first sheet has a blank back: the cards start on sheet 2.",
    ),
    "howto.sides.short": pgettext_lazy(
        "print",
        "Print <b>double-sided, flipping on the short edge</b>. This first sheet has a blank back: the cards start on sheet 2.",
    ),
    "howto.sides.fold": pgettext_lazy(
        "print",
        "Print <b>single-sided</b>: each card is printed with its back beside it, the two separated by the dashed fold line.",
    ),
    "howto.sheets": pgettext_lazy(
        "print", "You need <b>{total_sheets} sheets</b> (this one included), {pages} pages of cards."
    ),
    "howto.sheets_fold": pgettext_lazy("print", "You need <b>{total_sheets} sheets</b> (this one included)."),
    "howto.paper": pgettext_lazy(
        "print",
        "Thick {paper} paper (200 to 300 g/m²) if the printer takes it; otherwise 160 g/m², or glue the cards onto thin card.",
    ),
    "howto.calibrate": pgettext_lazy(
        "print",
        "So that each back lands behind its front, first print the calibration page (dashboard → Print) and enter the offsets you measure in the form.",
    ),
    "howto.fold_glue": pgettext_lazy(
        "print", "Fold each pair on the dashed line, back to back, and glue it before cutting."
    ),
    "howto.no_duplex": pgettext_lazy(
        "print",
        "No double-sided printer: print “fronts only”, put the stack back in the tray (the way your printer shows), then print “backs only”.",
    ),
    "howto.cut": pgettext_lazy(
        "print",
        "Cut with a guillotine, or a craft knife along a ruler. The crop marks are in the margins: each cutting line crosses the whole sheet, from one mark to the mark opposite.",
    ),
    "howto.cut_order": pgettext_lazy(
        "print",
        "Cutting order, front facing you: first the {cuts_h} horizontal marks, which gives {rows} strips; then, on each strip, the {cuts_v} vertical marks. The 2 mm strips between the cards are waste.",
    ),
    "howto.labels": pgettext_lazy(
        "print",
        "Each sheet carries its number in the bottom margin (“fronts 1/8”, “backs 1/8”): keep the sheets in order.",
    ),
    "howto.grayscale": pgettext_lazy("print", "Grayscale version: no colour fills, the ink is spared."),
    "howto.bar": pgettext_lazy("print", "50 mm: measure this ruler to check the scale"),
    "version": pgettext_lazy("print", "v"),
    "rules": pgettext_lazy("print", "Rules of the game"),
    "guide": pgettext_lazy("print", "Facilitator guide"),
    "score_sheet": pgettext_lazy("print", "Score sheet"),
    "poster": pgettext_lazy("print", "Poster: join the game"),
    "appendix": pgettext_lazy("print", "Appendix: sources"),
    "talking_points": pgettext_lazy("print", "Talking points"),
    "explanation": pgettext_lazy("print", "Explanation"),
    "front": pgettext_lazy("print", "Front"),
    "team": pgettext_lazy("print", "Team"),
    "total": pgettext_lazy("print", "Total"),
    "bonus": pgettext_lazy("print", "Bonus"),
    "cited_by": pgettext_lazy("print", "cited by"),
    "no_source": pgettext_lazy("print", "No source."),
    "join_title": pgettext_lazy("print", "Join the game!"),
    "join_scan": pgettext_lazy("print", "Scan the QR code with your phone"),
    "join_or": pgettext_lazy("print", "or go to"),
    "join_go": pgettext_lazy("print", "Go to"),
    "join_enter": pgettext_lazy("print", "and enter the code"),
    "join_code": pgettext_lazy("print", "Game code"),
    "join_write": pgettext_lazy("print", "Write the code here"),
    "cards_count": pgettext_lazy("print", "cards"),
    "page": pgettext_lazy("print", "page"),
    "calibration": pgettext_lazy("print", "Duplex calibration"),
    "calibration_front": pgettext_lazy(
        "print", "FRONT — print this page double-sided with the same settings as the deck."
    ),
    "calibration_back": pgettext_lazy("print", "BACK — look at it against the light, back side facing you."),
    "calibration_howto": pgettext_lazy(
        "print",
        "Hold the sheet against a light, back side facing you. Each cross printed on the front shows through onto the rulers of the back: read the graduation (in mm) where it falls, horizontally (x) and vertically (y), on the + or the − side. Enter these values in the dashboard's Print page (offset of the backs, x and y) and print the deck with the same settings; on the command line, print_deck --offset-x and --offset-y. Print this page again with these values to check: the crosses should fall on 0.",
    ),
    "calibration_current": pgettext_lazy("print", "Back offset applied to this print"),
    "report": pgettext_lazy("print", "Session report"),
    "report.session": pgettext_lazy("print", "The session"),
    "report.deck": pgettext_lazy("print", "Deck"),
    "report.date": pgettext_lazy("print", "Date"),
    "report.code": pgettext_lazy("print", "Code"),
    "report.scoring": pgettext_lazy("print", "Scoring"),
    "report.scoring.competitive": pgettext_lazy("print", "Competitive (teams ranked)"),
    "report.scoring.cooperative": pgettext_lazy("print", "Cooperative (the whole room together)"),
    "report.rounds_played": pgettext_lazy("print", "Rounds played"),
    "report.teams": pgettext_lazy("print", "Teams"),
    "report.members": pgettext_lazy("print", "Members"),
    "report.nobody": pgettext_lazy("print", "nobody"),
    "report.rounds": pgettext_lazy("print", "The rounds"),
    "report.round": pgettext_lazy("print", "Round"),
    "report.no_round": pgettext_lazy("print", "No round played yet."),
    "report.phase": pgettext_lazy("print", "Phase"),
    "report.right_answer": pgettext_lazy("print", "Right answer"),
    "report.team_answer": pgettext_lazy("print", "Answer"),
    "report.points": pgettext_lazy("print", "Points"),
    "report.no_answer": pgettext_lazy("print", "no answer"),
    "report.debrief": pgettext_lazy("print", "The debrief"),
    "report.ranking": pgettext_lazy("print", "Ranking"),
    "report.rank": pgettext_lazy("print", "Rank"),
    "report.score": pgettext_lazy("print", "Score"),
    "report.room_score": pgettext_lazy("print", "The whole room's score"),
    "report.none": pgettext_lazy("print", "Nothing to report."),
    "plan_minutes": pgettext_lazy("print", "min"),
}

# The rules sheet: a heading and its paragraph each.
RULES: list[tuple[Promise, Promise]] = [
    (
        pgettext_lazy("print", "The idea"),
        pgettext_lazy(
            "print",
            "Teams of 3 to 6 people play with the deck's cards to discover the impacts of artificial intelligence: its history, what it consumes, the misconceptions around it and what everyone can do. The front of each card asks, the back gives the answer, an explanation and the source.",
        ),
    ),
    (
        pgettext_lazy("print", "Four kinds of cards"),
        pgettext_lazy(
            "print",
            "● Impact: a usage or an event; compare two cards (which weighs more?) or estimate the value.\n▲ Misconception: a statement; each team votes true, false or “it depends”.\n■ Solution: an action; teams choose and rank solutions for a scenario.\n◆ History: an AI milestone; teams place it on the timeline.",
        ),
    ),
    (
        pgettext_lazy("print", "A round"),
        pgettext_lazy(
            "print",
            "The facilitator reads the front aloud. Teams discuss and give their answer in the allotted time (about 2 minutes). The facilitator turns the card over, reads the answer and the explanation, then opens the discussion.",
        ),
    ),
    (
        pgettext_lazy("print", "Points"),
        pgettext_lazy(
            "print",
            "A right answer scores 1 point (duel, true/false/it depends, card well placed on the timeline). For an estimate, the closest team scores 2 points. A well-argued solution may earn a bonus point. In cooperative mode, the whole room scores together.",
        ),
    ),
    (
        pgettext_lazy("print", "What matters"),
        pgettext_lazy(
            "print",
            "The goal is not to win but to understand: every answer is a chance to talk. The sources are on the back of the cards and in the appendix.",
        ),
    ),
]


@cache
def strings_for(language: str) -> dict[str, str]:
    """The printed words in a language (English where it has no catalogue)."""
    with translation.override(language):
        return {key: str(text) for key, text in STRINGS.items()}


@cache
def rules_for(language: str) -> list[tuple[str, str]]:
    with translation.override(language):
        return [(str(heading), str(body)) for heading, body in RULES]


def sources_label(language: str, n: int) -> str:
    """'Source' or 'Sources' before a card's n sources."""
    with translation.override(language):
        return npgettext("print", "Source", "Sources", n)


def cards_label(language: str, n: int) -> str:
    """'Card' or 'Cards' before a round's n cards."""
    with translation.override(language):
        return npgettext("print", "Card", "Cards", n)


def more_sources(language: str, n: int) -> str:
    """'and 2 more in the guide': the sources a card's back has no room for."""
    with translation.override(language):
        return npgettext("print", "and {n} more in the guide", "and {n} more in the guide", n).format(n=n)
