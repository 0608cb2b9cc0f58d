from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from cards.models import Card, Deck
from game.models import Plan

TEAMS_MIN, TEAMS_MAX = 2, 12
DURATION_MIN, DURATION_MAX = 10, 900


class SessionForm(forms.Form):
    """A new live session: a deck's misconception cards, picked and put in order."""

    title = forms.CharField(label=_("Title"), max_length=80)
    deck = forms.ModelChoiceField(label=_("Deck"), queryset=Deck.objects.all(), empty_label=None)
    cards = forms.MultipleChoiceField(label=_("Cards"), widget=forms.CheckboxSelectMultiple)
    scoring = forms.ChoiceField(
        label=_("Scoring"),
        choices=[
            ("competitive", _("Competitive: teams score points")),
            ("cooperative", _("Cooperative: the room scores together")),
        ],
        initial="competitive",
        widget=forms.RadioSelect,
    )
    team_count = forms.IntegerField(label=_("Number of teams"), min_value=TEAMS_MIN, max_value=TEAMS_MAX, initial=4)
    duration = forms.IntegerField(
        label=_("Countdown (seconds)"), min_value=DURATION_MIN, max_value=DURATION_MAX, initial=60
    )
    projector_only = forms.BooleanField(label=_("Projector only (no phones)"), required=False)

    def __init__(self, *args: Any, deck: Deck, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.deck_cards = list(deck.cards.filter(kind=Card.Kind.MISCONCEPTION).order_by("position", "id"))
        self.fields["deck"].initial = deck.pk
        cast(forms.ChoiceField, self.fields["cards"]).choices = [(c.key, c.front) for c in self.deck_cards]
        self.fields["cards"].initial = [c.key for c in self.deck_cards]
        for position, card in enumerate(self.deck_cards, start=1):
            self.fields[f"order_{card.key}"] = forms.IntegerField(
                label=_("Order of %(key)s") % {"key": card.key},
                min_value=1,
                max_value=999,
                initial=position,
                required=False,
            )

    def card_rows(self) -> list[dict[str, Any]]:
        """What the template lists: each card with its checkbox state and order field."""
        chosen = set(self["cards"].value() or [])
        return [{"card": c, "checked": c.key in chosen, "order": self[f"order_{c.key}"]} for c in self.deck_cards]

    def card_keys(self) -> list[str]:
        """The chosen cards in the order asked; ties and blanks keep the deck's order."""
        chosen = set(self.cleaned_data["cards"])
        rows = [
            (self.cleaned_data.get(f"order_{c.key}") or 1000 + i, i, c.key)
            for i, c in enumerate(self.deck_cards)
            if c.key in chosen
        ]
        return [key for _order, _i, key in sorted(rows)]


class PlanSessionForm(forms.Form):
    """A new live session from a plan: ready-made or the facilitator's own."""

    title = forms.CharField(label=_("Title"), max_length=80)
    plan = forms.ModelChoiceField(label=_("Plan"), queryset=Plan.objects.none(), empty_label=None)
    scoring = forms.ChoiceField(
        label=_("Scoring"),
        choices=cast(forms.ChoiceField, SessionForm.base_fields["scoring"]).choices,
        initial="competitive",
    )
    team_count = forms.IntegerField(label=_("Number of teams"), min_value=TEAMS_MIN, max_value=TEAMS_MAX, initial=4)
    duration = forms.IntegerField(
        label=_("Countdown (seconds)"), min_value=DURATION_MIN, max_value=DURATION_MAX, initial=60
    )
    projector_only = forms.BooleanField(label=_("Projector only (no phones)"), required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["plan"]).queryset = plans_for(user)


def plans_for(user: Any) -> QuerySet[Plan]:
    """The plans a facilitator may play: the ready-made ones and their own."""
    return (
        Plan.objects.filter(Q(owner=None) | Q(owner=user))
        .select_related("deck")
        .order_by("deck__title", "owner_id", "title")
    )
