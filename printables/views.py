"""Thin views: the printables as downloads for logged-in facilitators."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404

from cards.models import Deck
from cards.selectors import deck_data
from game import joinurl
from game.models import GameSession, Plan
from game.report import report_csv, report_data
from printables.deck_pdf import calibration_pdf, deck_pdf
from printables.errors import OptionError, PrintError
from printables.kit import kit_pdf
from printables.options import deck_options_from_query
from printables.report import report_pdf
from printables.selection import cards_select, keys_parse, plan_keys


def _pdf(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _bad(error: PrintError) -> HttpResponseBadRequest:
    return HttpResponseBadRequest(str(error), content_type="text/plain; charset=utf-8")


def _plan_phases(request: HttpRequest, deck: Deck, query: dict[str, str]) -> list[dict[str, Any]] | None:
    """The phases of the plan asked for with ?plan=<id> (None without one).

    Only a ready-made plan or the requester's own, of this deck: any other answers 404."""
    raw = query.pop("plan", "").strip()
    if not raw:
        return None
    if not raw.isdigit():
        raise OptionError(f"plan must be a plan number, not {raw!r}")
    if query.get("cards", "").strip():
        raise OptionError("choose either a plan or a list of cards, not both")
    plan = Plan.objects.filter(Q(owner=None) | Q(owner=request.user), pk=int(raw), deck=deck).first()
    if plan is None:
        raise Http404("no such plan")
    return list(plan.phases)


@login_required
def deck_pdf_view(request: HttpRequest, slug: str) -> HttpResponse:
    deck_row = get_object_or_404(Deck, slug=slug)
    deck = deck_data(deck=deck_row)
    query = request.GET.dict()
    try:
        phases = _plan_phases(request, deck_row, query)
        options = deck_options_from_query(query)
        keys = plan_keys(phases) if phases is not None else keys_parse(query.get("cards"))
        cards = cards_select(deck, keys)
        data = deck_pdf(deck, cards=cards, options=options)
    except PrintError as error:
        return _bad(error)
    return _pdf(data, f"{slug}-{options.card_size}-{options.paper}.pdf")


KIT_QUERY_NAMES = ("paper", "cards", "plan", "join_url", "join_code", "session")


@login_required
def kit_pdf_view(request: HttpRequest, slug: str) -> HttpResponse:
    deck_row = get_object_or_404(Deck, slug=slug)
    deck = deck_data(deck=deck_row)
    query = request.GET.dict()
    unknown = sorted(set(query) - set(KIT_QUERY_NAMES))
    if unknown:
        return HttpResponseBadRequest(
            f"unknown option {unknown[0]!r}; known options: {', '.join(KIT_QUERY_NAMES)}",
            content_type="text/plain; charset=utf-8",
        )
    join_url, join_code = query.get("join_url", ""), query.get("join_code", "")[:40]
    if join_url and not join_url.startswith(("http://", "https://")):
        return HttpResponseBadRequest("join_url must start with http:// or https://", content_type="text/plain")
    raw_session = query.get("session", "").strip()
    if raw_session:
        # A live session's poster: its code, and the join address the projector shows.
        if not raw_session.isdigit():
            return HttpResponseBadRequest("session must be a session number", content_type="text/plain")
        session = _own_session(request, int(raw_session))
        join_url, join_code = joinurl.join_url(session.code, request), session.code
    base = joinurl.join_base(request)
    try:
        phases = _plan_phases(request, deck_row, query)
        keys = plan_keys(phases) if phases is not None else keys_parse(query.get("cards"))
        data = kit_pdf(
            deck,
            cards=cards_select(deck, keys),
            join_url=join_url,
            join_code=join_code,
            site_url=joinurl.site_url(request) if base.reachable else "",
            paper=query.get("paper", "a4"),
            phases=phases,
        )
    except PrintError as error:
        return _bad(error)
    return _pdf(data, f"{slug}-kit.pdf")


@login_required
def calibration_pdf_view(request: HttpRequest) -> HttpResponse:
    query = request.GET.dict()
    language = query.pop("language", request.LANGUAGE_CODE[:2] if hasattr(request, "LANGUAGE_CODE") else "fr")
    try:
        options = deck_options_from_query(query)
        data = calibration_pdf(
            paper=options.paper,
            duplex=options.duplex,
            offset=(options.offset_x, options.offset_y),
            language=language if language in ("fr", "en") else "fr",
        )
    except PrintError as error:
        return _bad(error)
    return _pdf(data, f"calibration-{options.paper}-{options.duplex}.pdf")


def _own_session(request: HttpRequest, session_id: int) -> GameSession:
    """The requester's own session; anyone else's answers 404, as if it did not exist."""
    return get_object_or_404(GameSession.objects.select_related("deck"), pk=session_id, owner=request.user)


@login_required
def report_pdf_view(request: HttpRequest, session_id: int) -> HttpResponse:
    session = _own_session(request, session_id)
    data = report_pdf(report_data(session), timezone_name=settings.TIME_ZONE)
    return _pdf(data, f"report-{session.code}.pdf")


@login_required
def report_csv_view(request: HttpRequest, session_id: int) -> HttpResponse:
    session = _own_session(request, session_id)
    # The byte order mark lets spreadsheet software read the file as UTF-8 (accents, «»).
    response = HttpResponse("\ufeff" + report_csv(report_data(session)), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="report-{session.code}.csv"'
    return response
