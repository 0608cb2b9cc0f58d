"""A kit and a deck printed for one plan's cards only, in plan order, the guide phase by phase."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from pypdf import PdfReader

from game import services
from game.models import Plan
from printables.selection import plan_keys
from tests.printables.decks import default_deck, pdf_text, squeeze


@pytest.fixture
def ready_plan(db):
    call_command("load_default_decks")
    call_command("load_default_plans")
    return Plan.objects.get(owner=None, deck__slug="impacts-ia-fr")


def _positions(text: str, keys: list[str]) -> list[int]:
    """Where each card's front starts in the squeezed text of a PDF."""
    fronts = {card.key: squeeze(card.front)[:30] for card in default_deck("fr").cards}
    return [text.find(fronts[key]) for key in keys]


def _outline(data: bytes) -> list[str]:
    def titles(outline):
        for item in outline:
            yield from titles(item) if isinstance(item, list) else [item.title]

    return list(titles(PdfReader(io.BytesIO(data)).outline))


def test_plan_keys_follow_phases_then_cards_each_once():
    phases = [
        {"title": "a", "mechanic": "info", "budget": 60, "cards": []},
        {"title": "b", "mechanic": "duel", "budget": 60, "cards": ["A7", "A4"]},
        {"title": "c", "mechanic": "estimate", "budget": 60, "cards": ["A3", "A7"]},
    ]
    assert plan_keys(phases) == ["A7", "A4", "A3"]


def test_the_deck_for_a_plan_prints_its_cards_in_plan_order(client, facilitator, ready_plan):
    client.force_login(facilitator)
    response = client.get(reverse("printables:deck_pdf", args=["impacts-ia-fr"]), {"plan": ready_plan.pk})
    assert response.status_code == 200
    keys = plan_keys(ready_plan.phases)
    assert len(keys) == 38
    text = squeeze(pdf_text(response.content))
    positions = _positions(text, keys)
    assert -1 not in positions and positions == sorted(positions)
    assert f"1/{len(keys)}" in text and f"{len(keys)}/{len(keys)}" in text
    assert "/94" not in text  # only the plan's cards, numbered out of the plan's count


def test_the_kit_for_a_plan_follows_its_phases(client, facilitator, ready_plan):
    client.force_login(facilitator)
    response = client.get(reverse("printables:kit_pdf", args=["impacts-ia-fr"]), {"plan": ready_plan.pk})
    assert response.status_code == 200
    titles = _outline(response.content)
    phase_titles = [t for t in titles if t.endswith(" min")]
    assert phase_titles == [f"{p['title']} — {p['budget'] // 60} min" for p in ready_plan.phases]
    cards = [t.split(" ")[1] for t in titles if t[:1].isdigit()]
    assert cards == plan_keys(ready_plan.phases)
    # each phase's cards come under its heading
    assert titles.index("Duels d’impacts (même périmètre) — 20 min") < titles.index("9. A4 — Impact")
    assert titles.index("Estimations\u00a0: des chiffres mesurés — 12 min") > titles.index("20. A33 — Impact")


def test_a_plan_of_another_facilitator_is_404_and_ones_own_prints(client, facilitator, other_facilitator, ready_plan):
    theirs = services.plan_copy(user=other_facilitator, plan=ready_plan)
    mine = services.plan_copy(user=facilitator, plan=ready_plan)
    client.force_login(facilitator)
    for name in ("printables:deck_pdf", "printables:kit_pdf"):
        url = reverse(name, args=["impacts-ia-fr"])
        assert client.get(url, {"plan": theirs.pk}).status_code == 404
        assert client.get(url, {"plan": 99999}).status_code == 404
        assert client.get(reverse(name, args=["impacts-ia-en"]), {"plan": mine.pk}).status_code == 404
        assert client.get(url, {"plan": mine.pk}).status_code == 200
        assert client.get(url, {"plan": "x"}).status_code == 400
        assert client.get(url, {"plan": mine.pk, "cards": "A7"}).status_code == 400


def test_print_commands_take_a_plan(ready_plan, tmp_path):
    call_command("print_deck", "impacts-ia-fr", "-o", str(tmp_path / "d.pdf"), "--plan", str(ready_plan.pk))
    call_command("print_kit", "impacts-ia-fr", "-o", str(tmp_path / "k.pdf"), "--plan", str(ready_plan.pk))
    keys = plan_keys(ready_plan.phases)
    positions = _positions(squeeze(pdf_text((tmp_path / "d.pdf").read_bytes())), keys)
    assert -1 not in positions and positions == sorted(positions)
    assert "Estimations\u00a0: des chiffres mesurés — 12 min" in _outline((tmp_path / "k.pdf").read_bytes())
    with pytest.raises(CommandError, match="is for deck 'impacts-ia-fr'"):
        call_command("print_kit", "impacts-ia-en", "-o", str(tmp_path / "x.pdf"), "--plan", str(ready_plan.pk))
    with pytest.raises(CommandError, match="no plan 99999"):
        call_command("print_deck", "impacts-ia-fr", "-o", str(tmp_path / "x.pdf"), "--plan", "99999")
