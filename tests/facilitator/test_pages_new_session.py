"""Creating a live session from a deck's misconception cards."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cards.models import Deck
from game.models import GameSession

pytestmark = pytest.mark.django_db


def misconceptions(deck: Deck) -> list[str]:
    return list(deck.cards.filter(kind="misconception").order_by("position").values_list("key", flat=True))


def test_the_form_lists_the_decks_misconception_cards(client, facilitator, french_deck):
    client.force_login(facilitator)
    page = client.get(reverse("facilitator:new"), {"deck": french_deck.pk}).content.decode()
    keys = misconceptions(french_deck)
    assert len(keys) >= 2
    for key in keys:
        assert f'value="{key}"' in page
    assert 'name="order_' in page
    fact = french_deck.cards.filter(kind="fact").first()
    assert f'value="{fact.key}"' not in page


def test_creating_a_session_keeps_the_chosen_cards_in_the_chosen_order(client, facilitator, french_deck):
    first, second, third = misconceptions(french_deck)[:3]
    client.force_login(facilitator)
    response = client.post(
        reverse("facilitator:new"),
        {
            "deck": french_deck.pk,
            "title": "3e B",
            "cards": [first, third],
            f"order_{first}": "2",
            f"order_{third}": "1",
            "scoring": "cooperative",
            "team_count": "3",
            "duration": "45",
        },
    )
    session = GameSession.objects.get(owner=facilitator)
    assert response.status_code == 302
    assert response["Location"] == reverse("facilitator:control", args=[session.pk])
    assert [card["key"] for card in session.cards] == [third, first]
    assert second not in [card["key"] for card in session.cards]
    assert session.language == "fr"


def test_a_session_needs_a_card_and_a_sensible_team_count(client, facilitator, french_deck):
    client.force_login(facilitator)
    response = client.post(
        reverse("facilitator:new"),
        {"deck": french_deck.pk, "title": "3e B", "scoring": "competitive", "team_count": "40", "duration": "60"},
    )
    assert response.status_code == 200
    assert not GameSession.objects.exists()
    assert response.context["form"].errors.keys() >= {"cards", "team_count"}


def test_an_english_deck_shows_its_own_cards(client, facilitator, decks):
    english = Deck.objects.get(slug="impacts-ia-en")
    client.force_login(facilitator)
    page = client.get(reverse("facilitator:new"), {"deck": english.pk}).content.decode()
    assert english.cards.filter(kind="misconception").first().front.replace("'", "&#x27;") in page
