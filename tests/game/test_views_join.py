"""The participant's pages: type the code, join a team, land on the play screen."""

from __future__ import annotations

import json
import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from game import selectors, services
from game.models import Plan, Player

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def plain_static_storage(settings):
    # Pages link their CSS and JS through {% static %}: no collectstatic manifest in tests.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def test_home_sends_a_typed_code_to_its_join_page(client):
    response = client.get(reverse("game:home"), {"code": " abcd 1234 "})
    assert response.status_code == 302
    assert response["Location"] == "/j/ABCD1234"


def test_home_asks_again_for_an_empty_code(client):
    response = client.get(reverse("game:home"), {"code": "  "})
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()


def test_an_unknown_code_says_so_and_shows_the_code_field_again(client):
    response = client.get(reverse("game:join", args=["ZZZZ9999"]))
    assert response.status_code == 404
    page = response.content.decode()
    assert "ZZZZ9999" in page
    assert 'name="code"' in page


def test_a_lowercase_code_in_the_url_opens_the_form_without_a_redirect(client, room):
    # one round trip less on a slow network; the form posts to the canonical address
    response = client.get(f"/j/{room.code.lower()}")
    assert response.status_code == 200
    assert f'action="/j/{room.code}"' in response.content.decode()


def test_the_join_form_lists_the_teams_with_their_size(client, room, phones):
    page = client.get(reverse("game:join", args=[room.code])).content.decode()
    assert 'value="t1"' in page and 'value="t2"' in page
    assert "2 participants" in page  # Ada and Bob in t1, French by default


def test_joining_sets_an_http_only_cookie_and_answers_with_the_play_page(client, room):
    response = client.post(reverse("game:join", args=[room.code]), {"nickname": "Zoé", "team": "t2"})
    # the play page itself (no redirect: one round trip less), which puts /play/CODE in the history
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="phone-js"' in page and "Zoé" in page
    assert f'data-page="{reverse("game:play", args=[room.code])}"' in page
    cookie = response.cookies[services.PLAYER_COOKIE]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert cookie["path"] == "/"
    assert int(cookie["max-age"]) == 12 * 3600
    player = Player.objects.get(session=room, nickname="Zoé")
    assert player.team_id == "t2"
    page = client.get(reverse("game:play", args=[room.code])).content.decode()
    assert "Zoé" in page


def _snapshot(page: str) -> dict[str, dict]:
    found = re.search(r'<script id="snapshot" type="application/json">(.*?)</script>', page, re.S)
    assert found, "no snapshot in the page"
    return {m["type"]: m for m in (json.loads(text) for text in json.loads(found.group(1)))}


def test_the_play_page_carries_what_the_socket_sends_on_connect(client, room):
    # the card is playable before the socket opens: the page has the phone's snapshot, with the
    # room's version after this very join
    from game import broadcast

    response = client.post(reverse("game:join", args=[room.code]), {"nickname": "Zoé", "team": "t2"})
    joined = _snapshot(response.content.decode())
    player = Player.objects.select_related("session").get(session=room, nickname="Zoé")
    expected = {m["type"]: m for m in map(json.loads, broadcast.player_snapshot(player))}
    assert joined["you"]["player"]["nickname"] == "Zoé"
    assert joined["state"]["v"] == player.session.version == expected["state"]["v"]
    assert joined["team"]["team"] == "t2"
    again = _snapshot(client.get(reverse("game:play", args=[room.code])).content.decode())
    assert again["state"]["v"] == expected["state"]["v"]


