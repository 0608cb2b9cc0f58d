"""The facilitator's pages: the sessions, a new session, the control panel, the projector."""

from __future__ import annotations

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cards.models import Deck
from facilitator.forms import SessionForm
from game import selectors, services
from game.engine import GameError
from game.errors import error_text
from game.models import GameSession


def _own_session(request: HttpRequest, session_id: int) -> GameSession:
    # Another facilitator's session does not exist as far as this one can tell.
    return get_object_or_404(selectors.sessions_of(request.user), pk=session_id)


@login_required
@require_http_methods(["GET", "HEAD"])
def dashboard(request: HttpRequest) -> HttpResponse:
    sessions = selectors.sessions_of(request.user)
    decks = Deck.objects.all()
    return render(request, "facilitator/dashboard.html", {"sessions": sessions, "decks": decks})


def _default_deck(request: HttpRequest) -> Deck | None:
    decks = Deck.objects.all()
    wanted = request.GET.get("deck") or request.POST.get("deck")
    if wanted and str(wanted).isdigit():
        deck = decks.filter(pk=int(wanted)).first()
        if deck:
            return deck
    return decks.filter(language=get_language()).first() or decks.first()


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def session_new(request: HttpRequest) -> HttpResponse:
    deck = _default_deck(request)
    if deck is None:
        return render(request, "facilitator/new.html", {"form": None, "decks": []})
    form = SessionForm(request.POST or None, deck=deck)
    if request.method == "POST" and form.is_valid():
        try:
            session = services.session_create(
                owner=request.user,
                deck=deck,
                card_keys=form.card_keys(),
                title=form.cleaned_data["title"],
                scoring=form.cleaned_data["scoring"],
                team_count=form.cleaned_data["team_count"],
                duration=form.cleaned_data["duration"],
            )
        except GameError as error:
            form.add_error(None, error_text(error, get_language()))
        else:
            return redirect("facilitator:control", session_id=session.pk)
    return render(request, "facilitator/new.html", {"form": form, "deck": deck, "decks": Deck.objects.all()})


@login_required
@require_POST
def session_delete(request: HttpRequest, session_id: int) -> HttpResponse:
    session = _own_session(request, session_id)
    try:
        services.session_delete(user=request.user, session_id=session.pk)
    except GameSession.DoesNotExist as missing:
        raise Http404 from missing
    messages.success(request, _("Session “%(title)s” deleted.") % {"title": session.title})
    return redirect("facilitator:dashboard")


def _staff_strings() -> dict[str, str]:
    return {
        "true": _("True"),
        "false": _("False"),
        "depends": _("It depends"),
        "connecting": _("Connecting…"),
        "online": _("Connected"),
        "reconnecting": _("Connection lost, reconnecting…"),
        "closed": _("Disconnected: reload the page and log in again."),
        "phase_draft": _("Not open yet"),
        "phase_lobby": _("Room open"),
        "phase_playing": _("Playing"),
        "phase_ended": _("Ended"),
        "locked": _("locked"),
        "status_answering": _("Answering"),
        "status_paused": _("Paused"),
        "status_closed": _("Answers closed"),
        "status_revealed": _("Revealed"),
        "status_skipped": _("Skipped"),
        "card": _("Card %(n)s of %(total)s"),
        "answered": _("%(n)s of %(total)s teams have answered"),
        "no_answer": _("no answer"),
        "answer_is": _("Answer: %(answer)s"),
        "score": _("Score: %(score)s"),
        "room_score": _("Room score: %(score)s"),
        "players": _("Players: %(n)s"),
        "nobody": _("Nobody yet"),
        "unassigned": _("No team"),
        "rename": _("Rename"),
        "remove": _("Remove"),
        "move_to": _("Move %(name)s to"),
        "confirm_remove": _("Remove %(name)s from the game?"),
        "confirm_remove_team": _("Remove the team %(name)s? Its members will have no team."),
        "confirm_end": _("End the session for everyone?"),
        "waiting": _("Waiting for the first card…"),
        "final": _("Final scores"),
        "paused": _("Paused"),
        "closed_answers": _("Time is up"),
        "skipped": _("Card skipped"),
        "answer": _("Answer"),
        "team": _("Team"),
        "open_first": _("Open the room so that phones can join."),
    }


@login_required
@require_http_methods(["GET", "HEAD"])
def control(request: HttpRequest, session_id: int) -> HttpResponse:
    session = _own_session(request, session_id)
    join_url = request.build_absolute_uri(reverse("game:join", args=[session.code]))
    return render(
        request,
        "facilitator/control.html",
        {
            "session": session,
            "join_url": join_url,
            "strings": _staff_strings(),
            "socket_path": f"/ws/staff/{session.pk}/",
        },
    )


@login_required
@require_http_methods(["GET", "HEAD"])
def screen(request: HttpRequest, session_id: int) -> HttpResponse:
    session = _own_session(request, session_id)
    join_url = request.build_absolute_uri(reverse("game:join", args=[session.code]))
    qr_svg = segno.make(join_url, error="m").svg_inline(scale=1, omitsize=True, border=2, dark="#000", light="#fff")
    return render(
        request,
        "facilitator/screen.html",
        {
            "session": session,
            "join_url": join_url,
            "join_host": join_url.split("://", 1)[-1].split("/", 1)[0],
            "qr_svg": qr_svg,
            "strings": _staff_strings(),
            "socket_path": f"/ws/staff/{session.pk}/",
        },
    )
