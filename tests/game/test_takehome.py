"""A player's take-home page: reachable with that player's key only, escaped, right, and
gone with its session."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from game import services, takehome
from game.models import GameSession, Player
from tests.game.conftest import join

pytestmark = pytest.mark.django_db


def run(room, user, name, **args):
    services.session_command(user=user, session_id=room.pk, name=name, args=args)


def play_first_card(room, facilitator, phones, answers):
    """Start card 1, each phone proposes, reveal."""
    run(room, facilitator, "start")
    room.refresh_from_db()
    number = room.state["rounds"][-1]["number"]
    services.player_propose_many(
        [services.ProposalRequest(phones[name].player_id, number, choice) for name, choice in answers.items()]
    )
    run(room, facilitator, "reveal")


def page(player_id: int, client: Client | None = None, **override):
    player = Player.objects.select_related("session").get(pk=player_id)
    url = takehome.url_for(player, player.session.code)
    for part, value in override.items():
        url = url.replace(getattr(player, part) if part == "public_id" else takehome.key_for(player), value)
    return (client or Client()).get(url)


@pytest.fixture
def played(room, facilitator, phones):
    """B1 ("false") revealed: team t1 (Ada, Bob) said "false", t2 (Chloé) said "true"; B2 started, not revealed."""
    play_first_card(room, facilitator, phones, {"ada": "false", "bob": "false", "chloe": "true"})
    run(room, facilitator, "next")
    return room


def test_the_player_sees_the_cards_the_answers_the_sources_and_the_team_answer(played, phones):
    response = page(phones["ada"].player_id)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Idée reçue 1" in text and "Explication 1" in text  # the card and its explanation
    assert "Latitudes" in text  # its source
    assert "Faux" in text  # the right answer and the team's, in the session's language (French)
    assert "10 points" in text  # a right verdict: the round's maximum (ROUND_POINTS)
    assert "Idée reçue 2" not in text  # started, not revealed: nothing of it
    assert response["Cache-Control"] == "private, max-age=0" and response["Referrer-Policy"] == "no-referrer"


def test_the_page_says_what_the_players_own_team_answered(played, phones):
    text = page(phones["chloe"].player_id).content.decode()
    assert "Vrai" in text and "0 point" in text


def test_another_players_key_another_session_or_no_key_finds_nothing(played, phones, facilitator, small_deck):
    ada, bob = (Player.objects.get(pk=phones[n].player_id) for n in ("ada", "bob"))
    client = Client()
    assert page(ada.pk, key=takehome.key_for(bob)).status_code == 404  # Bob's key on Ada's address
    assert page(ada.pk, public_id=bob.public_id).status_code == 404  # Ada's key on Bob's address
    assert client.get(f"/play/{played.code}/{ada.public_id}/").status_code == 404  # no key
    assert client.get(f"/play/{played.code}/{ada.public_id}/{'0' * 32}").status_code == 404
    other = services.session_create(
        owner=facilitator, deck=small_deck, card_keys=["B1"], title="Autre", team_count=1, duration=60
    )
    run(other, facilitator, "open")
    other.refresh_from_db()
    stranger = Player.objects.get(pk=join(other, "Zoé", "t1").player_id)
    # The other session's player's key, with this session's code: nothing.
    url = f"/play/{played.code}/{stranger.public_id}/{takehome.key_for(stranger)}"
    assert client.get(url).status_code == 404
    assert client.get(takehome.url_for(stranger, other.code)).status_code == 200


def test_what_people_wrote_is_escaped(played, facilitator, phones):
    run(played, facilitator, "rename_team", team="t1", label="<b>Les Bits</b>")
    text = page(phones["ada"].player_id).content.decode()
    assert "&lt;b&gt;Les Bits&lt;/b&gt;" in text and "<b>Les Bits</b>" not in text


def test_the_page_is_gone_once_the_session_is_purged(played, phones):
    response = page(phones["ada"].player_id)
    assert response.status_code == 200
    url = response.request["PATH_INFO"]
    GameSession.objects.filter(pk=played.pk).update(updated_at=timezone.now() - timedelta(days=31))
    call_command("purge_sessions", stdout=io.StringIO())
    assert Client().get(url).status_code == 404


def test_the_phone_offers_its_page(played, phones):
    client = Client()
    client.cookies["atelier_player"] = phones["ada"].token
    text = client.get(f"/play/{played.code}").content.decode()
    player = Player.objects.get(pk=phones["ada"].player_id)
    assert takehome.url_for(player, played.code) in text


def test_every_kind_of_report_span_reads_as_words():
    # A count with other parameters (a timeline's pairs put right) and a card by reference.
    cards = {"c1": {"front": "Un <b>centre</b> de données"}}
    line = [
        ("say_n", ("%(n)s of %(total)s pair", "%(n)s of %(total)s pairs", 2, {"total": 5})),
        ("text", " · "),
        ("card_ref", "c1"),
    ]
    html = takehome.line_html(line, cards, {})
    assert html.startswith("2")
    assert "5" in html
    assert "Un &lt;b&gt;centre&lt;/b&gt; de données" in html
