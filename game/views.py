"""The pages a participant sees: type the code, join a team, play from the phone."""

from __future__ import annotations

import logging
import secrets

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from config.client_address import client_address
from game import broadcast, ratelimit, selectors, services, takehome
from game.engine import GameError
from game.errors import error_text
from game.forms import JoinForm
from game.mechanics import MECHANICS
from game.selectors import normalize_code

log = logging.getLogger(__name__)
PLAYER_COOKIE_MAX_AGE = 12 * 3600


def _player_for(request: HttpRequest, session):
    token = request.COOKIES.get(services.PLAYER_COOKIE, "")
    return selectors.player_by_token(session=session, token=token) if token else None


def _browser(request: HttpRequest) -> str:
    return ratelimit.browser_id(request.COOKIES.get(ratelimit.BROWSER_COOKIE, ""))


def _with_browser(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """Give a browser that has none its id (its own budget of wrong codes, game/ratelimit.py)."""
    if not _browser(request):
        signed = ratelimit.browser_issue(client_address(request))
        if signed:
            response.set_cookie(
                ratelimit.BROWSER_COOKIE,
                signed,
                max_age=ratelimit.BROWSER_COOKIE_MAX_AGE,
                path="/",
                httponly=True,
                samesite="Lax",
                secure=request.is_secure(),
            )
    return response


def _too_many(request: HttpRequest) -> HttpResponse:
    log.warning("rate limit: %s refused for %s", request.path, client_address(request))
    error = _("Too many attempts from this network. Wait a few minutes, then type the code again.")
    return render(request, "game/home.html", {"error": error, "code": ""}, status=429)


def _unknown_code(request: HttpRequest, code: str) -> HttpResponse:
    ratelimit.wrong_code(client_address(request), _browser(request))
    error = _("No game is open with the code %(code)s. Check the code on the screen.") % {"code": code}
    return render(request, "game/home.html", {"error": error, "code": code}, status=404)


def counted(singular: str, plural: str) -> dict[str, str]:
    """A count's words for a page's script: the forms for one and for several (ngettext); the
    script picks one with the browser's plural rules (socket.js strings())."""
    return {"one": ngettext(singular, plural, 1), "other": ngettext(singular, plural, 2)}


def _words(text: str | tuple[str, str]) -> str | dict[str, str]:
    return counted(*text) if isinstance(text, tuple) else _(text)


def mechanic_strings(screen: str, used: set[str] | None = None) -> dict[str, str | dict[str, str]]:
    """The mechanics' words for the phone or the staff screens (each module's strings), only
    those of the mechanics in `used` when given (a phone gets only its session's)."""
    out: dict[str, str | dict[str, str]] = {}
    for name, mechanic in MECHANICS.items():
        if used is not None and name not in used:
            continue
        own = mechanic.phone_strings if screen == "phone" else mechanic.staff_strings
        out |= {key: _words(text) for key, text in (mechanic.strings | own).items()}
    return out


def socket_strings(screen: str = "staff", used: set[str] | None = None) -> dict[str, str | dict[str, str]]:
    """The mechanics' words for a live screen (the scripts' own words are in the JavaScript
    catalogue, game/i18n.py)."""
    return mechanic_strings(screen, used)


@require_http_methods(["GET", "HEAD"])
def home(request: HttpRequest) -> HttpResponse:
    raw = request.GET.get("code")
    if raw is None:
        return _with_browser(request, render(request, "game/home.html", {"code": ""}))
    code = normalize_code(raw)
    if code:
        return redirect("game:join", code=code)
    return render(request, "game/home.html", {"code": raw, "error": _("Type the code shown on the screen.")})


@require_http_methods(["GET", "HEAD", "POST"])
def join(request: HttpRequest, code: str) -> HttpResponse:
    return _with_browser(request, _join(request, code))


def _join(request: HttpRequest, code: str) -> HttpResponse:
    # Checked before the code is looked up: a stopped guesser learns nothing more.
    if not ratelimit.join_allowed(client_address(request), _browser(request)):
        return _too_many(request)
    # A code typed or scanned in another case or with spaces is answered as is (no redirect:
    # one round trip less on a slow network); the form posts to the canonical address.
    clean = normalize_code(code)
    session = selectors.session_by_code(clean) if clean else None
    if session is None:
        return _unknown_code(request, code)
    if _player_for(request, session) is not None:
        return redirect("game:play", code=session.code)
    teams = selectors.team_choices(session)
    form = JoinForm(request.POST or None, teams=teams, initial={"attempt": secrets.token_urlsafe(16)})
    if request.method == "POST" and form.is_valid():
        if not ratelimit.join_counted(client_address(request), _browser(request)):
            return _too_many(request)
        try:
            player, token = services.player_join(
                code=session.code,
                nickname=form.cleaned_data["nickname"],
                team_id=form.cleaned_data["team"] or None,
                attempt=form.cleaned_data["attempt"],
            )
        except GameError as error:
            form.add_error(None, error_text(error, get_language()))
        else:
            # The play page itself, not a redirect to it: one round trip less on a slow network.
            # The page puts its canonical address (/play/CODE) in the history, so a reload is a
            # plain GET there and never posts the form again.
            session.refresh_from_db()  # the join made a new version of the room
            player.session = session
            response = _play_page(request, session, player)
            response.set_cookie(
                services.PLAYER_COOKIE,
                token,
                max_age=PLAYER_COOKIE_MAX_AGE,
                path="/",
                httponly=True,
                samesite="Lax",
                secure=request.is_secure(),
            )
            return response
    chosen = form["team"].value() or ""
    return render(request, "game/join.html", {"session": session, "form": form, "teams": teams, "chosen": chosen})


@require_http_methods(["GET", "HEAD"])
def play(request: HttpRequest, code: str) -> HttpResponse:
    if not ratelimit.join_allowed(client_address(request), _browser(request)):
        return _too_many(request)
    clean = normalize_code(code)
    session = selectors.session_by_code(clean, include_ended=True) if clean else None
    if session is None:
        return _unknown_code(request, code)
    player = _player_for(request, session)
    if player is None:
        return redirect("game:join", code=session.code)
    player.session = session
    return _play_page(request, session, player)


def _play_page(request: HttpRequest, session, player) -> HttpResponse:
    teams = selectors.team_choices(session)
    team_name = next((t["name"] for t in teams if t["id"] == player.team_id), "")
    strings = {
        **socket_strings("phone", {item.mechanic for item in selectors.state_of(session).plan}),
        "lobby": _("Waiting for the facilitator to start…"),
        "draft": _("The room is not open yet."),
        "ended": _("The game is over. Thank you!"),
        "paused": _("Paused"),
        "closed": _("Time is up"),
        "skipped": _("Card skipped"),
        "waiting_reveal": _("Answers are closed: look at the big screen!"),
        "card": _("Card %(n)s of %(total)s"),
        "no_proposal": _("no proposal yet"),
        "you": _("you"),
        "captain": _("captain"),
        "locked": _("Your team's answer is settled: %(answer)s"),
        "team_answer": _("Your team answered: %(answer)s"),
        "no_answer": _("no answer"),
        "points": _("Points for your team: %(points)s"),
        "score": _("Team score: %(score)s"),
        "room_score": _("Room score: %(score)s"),
        "right": _("Right!"),
        "wrong": _("Not this time."),
        "removed": _("The facilitator removed you from the game."),
        "unknown_player": _("This phone is no longer in the game."),
        "team_none": _("no team yet"),
        "debrief": _("Debrief: the scores"),
        "your_proposal": _("Your proposal"),
        "your_proposal_is": _("Your proposal: %(answer)s"),
        "in_unit": _("in %(unit)s"),
        "propose": _("Propose"),
        "proposed": _("Proposed ✓"),
        "pending_short": _("Not sent yet…"),
        "pending_sending": _("Sending your choice…"),
        "pending_offline": _(
            "Not sent yet: no connection. Your choice is kept and will be sent when the phone is back."
        ),
        "higher": _("higher"),
        "counted": _("Counted: %(scope)s"),
    }
    return render(
        request,
        "game/play.html",
        {
            "session": session,
            "player": player,
            "team_name": team_name,
            "strings": strings,
            "socket_path": f"/ws/play/{session.code}/",
            # What the socket sends on connect, in the page: the card is playable before the
            # socket is open (a tap made meanwhile waits and is sent once it is).
            "snapshot": broadcast.player_snapshot(player),
            "takehome_url": takehome.url_for(player, session.code),  # shown with the debrief
        },
    )
