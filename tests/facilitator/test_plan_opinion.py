"""The plan editor offers the opinion shift with its statement, kept in the phase's options."""

from __future__ import annotations

import pytest
from django.urls import reverse

from game.models import Plan
from tests.facilitator.test_pages_plans import posted

pytestmark = pytest.mark.django_db

STATEMENT = "L’IA générative fera plus de bien que de mal à la planète."


@pytest.fixture
def plan(facilitator, french_deck) -> Plan:
    phases = [{"title": "Idée reçue", "mechanic": "verdict", "budget": 600, "cards": ["B3"]}]
    return Plan.objects.create(deck=french_deck, owner=facilitator, title="Avis", phases=phases)


def test_a_phase_polls_the_statement_typed_in_the_editor(client, facilitator, plan):
    client.force_login(facilitator)
    url = reverse("facilitator:plan_edit", args=[plan.pk])
    page = client.get(url).content.decode()
    assert "Évolution des avis" in page  # the game is offered
    opinion = {"title": "Votre avis", "mechanic": "opinion", "budget": 300, "options": {"statement": STATEMENT}}
    response = client.post(url, posted(plan, [opinion, *plan.phases, dict(opinion, title="Après")]))
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.phases[0] == {
        "title": "Votre avis",
        "mechanic": "opinion",
        "budget": 300,
        "cards": [],
        **{"options": {"statement": STATEMENT}},
    }
    page = client.get(url).content.decode()
    assert 'name="phase-0-option-statement"' in page and STATEMENT in page


def test_a_poll_without_a_statement_is_refused_in_words(client, facilitator, plan):
    client.force_login(facilitator)
    url = reverse("facilitator:plan_edit", args=[plan.pk])
    empty = {"title": "Votre avis", "mechanic": "opinion", "budget": 300, "options": {"statement": ""}}
    response = client.post(url, posted(plan, [empty, *plan.phases]))
    assert response.status_code == 200
    assert response.context["errors"] == ["Phase 1 : il manque le texte (1 à 200 caractères)."]