def test_the_phone_pages_preload_the_phone_modules(client, room):
    # fetched with the stylesheet, and by the join page already, instead of one after the other
    join = client.get(reverse("game:join", args=[room.code])).content.decode()
    assert '<link rel="modulepreload" href="/static/js/phone.js">' in join
    assert '<link rel="modulepreload" href="/static/js/socket.js">' in join
    # every level of imports at once, not one round trip each: phone.js's and index.js's too
    assert '<link rel="modulepreload" href="/static/js/mechanics/index.js">' in join
    assert '<link rel="modulepreload" href="/static/js/helpers.js">' in join
    play = client.post(reverse("game:join", args=[room.code]), {"nickname": "Zoé", "team": ""}).content.decode()
    assert '<link rel="modulepreload" href="/static/js/socket.js">' in play
    assert "<script>" not in play  # no inline script: data travels as application/json only
    # the first round's module and what it imports, and each module once
    assert '<link rel="modulepreload" href="/static/js/mechanics/verdict.js">' in join
    assert '<link rel="modulepreload" href="/static/js/mechanics/buttons.js">' in play
    assert play.count('rel="modulepreload"') == len(set(re.findall(r'rel="modulepreload" href="([^"]+)"', play)))


def test_a_phone_preloads_the_rounds_coming_and_is_given_every_mechanics_url(client, facilitator):
    """Not the whole plan's modules (bytes for rounds an hour away): the round on screen's and
    the next one's; the others are fetched when their round comes, at the URL the page gives
    (cache-busted in production: game/scripts.py)."""
    call_command("load_default_decks")
    call_command("load_default_plans")
    plan = Plan.objects.get(owner=None, deck__slug="impacts-ia-fr")
    room = services.session_create_from_plan(owner=facilitator, plan=plan, title="2nde A", team_count=2)
    services.session_command(user=facilitator, session_id=room.pk, name="open", args={})
    items = selectors.state_of(room).plan
    mechanics = sorted({item.mechanic for item in items} - {"info"})
    assert len(mechanics) >= 4

    def preloaded(page: str) -> set[str]:
        return set(re.findall(r'rel="modulepreload" href="/static/js/mechanics/(\w+)\.js"', page)) - {"index"}

    join = client.get(reverse("game:join", args=[room.code])).content.decode()
    play = client.post(reverse("game:join", args=[room.code]), {"nickname": "Zoé", "team": ""}).content.decode()
    helpers = {"buttons", "taps"}  # what a mechanic's module imports
    assert preloaded(join) - helpers == preloaded(play) - helpers == {items[0].mechanic}
    given = re.search(r'<script id="mechanic-modules" type="application/json">(.*?)</script>', play)
    assert given and json.loads(given.group(1)) == {name: f"/static/js/mechanics/{name}.js" for name in mechanics}
    services.session_command(user=facilitator, session_id=room.pk, name="start", args={})
    playing = client.get(reverse("game:play", args=[room.code])).content.decode()
    assert preloaded(playing) - helpers == {items[0].mechanic, items[1].mechanic}


def test_a_blank_nickname_gets_a_generated_one(client, room):
    client.post(reverse("game:join", args=[room.code]), {"nickname": "", "team": ""})
    player = Player.objects.get(session=room)
    assert player.nickname.strip()
    assert player.team_id


def test_a_phone_that_already_joined_goes_straight_to_play(client, room):
    client.post(reverse("game:join", args=[room.code]), {"nickname": "Zoé", "team": ""})
    response = client.get(reverse("game:join", args=[room.code]))
    assert response.status_code == 302
    assert response["Location"] == reverse("game:play", args=[room.code])


def test_play_without_the_cookie_sends_to_join(client, room):
    response = client.get(reverse("game:play", args=[room.code]))
    assert response.status_code == 302
    assert response["Location"] == reverse("game:join", args=[room.code])


def test_a_taken_nickname_is_refused_in_the_form(client, room, phones):
    response = client.post(reverse("game:join", args=[room.code]), {"nickname": "ada", "team": ""})
    assert response.status_code == 200
    assert "Ce pseudo est déjà pris" in response.content.decode()
    assert services.PLAYER_COOKIE not in response.cookies


