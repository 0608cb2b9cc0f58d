from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Plan(models.Model):
    """A workshop: ordered phases, each with a mechanic, its cards and a time budget (game.plans)."""

    deck = models.ForeignKey("cards.Deck", on_delete=models.CASCADE, related_name="plans")
    # No owner: a ready-made plan every facilitator can copy (shipped with the default decks).
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True)
    slug = models.SlugField(max_length=60, blank=True)
    title = models.CharField(_("title"), max_length=80)
    phases = models.JSONField(default=list)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["owner_id", "title", "id"]
        verbose_name = _("plan")
        verbose_name_plural = _("plans")

    def __str__(self) -> str:
        return self.title


class GameSession(models.Model):
    """One workshop room. `state` is the pure engine's state (game.engine.SessionState)."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="game_sessions")
    deck = models.ForeignKey("cards.Deck", on_delete=models.SET_NULL, null=True, blank=True)
    plan = models.ForeignKey(Plan, on_delete=models.SET_NULL, null=True, blank=True)
    title = models.CharField(_("title"), max_length=80)
    language = models.CharField(max_length=2, default="fr")
    code = models.CharField(max_length=12, unique=True)
    lifecycle = models.CharField(max_length=10, default="draft", db_index=True)  # mirrors state["lifecycle"]
    version = models.PositiveIntegerField(default=0)
    state = models.JSONField(default=dict)
    # The cards as they were when the session was created: editing a deck never changes a
    # session that is running or a report that was already played. Never written after the
    # session is created: game.services keeps them decoded per process (_cards_cache).
    cards = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("live session")
        verbose_name_plural = _("live sessions")

    def __str__(self) -> str:
        return f"{self.title} ({self.code})"


class Player(models.Model):
    session = models.ForeignKey(GameSession, on_delete=models.CASCADE, related_name="players")
    public_id = models.CharField(max_length=12)
    # Only a hash of the phone's token is stored: a leaked database does not let anyone
    # impersonate a phone.
    token_hash = models.CharField(max_length=64, unique=True)
    nickname = models.CharField(max_length=24)
    team_id = models.CharField(max_length=8, blank=True, db_index=True)
    joined_at = models.DateTimeField(auto_now_add=True)
    team_since = models.DateTimeField(auto_now_add=True)  # the earliest member is the captain

    class Meta:
        ordering = ["team_since", "id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "public_id"], name="player_public_id_unique"),
        ]

    def __str__(self) -> str:
        return self.nickname


class Proposal(models.Model):
    """A member's proposal for one round; the team's answer is settled from these."""

    session = models.ForeignKey(GameSession, on_delete=models.CASCADE, related_name="proposals")
    round_number = models.PositiveIntegerField()
    player = models.ForeignKey(Player, on_delete=models.CASCADE, related_name="proposals")
    team_id = models.CharField(max_length=8)
    choice = models.JSONField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["updated_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["player", "round_number"], name="one_proposal_per_player_and_round"),
        ]
        indexes = [models.Index(fields=["session", "round_number", "team_id"])]

    def __str__(self) -> str:
        return f"round {self.round_number}: {self.choice}"


class WorkerHeartbeat(models.Model):
    """A worker process that last reached the channel layer at `layer_ok_at` (game.fanout).

    How a worker that cannot reach Redis tells its own partition (others still reach it: its
    phones are better served elsewhere) from a Redis outage (nobody does: it keeps them)."""

    worker = models.CharField(max_length=100, primary_key=True)
    layer_ok_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.worker} reached the layer at {self.layer_ok_at:%H:%M:%S}"


class SessionFootprint(models.Model):
    """What the room's phones moved in a session, counted by the server (game.footprint).

    Its own row, not the session's: every worker adds to it with an F() update every few
    seconds, never waiting for the session row's lock."""

    session = models.OneToOneField(GameSession, on_delete=models.CASCADE, primary_key=True, related_name="footprint")
    bytes_sent = models.BigIntegerField(default=0)  # websocket messages to phones (UTF-8 payload)
    bytes_received = models.BigIntegerField(default=0)  # websocket messages from phones
    frames_sent = models.BigIntegerField(default=0)
    frames_received = models.BigIntegerField(default=0)
    http_bytes = models.BigIntegerField(default=0)  # phone pages' responses (body and headers)
    http_responses = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.session_id}: {self.bytes_sent + self.bytes_received + self.http_bytes} bytes"
