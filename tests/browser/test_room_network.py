"""The room's network, tried as a new user would: a fresh clone, `make run`, the projector opened
on 127.0.0.1, its QR code scanned, and a phone on *another device* of the room's network joins.

The laptop and the phone are two network namespaces joined by a veth pair (a private /30 that
exists only inside them): the server, started by `make run` itself in the laptop's namespace,
sees one network interface besides loopback, as a laptop on the school Wi-Fi does, and a
browser in the phone's namespace can reach it only through that network. Needs root (`ip
netns`); elsewhere the tests say why they are skipped."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import CHROMIUM, PHONE, PROJECTOR, ROOT, watch_errors

pytestmark = pytest.mark.browser
SCREENS = Path("/tmp/screens")
LAPTOP_IP, PHONE_IP = "10.213.0.1", "10.213.0.2"  # a /30 inside the two namespaces only
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def ip(*args: str) -> None:
    subprocess.run(["ip", *args], check=True, capture_output=True, text=True)


@dataclass
class Room:
    laptop: str  # namespace names
    phone: str

    def run_in(self, ns: str, *command: str, **kwargs) -> subprocess.CompletedProcess:
        return subprocess.run(["ip", "netns", "exec", ns, *command], **kwargs)


@pytest.fixture(scope="module")
def room() -> Iterator[Room]:
    if os.geteuid() != 0:
        pytest.skip("a phone on another device of the room's network is a network namespace: needs root (ip netns)")
    if not shutil.which("ip"):
        pytest.skip("needs iproute2's `ip` to create network namespaces")
    tag = f"at{os.getpid() % 100000}"  # unique per run: parallel runs never collide
    laptop, phone = f"{tag}-laptop", f"{tag}-phone"
    made: list[str] = []
    try:
        for ns in (laptop, phone):
            ip("netns", "add", ns)
            made.append(ns)
        # made in the namespaces themselves: the host's own network never changes (a change
        # there makes every Chromium of the machine drop its requests in flight)
        ip("-n", laptop, "link", "add", f"{tag}l", "type", "veth", "peer", "name", f"{tag}p", "netns", phone)
        ip("-n", laptop, "addr", "add", f"{LAPTOP_IP}/30", "dev", f"{tag}l")
        ip("-n", phone, "addr", "add", f"{PHONE_IP}/30", "dev", f"{tag}p")
        for ns, dev in ((laptop, f"{tag}l"), (phone, f"{tag}p")):
            ip("-n", ns, "link", "set", "lo", "up")
            ip("-n", ns, "link", "set", dev, "up")
    except subprocess.CalledProcessError as error:
        for ns in made:
            subprocess.run(["ip", "netns", "del", ns], check=False, capture_output=True)
        pytest.skip(f"ip netns failed here ({(error.stderr or '').strip()}): no namespace for the phone")
    try:
        yield Room(laptop, phone)
    finally:
        for ns in made:  # deleting a namespace deletes its end of the veth pair, and so the pair
            subprocess.run(["ip", "netns", "del", ns], check=False, capture_output=True)


@dataclass
class Served:
    clone: Path
    port: int
    banner: str
    password: str

    @property
    def local(self) -> str:
        return f"http://127.0.0.1:{self.port}"


@pytest.fixture(scope="module")
def served(room: Room, tmp_path_factory) -> Iterator[Served]:
    """A fresh clone of this commit, and `make run` in the laptop's namespace, as a new user types it."""
    clone = tmp_path_factory.mktemp("newuser") / "atelier-ia"
    head = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "HEAD"], check=True, capture_output=True, text=True)
    subprocess.run(["git", "clone", "-q", "--no-checkout", str(ROOT), str(clone)], check=True)
    subprocess.run(["git", "-C", str(clone), "checkout", "-q", head.stdout.strip()], check=True)
    # The one step not redone: installing the packages (no network here); the clone uses this
    # checkout's virtualenv, and make is told it is up to date.
    (clone / ".venv").symlink_to(ROOT / ".venv")
    keep = {"PATH", "HOME", "LANG", "LC_ALL", "TMPDIR"}
    env = {k: v for k, v in os.environ.items() if k in keep}
    env["PORT"] = "0"  # a free port, which make run prints once listening
    proc = subprocess.Popen(
        ["ip", "netns", "exec", room.laptop, "make", "-o", ".venv/.installed", "run"],
        cwd=clone,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    lines: list[str] = []
    ready = threading.Event()

    def read() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            lines.append(line)
            if "Ctrl+C" in line:
                ready.set()
        ready.set()

    threading.Thread(target=read, daemon=True).start()
    try:
        if not ready.wait(300) or proc.poll() is not None:
            pytest.fail("make run did not get ready:\n" + "".join(lines))
        banner = "".join(lines)
        port = int(re.search(r"http://127\.0\.0\.1:(\d+)/animation/", banner).group(1))
        password = re.search(r"animateur / (\S+)", banner).group(1)
        yield Served(clone, port, banner, password)
    finally:
        os.killpg(proc.pid, 15)  # make and the server it started, nothing else
        proc.wait(timeout=20)


def chromium_in(ns: str, tmp: Path) -> str:
    """An executable that starts Debian's chromium inside namespace `ns` (Playwright drives it
    over its pipes, which `ip netns exec` hands on)."""
    wrapper = tmp / f"chromium-{ns}"
    wrapper.write_text(f'#!/bin/sh\nexec ip netns exec {ns} {CHROMIUM} "$@"\n')
    wrapper.chmod(0o755)
    return str(wrapper)


def test_make_run_prints_the_addresses_and_the_login_and_serves_the_room_with_debug_off(room, served):
    banner = served.banner
    assert f"{served.local}/animation/" in banner
    assert f"{LAPTOP_IP}:{served.port}" in banner  # what students type
    assert (served.clone / ".local" / "secret_key").exists()  # generated once, out of git
    assert served.password in (served.clone / ".local" / "facilitator-password.txt").read_text()
    # From the phone's device, through the room's network, not loopback:
    fetch = (
        "import sys, urllib.request, urllib.error\n"
        "base = sys.argv[1]\n"
        "print(urllib.request.urlopen(base + '/healthz', timeout=5).read().decode())\n"
        "page = urllib.request.urlopen(base + '/', timeout=5).read().decode()\n"
        'import re; css = re.search(r\'href="(/static/[^"]+\\.css)"\', page).group(1)\n'
        "print(urllib.request.urlopen(base + css, timeout=5).status, css)\n"
        "try:\n"
        "    urllib.request.urlopen(base + '/no-such-page', timeout=5)\n"
        "except urllib.error.HTTPError as e:\n"
        "    print(e.code, 'URLconf' in e.read().decode())\n"
    )
    out = room.run_in(
        room.phone,
        sys.executable,
        "-c",
        fetch,
        f"http://{LAPTOP_IP}:{served.port}",
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    health, static, missing = out.stdout.split("\n")[:3]
    assert health == "ok"
    assert static.startswith("200 /static/css/app.")  # static files served, hashed names
    assert missing == "404 False"  # no debug page for the network
    # and the phone's device cannot reach anything else of the laptop's: no loopback shortcut
    local = room.run_in(
        room.phone,
        sys.executable,
        "-c",
        f"import urllib.request; urllib.request.urlopen('{served.local}/healthz', timeout=3)",
        capture_output=True,
        timeout=30,
    )
    assert local.returncode != 0


def test_a_new_user_scans_the_projectors_qr_code_and_a_phone_of_the_room_plays(room, served, tmp_path):
    if not CHROMIUM.exists():
        pytest.skip("needs Debian's chromium (apt-get install chromium)")
    import zxingcpp
    from PIL import Image
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=15_000)
    SCREENS.mkdir(exist_ok=True)
    errors: list[str] = []
    with sync_playwright() as p:
        laptop = p.chromium.launch(executable_path=chromium_in(room.laptop, tmp_path), args=CHROMIUM_ARGS)
        device = p.chromium.launch(executable_path=chromium_in(room.phone, tmp_path), args=CHROMIUM_ARGS)
        try:
            # The teacher, on the laptop, with the login make run printed.
            control = laptop.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR").new_page()
            watch_errors(control, errors)
            control.goto(served.local + "/login/")
            control.fill("#id_username", "animateur")
            control.fill("#id_password", served.password)
            control.get_by_role("button", name="Se connecter").click()
            control.wait_for_url(re.compile(r"/animation/$"))
            control.get_by_role("link", name="Nouvelle session").click()
            control.fill("#id_title", "2de C")
            boxes = control.locator("input[name=cards]")
            for i in range(boxes.count()):
                boxes.nth(i).set_checked(i < 1)
            control.fill("#id_team_count", "2")
            control.get_by_role("button", name="Créer la session").click()
            control.wait_for_url(re.compile(r"/animation/s/\d+/$"))
            code = control.locator(".code").first.inner_text().strip()
            expect(control.locator("#join-warning")).to_have_count(0)  # a phone can open the address
            control.locator("#actions [data-command=open]").click()

            projector = control.context.new_page()
            watch_errors(projector, errors)
            projector.set_viewport_size(PROJECTOR)
            projector.goto(control.url + "screen")
            assert projector.url.startswith(served.local)  # opened on 127.0.0.1
            expect(projector.locator(".code-big")).to_have_text(code)
            shot = tmp_path / "projector.png"
            projector.screenshot(path=str(shot))
            shutil.copy(shot, SCREENS / "projector-room-network.png")
            scanned = [r.text for r in zxingcpp.read_barcodes(Image.open(shot)) if r.format.name == "QRCode"]
            assert scanned == [f"http://{LAPTOP_IP}:{served.port}/j/{code}"]
            expect(projector.locator(".url")).to_have_text(f"{LAPTOP_IP}:{served.port}/j/")

            # A phone of the room follows the QR code.
            phone = device.new_context(viewport=PHONE, locale="fr-FR", is_mobile=True, has_touch=True).new_page()
            watch_errors(phone, errors)
            scripts: list[str] = []  # what the phone and the projector fetch of static/js
            for page in (phone, projector):
                page.on("request", lambda r: "/static/js/" in r.url and scripts.append(urlsplit(r.url).path))
            phone.goto(scanned[0])
            phone.fill("#id_nickname", "Inès")
            phone.get_by_role("button", name="C’est parti").click()
            phone.wait_for_url(re.compile(rf"/play/{code}$"))
            expect(phone.locator("#status")).to_have_attribute("data-status", "online")
            expect(projector.locator("#lobby-teams")).to_contain_text("Inès")
            control.locator("#actions [data-command=start]").click()
            expect(phone.locator("#front")).not_to_be_empty()
            phone.click("[data-choice=false]")
            expect(phone.locator("[data-choice=false]")).to_have_attribute("data-pending", "false")
            expect(phone.locator("#mates li", has_text="Inès")).to_contain_text("Faux")
            expect(projector.locator("#answered")).to_have_text(re.compile(r"^1 "))
            phone.screenshot(path=str(SCREENS / "phone-room-network.png"))
            # Debug off: every module under its cache-busted name, even a mechanic's (imported by
            # name when a round needs it), so none is fetched twice or run as a second copy.
            projector.reload()
            expect(projector.locator("#front")).not_to_be_empty()
            assert "/static/js/mechanics/verdict.js" not in scripts, scripts
            plain = [path for path in scripts if not re.search(r"\.[0-9a-f]{12}\.js$", path)]
            assert scripts and plain == [], plain
            assert any(re.search(r"/mechanics/verdict\.[0-9a-f]{12}\.js$", path) for path in scripts), scripts
        finally:
            laptop.close()
            device.close()
    assert errors == [], errors
