"""One join address, everywhere, that phones can open (game/joinurl.py).

Projector, control panel, the poster of the kit (web and command line): PUBLIC_URL when set,
else the machine's LAN address when the facilitator browses on 127.0.0.1, else the address the
facilitator used; a loopback-only address is flagged on the control panel."""

from __future__ import annotations

import html
import io
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from game import joinurl
from tests.printables.decks import qr_codes_in_page

pytestmark = pytest.mark.django_db
LAN = "192.168.1.20"
LOCAL = {"HTTP_HOST": "127.0.0.1:8000"}


@pytest.fixture
def lan(monkeypatch):
    """This machine is on the room's Wi-Fi (and on a container bridge, listed after it)."""
    monkeypatch.setattr(joinurl, "lan_addresses", lambda **_: [LAN, "172.17.0.1"])


@pytest.fixture
def no_lan(monkeypatch):
    monkeypatch.setattr(joinurl, "lan_addresses", lambda **_: [])


@pytest.fixture
def staff(client, facilitator):
    client.force_login(facilitator)
    return client


def poster_qr(pdf: bytes) -> list[str]:
    # The poster follows the last bookmarked section (the sources appendix, one page or more).
    reader = PdfReader(io.BytesIO(pdf))
    poster_page = reader.get_destination_page_number(reader.outline[-1])  # 0-based appendix = 1-based poster
    return qr_codes_in_page(pdf, page=poster_page, dpi=100)


def shown(client, session, **host) -> dict[str, str]:
    """The join address as each place shows it, the facilitator browsing on `host`."""
    host = host or LOCAL
    control = client.get(reverse("facilitator:control", args=[session.pk]), **host).content.decode()
    screen = client.get(reverse("facilitator:screen", args=[session.pk]), **host).content.decode()
    kit = client.get(reverse("printables:kit_pdf", args=[session.deck.slug]), {"session": session.pk}, **host)
    assert kit.status_code == 200, kit.content[:300]
    label = html.unescape(re.search(r'<div class="qr" role="img" aria-label="([^"]+)"', screen).group(1))
    return {
        "control": html.unescape(re.search(r'id="join-url" href="([^"]+)"', control).group(1)),
        "screen_qr": label.rsplit(" ", 1)[-1],
        "screen_typed": html.unescape(re.search(r'<p class="url">([^<]+)</p>', screen).group(1)) + session.code,
        "poster": poster_qr(kit.content)[0],
        "control_warning": 'id="join-warning"' in control,
        "screen_warning": 'id="join-warning"' in screen,
    }


def test_on_127_0_0_1_every_place_shows_the_machines_lan_address(staff, session, lan):
    places = shown(staff, session)
    url = f"http://{LAN}:8000/j/{session.code}"
    assert places["control"] == places["screen_qr"] == places["poster"] == url
    assert places["screen_typed"] == f"{LAN}:8000/j/{session.code}"
    assert not places["control_warning"] and not places["screen_warning"]


def test_localhost_is_loopback_too(staff, session, lan):
    assert shown(staff, session, HTTP_HOST="localhost:8123")["control"] == f"http://{LAN}:8123/j/{session.code}"


def test_public_url_wins_everywhere(staff, session, lan, settings):
    settings.PUBLIC_URL = "https://atelier.lycee-exemple.fr"
    places = shown(staff, session)
    url = f"https://atelier.lycee-exemple.fr/j/{session.code}"
    assert places["control"] == places["screen_qr"] == places["poster"] == url
    assert places["screen_typed"] == f"atelier.lycee-exemple.fr/j/{session.code}"
    assert not places["control_warning"]


def test_the_address_the_facilitator_used_when_it_is_not_loopback(staff, session, lan, settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "salle-b12.local"]
    places = shown(staff, session, HTTP_HOST="salle-b12.local:8000")
    assert (
        places["control"] == places["screen_qr"] == places["poster"] == f"http://salle-b12.local:8000/j/{session.code}"
    )


def test_only_loopback_warns_on_the_control_panel_with_the_fix(staff, session, no_lan):
    places = shown(staff, session)
    assert places["control"] == f"http://127.0.0.1:8000/j/{session.code}"
    assert places["control_warning"] and places["screen_warning"]
    page = staff.get(reverse("facilitator:control", args=[session.pk]), **LOCAL).content.decode()
    assert "Wi-Fi" in page and "PUBLIC_URL" in page


