"""A player's take-home page: the cards the room played, the right answers with their sources,
what the player's team answered. No account: its address carries a key only that player's
phone is given (a keyed hash of the player's token hash), so that it still opens after the
phone's cookie is gone, for as long as the session is kept (purge_sessions); it never carries
the token itself, which still plays while the game runs.

Only revealed rounds are shown (nothing that a projector has not shown), and nothing about
another team's answers or another player.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.urls import reverse
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

from game.mechanics import MECHANICS
from game.mechanics.report import Cell, Line
from game.models import GameSession, Player
from game.selectors import normalize_code

KEY_SALT = "game.takehome"


def key_for(player: Player) -> str:
    value = f"{player.session_id}:{player.public_id}:{player.token_hash}"
    return salted_hmac(KEY_SALT, value, algorithm="sha256").hexdigest()[:32]


def url_for(player: Player, code: str) -> str:
    return reverse("game:takehome", args=[code, player.public_id, key_for(player)])


def player_for(*, code: str, public_id: str, key: str) -> Player | None:
    """The player this address was given to, or None (no such session, player or key)."""
    clean = normalize_code(code)
    if not clean or len(public_id) > 12 or len(key) != 32:
        return None
    player = Player.objects.select_related("session").filter(session__code=clean, public_id=public_id).first()
    if player is None or not constant_time_compare(key, key_for(player)):
        return None
    return player


# --- the page's words, from the report's rows (game.mechanics.report) ---


def _card(key: Any, cards: Mapping[str, Mapping[str, Any]], full: bool) -> SafeString:
    card = cards.get(str(key)) or {}
    front = str(card.get("front", ""))
    if not full and len(front) > 80:
        front = front[:79] + "…"
    # The front in a span of its own: on paper, the team's answer names its cards by key only
    # (takehome.css), the answer above gives their words.
    return format_html('<b>{}</b> <span class="front-text">{}</span>', key, front)


def line_html(line: Line, cards: Mapping[str, Mapping[str, Any]], teams: Mapping[str, str]) -> SafeString:
    """A mechanic's report line as HTML, every piece of text escaped."""
    out: list[str] = []
    for kind, value in line:
        if kind == "text":
            out.append(escape(value))
        elif kind == "bold":
            out.append(format_html("<b>{}</b>", value))
        elif kind in ("say", "bold_say"):
            msgid, params = value if isinstance(value, tuple) else (value, {})
            said = gettext(msgid) % params if params else gettext(msgid)
            out.append(format_html("<b>{}</b>", said) if kind == "bold_say" else escape(said))
        elif kind == "say_n":  # a fourth item, a dict, gives the count's other parameters
            singular, plural, n, *more = value
            out.append(escape(ngettext(singular, plural, n) % {**(more[0] if more else {}), "n": n}))
        elif kind in ("card", "card_full"):
            out.append(_card(value, cards, kind == "card_full"))
        elif kind == "card_ref":  # the page shows no card keys: the card by its front
            out.append(escape(str((cards.get(str(value)) or {}).get("front") or value)))
        elif kind == "team":
            out.append(escape(teams.get(str(value), value)))
    return mark_safe("".join(out))  # noqa: S308 - every part escaped above


def cell_html(cell: Cell, cards: Mapping[str, Mapping[str, Any]], teams: Mapping[str, str]) -> SafeString:
    return mark_safe("<br>".join(line_html(line, cards, teams) for line in cell))  # noqa: S308


def _links(sources: list[Mapping[str, Any]]) -> list[dict[str, Any]]:
    seen, out = set(), []
    for source in sources:
        label = ", ".join(str(source[k]) for k in ("author", "title", "year") if source.get(k))
        url = str(source.get("url") or "")
        if not url.lower().startswith(("https://", "http://")):
            url = ""
        if (label, url) not in seen and (label or url):
            seen.add((label, url))
            out.append({"label": label, "url": url})
    return out


def page_data(player: Player, session: GameSession) -> dict[str, Any]:
    """The rounds as the page lists them, in the session's language (the view activates it)."""
    from game.report import report_data  # the report's rows: one way to say a round

    data = report_data(session)
    teams = {str(t["id"]): str(t["name"]) for t in data["teams"]}
    team = player.team_id
    rounds = []
    for played in data["rounds"]:
        mechanic = MECHANICS.get(str(played.get("mechanic")))
        if mechanic is None:
            continue
        cards = {str(c.get("key")): c for c in played.get("cards", [])}
        answer = (played.get("answers") or {}).get(team)
        # An anonymous poll gives the room's spread, never a team's answer.
        if not mechanic.scored or answer is None or answer in ([], ""):
            said = None
        else:
            said = cell_html(mechanic.report_answer(played, answer, data["language"]), cards, teams)
        rounds.append(
            {
                "number": int(played.get("index", 0)) + 1,
                "phase": played.get("phase", ""),
                "title": gettext(mechanic.report_title) if mechanic.report_title else "",
                # The fronts when the right answer does not already list the cards (a timeline's does).
                "fronts": [c.get("front", "") for c in played.get("cards", [])] if mechanic.report_lists_hand else [],
                "backs": [c.get("back", "") for c in played.get("cards", []) if c.get("back")],
                "sources": _links([s for c in played.get("cards", []) for s in c.get("sources", [])]),
                "truth": [line_html(line, cards, teams) for line in mechanic.report_truth(played, data["language"])],
                "answer": said,
                "scored": mechanic.scored,
                "points": (played.get("points") or {}).get(team, 0),
            }
        )
    return {"title": data["title"], "team": teams.get(team, ""), "rounds": rounds, "created_at": session.created_at}
