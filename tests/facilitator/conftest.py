from __future__ import annotations

import pytest
from django.core.management import call_command

from cards.models import Deck
from game import services

PLAIN_STORAGE = "django.contrib.staticfiles.storage.StaticFilesStorage"


@pytest.fixture
def decks(db) -> None:
    call_command("load_default_decks", stdout=open("/dev/null", "w"))  # noqa: SIM115


@pytest.fixture
def french_deck(decks) -> Deck:
    return Deck.objects.get(slug="impacts-ia-fr")


@pytest.fixture
def session(facilitator, french_deck):
    keys = list(french_deck.cards.filter(kind="misconception").values_list("key", flat=True)[:2])
    return services.session_create(owner=facilitator, deck=french_deck, card_keys=keys, title="3e B", team_count=2)


@pytest.fixture(autouse=True)
def plain_static_storage(settings):
    # Pages link their CSS and JS through {% static %}: no collectstatic manifest in tests.
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": PLAIN_STORAGE}}
