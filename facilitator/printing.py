"""The print page: every printable of a deck or a plan from one form, one click to the file.

The form checks what a facilitator chose; the printables (pure functions, plain data in) make the
file; the same option checks as the command line apply (printables.options.DeckOptions).
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cards.models import Deck
from cards.selectors import deck_data
from facilitator.forms import plans_for
from game import joinurl, selectors
from game.models import GameSession
from printables.deck_pdf import calibration_pdf, deck_pdf
from printables.errors import PrintError
from printables.exports import faces_png_zip, tts_zip
from printables.kit import kit_pdf, poster_pdf
from printables.layout import CARD_SIZES
from printables.options import MAX_OFFSET_MM, DeckOptions
from printables.selection import cards_select, plan_keys

WHAT = [
    ("cards", gettext_lazy("Card sheets (PDF): fronts, backs, crop marks")),
    ("kit", gettext_lazy("Facilitator kit (PDF): rules, guide with the answers, score sheet, poster, sources")),
    ("poster", gettext_lazy("Join poster of a live session (PDF), with its QR code")),
    ("calibration", gettext_lazy("Duplex calibration page (PDF): print it first, measure the offsets")),
    ("png", gettext_lazy("One image per card face for an online printer (ZIP of PNG, 300 dpi, with bleed)")),
    ("tts", gettext_lazy("Tabletop Simulator deck sheets (ZIP of PNG)")),
]
SIZE_LABELS = {
    "poker": gettext_lazy("poker, 63 × 88 mm"),
    "bridge": gettext_lazy("bridge, 57 × 88 mm"),
    "tarot": gettext_lazy("tarot, 70 × 120 mm"),
    "mini": gettext_lazy("mini, 44 × 63 mm"),
}


def session_join_url(request: HttpRequest, session: GameSession) -> str:
    """The address a phone opens to join: the projector's own (PUBLIC_URL, else the LAN address)."""
    return joinurl.join_url(session.code, request)


def site_url(request: HttpRequest) -> str:
    """The site's address printed on a poster without a session, as phones can open it."""
    return joinurl.site_url(request)


