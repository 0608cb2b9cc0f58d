"""The control panel of a full room (12 teams, 40 players, the longest names allowed) on a laptop
(1366x768) and on a phone (360x740): no sideways scroll, every name and team whole, one primary
button that says what happens next, the round as the projector words it, destructive actions
confirmed in a dialog; and the phone's team list, names unbroken.

The room is filled server-side (manage.py rehearse); one browser, one page resized between sizes.
Screenshots go to /tmp/shots-control/ (CONTROL_SHOTS to change)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser.conftest import live_server, phone_join
from tests.browser.room import open_control, room_setup

pytestmark = pytest.mark.browser

SHOTS = Path(os.environ.get("CONTROL_SHOTS", "/tmp/shots-control"))
LAPTOP = {"width": 1366, "height": 768}
SMALL_PHONE = {"width": 360, "height": 740}
LONG_TEAM = "Les Inséparables du fond de la"  # 30 characters, engine.TEAM_NAME_MAX
TIMELINE_PROMPT = "Remettez ces événements dans l’ordre, du plus ancien au plus récent."

# What a person would call broken, measured in the page: the page wider than the window, an
# element out of the window, a name cut (scrollWidth beyond clientWidth) or split inside a word
# (more lines than it has words).
LAYOUT = """(names) => {
  const problems = [];
  const width = document.documentElement.clientWidth;
  const wide = document.documentElement.scrollWidth;
  if (wide > width) problems.push(`page ${wide} px wide in ${width}`);
  for (const node of document.querySelectorAll("main *")) {
    const box = node.getBoundingClientRect();
    if (!box.width || !node.offsetParent || node.closest(".sr")) continue;
    const what = `${node.tagName}#${node.id}.${node.className}`;
    if (box.left < -0.5 || box.right > width + 0.5) problems.push(`${what} spans ${box.left}..${box.right}`);
  }
  for (const node of document.querySelectorAll(names)) {
    if (!node.offsetParent) continue;
    const text = node.textContent;
    const cut = node.scrollWidth > node.clientWidth + 0.5;
    if (cut) problems.push(`"${text}" cut: ${node.scrollWidth} > ${node.clientWidth}`);
    const range = document.createRange();
    range.selectNodeContents(node);
    const tops = [...range.getClientRects()].map((r) => r.top).sort((a, b) => a - b);
    const lines = tops.filter((top, i) => i === 0 || top - tops[i - 1] > 8).length; // a badge's border is no line
    const words = text.split(/[\\s-]+/).filter(Boolean).length;
    if (lines > words) problems.push(`"${text}" on ${lines} lines for ${words} words`);
  }
  return problems;
}"""
ROOM_NAMES = "#teams .person-name, #teams .person-more, #roster .person-name, #roster .person-more, #results-body th"


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[str]:
    setup = room_setup(teams=12, players=40, team_names=(LONG_TEAM,))
    with live_server(tmp_path_factory.mktemp("control"), *setup) as url:
        yield url


def layout_problems(page, where: str, names: str = ROOM_NAMES) -> list[str]:
    SHOTS.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size
    page.screenshot(path=SHOTS / f"{where}-{size['width']}.png", full_page=True)
    return [f"{where} at {size['width']}: {p}" for p in page.evaluate(LAYOUT, names)]


def primary(page):
    """The one button of the dock: exactly one is shown at a time."""
    from playwright.sync_api import expect

    shown = page.locator("#dock-slot button:visible")
    expect(shown).to_have_count(1)
    return shown


def test_the_control_panel_of_a_full_room_on_a_laptop_and_a_phone(browser, server):
    from playwright.sync_api import expect

    expect.set_options(timeout=10_000)
    errors: list[str] = []
    found: list[str] = []
    control, code = open_control(browser, server, errors)
    expect(control.locator("#roster-count")).to_have_text("(40)")
    expect(control.locator("#teams .person-name").first).to_have_text(LONG_TEAM)

    def both_sizes(where: str) -> None:
        for size in (LAPTOP, SMALL_PHONE):
            control.set_viewport_size(size)
            found.extend(layout_problems(control, where))

    expect(primary(control)).to_have_text("Lancer la première carte")
    both_sizes("lobby")

    # A phone in the first team (four players with long names already): its proposal, a whole
    # order of cards, is long; its teammates' names stay on whole words beside it.
    phone, _ = phone_join(browser, server, code, "Anne-Charlotte Delacroix", 1, errors)
    expect(control.locator("#roster-count")).to_have_text("(41)")

    primary(control).click()
    expect(primary(control)).to_have_text("Révéler")
    for key in ("D1", "D4", "D6"):
        phone.click(f"#hand [data-focus=h{key}]")
    phone.get_by_role("button", name="Proposer cet ordre").click()
    phone.set_viewport_size(SMALL_PHONE)
    expect(phone.locator("#mates li")).to_have_count(5)
    expect(phone.locator("#mates li", has_text="(vous)")).to_contain_text("1. ")
    found.extend(layout_problems(phone, "phone-team", "#mates .nick, #mates .prop, #mates .muted"))
    phone.context.close()

    expect(primary(control)).to_be_focused()  # the next step takes the focus of the last one
    # The round's prompt and its cards, as the projector shows them; never the first card alone.
    expect(control.locator("#front")).to_have_text(TIMELINE_PROMPT)
    expect(control.locator("#hand li")).to_have_count(3)
    expect(control.locator("#answered")).to_have_text("1 équipe sur 12 a répondu")
    expect(control.locator(".go:visible")).to_have_count(1)
    expect(control.locator("#careful [data-command=skip]")).to_be_visible()  # apart from the primary
    both_sizes("round")

    primary(control).click()
    expect(primary(control)).to_have_text("Carte suivante")
    expect(control.locator("#results-body tr")).to_have_count(12)
    both_sizes("reveal")

    # Ending the session asks first: Cancel (or Escape) changes nothing, Confirm ends it.
    end = control.locator("#careful [data-command=end]")
    end.click()
    dialog = control.get_by_role("dialog")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("Terminer la session pour tout le monde")
    expect(control.locator("#confirm-cancel")).to_be_focused()  # the safe answer is the default
    found.extend(layout_problems(control, "confirm"))
    control.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    end.click()
    control.get_by_role("button", name="Annuler").click()
    expect(dialog).to_be_hidden()
    expect(control.locator("#lifecycle")).to_have_text("En jeu")

    primary(control).click()  # Next card: a duel, its prompt and its two cards
    expect(primary(control)).to_have_text("Révéler")
    expect(control.locator("#front")).to_have_text("Lequel est le plus élevé ?")
    expect(control.locator("#hand li")).to_have_count(2)
    end.click()
    expect(control.locator("#confirm-ok")).to_have_text("Terminer la session")
    control.locator("#confirm-ok").click()
    expect(control.locator("#lifecycle")).to_have_text("Terminée")
    both_sizes("ended")

    assert not found, "\n".join(found)
    assert not errors, errors
