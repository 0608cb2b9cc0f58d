"""Bytes and time a phone needs from the join link to a playable card, on slow 3G.

    .venv/bin/python bench/phone_bytes.py               # throttled: 2 s round trip, 50 KiB/s
    .venv/bin/python bench/phone_bytes.py --no-throttle # the bytes only, at full speed

Production-like server: one daphne with DEBUG off, collectstatic done and WhiteNoise serving
compressed, cache-busted files (what a deployment sends), on a temporary SQLite database.
A facilitator (not counted) opens the room, starts a card and reveals it; one phone in
Debian's headless chromium opens the join link, picks a nickname, proposes, and sees the
reveal. Every HTTP request (headers and body, both ways) and websocket frame of the phone is
counted. The phone's network is throttled through Chromium's DevTools protocol
(`Network.emulateNetworkConditions`: 2000 ms latency added to every request, 50 KiB/s each way),
the round is already running when the phone opens the join link (a latecomer: the common case
of a phone that lost its page), and the time is taken from `goto(join link)` to the first
answer button enabled on the card. Targets: at most 8 s and 40 KB to the playable card, no
request to another host.
"""

from __future__ import annotations

import os
import re
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
BUDGET = 40_000
TIME_BUDGET_S = 8.0
LATENCY_MS = 2000
THROUGHPUT = 50 * 1024  # bytes per second, each way
PASSWORD = "bench-pass-word-" + secrets.token_hex(4)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> int:
    from playwright.sync_api import expect, sync_playwright

    throttle = "--no-throttle" not in sys.argv[1:]

    tmp = Path(tempfile.mkdtemp(prefix="phone-bytes-"))
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "DEBUG"}}
    env.update(
        DATABASE_URL=f"sqlite:///{tmp / 'db.sqlite3'}",
        STATIC_ROOT=str(tmp / "static"),
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        FACILITATOR_PASSWORD=PASSWORD,
        DJANGO_SETTINGS_MODULE="config.settings",
    )
    manage = [sys.executable, "manage.py"]
    for args in (
        ["migrate", "-v0"],
        ["collectstatic", "--noinput", "-v0"],
        ["load_default_decks"],
        ["ensure_facilitator", "--username", "animateur"],
    ):
        subprocess.run(manage + args, cwd=ROOT, env=env, check=True, capture_output=True)
    server = subprocess.Popen(
        [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port), "config.asgi:application"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(url + "/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=CHROMIUM,
                args=[
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                ],
            )
            expect.set_options(timeout=15_000)
            control = browser.new_context(locale="fr-FR").new_page()
            control.goto(url + "/login/")
            control.fill("#id_username", "animateur")
            control.fill("#id_password", PASSWORD)
            control.get_by_role("button", name="Se connecter").click()
            control.wait_for_url(re.compile(r"/animation/$"))
            control.goto(url + "/animation/new")
            boxes = control.locator("input[name=cards]")
            boxes.first.wait_for()
            for i in range(boxes.count()):
                boxes.nth(i).set_checked(i < 1)
            control.fill("#id_title", "Bench")
            control.get_by_role("button", name="Créer la session").click()
            control.wait_for_url(re.compile(r"/animation/s/\d+/$"))
            code = control.locator(".code").first.inner_text().strip()
            control.locator("#actions [data-command=open]").click()
            time.sleep(0.5)
            control.locator("#actions [data-command=start]").click()
            time.sleep(0.5)

            phone = browser.new_context(
                viewport={"width": 390, "height": 844}, locale="fr-FR", is_mobile=True, has_touch=True
            ).new_page()
            if throttle:
                cdp = phone.context.new_cdp_session(phone)
                cdp.send("Network.enable")
                cdp.send(
                    "Network.emulateNetworkConditions",
                    {
                        "offline": False,
                        "latency": LATENCY_MS,
                        "downloadThroughput": THROUGHPUT,
                        "uploadThroughput": THROUGHPUT,
                    },
                )
            log: list[tuple[str, int]] = []
            hosts: set[str] = set()

            def http(request) -> None:
                sizes = request.sizes()
                if sizes["responseBodySize"] < 0:  # from the browser's cache: nothing on the network
                    return
                n = sizes["requestBodySize"] + sizes["requestHeadersSize"] + sizes["responseHeadersSize"]
                log.append((request.url, n + sizes["responseBodySize"]))

            def ws(socket_) -> None:
                def size(payload) -> int:
                    return len(payload.encode() if isinstance(payload, str) else payload)

                socket_.on("framereceived", lambda payload: log.append(("ws <", size(payload))))
                socket_.on("framesent", lambda payload: log.append(("ws >", size(payload))))

            expect.set_options(timeout=60_000)
            phone.on("request", lambda request: hosts.add(urlsplit(request.url).netloc))
            phone.on("requestfinished", http)
            phone.on("websocket", ws)
            t0 = time.monotonic()
            phone.goto(f"{url}/j/{code.lower()}", wait_until="commit")
            phone.fill("#id_nickname", "Ada")
            # usable = styled: a student taps what they can see
            # (a function, not an expression: Playwright evaluates an expression with eval, which
            # the pages' CSP refuses)
            styled = "() => [...document.querySelectorAll('link[rel=stylesheet]')].every((l) => l.sheet)"
            phone.wait_for_function(styled)
            t_form = time.monotonic() - t0
            phone.get_by_role("button", name="C’est parti").click(no_wait_after=True)
            choice = phone.locator("[data-choice=false]")
            expect(choice).to_be_enabled()
            t_card = time.monotonic() - t0
            # what had been transferred when the card became playable (requests still in flight
            # are counted when they finish, below)
            at_card = len(log)
            phone.wait_for_url(re.compile(rf"/play/{code}$"))
            choice.click()
            expect(choice).to_have_attribute("aria-pressed", "true")
            phone.wait_for_selector("#status[data-status=online]")
            expect(phone.locator("#pending")).to_be_hidden()  # acknowledged by the server
            t_ack = time.monotonic() - t0
            control.locator("#actions [data-command=reveal]").click()
            expect(phone.locator("#verdict")).not_to_be_empty()
            time.sleep(0.3)
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
    report(log, at_card, hosts, port, throttle, t_form, t_card, t_ack)
    return 0


def report(log, at_card, hosts, port, throttle, t_form, t_card, t_ack) -> None:
    """The table and the verdict, printed and written to bench/results/phone-bytes-<date>.md."""
    lines: list[str] = []
    started = datetime.now()

    def say(*parts: object, end: str = "\n") -> None:  # printed, and kept for the file
        print(*parts, end=end)
        lines.append(" ".join(map(str, parts)) + end)

    say(f"# A phone, join link to a playable card, {started:%Y-%m-%d %H:%M}\n")
    load = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    say(f"`.venv/bin/python bench/phone_bytes.py{'' if throttle else ' --no-throttle'}`; load average {load}\n")
    total = sum(n for _, n in log)
    to_card = sum(n for _, n in log[:at_card])
    http_total = sum(n for what, n in log if not what.startswith("ws"))
    frames = [n for what, n in log if what.startswith("ws")]
    say("| what | bytes |\n|---|---|")
    for what, n in log:
        if not what.startswith("ws"):
            say(f"| {urlsplit(what).path} | {n} |")
    say(f"| websocket: {len(frames)} frames | {sum(frames)} |")
    say(f"| **total** (HTTP {http_total}) | **{total}** |")
    other = sorted(h for h in hosts if h != f"127.0.0.1:{port}")
    say(f"\nhosts contacted: {sorted(hosts)}; other hosts: {other or 'none'}")
    network = f"{LATENCY_MS} ms latency, {THROUGHPUT // 1024} KiB/s each way" if throttle else "not throttled"
    say(f"network: {network}")
    say(f"join link → form usable: {t_form:.2f} s; → playable card: {t_card:.2f} s;", end=" ")
    say(f"→ proposal acknowledged: {t_ack:.2f} s")
    say(f"bytes to the playable card (requests finished by then): {to_card}; in all (proposal, reveal): {total}")
    met = to_card <= BUDGET and total <= BUDGET and not other and (not throttle or t_card <= TIME_BUDGET_S)
    verdict = "met" if met else "MISSED"
    say(f"target ≤ {TIME_BUDGET_S:g} s and ≤ {BUDGET} bytes to a playable card, no other host: {verdict}")
    out = ROOT / "bench" / "results" / f"phone-bytes-{started:%Y-%m-%d-%H%M}.md"
    out.write_text("".join(lines))
    print(f"written: {out}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
