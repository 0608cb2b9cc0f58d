"""Plans: the list, copying a ready-made plan, editing one's own, and sessions from a plan."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse

from game.models import GameSession, Plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def ready_plan(decks) -> Plan:
    call_command("load_default_plans", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return Plan.objects.get(owner=None, deck__slug="impacts-ia-fr")


@pytest.fixture
def own_plan(ready_plan, facilitator) -> Plan:
    return Plan.objects.create(deck=ready_plan.deck, owner=facilitator, title="Mon plan", phases=ready_plan.phases)


def posted(plan: Plan, phases: list[dict] | None = None, **extra) -> dict:
    """The editor's form as a browser posts it."""
    phases = plan.phases if phases is None else phases
    data = {"title": plan.title, "phase_count": str(len(phases))}
    for i, phase in enumerate(phases):
        data[f"phase-{i}-title"] = phase["title"]
        data[f"phase-{i}-mechanic"] = phase["mechanic"]
        data[f"phase-{i}-minutes"] = str(phase["budget"] // 60)
        data[f"phase-{i}-cards"] = list(phase.get("cards", []))
        data[f"phase-{i}-order"] = " ".join(phase.get("cards", []))
        for name, value in phase.get("options", {}).items():
            if value:
                data[f"phase-{i}-option-{name}"] = "1" if value is True else value
    return data | extra


def test_the_plans_page_lists_ready_made_and_own_plans(client, facilitator, own_plan, ready_plan):
    client.force_login(facilitator)
    page = client.get(reverse("facilitator:plans")).content.decode()
    assert ready_plan.title in page and "Mon plan" in page
    assert reverse("facilitator:plan_copy", args=[ready_plan.pk]) in page
    assert reverse("facilitator:plan_edit", args=[own_plan.pk]) in page
    assert f'href="{reverse("facilitator:plan_edit", args=[ready_plan.pk])}"' not in page


def test_copying_a_ready_made_plan_opens_the_editor_on_the_copy(client, facilitator, ready_plan):
    client.force_login(facilitator)
    response = client.post(reverse("facilitator:plan_copy", args=[ready_plan.pk]))
    copy = Plan.objects.get(owner=facilitator)
    assert response["Location"] == reverse("facilitator:plan_edit", args=[copy.pk])
    assert copy.phases == ready_plan.phases
    page = client.get(response["Location"]).content.decode()
    assert "2 h 00 min" in page and "exactement les 2 heures" in page
    assert 'value="D1 D4 D6 D8 D10 D12 D14 D19"' in page


def test_nobody_edits_a_ready_made_plan_and_others_plans_do_not_exist(client, other_facilitator, own_plan, ready_plan):
    client.force_login(other_facilitator)
    assert client.get(reverse("facilitator:plan_edit", args=[ready_plan.pk])).status_code == 404
    assert client.post(reverse("facilitator:plan_edit", args=[ready_plan.pk]), posted(ready_plan)).status_code == 404
    assert client.get(reverse("facilitator:plan_edit", args=[own_plan.pk])).status_code == 404
    assert client.post(reverse("facilitator:plan_copy", args=[own_plan.pk])).status_code == 404
    assert client.post(reverse("facilitator:plan_delete", args=[own_plan.pk])).status_code == 404
    assert Plan.objects.filter(pk=own_plan.pk).exists() and not Plan.objects.filter(owner=other_facilitator).exists()


def test_editing_saves_title_minutes_cards_and_order(client, facilitator, own_plan):
    client.force_login(facilitator)
    phases = [dict(p) for p in own_plan.phases]
    phases[3] = {"title": "Deux duels", "mechanic": "duel", "budget": 600, "cards": ["A7", "A27", "A11", "A12"]}
    response = client.post(
        reverse("facilitator:plan_edit", args=[own_plan.pk]), posted(own_plan, phases, title="Court")
    )
    assert response.status_code == 302
    own_plan.refresh_from_db()
    assert own_plan.title == "Court"
    assert own_plan.phases[3] == {
        "title": "Deux duels",
        "mechanic": "duel",
        "budget": 600,
        "cards": ["A7", "A27", "A11", "A12"],
    }
    assert own_plan.phases[7]["options"]["consensus_points"] is True
    assert own_plan.phases[7]["options"]["scenario"].startswith("Votre lycée")  # the ready plan's scenario, kept


def test_moving_adding_and_removing_phases_waits_for_save(client, facilitator, own_plan):
    client.force_login(facilitator)
    url = reverse("facilitator:plan_edit", args=[own_plan.pk])
    first, second = own_plan.phases[0]["title"], own_plan.phases[1]["title"]
    page = client.post(url, posted(own_plan, action="down-0"))
    assert page.status_code == 200
    titles = [row["title"] for row in page.context["rows"]]
    assert titles[:2] == [second, first]
    assert "pas encore enregistrées" in page.content.decode()
    own_plan.refresh_from_db()
    assert own_plan.phases[0]["title"] == first
    assert len(client.post(url, posted(own_plan, action="add")).context["rows"]) == 11
    assert len(client.post(url, posted(own_plan, action="remove-6")).context["rows"]) == 9
    reordered = [own_plan.phases[1], own_plan.phases[0], *own_plan.phases[2:]]
    assert client.post(url, posted(own_plan, reordered, action="save")).status_code == 302
    own_plan.refresh_from_db()
    assert own_plan.phases[0]["title"] == second


def test_a_plan_that_cannot_be_played_is_not_saved_and_says_why(client, facilitator, own_plan):
    client.force_login(facilitator)
    phases = [dict(p) for p in own_plan.phases]
    phases[3] = {"title": "Duels", "mechanic": "duel", "budget": 600, "cards": ["A7", "A4", "A9"]}
    phases[5] = {"title": "", "mechanic": "verdict", "budget": 600, "cards": []}
    response = client.post(reverse("facilitator:plan_edit", args=[own_plan.pk]), posted(own_plan, phases))
    assert response.status_code == 200
    assert response.context["errors"] == [
        "Phase 4 : les duels prennent les cartes deux par deux (un nombre pair).",
        "Phase 6 : un titre de 1 à 80 caractères.",
        "Phase 6 : choisissez au moins une carte.",
    ]
    assert 'id="plan-errors"' in response.content.decode()
    own_plan.refresh_from_db()
    assert len(own_plan.phases[3]["cards"]) == 12  # the saved duels, untouched


def test_the_editor_offers_only_cards_of_the_phases_kind(client, facilitator, own_plan):
    client.force_login(facilitator)
    page = client.get(reverse("facilitator:plan_edit", args=[own_plan.pk]))
    rows = page.context["rows"]
    assert {c.kind for c in rows[2]["cards"]} == {"history"}
    assert {c.kind for c in rows[3]["cards"]} == {"fact"}
    assert {c.kind for c in rows[5]["cards"]} == {"misconception"}
    assert {c.kind for c in rows[6]["cards"]} == {"misconception"}
    assert {c.kind for c in rows[7]["cards"]} == {"solution"}
    assert rows[0]["cards"] == rows[1]["cards"] == []  # the welcome, the opening poll


def test_a_session_from_a_plan_with_projector_only(client, facilitator, ready_plan):
    client.force_login(facilitator)
    page = client.get(reverse("facilitator:new"), {"plan": ready_plan.pk}).content.decode()
    assert ready_plan.title in page and 'name="projector_only"' in page
    response = client.post(
        reverse("facilitator:new"),
        {
            "mode": "plan",
            "plan": ready_plan.pk,
            "title": "2nde A",
            "scoring": "cooperative",
            "team_count": "3",
            "duration": "45",
            "projector_only": "on",
        },
    )
    session = GameSession.objects.get(owner=facilitator)
    assert response["Location"] == reverse("facilitator:control", args=[session.pk])
    assert session.plan == ready_plan
    assert session.state["projector_only"] is True
    assert len(session.state["phases"]) == len(ready_plan.phases)


def test_someone_elses_plan_cannot_start_a_session(client, other_facilitator, own_plan):
    client.force_login(other_facilitator)
    response = client.post(
        reverse("facilitator:new"),
        {
            "mode": "plan",
            "plan": own_plan.pk,
            "title": "x",
            "scoring": "competitive",
            "team_count": "2",
            "duration": "60",
        },
    )
    assert response.status_code == 200 and not GameSession.objects.exists()
    assert "plan" in response.context["plan_form"].errors


def test_chosen_cards_can_be_played_projector_only(client, facilitator, french_deck):
    client.force_login(facilitator)
    key = french_deck.cards.filter(kind="misconception").first().key
    client.post(
        reverse("facilitator:new"),
        {
            "deck": french_deck.pk,
            "title": "3e B",
            "cards": [key],
            "scoring": "competitive",
            "team_count": "2",
            "duration": "60",
            "projector_only": "on",
        },
    )
    assert GameSession.objects.get(owner=facilitator).state["projector_only"] is True


def test_the_editor_says_in_words_why_two_facts_cannot_meet_in_a_duel():
    from django.utils import translation

    from game.errors import problem_texts
    from game.mechanics import Problem

    problems = [
        Problem("duel_basis", {"a": "A31", "b": "A23", "x": "gpu-only", "y": ""}, 2),
        Problem("duel_units", {"a": "A7", "b": "A9"}, 2),
        Problem("duel_overlap", {"a": "A7w", "b": "A27"}, 3),
        Problem("floor_estimate", {"key": "A27"}, 4),
    ]
    nbsp = "\u00a0"
    with translation.override("fr"):
        said = problem_texts(problems)
    duel = f"ne peuvent pas s’affronter en duel{nbsp}:"
    assert said[0] == f"Phase 2 : A31 et A23 {duel} ils ne comptent pas la même chose (gpu-only, non précisé)."
    assert said[1].startswith(f"Phase 2 : A7 et A9 {duel} leurs unités ne se convertissent pas")
    assert said[2].startswith(f"Phase 3 : A7w et A27 {duel} leurs valeurs se chevauchent")
    assert said[3] == f"Phase 4 : A27 est un plancher («{nbsp}plus de{nbsp}»){nbsp}: il n’a pas de valeur à estimer."
    with translation.override("en"):
        said = problem_texts(problems)
    assert (
        said[0]
        == "Phase 2: A31 and A23 cannot meet in a duel: they do not count the same thing (gpu-only, not stated)."
    )
    assert said[2] == "Phase 3: A7w and A27 cannot meet in a duel: their values overlap, so neither is clearly higher."
    assert said[3] == "Phase 4: A27 is a floor (“more than”): it has no value to estimate."


def test_a_plan_whose_deck_changed_since_says_why_it_cannot_start(client, facilitator, french_deck):
    from cards.models import Card

    phases = [{"title": "Duel", "mechanic": "duel", "budget": 600, "cards": ["A7", "A4"]}]
    plan = Plan.objects.create(deck=french_deck, owner=facilitator, title="Ancien plan", phases=phases)
    Card.objects.filter(deck=french_deck, key="A4").update(basis="autre-chose")  # edited in the admin since
    client.force_login(facilitator)
    data = {"mode": "plan", "plan": plan.pk, "title": "2nde A", "scoring": "competitive", "team_count": "2"}
    response = client.post(reverse("facilitator:new"), data | {"duration": "60"})
    assert response.status_code == 200 and not GameSession.objects.exists()
    errors = response.context["plan_form"].non_field_errors()
    assert [e for e in errors if e.startswith("Phase 1 : A7 et A4 ne peuvent pas s’affronter en duel")]
