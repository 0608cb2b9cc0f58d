"""The pages a participant sees: type the code, join a team, play from the phone."""

from __future__ import annotations

import logging
import secrets

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from config.client_address import client_address
from game import broadcast, ratelimit, scripts, selectors, services, takehome
from game.engine import GameError
from game.errors import error_text
from game.forms import JoinForm
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
                found=session,  # read just above: not looked up by its code again
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
            # The room as the join locked and saved it (a new version): nothing to read again.
            response = _play_page(request, player.session, player)
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
    # the modules of the rounds coming, preloaded for the play page (game.scripts)
    context = {"session": session, "form": form, "teams": teams, "chosen": chosen}
    return render(request, "game/join.html", context | {"preload": selectors.mechanics_soon(session)})


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
    state = selectors.state_of(session)
    # the name only, from the room's state: the teams' sizes are not on this page (a query less)
    team_name = next((team.name for team in state.teams if team.id == player.team_id), "")
    mechanics = selectors.mechanics_of(session, state)
    return render(
        request,
        "game/play.html",
        {
            "session": session,
            "player": player,
            "team_name": team_name,
            "socket_path": f"/ws/play/{session.code}/",
            # the words of the phone's scripts only: phone.js and the session's mechanics
            "catalogue_modules": scripts.phone_modules(mechanics),
            "mechanics": mechanics,  # their modules' URLs, for when their round comes (game.scripts)
            "preload": selectors.mechanics_soon(session, state),  # the round's and the next one's
            # What the socket sends on connect, in the page: the card is playable before the
            # socket is open (a tap made meanwhile waits and is sent once it is).
            "snapshot": broadcast.player_snapshot(player),
            "takehome_url": takehome.url_for(player, session.code),  # shown with the debrief
        },
    )
