"""Reproducible installs: the installed packages are the versions constraints.txt names, and
every dependency of pyproject.toml is pinned there (the Docker image and CI install from it)."""

import re
import tomllib
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _name(requirement: str) -> str:
    return re.split(r"[\[<>=!~; ]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def pins() -> dict[str, str]:
    lines = (ROOT / "constraints.txt").read_text().splitlines()
    return {_name(line): line.split("==", 1)[1] for line in lines if line and not line.startswith("#")}


def test_every_dependency_is_pinned():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = project["dependencies"] + [r for group in project["optional-dependencies"].values() for r in group]
    missing = sorted({_name(r) for r in wanted} - set(pins()))
    assert not missing, f"not in constraints.txt (make constraints): {missing}"


def test_the_installed_versions_are_the_pinned_ones():
    wrong = {}
    for name, pinned in pins().items():
        try:
            installed = version(name)
        except PackageNotFoundError:
            wrong[name] = (pinned, None)
            continue
        if installed != pinned:
            wrong[name] = (pinned, installed)
    assert not wrong, f"installed packages differ from constraints.txt: {wrong}"


def test_the_image_and_the_venv_install_from_the_constraints():
    assert "-c constraints.txt" in (ROOT / "Makefile").read_text()
    assert "pip install -c constraints.txt ." in (ROOT / "Dockerfile").read_text()