def test_a_locked_room_refuses_newcomers_with_a_message(client, room, facilitator):
    services.session_command(user=facilitator, session_id=room.pk, name="lock_room", args={})
    response = client.post(reverse("game:join", args=[room.code]), {"nickname": "Zoé", "team": ""})
    assert "La salle est verrouillée" in response.content.decode()


def test_a_nickname_with_markup_is_escaped_on_the_play_page(client, room):
    client.post(reverse("game:join", args=[room.code]), {"nickname": "<script>x</script>", "team": ""})
    page = client.get(reverse("game:play", args=[room.code])).content.decode()
    assert "<script>x</script>" not in page
    assert "&lt;script&gt;x&lt;/script&gt;" in page


def test_the_join_form_needs_the_csrf_token(room):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post(reverse("game:join", args=[room.code]), {"nickname": "Zoé", "team": ""})
    assert response.status_code == 403


def test_pages_are_in_english_when_asked(client, room):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("game:join", args=[room.code])).content.decode()
    assert '<html lang="en">' in page
    assert "Let&#x27;s play" in page or "Let's play" in page


def test_every_page_has_the_language_switch(client, room):
    for url in (reverse("game:home"), reverse("game:join", args=[room.code]), reverse("login")):
        page = client.get(url).content.decode()
        assert reverse("set_language") in page
        assert '<html lang="fr">' in page


def test_guessing_codes_is_stopped_after_a_generous_number_of_wrong_ones(client, settings):
    from django.core.cache import cache

    cache.clear()
    settings.JOIN_LIMITS = {**settings.JOIN_LIMITS, "wrong_per_browser": 3}
    client.get("/")  # the home page gives this browser its id
    for attempt in range(3):
        assert client.get(f"/j/ABCDEFG{attempt + 2}").status_code == 404
    blocked = client.get("/j/ABCDEFGH")
    assert blocked.status_code == 429
    assert "Trop de tentatives" in blocked.content.decode() or "Too many attempts" in blocked.content.decode()
    cache.clear()


def test_a_phone_reloading_after_the_end_still_sees_its_game_but_nobody_can_join(client, facilitator):
    from django.core.management import call_command

    from cards.models import Deck
    from game import services
    from game.models import GameSession

    call_command("load_default_decks")
    deck = Deck.objects.get(slug="impacts-ia-fr")
    session = services.session_create(owner=facilitator, deck=deck, card_keys=["B1"], title="Fin")
    services.session_command(user=facilitator, session_id=session.pk, name="open", args={})
    client.post(f"/j/{session.code}", {"nickname": "Ada", "team": ""})
    services.session_command(user=facilitator, session_id=session.pk, name="end", args={})
    assert GameSession.objects.get(pk=session.pk).lifecycle == "ended"
    assert client.get(f"/play/{session.code}").status_code == 200
    other = type(client)()  # a new phone: the code no longer opens anything
    assert other.get(f"/j/{session.code}").status_code == 404


def test_a_join_reads_the_room_once_before_locking_it_and_its_team_sizes_once(client, room, phones):
    # The join storm (bench/school.py) pays every query of this page 1200 times in a minute:
    # the room is read by its code once (the service reuses the view's row, then locks it),
    # the team sizes once for the form; the play page it answers with needs only team names.
    client.get(reverse("game:join", args=[room.code]))
    with CaptureQueriesContext(connection) as queries:
        response = client.post(
            reverse("game:join", args=[room.code]), {"nickname": "Zoé", "team": "", "attempt": "a" * 16}
        )
    assert response.status_code == 200 and 'id="snapshot"' in response.content.decode()
    sql = [query["sql"] for query in queries.captured_queries]
    by_code = [q for q in sql if q.startswith('SELECT "game_gamesession"') and '"code" =' in q]
    sizes = [q for q in sql if "COUNT(" in q and "GROUP BY" in q and "game_proposal" not in q]
    assert len(by_code) == 1
    assert len(sizes) == 2  # the form's choices, then the newcomer's placement (no team chosen)
    assert Player.objects.filter(session=room, nickname="Zoé").exists()
