"""Every projector screen of the ready 2-hour plan fits every projector: 12 teams and 40
players (filled by `manage.py rehearse`), the lobby (and one of 24 teams, 200 names), each
round answered then revealed, a break, the debrief and the end, at 1024x768, 1280x720,
1366x768, 1920x1080 and 3840x2160.

A screen fails when the page scrolls, when a visible element leaves the viewport or is
clipped (content larger than a box that hides its overflow, an ellipsis), when text is smaller
than what reads from the back of the room (2 % of the screen's height), or when the estimate's
"true value" label runs over its bar. One browser page: the viewport is resized, the page is
reloaded only to see what the rehearsal process changed (the test server's channel layer is in
memory, so its broadcasts stay in that process).

PROJECTOR_SHOTS=/some/dir writes a screenshot of every screen at every size there.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser.conftest import ROOT, facilitator_login, live_server, watch_errors, when_fitted

pytestmark = pytest.mark.browser

SIZES = [(1024, 768), (1280, 720), (1366, 768), (1920, 1080), (3840, 2160)]
TEAMS, PLAYERS = 12, 40
MIN_TEXT = 0.02  # of the viewport's height: the smallest text that reads from the back

# What is wrong on the page as it is drawn now: [] when everything fits.
PROBLEMS = (Path(__file__).parent / "projector_fit.js").read_text()


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[tuple[str, Path]]:
    tmp = tmp_path_factory.mktemp("fit")
    with live_server(tmp) as url:
        yield url, tmp


class Rehearsal:
    """`manage.py rehearse --console` on the live server's database: one line in, one line out."""

    def __init__(self, tmp: Path, teams: int, players: int) -> None:
        env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
        env.update(DATABASE_URL=f"sqlite:///{tmp / 'db.sqlite3'}", DJANGO_SETTINGS_MODULE="config.settings")
        args = ["--plan", "impacts-ia-fr", "--owner", "animateur", "--teams", str(teams), "--players", str(players)]
        self.proc = subprocess.Popen(
            [sys.executable, "manage.py", "rehearse", *args, "--console"],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.proc.stdout and self.proc.stdin
        first = self.proc.stdout.readline().split()
        assert first[:1] == ["session"], first
        self.session_id, self.code = int(first[1]), first[2]

    def __call__(self, line: str) -> str:
        assert self.proc.stdin and self.proc.stdout
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()
        return self.proc.stdout.readline().strip()

    def close(self) -> None:
        if self.proc.stdin:
            self.proc.stdin.close()
        self.proc.wait(timeout=20)


def test_every_projector_screen_fits_every_projector(browser, server):
    from playwright.sync_api import expect

    expect.set_options(timeout=15_000)
    url, tmp = server
    errors: list[str] = []
    shots = os.environ.get("PROJECTOR_SHOTS")
    if shots:
        os.makedirs(shots, exist_ok=True)
    control = facilitator_login(browser, url, errors)
    rehearse = Rehearsal(tmp, TEAMS, PLAYERS)
    projector = control.context.new_page()
    watch_errors(projector, errors)
    projector.set_viewport_size({"width": SIZES[0][0], "height": SIZES[0][1]})
    projector.goto(f"{url}/animation/s/{rehearse.session_id}/screen")
    problems: list[str] = []
    seen: list[str] = []

    def look(name: str, screen: str, players: int = PLAYERS) -> None:
        """The screen as drawn from a fresh snapshot, checked at every size."""
        projector.reload()
        # (waits polled at every frame, not expect's back-off: 235 of them)
        projector.wait_for_selector(f"body[data-screen={screen}]", state="attached")
        if screen == "lobby":  # the names come in the roster, after the state
            projector.wait_for_selector(f"body[data-players='{players}']", state="attached")
        seen.append(name)
        for width, height in SIZES:
            projector.set_viewport_size({"width": width, "height": height})
            for problem in when_fitted(projector, PROBLEMS, MIN_TEXT):
                problems.append(f"{name} at {width}x{height}: {problem}")
            if shots:
                projector.screenshot(path=f"{shots}/{len(seen):02d}-{name}-{width}x{height}.png")

    def step(line: str) -> str:
        said = rehearse(line)
        assert said.startswith("ok"), f"{line}: {said}"
        return said

    try:
        look("lobby", "lobby")
        expect(projector.locator("#lobby-teams li")).to_have_count(TEAMS)
        step("start")
        number = 1
        while True:
            step("answer")
            look(f"round{number}", "card")
            expect(projector.locator("#answered")).to_contain_text(f"{TEAMS}")
            step("reveal")
            look(f"round{number}-reveal", "reveal")
            if number == 4:
                step("break 5")
                look("break", "break")
                step("end_break")
            if rehearse("next") != "ok next":
                break
            number += 1
        step("show_debrief")
        look("debrief", "debrief")
        step("end")
        look("end", "debrief")
    finally:
        rehearse.close()
    # The biggest room the lobby takes: 24 teams, 200 names (in pages if they do not fit).
    crowd = Rehearsal(tmp, 24, 200)
    crowd.close()
    projector.goto(f"{url}/animation/s/{crowd.session_id}/screen")
    look("lobby-200", "lobby", players=200)
    assert number >= 10, seen
    assert not errors, errors
    assert not problems, "\n".join(problems)
