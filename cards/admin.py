from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import admin
from django.db.models import TextField
from django.db.models.functions import Cast
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from cards.deckfile import STATUSES
from cards.images import ImageRejected, image_normalize
from cards.models import Card, Deck, Source
from cards.selectors import deck_export


class CardInline(admin.TabularInline):
    model = Card
    fields = ("position", "key", "kind", "front")
    extra = 0
    show_change_link = True
    formfield_overrides = {
        Card._meta.get_field("front").__class__: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 60})}
    }


@admin.register(Deck)
class DeckAdmin(admin.ModelAdmin):
    list_display = ("title", "slug", "language", "version", "card_count", "updated_at")
    list_filter = ("language", "family")
    search_fields = ("title", "slug", "description")
    inlines = [CardInline]
    actions = ["download_deck_file"]

    @admin.display(description=_("cards"))
    def card_count(self, deck: Deck) -> int:
        return deck.cards.count()

    @admin.action(description=_("Download as a deck file (JSON)"))
    def download_deck_file(self, request, queryset):
        deck = queryset.first()
        response = HttpResponse(deck_export(slug=deck.slug), content_type="application/json")
        response["Content-Disposition"] = f'attachment; filename="{deck.slug}.json"'
        return response


class SourceFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        kept = [f for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        if self.instance.kind == Card.Kind.FACT and not kept:
            raise forms.ValidationError(_("An impact fact needs at least one source."))


class SourceInline(admin.TabularInline):
    model = Source
    formset = SourceFormSet
    fields = ("position", "author", "title", "year", "url")
    extra = 1


class CardForm(forms.ModelForm):
    actors = forms.MultipleChoiceField(
        label=_("who can act"),
        choices=[("individual", _("individual")), ("organisation", _("organisation")), ("policy", _("policy"))],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    image_upload = forms.FileField(
        label=_("image"),
        required=False,
        help_text=_("PNG, JPEG, WebP or GIF; re-encoded to PNG, at most 1200 px a side."),
    )
    image_remove = forms.BooleanField(label=_("remove the image"), required=False)

    class Meta:
        model = Card
        fields = [
            "deck",
            "position",
            "key",
            "kind",
            "front",
            "back",
            "notes",
            "value",
            "value_max",
            "bound",
            "unit",
            "scope",
            "as_of",
            "status",
            "basis",
            "comparison",
            "verdict",
            "actors",
            "year",
        ]

    def clean_image_upload(self):
        upload = self.cleaned_data.get("image_upload")
        if not upload:
            return None
        if upload.size > settings.CARD_IMAGE_MAX_BYTES:  # refused before reading it
            raise forms.ValidationError(
                _("The image is %(size)s bytes, more than the limit of %(max)s.")
                % {"size": upload.size, "max": settings.CARD_IMAGE_MAX_BYTES}
            )
        try:
            return image_normalize(upload.read())
        except ImageRejected as exc:
            raise forms.ValidationError(str(exc)) from exc

    def save(self, commit=True):
        card = super().save(commit=False)
        if self.cleaned_data.get("image_remove"):
            card.image = None
        elif self.cleaned_data.get("image_upload"):
            card.image = self.cleaned_data["image_upload"]
        if commit:
            card.save()
            self.save_m2m()
        return card


STATUS_LABELS = {
    "measured": _("measured"),
    "estimated": _("estimated"),
    "claimed": _("claimed by the company"),
    "debated": _("debated"),
}


class StatusFilter(admin.SimpleListFilter):
    """Facts by how sure their figure is (a fact may have several statuses)."""

    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [(status, STATUS_LABELS[status]) for status in STATUSES]

    def queryset(self, request, queryset):
        if self.value() not in STATUSES:
            return queryset
        # The list is JSON: match the quoted word in its text (works on SQLite and PostgreSQL).
        as_text = queryset.annotate(status_text=Cast("status", TextField()))
        return as_text.filter(kind=Card.Kind.FACT, status_text__contains=f'"{self.value()}"')


@admin.register(Card)
class CardAdmin(admin.ModelAdmin):
    form = CardForm
    list_display = ("key", "kind", "short_front", "status_list", "deck", "position")
    list_filter = ("kind", StatusFilter, "deck__language", "deck")
    search_fields = ("key", "front", "back", "notes", "sources__author", "sources__title")
    list_select_related = ("deck",)
    inlines = [SourceInline]
    readonly_fields = ("preview",)

    class Media:
        css = {"all": ("css/card-preview.css",)}

    fieldsets = (
        (None, {"fields": ("deck", "position", "key", "kind", "front", "back", "notes")}),
        (
            _("Impact fact"),
            {"fields": ("value", "value_max", "bound", "unit", "scope", "as_of", "status", "basis", "comparison")},
        ),
        (_("Misconception"), {"fields": ("verdict",)}),
        (_("Solution"), {"fields": ("actors",)}),
        (_("History"), {"fields": ("year",)}),
        (_("Image"), {"fields": ("image_upload", "image_remove")}),
        (_("Preview"), {"fields": ("preview",)}),
    )

    @admin.display(description=_("front"))
    def short_front(self, card: Card) -> str:
        return card.front[:80]

    @admin.display(description=_("status"))
    def status_list(self, card: Card) -> str:
        return ", ".join(str(STATUS_LABELS[s]) for s in STATUSES if s in (card.status or []))

    @admin.display(description=_("how the card looks"))
    def preview(self, card: Card) -> str:
        if not card.pk:
            return str(_("Save the card to see its preview."))
        return render_to_string(
            "cards/card_preview.html",
            {"card": card.to_data(), "card_id": card.pk, "image_hash": card.image_hash, "language": card.deck.language},
        )
