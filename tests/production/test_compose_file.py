"""The compose file parses with the Compose client, and describes the deployment the README promises."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def compose_command() -> list[str]:
    if shutil.which("docker-compose"):
        return ["docker-compose"]
    if shutil.which("docker"):
        probe = subprocess.run(["docker", "compose", "version"], capture_output=True)
        if probe.returncode == 0:
            return ["docker", "compose"]
    pytest.skip("needs a Compose client (Debian's docker-compose, or the docker compose plugin)")


def test_docker_compose_config_accepts_the_file_and_resolves_every_service():
    env = dict(os.environ, SECRET_KEY="a-secret-key-used-only-to-render-the-configuration-0123456789")
    result = subprocess.run(
        [*compose_command(), "-f", str(ROOT / "docker-compose.yml"), "config"],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    config = result.stdout
    for service in ("db:", "redis:", "migrate:", "web:", "proxy:"):
        assert f"\n  {service}" in config
    assert "healthcheck" in config and "DATABASE_URL" in config and "REDIS_URL" in config
