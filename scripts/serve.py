"""What `make run` serves: one room from one laptop, reachable by the phones on its network.

Listens on every interface (HOST=127.0.0.1 keeps it to this machine), accepts the machine's
own addresses as hosts, serves with debug pages off (static files collected by `make run` and
served by WhiteNoise), and prints, once listening, the facilitator's address, the address
students type and the login. Environment: HOST (0.0.0.0), PORT (8000), PUBLIC_URL (unset).
"""

from __future__ import annotations

import os
import socket
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def host_names() -> list[str]:
    """This machine's names, which a browser in the room may send as Host (its addresses are
    added as they change, by config.settings.RoomHosts)."""
    name = socket.gethostname().lower()
    return [name, f"{name}.local"] if name and name != "localhost" else []


def login_line() -> str:
    username = os.environ.get("FACILITATOR_USERNAME", "animateur")
    if os.environ.get("FACILITATOR_PASSWORD"):
        return f"{username} / (FACILITATOR_PASSWORD)"
    path = ROOT / ".local" / "facilitator-password.txt"
    if path.exists():
        return f"{username} / {path.read_text().strip()}   ({path.relative_to(ROOT)})"
    return f"{username}   (python manage.py changepassword {username})"


def banner(host: str, port: int) -> str:
    from django.conf import settings

    from game import joinurl

    local = f"http://127.0.0.1:{port}"
    base = joinurl.join_base()
    if settings.PUBLIC_URL:
        students = settings.PUBLIC_URL
    elif joinurl.is_loopback(host):
        students = "—  HOST=127.0.0.1 : ce seul ordinateur · this computer only (make run, sans · without HOST)"
    elif not base.reachable:
        students = "—  aucun réseau · no network: connectez le Wi-Fi de la salle · join the room's Wi-Fi"
    else:
        students = base.host
    lines = [
        "",
        "Atelier IA est prêt · is ready",
        f"  Animateur · facilitator :  {local}/animation/",
        f"  Identifiant · login :      {login_line()}",
        f"  Élèves · students :        {students}",
        "  Arrêter · stop :           Ctrl+C",
    ]
    if settings.DEBUG:
        lines.append("  ! DEBUG=true : pages de débogage visibles · debug pages shown to the network")
    return "\n".join(lines) + "\n"


def main() -> None:
    host = os.environ.get("HOST", "").strip() or "0.0.0.0"  # noqa: S104 - the room's phones must reach it
    port = int(os.environ.get("PORT", "").strip() or "8000")
    os.environ["ATELIER_LISTEN"] = host
    os.environ["PORT"] = str(port)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

    os.environ.setdefault("ROOM_HOST_NAMES", ",".join(host_names()))

    from daphne.endpoints import build_endpoint_description_strings
    from daphne.server import Server

    from config.asgi import application

    server: Server

    def ready() -> None:
        ports = [p for _, p in server.listening_addresses] or [port]
        os.environ["PORT"] = str(ports[0])  # PORT=0: the one the system chose
        print(banner(host, ports[0]), flush=True)

    server = Server(
        application=application,
        endpoints=build_endpoint_description_strings(host=host, port=port),
        ready_callable=ready,
        verbosity=0,
    )
    server.run()


if __name__ == "__main__":
    main()
