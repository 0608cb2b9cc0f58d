"""A full room for the browser tests, without a browser per player: a plan of a timeline and a
duel, a session from it filled server-side (manage.py rehearse, through the phones' join
service), and the facilitator's control panel on it."""

from __future__ import annotations

import re

from tests.browser.conftest import facilitator_login

PLAN_TITLE = "Salle test"
PLAN = f"""
from django.contrib.auth import get_user_model
from game import services
from game.models import Plan
user = get_user_model().objects.get(username="animateur")
ready = Plan.objects.get(owner=None, deck__slug="impacts-ia-fr")
copy = services.plan_copy(user=user, plan=ready)
services.plan_update(user=user, plan=copy, title="{PLAN_TITLE}", phases=[
    {{"title": "L’histoire de l’IA : la frise", "mechanic": "timeline", "budget": 600, "cards": ["D1", "D4", "D6"]}},
    {{"title": "Duels d’impacts", "mechanic": "duel", "budget": 300, "cards": ["A7", "A27"]}},
])
"""


def room_setup(*, teams: int, players: int, team_names: tuple[str, ...] = ()) -> list[list[str]]:
    """The manage.py commands for live_server: the plan, then the filled session."""
    fill = ["rehearse", "--plan", PLAN_TITLE, "--owner", "animateur", "--long-names"]
    fill += ["--teams", str(teams), "--players", str(players)]
    for name in team_names:
        fill += ["--team-name", name]
    return [["shell", "-c", PLAN], fill]


def open_control(browser, server: str, errors: list[str]):
    """The facilitator logged in, on the control panel of the (only) session, connected, and its join code."""
    control = facilitator_login(browser, server, errors)
    control.get_by_role("link", name="Pilotage").first.click()
    control.wait_for_url(re.compile(r"/animation/s/\d+/$"))
    control.wait_for_selector("#status[data-status=online]")
    return control, control.locator(".code").first.inner_text().strip()
