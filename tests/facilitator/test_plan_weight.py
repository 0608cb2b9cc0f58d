"""The plan editor shows each scored phase's weight, saves the weights that differ from 1 and
refuses in words a weight the plan cannot take."""

from __future__ import annotations

import pytest
from django.urls import reverse

from game.models import Plan
from tests.facilitator.test_pages_plans import posted

pytestmark = pytest.mark.django_db

VERDICTS = {"title": "Idées reçues", "mechanic": "verdict", "budget": 600, "cards": ["B3"]}
WELCOME = {"title": "Accueil", "mechanic": "info", "budget": 300, "cards": []}


@pytest.fixture
def plan(facilitator, french_deck) -> Plan:
    return Plan.objects.create(deck=french_deck, owner=facilitator, title="Pondéré", phases=[WELCOME, VERDICTS])


def test_a_scored_phase_shows_its_weight_and_what_it_means(client, facilitator, plan):
    client.force_login(facilitator)
    page = client.get(reverse("facilitator:plan_edit", args=[plan.pk])).content.decode()
    assert 'name="phase-1-option-weight"' in page and 'name="phase-0-option-weight"' not in page  # no game, no points
    assert 'type="number" min="0" max="5" step="1" value="1"' in page
    assert "Une manche vaut au plus 10 points multipliés par ce poids" in page
    assert 'aria-describedby="phase-1-option-weight-hint"' in page and 'id="phase-1-option-weight-hint"' in page


def test_a_weight_is_saved_in_the_phase_and_shown_again(client, facilitator, plan):
    client.force_login(facilitator)
    url = reverse("facilitator:plan_edit", args=[plan.pk])
    response = client.post(url, posted(plan, [WELCOME, VERDICTS | {"options": {"weight": 3}}]))
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.phases[1] == VERDICTS | {"options": {"weight": 3}}
    assert 'step="1" value="3"' in client.get(url).content.decode()


def test_a_weight_of_1_is_not_written_and_0_is_a_practice_round(client, facilitator, plan):
    client.force_login(facilitator)
    url = reverse("facilitator:plan_edit", args=[plan.pk])
    client.post(url, posted(plan, [WELCOME, VERDICTS], **{"phase-1-option-weight": "1"}))
    plan.refresh_from_db()
    assert plan.phases == [WELCOME, VERDICTS]
    client.post(url, posted(plan, [WELCOME, VERDICTS], **{"phase-1-option-weight": "0"}))
    plan.refresh_from_db()
    assert plan.phases[1]["options"] == {"weight": 0}


def test_a_weight_the_plan_cannot_take_is_refused_in_words_and_kept_in_the_field(client, facilitator, plan):
    client.force_login(facilitator)
    url = reverse("facilitator:plan_edit", args=[plan.pk])
    for typed in ("9", "1,5", "deux"):
        response = client.post(url, posted(plan, [WELCOME, VERDICTS], **{"phase-1-option-weight": typed}))
        assert response.status_code == 200
        assert response.context["errors"] == ["Phase 2 : le poids est un nombre entier de 0 à 5."]
        assert f'value="{typed}"' in response.content.decode()
    plan.refresh_from_db()
    assert plan.phases == [WELCOME, VERDICTS]


def test_a_session_from_a_weighted_plan_carries_the_weight_into_its_rounds(client, facilitator, plan):
    from game import selectors, services

    plan.phases = [WELCOME, VERDICTS | {"options": {"weight": 2}}]
    plan.save()
    session = services.session_create_from_plan(owner=facilitator, plan=plan, title="2nde B", team_count=2)

    def command(name, **args):
        services.session_command(user=facilitator, session_id=session.pk, name=name, args=args)

    command("open")
    command("start")
    command("enter_answer", round=1, team="t1", answer="depends")  # B3 depends
    command("reveal")
    state = selectors.state_of(type(session).objects.get(pk=session.pk))
    assert state.round.options == {"weight": 2} and state.team_scores() == {"t1": 20, "t2": 0}
