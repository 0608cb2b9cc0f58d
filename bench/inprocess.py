"""In-process CPU of the database-thread part of a facilitator action and of a proposal arriving
on its own (a classroom's proposals), with what they publish captured instead of sent.

    .venv/bin/python bench/inprocess.py                                   # SQLite (a temp file)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/atelier_bench_inproc .venv/bin/python bench/inprocess.py
    .venv/bin/python bench/inprocess.py --profile proposal                # + cProfile of one kind

A 30-phone room in 6 teams on the default French deck's misconceptions (bench/setup_room.py's); an action is pause or
resume in turn, a proposal one phone's "true" or "false" in turn. It prints the CPU time
(`time.process_time`) per call, best of three runs, and asserts nothing. With a PostgreSQL URL
the database must exist and is left migrated (drop it after). Figures: docs/performance.md.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--calls", type=int, default=300, help="calls per run (3 runs)")
    parser.add_argument("--profile", choices=("action", "proposal"), help="print a cProfile of this kind")
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{tempfile.mkdtemp()}/db.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    sys.path.insert(0, str(ROOT / "bench"))
    from setup_room import running_room  # the room bench/live.py and cpu.py measure on

    from game import broadcast, selectors, services
    from game.models import Player

    session, user, _tokens, _teams = running_room(30, 6)
    round_number = selectors.state_of(session).rounds[-1].number
    players = list(Player.objects.filter(session=session).order_by("pk").values_list("pk", flat=True))
    events: list = []

    def action(i: int) -> None:
        services.session_command(user=user, session_id=session.pk, name="resume" if i % 2 else "pause", args={})

    def proposal(i: int) -> None:
        choice = "true" if (i // len(players)) % 2 else "false"
        services.player_propose_many([services.ProposalRequest(players[i % len(players)], round_number, choice)])

    def run(call, n: int) -> None:
        broadcast._outbox.events = events  # captured: what call_and_publish would send
        try:
            for i in range(n):
                call(i)
        finally:
            broadcast._outbox.events = None

    print(f"database: {connection.vendor}, {args.calls} calls a run, best of 3")
    for name, call in (("action", action), ("proposal", proposal)):
        run(call, 20)  # warm
        times = []
        for _ in range(3):
            events.clear()
            start = time.process_time()
            run(call, args.calls)
            times.append((time.process_time() - start) / args.calls * 1000)
        print(
            f"{name:9} ms CPU a call: best {min(times):.3f} (runs {' '.join(f'{t:.3f}' for t in times)}), "
            f"{len(events) / args.calls:.1f} layer messages a call"
        )
        if args.profile == name:
            profile = cProfile.Profile()
            profile.enable()
            run(call, args.calls)
            profile.disable()
            pstats.Stats(profile).sort_stats("cumulative").print_stats(40)


if __name__ == "__main__":
    main()