class PrintForm(forms.Form):
    what = forms.ChoiceField(
        label=gettext_lazy("What to print"), choices=WHAT, initial="cards", widget=forms.RadioSelect
    )
    deck = forms.ChoiceField(label=gettext_lazy("Deck"), required=False)
    plan = forms.ChoiceField(label=gettext_lazy("Plan (its cards only, in play order)"), required=False)
    language = forms.ChoiceField(
        label=gettext_lazy("Language"),
        choices=[("", gettext_lazy("the deck's own")), ("fr", "Français"), ("en", "English")],
        required=False,
    )
    session = forms.ChoiceField(label=gettext_lazy("Live session"), required=False)
    size = forms.ChoiceField(label=gettext_lazy("Card size"), choices=list(SIZE_LABELS.items()), initial="poker")
    paper = forms.ChoiceField(label=gettext_lazy("Paper"), choices=[("a4", "A4"), ("letter", "Letter")], initial="a4")
    duplex = forms.ChoiceField(
        label=gettext_lazy("Double-sided"),
        choices=[
            ("long", gettext_lazy("flip on the long edge")),
            ("short", gettext_lazy("flip on the short edge")),
            ("fold", gettext_lazy("single-sided, fold each card")),
        ],
        initial="long",
    )
    faces = forms.ChoiceField(
        label=gettext_lazy("Sides"),
        choices=[
            ("both", gettext_lazy("fronts and backs")),
            ("fronts", gettext_lazy("fronts only")),
            ("backs", gettext_lazy("backs only")),
        ],
        initial="both",
    )
    bleed = forms.BooleanField(label=gettext_lazy("3 mm bleed (for a print shop or a guillotine)"), required=False)
    grayscale = forms.BooleanField(label=gettext_lazy("Grayscale (saves colour ink)"), required=False)
    howto = forms.BooleanField(label=gettext_lazy("First sheet: how to print and cut"), required=False)
    safe_zone = forms.BooleanField(label=gettext_lazy("Show the safe zone on the images"), required=False)
    offset_x = forms.DecimalField(
        label=gettext_lazy("Back offset x (mm)"),
        min_value=-MAX_OFFSET_MM,
        max_value=MAX_OFFSET_MM,
        decimal_places=1,
        initial=0,
        required=False,
    )
    offset_y = forms.DecimalField(
        label=gettext_lazy("Back offset y (mm)"),
        min_value=-MAX_OFFSET_MM,
        max_value=MAX_OFFSET_MM,
        decimal_places=1,
        initial=0,
        required=False,
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.decks = list(Deck.objects.order_by("language", "title"))
        self.plans = list(plans_for(user))
        self.sessions = list(selectors.sessions_of(user).exclude(lifecycle="ended").order_by("-created_at"))
        cast(forms.ChoiceField, self.fields["deck"]).choices = [
            (d.slug, f"{d.title} ({d.language.upper()})") for d in self.decks
        ]
        cast(forms.ChoiceField, self.fields["plan"]).choices = [("", _("the whole deck"))] + [
            (str(p.pk), f"{p.title} — {p.deck.title}") for p in self.plans
        ]
        cast(forms.ChoiceField, self.fields["session"]).choices = [("", "—")] + [
            (str(s.pk), f"{s.title} ({s.code})") for s in self.sessions
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        what = data.get("what")
        plan = next((p for p in self.plans if str(p.pk) == data.get("plan")), None)
        deck = plan.deck if plan else next((d for d in self.decks if d.slug == data.get("deck")), None)
        if what in ("cards", "kit", "png", "tts") and deck is None:
            self.add_error("deck", _("Choose a deck or a plan."))
        language = data.get("language") or ""
        if deck is not None and language and language != deck.language:
            translation = next(
                (d for d in self.decks if d.family and d.family == deck.family and d.language == language), None
            )
            if translation is None:
                self.add_error("language", _("This deck has no translation in that language."))
            elif plan is not None:
                self.add_error("language", _("A plan is for one deck: choose the plan of the other language."))
            else:
                deck = translation
        session = next((s for s in self.sessions if str(s.pk) == data.get("session")), None)
        if what == "poster" and session is None:
            self.add_error("session", _("Choose the live session whose poster to print."))
        data["deck_row"], data["plan_row"], data["session_row"] = deck, plan, session
        return data

    def deck_options(self) -> DeckOptions:
        data = self.cleaned_data
        return DeckOptions(
            card_size=data["size"],
            paper=data["paper"],
            bleed=bool(data.get("bleed")),
            duplex=data["duplex"],
            grayscale=bool(data.get("grayscale")),
            offset_x=float(data.get("offset_x") or 0),
            offset_y=float(data.get("offset_y") or 0),
            faces=data["faces"],
            howto=bool(data.get("howto")),
        )


def _download(data: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _initial(request: HttpRequest) -> dict[str, Any]:
    """The form as a first visit shows it: the deck in the interface's language, bleed, how-to."""
    initial: dict[str, Any] = {"what": "cards", "bleed": True, "howto": True, "size": "poker", "paper": "a4"}
    own = Deck.objects.filter(language=get_language()[:2]).order_by("title").first()
    if own is not None:
        initial["deck"] = own.slug
    initial.update({k: v for k, v in request.GET.items() if k in PrintForm.base_fields})
    return initial


@login_required
@require_http_methods(["GET", "HEAD"])
def print_page(request: HttpRequest) -> HttpResponse:
    """The form; with `download` in the query, the file it describes (or the form and its errors)."""
    if "download" not in request.GET:
        form = PrintForm(initial=_initial(request), user=request.user)
        return render(request, "facilitator/print.html", {"form": form, "sizes": CARD_SIZES})
    form = PrintForm(request.GET, user=request.user)
    if form.is_valid():
        try:
            return _make(request, form)
        except PrintError as error:
            form.add_error(None, str(error))
    return render(request, "facilitator/print.html", {"form": form, "sizes": CARD_SIZES}, status=400)


def _make(request: HttpRequest, form: PrintForm) -> HttpResponse:
    data = form.cleaned_data
    what = data["what"]
    if what == "calibration":
        options = form.deck_options()
        language = data.get("language") or (request.LANGUAGE_CODE or "fr")[:2]
        pdf = calibration_pdf(
            paper=options.paper,
            duplex="short" if options.duplex == "short" else "long",
            offset=(options.offset_x, options.offset_y),
            language=language,
        )
        return _download(pdf, f"calibration-{options.paper}-{options.duplex}.pdf", "application/pdf")
    if what == "poster":
        session: GameSession = data["session_row"]
        pdf = poster_pdf(
            language=session.language,
            join_url=session_join_url(request, session),
            join_code=session.code,
            title=session.title,
            paper=data["paper"],
        )
        return _download(pdf, f"poster-{session.code}.pdf", "application/pdf")
    deck_row, plan = data["deck_row"], data["plan_row"]
    deck = deck_data(deck=deck_row)
    phases = list(plan.phases) if plan is not None else None
    cards = cards_select(deck, plan_keys(phases) if phases is not None else None)
    stem = f"{deck.slug}-plan-{plan.pk}" if plan is not None else deck.slug
    if what == "kit":
        pdf = kit_pdf(deck, cards=cards, site_url=site_url(request), paper=data["paper"], phases=phases)
        return _download(pdf, f"{stem}-kit.pdf", "application/pdf")
    options = form.deck_options()
    if what == "png":
        archive = faces_png_zip(deck, cards=cards, options=options, safe_zone=bool(data.get("safe_zone")))
        return _download(archive, f"{stem}-{options.card_size}-png.zip", "application/zip")
    if what == "tts":
        return _download(tts_zip(deck, cards=cards, options=options), f"{stem}-tts.zip", "application/zip")
    pdf = deck_pdf(deck, cards=cards, options=options)
    return _download(pdf, f"{stem}-{options.card_size}-{options.paper}-{options.duplex}.pdf", "application/pdf")
