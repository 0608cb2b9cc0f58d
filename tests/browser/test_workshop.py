"""A short workshop in real browsers: one round of every mechanic on two phones in two teams,
one team's answer typed by the facilitator, a break, the debrief and the report. Every round is
worth 10 points at most; each reveal says how they were given, and every score is the same on
the projector, the phones and the report.

Screenshots of each mechanic on a 390x844 phone and a 1280x720 projector go to /tmp/screens5/.
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Iterator

import pytest
from django.urls import NoReverseMatch, reverse

from tests.browser.conftest import PHONE_BUDGET, PROJECTOR, facilitator_login, live_server, phone_join, watch_errors

pytestmark = pytest.mark.browser
SCREENS = "/tmp/screens5"

SHORT_PLAN = """
from django.contrib.auth import get_user_model
from game import services
from game.models import Plan
user = get_user_model().objects.get(username="animateur")
ready = Plan.objects.get(owner=None, deck__slug="impacts-ia-fr")
copy = services.plan_copy(user=user, plan=ready)
services.plan_update(user=user, plan=copy, title="Atelier court", phases=[
    {"title": "Frise", "mechanic": "timeline", "budget": 300, "cards": ["D1", "D4", "D6"]},
    {"title": "Duel", "mechanic": "duel", "budget": 300, "cards": ["A7", "A27"]},
    {"title": "Estimation", "mechanic": "estimate", "budget": 300, "cards": ["A3"]},
    {"title": "Idée reçue", "mechanic": "verdict", "budget": 300, "cards": ["B15"]},
    {"title": "Solutions", "mechanic": "solutions", "budget": 300, "cards": ["C1", "C3", "C4", "C5"],
     "options": {"consensus_points": True}},
])
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[str]:
    with live_server(tmp_path_factory.mktemp("workshop"), ["shell", "-c", SHORT_PLAN]) as url:
        yield url


def _report_url(session_id: int) -> str | None:
    try:
        return reverse("printables:report_pdf", args=[session_id])
    except NoReverseMatch:
        return None


