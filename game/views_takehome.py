"""The take-home page of a player (game.takehome): one page, printable, no account."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.http import require_http_methods

from game import takehome


@require_http_methods(["GET", "HEAD"])
def takehome_page(request: HttpRequest, code: str, public_id: str, key: str) -> HttpResponse:
    player = takehome.player_for(code=code, public_id=public_id, key=key)
    if player is None:
        raise Http404
    session = player.session
    with translation.override(session.language):
        response = render(
            request,
            "game/takehome.html",
            {"session": session, "player": player, "page": takehome.page_data(player, session)},
        )
    # One person's page: kept by their browser only, out of search engines; the links to the
    # sources carry no address of it (Referrer-Policy).
    response["Cache-Control"] = "private, max-age=0"
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response
