"""Failed logins are bounded per account and per address, the admin's included (issue 14):
before, 300 wrong passwords in 91 s were all answered "wrong password"."""

import pytest
from django.core.management import call_command
from django.test import Client

LIMIT = 10


@pytest.fixture(autouse=True)
def _limit(settings):
    settings.AXES_FAILURE_LIMIT = LIMIT
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # 50 logins, fast


def attempt(username: str, password: str, address: str = "203.0.113.5", path: str = "/login/", **headers):
    return Client(REMOTE_ADDR=address, **headers).post(path, {"username": username, "password": password})


def fail_until_locked(username: str, address: str = "203.0.113.5") -> list[int]:
    return [attempt(username, f"wrong-{i}", address).status_code for i in range(LIMIT)]


@pytest.mark.django_db
def test_an_account_is_locked_after_the_limit_even_with_the_right_password(facilitator):
    assert fail_until_locked("camille") == [200] * (LIMIT - 1) + [429]
    locked = attempt("camille", "s3cret-pass-word", address="198.51.100.9")  # another network too
    assert locked.status_code == 429
    page = locked.content.decode()
    assert "bloquée pendant 15 minutes" in page or "blocked for 15 minutes" in page
    assert "_auth_user_id" not in Client().session


@pytest.mark.django_db
def test_an_address_is_locked_for_every_account(facilitator, other_facilitator):
    for i in range(LIMIT):
        attempt(f"guess-{i}", "wrong", address="203.0.113.77")  # a different account each time
    assert attempt("dominique", "s3cret-pass-word", address="203.0.113.77").status_code == 429
    assert attempt("dominique", "s3cret-pass-word", address="203.0.113.78").status_code == 302


@pytest.mark.django_db
def test_the_admin_login_is_counted_too(admin_user):
    for i in range(LIMIT):
        attempt("root-admin", f"wrong-{i}", path="/admin/login/")
    assert attempt("root-admin", "s3cret-pass-word", path="/admin/login/", address="192.0.2.1").status_code == 429


@pytest.mark.django_db
def test_a_forged_forwarded_address_does_not_escape_the_count(facilitator):
    for i in range(LIMIT):
        attempt(f"guess-{i}", "wrong", address="203.0.113.90", HTTP_X_FORWARDED_FOR=f"10.0.0.{i}")
    assert attempt("camille", "s3cret-pass-word", address="203.0.113.90").status_code == 429


@pytest.mark.django_db
def test_the_documented_reset_unlocks_an_account(facilitator):
    fail_until_locked("camille")
    call_command("axes_reset_username", "camille")
    call_command("axes_reset_ip", "203.0.113.5")
    assert attempt("camille", "s3cret-pass-word").status_code == 302