def test_a_short_workshop_with_every_mechanic(browser, server):
    from playwright.sync_api import expect

    expect.set_options(timeout=10_000)
    os.makedirs(SCREENS, exist_ok=True)
    errors: list[str] = []

    control = facilitator_login(browser, server, errors)
    staff = control.context

    control.goto(server + "/animation/plans/")
    expect(control.locator("body")).to_contain_text("Atelier court")
    control.screenshot(path=f"{SCREENS}/plans.png", full_page=True)
    control.get_by_role("link", name="Modifier").first.click()
    expect(control.locator("#total")).to_contain_text("0 h 25 min")
    control.screenshot(path=f"{SCREENS}/plan-editor.png", full_page=True)

    control.goto(server + "/animation/new")
    short = control.locator("#plan-plan option", has_text="Atelier court").get_attribute("value")
    control.select_option("#plan-plan", value=short)
    control.fill("#plan-title", "1re C")
    control.fill("#plan-team-count", "2")
    control.fill("#plan-duration", "300")
    control.get_by_role("button", name="Partir de ce plan").click()
    control.wait_for_url(re.compile(r"/animation/s/\d+/$"))
    session_id = int(re.search(r"/s/(\d+)/", control.url).group(1))
    code = control.locator(".code").first.inner_text().strip()

    projector = staff.new_page()
    watch_errors(projector, errors)
    projector.set_viewport_size(PROJECTOR)
    projector.goto(control.url + "screen")
    control.locator("#actions [data-command=open]").click()
    ada, ada_traffic = phone_join(browser, server, code, "Ada", 1, errors)
    cleo, _ = phone_join(browser, server, code, "Cléo", 2, errors)

    def command(name: str) -> None:
        button = control.locator(f"[data-command={name}]")
        button.wait_for(state="visible")
        button.click()

    def shoot(name: str) -> None:
        ada.screenshot(path=f"{SCREENS}/phone-{name}.png", full_page=True)
        projector.screenshot(path=f"{SCREENS}/projector-{name}.png")

    # Timeline: tap the cards in order, no drag; the true order comes with the years.
    command("start")
    expect(control.locator("#clock")).to_be_visible()
    expect(control.locator("#clock-phase")).to_contain_text("Frise")
    for key in ("D1", "D6"):
        ada.click(f"#hand [data-focus=h{key}]")
    ada.click("#chosen li:nth-child(2) .move[aria-label^='Monter']")  # D6 up, then taken back
    ada.click("#chosen [data-focus=bD6]")
    for key in ("D4", "D6"):
        ada.click(f"#hand [data-focus=h{key}]")
    expect(ada.locator("#chosen li")).to_have_count(3)
    shoot("timeline")
    ada.get_by_role("button", name="Proposer cet ordre").click()
    for key in ("D6", "D4", "D1"):
        cleo.click(f"#hand [data-focus=h{key}]")
    cleo.get_by_role("button", name="Proposer cet ordre").click()
    expect(projector.locator("#answered")).to_have_text("2 équipes sur 2 ont répondu")
    expect(projector.locator("#hand .hand-card")).to_have_count(3)
    projector.screenshot(path=f"{SCREENS}/projector-timeline.png")
    command("reveal")
    expect(projector.locator(".true-order li")).to_have_count(3)
    expect(projector.locator(".true-order li").first).to_contain_text("1950")
    # D1 D4 D6 dealt with 1 of their 3 pairs right: Ada's true order scores the 2 beyond, Cléo's none.
    expect(ada.locator("#points")).to_have_text("Points pour votre équipe\u00a0: 10")
    expect(ada.locator("#team-result")).to_contain_text("3 paires sur 3 dans le bon ordre")
    expect(cleo.locator("#team-result")).to_contain_text("0 paire sur 3 dans le bon ordre")
    expect(cleo.locator("#points")).to_have_text("Points pour votre équipe\u00a0: 0")
    dealt = (
        "La donne avait déjà 1 paire dans l’ordre\u00a0: "
        "des points pour chaque paire remise dans l’ordre au-delà, jusqu’à 10."
    )
    for page in (ada, projector):
        expect(page.locator(".points-rule")).to_have_text(dealt)
    expect(projector.locator("#results-body tr").first).to_contain_text("3 paires sur 3")
    expect(projector.locator("#results-body tr").nth(1)).to_contain_text("0 paire sur 3")
    shoot("timeline-reveal")
    timeline_bytes = ada_traffic.total

    # Duel: two big buttons; the captain locks; both quantities at the reveal.
    command("next")
    ada.click("[data-choice=A27]")
    expect(ada.locator("[data-choice=A27]")).to_have_attribute("aria-pressed", "true")
    ada.click("#lock")
    expect(ada.locator("#round-note")).to_contain_text("Une longue question aux modèles")
    cleo.click("[data-choice=A7]")
    shoot("duel")
    command("reveal")
    expect(projector.locator(".duel-pair .fact")).to_have_count(2)
    expect(projector.locator(".fact.higher")).to_contain_text("29\u00a0Wh")
    expect(ada.locator("#team-result")).to_contain_text("Bien vu")
    for page in (ada, projector):
        expect(page.locator(".points-rule")).to_have_text("10 points si l’équipe choisit le plus élevé.")
    shoot("duel-reveal")

    # Estimate: the log slider and the number field agree; team 2's answer is typed by hand.
    command("next")
    ada.fill("#estimate", "40")
    expect(ada.locator("#estimate-shown")).to_have_text("40 GWh")
    ada.get_by_role("button", name="Proposer").click()
    expect(ada.locator("#mates")).to_contain_text("40 GWh")
    control.locator("#entry summary").click()
    row = control.locator("#entry-teams li").nth(1)
    row.locator("input").fill("5000")
    row.get_by_role("button", name="Saisir").click()
    expect(projector.locator("#answered")).to_have_text("2 équipes sur 2 ont répondu")
    shoot("estimate")
    command("reveal")
    expect(projector.locator("svg.log-axis circle")).to_have_count(2)
    expect(projector.locator("svg.log-axis")).to_contain_text("5")
    expect(ada.locator("#verdict")).to_have_text("50\u00a0GWh")
    bands = "10 points à moins d’un facteur 3 de la vraie valeur, 7 à moins de 10 fois, 3 à moins de 100 fois."
    for page in (ada, projector):
        expect(page.locator(".points-rule")).to_have_text(bands)
    expect(cleo.locator("#points")).to_have_text("Points pour votre équipe\u00a0: 3")  # 5 000 for 50: 100 times
    shoot("estimate-reveal")

    # Misconception: the verdict buttons, as before.
    command("next")
    ada.click("[data-choice=false]")
    cleo.click("[data-choice=true]")
    shoot("verdict")
    command("reveal")
    expect(projector.locator("#verdict")).to_have_text("Faux")
    for page in (ada, projector):
        expect(page.locator(".points-rule")).to_have_text("10 points si l’équipe a le bon verdict.")
    shoot("verdict-reveal")

    # Solutions: pick three in rank order, unpick, pick again; the room's choices as bars.
    command("next")
    for key in ("C1", "C3", "C4"):
        ada.click(f"#hand [data-focus=h{key}]")
    ada.click("#hand [data-focus=hC3]")  # unpick the second: C4 becomes second
    ada.click("#hand [data-focus=hC5]")
    expect(ada.locator("#hand [data-focus=hC4] .rank")).to_have_text("2e")
    shoot("solutions")
    ada.get_by_role("button", name="Proposer").click()
    for key in ("C1", "C5", "C3"):
        cleo.click(f"#hand [data-focus=h{key}]")
    cleo.get_by_role("button", name="Proposer").click()
    expect(projector.locator("#answered")).to_have_text("2 équipes sur 2 ont répondu")
    command("reveal")
    expect(projector.locator(".bar-row")).to_have_count(4)
    expect(projector.locator(".bar-row").first).to_contain_text("utiliser un moteur de recherche classique")
    consensus = "10 points pour les équipes les plus proches du choix de la salle."
    for page in (ada, projector):
        expect(page.locator(".points-rule")).to_have_text(consensus)
    shoot("solutions-reveal")

    # Every score the same everywhere: 10 + 10 + 10 + 10 + 10 for Ada's team, 0 + 0 + 3 + 0 + 10 for Cléo's.
    names = [projector.locator("#results-body tr th").nth(i).inner_text() for i in range(2)]
    table = projector.locator("#results-body tr")
    shown = {name: int(table.nth(i).locator("td").nth(2).inner_text()) for i, name in enumerate(names)}  # totals
    assert sorted(shown.values()) == [13, 50]
    expect(ada.locator("#me-score")).to_have_text("Score de l’équipe\u00a0: 50")
    expect(cleo.locator("#me-score")).to_have_text("Score de l’équipe\u00a0: 13")

    # A break, then the debrief on every screen, then the report.
    control.fill("#break-minutes", "5")
    control.get_by_role("button", name="Lancer une pause").click()
    expect(projector.locator("#pause")).to_be_visible()
    expect(ada.locator("#pause")).to_be_visible()
    expect(projector.locator("#break-clock")).to_have_text(re.compile(r"^[45]:\d\d$"))
    shoot("break")
    control.screenshot(path=f"{SCREENS}/control-break.png", full_page=True)
    command("end_break")
    expect(projector.locator("#pause")).to_be_hidden()
    command("show_debrief")
    expect(projector.locator("#over")).to_be_visible()
    expect(projector.locator("#d-miss")).to_contain_text("1 équipe sur 2 s’est trompée")  # ngettext
    expect(projector.locator("#d-sol .bar-row")).not_to_have_count(0)
    expect(ada.locator("#ranking li")).to_have_count(2)
    expect(ada.locator("#ranking li").first).to_contain_text("— 50")
    expect(projector.locator("#final-body tr").first).to_contain_text("50")
    expect(projector.locator("#final-body tr").nth(1)).to_contain_text("13")
    shoot("debrief")

    response = staff.request.get(server + reverse("printables:report_csv", args=[session_id]))
    rows = list(csv.reader(io.StringIO(response.body().decode("utf-8-sig"))))
    by_team: dict[str, int] = {}
    for row in rows[1:]:
        by_team[row[5]] = by_team.get(row[5], 0) + int(row[7])
        assert row[8] == "10"  # every round of this plan is worth the same
    assert by_team == shown

    report = _report_url(session_id)
    if report is None:
        print("\nprintables:report_pdf is not there yet: the report step is skipped")
    else:
        expect(control.locator("#report-pdf")).to_be_visible()
        response = staff.request.get(server + report)
        assert response.ok and response.body()[:5] == b"%PDF-"

    print(f"\nphone traffic to join and play the timeline round: {timeline_bytes} bytes")
    assert timeline_bytes <= PHONE_BUDGET
    assert errors == []
