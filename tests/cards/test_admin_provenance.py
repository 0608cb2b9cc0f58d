"""The admin shows how sure each fact is: its status in the card list, a filter by status, and
the scope, data year and status (a caution when debated or claimed) in the card's preview."""

import pytest

from cards.models import Card
from cards.services import deck_import
from tests.cards.factories import CARDS, deck_bytes, deck_document

NBSP = "\u00a0"


@pytest.fixture
def admin_client(client, admin_user):
    base = next(card for card in CARDS if card["kind"] == "fact")
    facts = [
        base
        | {
            "key": "A7",
            "value": 0.24,
            "value_max": 0.42,
            "scope": "une question courte en texte",
            "as_of": "2025",
            "status": ["measured", "estimated", "claimed"],
        },
        base
        | {
            "key": "A14",
            "value": 20,
            "unit": "%",
            "scope": "matériel d’IA, monde",
            "as_of": "2024",
            "status": ["estimated", "debated"],
        },
        base | {"key": "A27", "value": 29, "bound": "more_than", "as_of": "2025", "status": ["estimated"]},
        base | {"key": "A31", "value": 2.9, "as_of": "2023", "status": ["measured"]},
    ]
    others = [card for card in CARDS if card["kind"] != "fact"]
    deck_import(raw=deck_bytes(deck_document(facts + others) | {"format_version": 2}))
    client.force_login(admin_user)
    return client


def listed(page: str) -> set[str]:
    return {key for key in ("A7", "A14", "A27", "A31", "B3", "C8", "D1") if f">{key}<" in page}


def test_the_card_list_shows_each_fact_status_and_filters_by_it(admin_client):
    page = admin_client.get("/admin/cards/card/").content.decode()
    assert "estimé, débattu" in page and "mesuré, estimé, annoncé par l’entreprise" in page  # in French
    debated = admin_client.get("/admin/cards/card/?status=debated").content.decode()
    assert listed(debated) == {"A14"}
    measured = admin_client.get("/admin/cards/card/?status=measured").content.decode()
    assert listed(measured) == {"A7", "A31"}
    claimed = admin_client.get("/admin/cards/card/?status=claimed&kind=fact").content.decode()
    assert listed(claimed) == {"A7"}
    assert listed(admin_client.get("/admin/cards/card/?status=nonsense").content.decode()) == listed(page)


def test_the_preview_shows_scope_data_year_and_status_with_a_caution(admin_client):
    debated = Card.objects.get(key="A14")
    page = admin_client.get(f"/admin/cards/card/{debated.pk}/change/").content.decode()
    assert "matériel d’IA, monde" in page
    assert "⚠ Estimé · chiffre débattu · données 2024" in page and 'class="provenance caution"' in page
    floor = Card.objects.get(key="A27")
    page = admin_client.get(f"/admin/cards/card/{floor.pk}/change/").content.decode()
    assert f"plus de 29{NBSP}Wh" in page and "Estimé · données 2025" in page
    assert 'class="provenance caution"' not in page
