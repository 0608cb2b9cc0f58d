"""Wrong join codes behind one school address: a class gets in, a guesser is stopped.

Counted per browser (a signed cookie) and per address (game/ratelimit.py), with the default
budgets of config/settings.py (JOIN_LIMITS)."""

from __future__ import annotations

import random

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from game import ratelimit, services
from game.models import Player
from game.selectors import CODE_ALPHABET as ALPHABET

pytestmark = pytest.mark.django_db

SCHOOL = "203.0.113.7"  # one public address for the whole class (school NAT)


@pytest.fixture(autouse=True)
def fresh_limits(settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    cache.clear()
    yield
    cache.clear()


def student() -> Client:
    phone = Client(REMOTE_ADDR=SCHOOL)
    phone.get(reverse("game:home"))  # a phone opens the home page first (or the QR's join page)
    return phone


def wrong_codes(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(ALPHABET) for _ in range(8)) for _ in range(n)]


def test_the_home_page_gives_a_browser_a_signed_id_that_cannot_be_made_up():
    phone = Client(REMOTE_ADDR=SCHOOL)
    cookie = phone.get(reverse("game:home")).cookies[ratelimit.BROWSER_COOKIE]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert ratelimit.browser_id(cookie.value)
    assert ratelimit.browser_id("made-up-id") == ""
    assert ratelimit.browser_id(cookie.value + "x") == ""


def test_five_students_mistyping_twenty_times_each_then_the_whole_class_of_40_joins(room):
    class_ = [student() for _ in range(40)]
    for i, phone in enumerate(class_[:5]):
        for code in wrong_codes(20, seed=i):
            response = phone.get(f"/j/{code}")
            assert response.status_code == 404, response.status_code  # told the code is wrong, never locked out
    for i, phone in enumerate(class_):
        assert phone.get(f"/j/{room.code}").status_code == 200
        response = phone.post(f"/j/{room.code}", {"nickname": f"Élève {i}", "team": ""})
        assert response.status_code == 200, response.content.decode()[:300]
        assert 'id="phone-js"' in response.content.decode()  # the play page
    assert Player.objects.filter(session=room).count() == 40


def test_one_address_trying_1000_random_codes_is_stopped_and_then_learns_nothing(room):
    guesser = student()
    statuses = [guesser.get(f"/j/{code}").status_code for code in wrong_codes(1000, seed=99)]
    stopped_at = statuses.index(429)
    assert stopped_at < 1000 and set(statuses[:stopped_at]) == {404}
    assert set(statuses[stopped_at:]) == {429}
    # the right code answers like a wrong one now: no oracle, and no player created
    assert guesser.get(f"/j/{room.code}").status_code == 429
    assert guesser.post(f"/j/{room.code}", {"nickname": "X", "team": ""}).status_code == 429
    assert guesser.get(f"/play/{room.code}").status_code == 429
    assert not Player.objects.filter(session=room).exists()


def test_a_guesser_that_drops_its_cookies_is_stopped_by_the_address_budget(room, settings):
    statuses = []
    for code in wrong_codes(1000, seed=7):
        statuses.append(Client(REMOTE_ADDR=SCHOOL).get(f"/j/{code}").status_code)  # no cookie, ever
    assert 429 in statuses
    assert statuses.count(404) == settings.JOIN_LIMITS["wrong_per_address"]
    # ...while the class behind the same address, whose phones have their ids and typed no
    # wrong code, still gets in
    phone = student()
    assert services.PLAYER_COOKIE in phone.post(f"/j/{room.code}", {"nickname": "Ada", "team": ""}).cookies
    # and another address is not concerned
    elsewhere = Client(REMOTE_ADDR="198.51.100.20")
    assert elsewhere.get(f"/j/{room.code}").status_code == 200


def test_an_amphitheatre_of_1000_behind_one_address_all_join(room):
    # 1000 phones, one public address; 150 of them mistype the code once on the way in.
    for i in range(1000):
        phone = Client(REMOTE_ADDR=SCHOOL)
        if i % 20 < 3:
            assert phone.get(f"/j/{wrong_codes(1, seed=i)[0]}").status_code == 404
        assert phone.get(f"/j/{room.code}").status_code == 200
        response = phone.post(f"/j/{room.code}", {"nickname": f"Étudiant {i}", "team": ""})
        assert response.status_code == 200 and services.PLAYER_COOKIE in response.cookies, (i, response.status_code)
    assert Player.objects.filter(session=room).count() == 1000


def test_the_budgets_are_settings(room, settings):
    settings.JOIN_LIMITS = {**settings.JOIN_LIMITS, "wrong_per_browser": 2}
    phone = student()
    assert [phone.get(f"/j/{c}").status_code for c in wrong_codes(3, seed=1)] == [404, 404, 429]
    settings.JOIN_LIMITS = {**settings.JOIN_LIMITS, "joins_per_address": 1}
    cache.clear()
    first, second = student(), Client(REMOTE_ADDR=SCHOOL)
    assert services.PLAYER_COOKIE in first.post(f"/j/{room.code}", {"nickname": "A", "team": ""}).cookies
    assert second.post(f"/j/{room.code}", {"nickname": "B", "team": ""}).status_code == 429
