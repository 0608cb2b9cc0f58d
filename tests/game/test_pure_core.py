"""The game's core imports no Django: it runs and is tested without settings or a database."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("django", "channels", "reportlab")
CORE = ["game.engine", "game.mechanics", "game.plans", "game.debrief", "game.mechanics.report"]


def test_the_core_modules_import_no_django():
    code = (
        "import importlib, sys\n"
        f"for name in {CORE!r}: importlib.import_module(name)\n"
        f"print(sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r})))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env={"PYTHONPATH": str(ROOT)}
    )
    assert done.stdout.strip() == "[]"


def test_the_check_sees_a_django_import():
    code = f"import game.errors, sys; print(sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r})))"
    env = {"PYTHONPATH": str(ROOT), "DJANGO_SETTINGS_MODULE": "config.settings"}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    assert "django" in done.stdout
