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
from facilitator import plan_editor
from facilitator.forms import PlanSessionForm, SessionForm, plans_for
from game import joinurl, selectors, services
from game.engine import GameError
from game.errors import error_text, error_texts
from game.models import GameSession, Plan


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


def _session_errors(error: GameError) -> list[str]:
    """Why a session cannot start or a plan be saved: its problems one by one, in the page's language."""
    return error_texts(error) or [error_text(error, get_language())]


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def session_new(request: HttpRequest) -> HttpResponse:
    deck = _default_deck(request)
    if deck is None:
        return render(request, "facilitator/new.html", {"form": None, "decks": []})
    from_plan = request.method == "POST" and request.POST.get("mode") == "plan"
    form = SessionForm(request.POST if request.method == "POST" and not from_plan else None, deck=deck)
    plan_form = PlanSessionForm(request.POST if from_plan else None, user=request.user)
    if request.method == "POST" and not from_plan and form.is_valid():
        try:
            session = services.session_create(
                owner=request.user,
                deck=deck,
                card_keys=form.card_keys(),
                title=form.cleaned_data["title"],
                scoring=form.cleaned_data["scoring"],
                team_count=form.cleaned_data["team_count"],
                duration=form.cleaned_data["duration"],
                projector_only=form.cleaned_data["projector_only"],
            )
        except GameError as error:
            for text in _session_errors(error):
                form.add_error(None, text)
        else:
            return redirect("facilitator:control", session_id=session.pk)
    if from_plan and plan_form.is_valid():
        try:
            session = services.session_create_from_plan(
                owner=request.user,
                plan=plan_form.cleaned_data["plan"],
                title=plan_form.cleaned_data["title"],
                scoring=plan_form.cleaned_data["scoring"],
                team_count=plan_form.cleaned_data["team_count"],
                duration=plan_form.cleaned_data["duration"],
                projector_only=plan_form.cleaned_data["projector_only"],
            )
        except GameError as error:
            for text in _session_errors(error):
                plan_form.add_error(None, text)
        else:
            return redirect("facilitator:control", session_id=session.pk)
    wanted = request.GET.get("plan")
    if not from_plan and wanted and wanted.isdigit():
        plan_form.initial["plan"] = int(wanted)
    return render(
        request,
        "facilitator/new.html",
        {
            "form": form,
            "plan_form": plan_form,
            "from_plan": from_plan or bool(wanted),
            "deck": deck,
            "decks": Deck.objects.all(),
        },
    )


# --- plans ---


@login_required
@require_http_methods(["GET", "HEAD"])
def plans(request: HttpRequest) -> HttpResponse:
    visible = list(plans_for(request.user))
    for plan in visible:
        plan.total = plan_editor.total_summary(plan.phases)  # type: ignore[attr-defined]  # the template's
    decks = [
        {
            "deck": deck,
            "ready": [p for p in visible if p.deck_id == deck.pk and p.owner_id is None],
            "own": [p for p in visible if p.deck_id == deck.pk and p.owner_id == request.user.pk],
        }
        for deck in Deck.objects.all()
    ]
    return render(request, "facilitator/plans.html", {"decks": decks})


@login_required
@require_POST
def plan_copy(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = get_object_or_404(plans_for(request.user), pk=plan_id)
    copy = services.plan_copy(user=request.user, plan=plan)
    messages.success(request, _("Your copy of “%(title)s” is ready to edit.") % {"title": plan.title})
    return redirect("facilitator:plan_edit", plan_id=copy.pk)


@login_required
@require_POST
def plan_delete(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = get_object_or_404(Plan, pk=plan_id, owner=request.user)
    plan.delete()
    messages.success(request, _("Plan “%(title)s” deleted.") % {"title": plan.title})
    return redirect("facilitator:plans")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def plan_edit(request: HttpRequest, plan_id: int) -> HttpResponse:
    # Only one's own plans: a ready-made plan is copied first, another's plan does not exist.
    plan = get_object_or_404(Plan.objects.select_related("deck"), pk=plan_id, owner=request.user)
    deck_cards = list(plan.deck.cards.order_by("position", "id"))
    kinds = {card.key: card.kind for card in deck_cards}
    title, phases, errors, dirty = plan.title, plan.phases, [], False
    if request.method == "POST":
        title = request.POST.get("title", "").strip()
        phases = plan_editor.phases_from_post(request.POST, kinds)
        action = request.POST.get("action", "save")
        if action == "save":
            try:
                services.plan_update(user=request.user, plan=plan, title=title, phases=phases)
            except GameError as error:
                errors = _session_errors(error)
                dirty = True
            else:
                messages.success(request, _("Plan saved."))
                return redirect("facilitator:plan_edit", plan_id=plan.pk)
        else:
            phases = plan_editor.apply_action(phases, action)
            dirty = True
    return render(
        request,
        "facilitator/plan_edit.html",
        {
            "plan": plan,
            "title": title,
            "rows": plan_editor.phase_rows(phases, deck_cards),
            "phase_count": len(phases),
            "mechanics": plan_editor.mechanic_names(),
            "total": plan_editor.total_summary(phases),
            "weight": plan_editor.weight_limits(),
            "errors": errors,
            "dirty": dirty,
        },
    )


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


@login_required
@require_http_methods(["GET", "HEAD"])
def control(request: HttpRequest, session_id: int) -> HttpResponse:
    session = _own_session(request, session_id)
    base = joinurl.join_base(request)
    return render(
        request,
        "facilitator/control.html",
        {
            "session": session,
            "join_url": joinurl.join_url(session.code, request),
            "join_reachable": base.reachable,
            "serves_lan": joinurl.serves_lan(),
            "kit_url": reverse("printables:kit_pdf", args=[session.deck.slug]) + f"?session={session.pk}"
            if session.deck
            else "",
            "socket_path": f"/ws/staff/{session.pk}/",
        },
    )


@login_required
@require_http_methods(["GET", "HEAD"])
def screen(request: HttpRequest, session_id: int) -> HttpResponse:
    session = _own_session(request, session_id)
    base = joinurl.join_base(request)
    join_url = joinurl.join_url(session.code, request)
    qr_svg = segno.make(join_url, error="m").svg_inline(scale=1, omitsize=True, border=2, dark="#000", light="#fff")
    return render(
        request,
        "facilitator/screen.html",
        {
            "session": session,
            "join_url": join_url,
            "join_host": base.host,
            "join_reachable": base.reachable,
            "qr_svg": qr_svg,
            "socket_path": f"/ws/staff/{session.pk}/",
        },
    )
