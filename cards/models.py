from __future__ import annotations

import hashlib

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from cards import deckfile
from cards.units import UNITS


class Deck(models.Model):
    slug = models.SlugField(_("identifier"), max_length=60, unique=True)
    family = models.SlugField(
        _("family"), max_length=60, blank=True, help_text=_("Decks that translate each other share a family.")
    )
    language = models.CharField(_("language"), max_length=2, choices=[("fr", "Français"), ("en", "English")])
    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("description"), blank=True, max_length=1000)
    version = models.CharField(_("version"), max_length=30, default="1")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["family", "language", "slug"]
        verbose_name = _("deck")
        verbose_name_plural = _("decks")

    def __str__(self) -> str:
        return f"{self.title} ({self.language})"


class Card(models.Model):
    class Kind(models.TextChoices):
        FACT = "fact", _("Impact fact")
        MISCONCEPTION = "misconception", _("Misconception")
        SOLUTION = "solution", _("Solution")
        HISTORY = "history", _("History")

    class Verdict(models.TextChoices):
        TRUE = "true", _("True")
        FALSE = "false", _("False")
        DEPENDS = "depends", _("It depends")

    deck = models.ForeignKey(Deck, on_delete=models.CASCADE, related_name="cards")
    position = models.PositiveIntegerField(_("position"), default=0)
    key = models.CharField(_("key"), max_length=40, help_text=_("Stable identifier shared by the card's translations."))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    front = models.TextField(_("front"), max_length=deckfile.MAX_LENGTHS["front"])
    back = models.TextField(_("back (answer, explanation)"), max_length=deckfile.MAX_LENGTHS["back"])
    notes = models.TextField(_("facilitator notes"), blank=True, max_length=deckfile.MAX_LENGTHS["notes"])
    value = models.FloatField(_("value"), null=True, blank=True)
    value_max = models.FloatField(_("top of the range"), null=True, blank=True)
    bound = models.CharField(
        _("bound"),
        max_length=12,
        blank=True,
        choices=[("more_than", _("more than"))],
        help_text=_("'more than': the value is a floor."),
    )
    unit = models.CharField(_("unit"), max_length=10, blank=True, choices=[(c, c) for c in UNITS])
    scope = models.TextField(
        _("scope"), blank=True, max_length=deckfile.MAX_LENGTHS["scope"], help_text=_("What exactly is counted.")
    )
    as_of = models.CharField(
        _("data as of"), max_length=deckfile.MAX_LENGTHS["as_of"], blank=True, help_text=_("Year(s) of the data.")
    )
    status = models.JSONField(
        _("status"),
        default=list,
        blank=True,
        help_text=_("Some of: measured, estimated, claimed (by the company), debated."),
    )
    basis = models.CharField(
        _("basis"),
        max_length=40,
        blank=True,
        help_text=_("Facts are compared in a duel only when they share a basis (what is counted)."),
    )
    comparison = models.CharField(_("comparison"), max_length=deckfile.MAX_LENGTHS["comparison"], blank=True)
    verdict = models.CharField(_("verdict"), max_length=10, blank=True, choices=Verdict.choices)
    actors = models.JSONField(_("who can act"), default=list, blank=True)
    year = models.IntegerField(_("year"), null=True, blank=True)
    image = models.BinaryField(_("image (PNG)"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["deck", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["deck", "key"], name="card_key_unique_in_deck")]
        verbose_name = _("card")
        verbose_name_plural = _("cards")

    def __str__(self) -> str:
        return f"{self.key} · {self.front[:60]}"

    @property
    def image_hash(self) -> str:
        return hashlib.sha256(bytes(self.image)).hexdigest()[:16] if self.image else ""

    def to_data(self, sources: list[deckfile.SourceData] | None = None) -> deckfile.CardData:
        if sources is None:
            sources = [s.to_data() for s in self.sources.all()]
        return deckfile.CardData(
            key=self.key,
            kind=self.kind,
            front=self.front,
            back=self.back,
            notes=self.notes,
            sources=sources,
            image=deckfile.ImageData("image/png", bytes(self.image)) if self.image else None,
            value=self.value,
            value_max=self.value_max,
            bound=self.bound,
            unit=self.unit,
            scope=self.scope,
            as_of=self.as_of,
            status=list(self.status or []),
            basis=self.basis,
            comparison=self.comparison,
            verdict=self.verdict,
            actors=list(self.actors or []),
            year=self.year,
        )

    def clean(self) -> None:
        # The same checks as the deck importer, minus the sources, which are rows of their
        # own and are checked by the admin's inline formset (cards.admin).
        errors: dict[str, list[str]] = {}
        for error in deckfile.card_errors(self.to_data(sources=[])):
            if error.field == "sources":
                continue
            name = error.field if error.field in {f.name for f in self._meta.fields} else "__all__"
            errors.setdefault(name, []).append(error.message)
        if errors:
            raise ValidationError(errors)


class Source(models.Model):
    card = models.ForeignKey(Card, on_delete=models.CASCADE, related_name="sources")
    position = models.PositiveIntegerField(default=0)
    author = models.CharField(_("authors or publisher"), max_length=300)
    title = models.CharField(_("title"), max_length=300, blank=True)
    year = models.IntegerField(_("year"), null=True, blank=True)
    url = models.URLField(_("URL"), max_length=500, blank=True)

    class Meta:
        ordering = ["card", "position", "id"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")

    def __str__(self) -> str:
        return ", ".join(str(p) for p in (self.author, self.title, self.year) if p)

    def to_data(self) -> deckfile.SourceData:
        return deckfile.SourceData(author=self.author, title=self.title, year=self.year, url=self.url)
