"""Production settings: `check --deploy` is clean, static files are compressed and hashed."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "SECRET_KEY": "a-production-secret-key-of-more-than-fifty-characters-0123456789",
    "HTTPS": "true",
    "DEBUG": "false",
    "ALLOWED_HOSTS": "example.org",
    "CSRF_TRUSTED_ORIGINS": "https://example.org",
}


def run(args: list[str], **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "DJANGO_"))}
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env={**clean, **env}, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_is_clean_with_production_settings():
    done = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **PRODUCTION)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout


def test_check_deploy_complains_without_a_real_secret_key():
    """The control: the same check does fail on a weak configuration."""
    done = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **dict(PRODUCTION, SECRET_KEY="short"))
    assert done.returncode != 0 and "security.W009" in done.stderr


SERVE_STATIC = """
import django
django.setup()
from django.templatetags.static import static
from django.test import Client
url = static("css/app.css")
response = Client().get(url, HTTP_ACCEPT_ENCODING="gzip", HTTP_HOST="example.org", secure=True)
print(url, response.status_code, response.get("Content-Encoding"), response.get("Cache-Control"))
"""


def test_static_files_are_served_by_the_app_compressed_and_hashed(tmp_path):
    env = dict(PRODUCTION, STATIC_ROOT=str(tmp_path), DJANGO_SETTINGS_MODULE="config.settings")
    collected = run(["manage.py", "collectstatic", "--noinput"], **env)
    assert collected.returncode == 0, collected.stderr
    assert list(tmp_path.glob("css/app.*.css.gz")), "no compressed, hashed copy of app.css"
    served = run(["-c", SERVE_STATIC], **env)
    assert served.returncode == 0, served.stderr
    url, status, encoding, cache_control = served.stdout.split(maxsplit=3)
    assert url.startswith("/static/css/app.") and url.endswith(".css") and url != "/static/css/app.css"
    assert (status, encoding) == ("200", "gzip")
    assert "immutable" in cache_control and "max-age=315360000" in cache_control


def test_a_mistyped_flag_is_an_error_not_false():
    done = run(["manage.py", "check"], DEBUG="ture")
    assert done.returncode != 0
    assert "DEBUG='ture': expected one of true/false" in done.stderr


def test_a_number_setting_that_is_not_a_number_is_an_error():
    done = run(["manage.py", "check"], SESSION_RETENTION_DAYS="thirty")
    assert done.returncode != 0 and "SESSION_RETENTION_DAYS='thirty': expected a whole number" in done.stderr
