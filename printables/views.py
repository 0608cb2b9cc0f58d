"""Thin views: the printables as downloads for logged-in facilitators."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404

from cards.models import Deck
from cards.selectors import deck_data
from printables.deck_pdf import calibration_pdf, deck_pdf
from printables.errors import PrintError
from printables.kit import kit_pdf
from printables.options import deck_options_from_query
from printables.selection import cards_select, keys_parse


def _pdf(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _bad(error: PrintError) -> HttpResponseBadRequest:
    return HttpResponseBadRequest(str(error), content_type="text/plain; charset=utf-8")


@login_required
def deck_pdf_view(request: HttpRequest, slug: str) -> HttpResponse:
    deck = deck_data(deck=get_object_or_404(Deck, slug=slug))
    try:
        options = deck_options_from_query(request.GET.dict())
        cards = cards_select(deck, keys_parse(request.GET.get("cards")))
        data = deck_pdf(deck, cards=cards, options=options)
    except PrintError as error:
        return _bad(error)
    return _pdf(data, f"{slug}-{options.card_size}-{options.paper}.pdf")


KIT_QUERY_NAMES = ("paper", "cards", "join_url", "join_code")


@login_required
def kit_pdf_view(request: HttpRequest, slug: str) -> HttpResponse:
    deck = deck_data(deck=get_object_or_404(Deck, slug=slug))
    query = request.GET.dict()
    unknown = sorted(set(query) - set(KIT_QUERY_NAMES))
    if unknown:
        return HttpResponseBadRequest(
            f"unknown option {unknown[0]!r}; known options: {', '.join(KIT_QUERY_NAMES)}",
            content_type="text/plain; charset=utf-8",
        )
    join_url = query.get("join_url", "")
    if join_url and not join_url.startswith(("http://", "https://")):
        return HttpResponseBadRequest("join_url must start with http:// or https://", content_type="text/plain")
    try:
        data = kit_pdf(
            deck,
            cards=cards_select(deck, keys_parse(query.get("cards"))),
            join_url=join_url,
            join_code=query.get("join_code", "")[:40],
            site_url=request.build_absolute_uri("/"),
            paper=query.get("paper", "a4"),
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
