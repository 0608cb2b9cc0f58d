"""The admin: both default decks with every card and source, filters, search, the preview."""

import pytest
from django.core.management import call_command

from cards.models import Card, Deck


@pytest.fixture
def admin_client(client, admin_user):
    call_command("load_default_decks")
    client.force_login(admin_user)
    return client


def test_the_deck_list_shows_both_default_decks_with_their_card_counts(admin_client):
    page = admin_client.get("/admin/cards/deck/").content.decode()
    assert "impacts-ia-fr" in page and "impacts-ia-en" in page
    assert page.count(">94<") == 2


def test_a_deck_page_lists_every_card_inline(admin_client):
    deck = Deck.objects.get(slug="impacts-ia-fr")
    page = admin_client.get(f"/admin/cards/deck/{deck.pk}/change/").content.decode()
    for key in Card.objects.filter(deck=deck).values_list("key", flat=True):
        assert f'value="{key}"' in page


def test_a_card_page_shows_its_sources_and_a_preview(admin_client):
    card = Card.objects.get(deck__slug="impacts-ia-fr", key="A7")
    page = admin_client.get(f"/admin/cards/card/{card.pk}/change/").content.decode()
    assert 'value="Epoch AI (J. You)"' in page and "How much energy does ChatGPT use?" in page
    assert "0,24 à 0,42\u00a0Wh" in page  # the preview shows the range as printed


def test_filters_by_kind_and_language_and_search(admin_client):
    page = admin_client.get("/admin/cards/card/?kind=history&deck__language=en").content.decode()
    assert page.count('name="_selected_action"') == 21  # the 21 English history cards
    found = admin_client.get("/admin/cards/card/?q=Kasparov").content.decode()
    assert found.count('name="_selected_action"') == 2 and ">D6<" in found  # in both languages


def test_a_fact_saved_without_any_source_is_refused(admin_client):
    card = Card.objects.get(deck__slug="impacts-ia-fr", key="A3")  # one source
    source = card.sources.get()
    data = {
        "deck": card.deck_id,
        "position": card.position,
        "key": card.key,
        "kind": "fact",
        "front": card.front,
        "back": card.back,
        "notes": card.notes,
        "value": "50",
        "value_max": "",
        "unit": "GWh",
        "comparison": card.comparison,
        "verdict": "",
        "year": "",
        "sources-TOTAL_FORMS": "1",
        "sources-INITIAL_FORMS": "1",
        "sources-MIN_NUM_FORMS": "0",
        "sources-MAX_NUM_FORMS": "1000",
        "sources-0-id": source.pk,
        "sources-0-card": card.pk,
        "sources-0-position": "0",
        "sources-0-author": source.author,
        "sources-0-title": source.title,
        "sources-0-year": source.year or "",
        "sources-0-url": source.url,
        "sources-0-DELETE": "on",
    }
    response = admin_client.post(f"/admin/cards/card/{card.pk}/change/", data)
    assert response.status_code == 200
    assert "An impact fact needs at least one source." in response.content.decode() or "au moins une source" in (
        response.content.decode()
    )
    assert card.sources.count() == 1