def test_a_server_listening_on_loopback_only_does_not_advertise_its_lan_address(staff, session, lan, settings):
    settings.LISTEN_HOST = "127.0.0.1"  # make run HOST=127.0.0.1
    places = shown(staff, session)
    assert places["control"] == f"http://127.0.0.1:8000/j/{session.code}"
    assert places["control_warning"]
    page = staff.get(reverse("facilitator:control", args=[session.pk]), **LOCAL).content.decode()
    assert "HOST=127.0.0.1" in page and "make run" in page


def test_the_dashboard_kit_names_the_lan_site_not_loopback(staff, session, lan):
    kit = staff.get(reverse("printables:kit_pdf", args=[session.deck.slug]), **LOCAL)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(kit.content)).pages)
    assert f"http://{LAN}:8000/" in text
    assert "127.0.0.1" not in text


def test_the_command_line_kit_uses_the_same_address(session, lan, tmp_path: Path, monkeypatch, settings):
    monkeypatch.setenv("PORT", "8000")
    out = tmp_path / "kit.pdf"
    call_command(
        "print_kit", session.deck.slug, "-o", str(out), "--session", session.code.lower(), stdout=io.StringIO()
    )
    assert poster_qr(out.read_bytes()) == [f"http://{LAN}:8000/j/{session.code}"]
    settings.PUBLIC_URL = "https://atelier.lycee-exemple.fr"
    call_command("print_kit", session.deck.slug, "-o", str(out), "--session", session.code, stdout=io.StringIO())
    assert poster_qr(out.read_bytes()) == [f"https://atelier.lycee-exemple.fr/j/{session.code}"]


def test_the_command_line_warns_when_only_loopback_is_possible(session, no_lan, tmp_path: Path):
    err = io.StringIO()
    out = tmp_path / "kit.pdf"
    call_command(
        "print_kit", session.deck.slug, "-o", str(out), "--session", session.code, stdout=io.StringIO(), stderr=err
    )
    assert "this machine only" in err.getvalue()


def test_lan_addresses_leave_out_loopback_and_put_container_bridges_last(monkeypatch):
    import ifaddr

    def adapter(name, *ips):
        return ifaddr.Adapter(name, name, [ifaddr.IP(ip, 24, name) for ip in ips])

    adapters = [
        adapter("lo", "127.0.0.1", ("::1", 0, 0)),
        adapter("docker0", "172.17.0.1"),
        adapter("wlan0", "169.254.3.3", "192.168.1.20", ("fe80::1", 0, 2)),
    ]
    monkeypatch.setattr(ifaddr, "get_adapters", lambda: adapters)
    assert joinurl.lan_addresses(fresh=True) == ["192.168.1.20", "172.17.0.1"]
    assert joinurl.is_loopback("127.0.0.1") and joinurl.is_loopback("[::1]") and joinurl.is_loopback("localhost")
    assert not joinurl.is_loopback("192.168.1.20") and not joinurl.is_loopback("atelier.example.org")
    joinurl.lan_addresses(fresh=True)  # the real ones again for the next tests


def test_make_runs_hosts_follow_the_machines_addresses_when_the_wifi_changes(client, monkeypatch, settings):
    import config.settings as conf

    monkeypatch.setattr(conf, "LISTEN_HOST", "0.0.0.0")  # noqa: S104 - make run, every interface
    addresses = ["192.168.1.20"]
    monkeypatch.setattr(joinurl, "lan_addresses", lambda **_: list(addresses))
    settings.ALLOWED_HOSTS = conf.RoomHosts(["127.0.0.1", "localhost"])
    assert client.get(reverse("game:home"), HTTP_HOST="192.168.1.20:8000").status_code == 200
    assert client.get(reverse("game:home"), HTTP_HOST="10.0.0.5:8000").status_code == 400
    addresses[:] = ["10.0.0.5"]  # the laptop moved to another network
    assert client.get(reverse("game:home"), HTTP_HOST="10.0.0.5:8000").status_code == 200
    assert client.get(reverse("game:home"), HTTP_HOST="192.168.1.20:8000").status_code == 400
    monkeypatch.setattr(conf, "LISTEN_HOST", "127.0.0.1")  # make run HOST=127.0.0.1: loopback only
    assert client.get(reverse("game:home"), HTTP_HOST="10.0.0.5:8000").status_code == 400
    assert client.get(reverse("game:home"), HTTP_HOST="127.0.0.1:8000").status_code == 200
