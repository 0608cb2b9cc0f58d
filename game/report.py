"""The session report as plain data: every round, every team's answer, the debrief.

Read by the PDF (printables.report) and the CSV export. Nicknames are the only personal
data it carries; no token, no connection detail.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from typing import Any

from django.utils import translation
from django.utils.translation import gettext, gettext_noop, ngettext

from cards.provenance import provenance_line
from cards.units import UNITS, format_quantity
from game import selectors
from game.debrief import debrief, played_rounds
from game.engine import round_max_points
from game.mechanics import MECHANICS
from game.mechanics.report import Cell, Line
from game.messages import card_back
from game.models import GameSession, Player


def report_data(session: GameSession) -> dict[str, Any]:
    state = selectors.state_of(session)
    cards = selectors.cards_of(session)
    language = session.language
    members: dict[str, list[str]] = {}
    for player in Player.objects.filter(session=session).order_by("team_since", "id"):
        members.setdefault(player.team_id, []).append(player.nickname)
    rounds = []
    revealed = [r for r in state.rounds if r.status == "revealed"]
    for played in played_rounds(state):
        hand = [cards[key] for key in played.card_keys if key in cards]
        mechanic = MECHANICS[played.mechanic]
        phase = state.plan[played.index].phase if played.index < len(state.plan) else 0
        rounds.append(
            {
                "number": played.number,
                "index": played.index,
                "phase": state.phases[phase].title if phase < len(state.phases) else "",
                "mechanic": played.mechanic,
                "cards": [_card_for_report(card, language) for card in hand],
                "answer": mechanic.truth(hand),
                "answers": played.answers,
                "points": played.points,
                "max_points": round_max_points(played),
                "options": played.options,
                # what the reveal added (a duel's comparison, a tally, a poll's spread), keys the report reads
                "reveal": {
                    k: v
                    for k, v in mechanic.reveal(played, hand, revealed, language).items()
                    if k not in ("answers", "points")
                },
            }
        )
    return {
        "title": session.title,
        "code": session.code,
        "language": language,
        "deck": session.deck.title if session.deck else "",
        "created_at": session.created_at.isoformat(timespec="minutes"),
        "scoring": state.scoring,
        "teams": [{"id": t.id, "name": t.name, "members": members.get(t.id, [])} for t in state.teams],
        "rounds": rounds,
        "debrief": debrief(state, cards, language=language),
    }


def _card_for_report(card: dict[str, Any], language: str) -> dict[str, Any]:
    """What the reveal showed of a card, and for a fact what the printed report must say of its
    figure: the quantity with its floor ('more than'), the scope, how sure it is and its year."""
    back = card_back(card, language)
    if card.get("kind") == "fact" and card.get("unit") in UNITS and card.get("value") is not None:
        back["quantity"] = format_quantity(
            card["value"], card.get("value_max"), card["unit"], language, bound=card.get("bound", "")
        )
        back["scope"] = card.get("scope", "")
        back["provenance"] = provenance_line(card.get("status", []), card.get("as_of", ""), language)
    return back


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    text = str(value)
    # A cell starting with = + - @ would run as a formula in a spreadsheet.
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def _words(cell: Cell, cards: Mapping[str, Mapping[str, Any]], names: Mapping[str, str]) -> str:
    """A mechanic's report lines (game.mechanics.report) in plain words, a line each: a card by
    its front (never its key), a word in the active language, a team by its name."""
    return "\n".join(_line_words(line, cards, names) for line in cell)


def _line_words(line: Line, cards: Mapping[str, Mapping[str, Any]], names: Mapping[str, str]) -> str:
    out = []
    for kind, value in line:
        if kind in ("text", "bold"):
            out.append("" if value is None else str(value))
        elif kind in ("say", "bold_say"):
            msgid, params = value if isinstance(value, tuple) else (value, {})
            out.append(gettext(msgid) % params if params else gettext(msgid))
        elif kind == "say_n":
            singular, plural, n, *more = value
            out.append(ngettext(singular, plural, n) % {**(more[0] if more else {}), "n": n})
        elif kind in ("card", "card_full", "card_ref"):
            out.append(str(cards.get(str(value), {}).get("front") or value))
        elif kind == "team":
            out.append(names.get(str(value), str(value)))
    return "".join(out)


CSV_HEAD = (
    gettext_noop("Round"),
    gettext_noop("Phase"),
    gettext_noop("Game"),
    gettext_noop("Cards"),
    gettext_noop("Right answer"),
    gettext_noop("Team"),
    gettext_noop("Answer"),
    gettext_noop("Points"),
    gettext_noop("Maximum"),
)


def report_csv(data: dict[str, Any]) -> str:
    """One row per round and team, in words in the session's language: the game, the cards'
    titles, the right answer, what the team answered, its points and the round's maximum."""
    out = io.StringIO()
    writer = csv.writer(out)
    names = {team["id"]: team["name"] for team in data["teams"]}
    with translation.override(data.get("language") or "fr"):
        writer.writerow([gettext(word) for word in CSV_HEAD])
        for played in data["rounds"]:
            mechanic = MECHANICS.get(str(played["mechanic"]))
            cards = {str(card["key"]): card for card in played["cards"]}
            fronts = "\n".join(str(card.get("front", "")) for card in played["cards"])
            game, truth = str(played["mechanic"]), ""
            if mechanic is not None:
                game = gettext(mechanic.report_title)
                truth = _words(mechanic.report_truth(played, data["language"]), cards, names)
            for team_id, answer in played["answers"].items():
                said = gettext("no answer")
                if answer is not None and answer != [] and mechanic is not None:
                    said = _words(mechanic.report_answer(played, answer, data["language"]), cards, names)
                row = (
                    played["number"],
                    played["phase"],
                    game,
                    fronts,
                    truth,
                    names.get(team_id, team_id),
                    said,
                    played["points"].get(team_id, 0),
                    played.get("max_points", ""),
                )
                writer.writerow([_cell(v) for v in row])
    return out.getvalue()
