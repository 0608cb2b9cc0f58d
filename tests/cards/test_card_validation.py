import pytest
from django.core.exceptions import ValidationError

from cards.models import Card, Deck


@pytest.fixture
def deck(db):
    return Deck.objects.create(slug="essai-fr", language="fr", title="Essai")


def make(deck, **fields):
    base = {"deck": deck, "key": "K1", "front": "Recto", "back": "Verso"}
    return Card(**{**base, **fields})


def messages(card) -> dict:
    with pytest.raises(ValidationError) as caught:
        card.full_clean()
    return caught.value.message_dict


def test_a_fact_without_value_or_unit_is_refused(deck):
    errors = messages(make(deck, kind="fact"))
    assert "a fact needs a numeric value" in errors["value"]
    assert "a fact needs a unit" in errors["unit"]


def test_a_fact_with_a_negative_value_is_refused(deck):
    errors = messages(make(deck, kind="fact", value=-1, unit="Wh"))
    assert "positive" in errors["value"][0]


def test_a_range_upside_down_is_refused(deck):
    errors = messages(make(deck, kind="fact", value=40, value_max=10, unit="x"))
    assert "below its bottom" in errors["value_max"][0]


def test_a_misconception_without_verdict_is_refused(deck):
    errors = messages(make(deck, kind="misconception"))
    assert "verdict" in errors["verdict"][0]


def test_a_history_card_without_year_is_refused(deck):
    errors = messages(make(deck, kind="history"))
    assert errors["year"] == ["a history card needs a year"]


def test_a_solution_needs_known_actors(deck):
    assert "who can act" in messages(make(deck, kind="solution", actors=[]))["actors"][0]
    assert "unknown actor 'teachers'" in messages(make(deck, kind="solution", actors=["teachers"]))["actors"][0]


def test_an_empty_front_is_refused(deck):
    assert "front" in messages(make(deck, kind="history", year=1950, front="  "))


def test_a_consistent_card_of_each_kind_passes(deck):
    make(deck, key="F", kind="fact", value=2.9, unit="Wh").full_clean()
    make(deck, key="M", kind="misconception", verdict="depends").full_clean()
    make(deck, key="S", kind="solution", actors=["individual", "policy"]).full_clean()
    make(deck, key="H", kind="history", year=1956).full_clean()
