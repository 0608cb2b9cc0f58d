"""Plans: the ready 2-hour workshops, their checks, copies and edits."""

import pytest
from django.core.management import call_command

from cards.deckfile import card_to_dict
from cards.models import Deck
from cards.selectors import deck_data
from game import services
from game.engine import GameError
from game.mechanics import Problem
from game.models import Plan
from game.plans import WORKSHOP_SECONDS, plan_errors, plan_expand, plan_total


@pytest.fixture
def default_plans(db):
    call_command("load_default_decks")
    call_command("load_default_plans")
    return {plan.deck.language: plan for plan in Plan.objects.filter(owner=None)}


def cards_of(deck):
    return {card.key: card_to_dict(card) for card in deck_data(deck=deck).cards}


def test_each_default_deck_has_a_ready_two_hour_plan_of_every_mechanic(default_plans):
    assert set(default_plans) == {"fr", "en"}
    for plan in default_plans.values():
        assert plan_total(plan.phases) == WORKSHOP_SECONDS
        assert plan_errors(plan.phases, cards_of(plan.deck)) == []
        mechanics = {phase["mechanic"] for phase in plan.phases}
        assert mechanics == {"info", "opinion", "timeline", "duel", "estimate", "verdict", "solutions"}
    fr, en = default_plans["fr"], default_plans["en"]
    assert [p["cards"] for p in fr.phases] == [p["cards"] for p in en.phases]


def test_loading_the_plans_twice_changes_nothing(default_plans):
    call_command("load_default_plans")
    assert Plan.objects.count() == 2


def test_a_plan_expands_into_rounds(default_plans):
    phases, rounds = plan_expand(default_plans["fr"].phases)
    assert [p.mechanic for p in phases][0] == "info"
    by_mechanic = {}
    for item in rounds:
        by_mechanic.setdefault(item.mechanic, []).append(item.card_keys)
    assert by_mechanic["duel"] == [
        ["A4", "A31"],
        ["A23", "A32"],
        ["A7", "A27"],
        ["A11", "A12"],
        ["A16", "A19"],
        ["A13", "A33"],
    ]
    assert len(by_mechanic["timeline"]) == 1 and len(by_mechanic["timeline"][0]) == 8
    assert by_mechanic["estimate"] == [["A25"], ["A36"], ["A35"]]
    assert len(by_mechanic["verdict"]) == 1 + 7  # how a figure changed (B15), then the misconceptions


def test_plan_errors_say_which_phase_and_why(default_plans):
    cards = cards_of(default_plans["fr"].deck)
    phases = [
        {"title": "", "mechanic": "verdict", "budget": 60, "cards": ["B1"]},
        {"title": "Duels", "mechanic": "duel", "budget": 60, "cards": ["A7", "A4", "A9"]},
        {"title": "Frise", "mechanic": "timeline", "budget": 60, "cards": ["D1", "B1"]},
        {"title": "X", "mechanic": "karaoke", "budget": 60, "cards": []},
        {"title": "Y", "mechanic": "estimate", "budget": -1, "cards": ["Z9"]},
    ]
    assert plan_errors(phases, cards) == [
        Problem("phase_title", {"max": 80}, 1),
        Problem("duel_odd", {}, 2),
        Problem("wrong_kind", {"key": "B1", "kind": "history"}, 3),
        Problem("unknown_mechanic", {"mechanic": "karaoke"}, 4),
        Problem("phase_budget", {"max": 4 * 3600}, 5),
        Problem("missing_cards", {"keys": "Z9"}, 5),
    ]


def test_a_facilitator_edits_a_copy_not_the_ready_plan(default_plans, facilitator, other_facilitator):
    ready = default_plans["fr"]
    mine = services.plan_copy(user=facilitator, plan=ready)
    assert mine.owner == facilitator and mine.phases == ready.phases
    phases = [p for p in mine.phases if p["mechanic"] != "duel"][::-1]  # drop the duels, reorder
    phases.append({"title": "Encore", "mechanic": "verdict", "budget": 300, "cards": ["B2"]})
    services.plan_update(user=facilitator, plan=mine, title="Mon atelier", phases=phases)
    mine.refresh_from_db()
    assert mine.title == "Mon atelier" and mine.phases[-1]["cards"] == ["B2"]
    assert Plan.objects.get(pk=ready.pk).phases == ready.phases
    with pytest.raises(GameError):
        services.plan_update(user=other_facilitator, plan=mine, title="x", phases=phases)
    with pytest.raises(GameError) as caught:
        services.plan_update(user=facilitator, plan=mine, title="x", phases=[{"title": "a"}])
    assert caught.value.code == "bad_plan"
    assert Plan.objects.get(pk=mine.pk).title == "Mon atelier"


def test_a_session_from_the_ready_plan_plays_every_round(default_plans, facilitator):
    session = services.session_create_from_plan(owner=facilitator, plan=default_plans["fr"], title="2nde A")
    state = session.state
    assert len(state["plan"]) == 1 + 1 + 6 + 3 + 1 + 7 + 1 + 1  # the opinion polls open and close it
    assert {c["key"] for c in session.cards} >= {"D1", "A7", "A27", "B15", "B12", "C11"}
    assert Deck.objects.get(slug="impacts-ia-fr").plans.count() == 1


FACTS = {
    "A31": {"key": "A31", "kind": "fact", "value": 2.9, "unit": "Wh", "basis": "gpu-only"},
    "A4": {"key": "A4", "kind": "fact", "value": 57, "value_max": 3353, "unit": "J", "basis": "gpu-only"},
    "A23": {"key": "A23", "kind": "fact", "value": 114, "value_max": 6706, "unit": "J", "basis": "whole-server"},
    "A7": {"key": "A7", "kind": "fact", "value": 0.24, "value_max": 0.42, "unit": "Wh", "basis": "data-centre"},
    "A27": {"key": "A27", "kind": "fact", "value": 29, "bound": "more_than", "unit": "Wh", "basis": "data-centre"},
    "A9": {"key": "A9", "kind": "fact", "value": 0.3, "value_max": 11.4, "unit": "gCO2e", "basis": "mixed-methods"},
    "A7w": {"key": "A7w", "kind": "fact", "value": 0.24, "value_max": 40, "unit": "Wh", "basis": "data-centre"},
}


def test_plan_errors_refuse_duels_that_are_not_fair_and_say_why():
    duels = ["A31", "A4", "A31", "A23", "A7", "A9", "A7w", "A27", "A7", "A27"]
    phases = [
        {"title": "Duels", "mechanic": "duel", "budget": 600, "cards": duels},
        {"title": "Combien ?", "mechanic": "estimate", "budget": 300, "cards": ["A4", "A27"]},
    ]
    assert plan_errors(phases, FACTS) == [
        Problem("duel_basis", {"a": "A31", "b": "A23", "x": "gpu-only", "y": "whole-server"}, 1),
        Problem("duel_units", {"a": "A7", "b": "A9"}, 1),
        Problem("duel_overlap", {"a": "A7w", "b": "A27"}, 1),
        Problem("floor_estimate", {"key": "A27"}, 2),
    ]
    fair = [{**phases[0], "cards": ["A31", "A4", "A7", "A27"]}, {**phases[1], "cards": ["A4", "A7"]}]
    assert plan_errors(fair, FACTS) == []
