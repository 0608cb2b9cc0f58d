"""What is committed is acknowledged as committed (issue 14): a broadcast that fails after the
commit never becomes an error for the writer, and a retried join is the same player."""

from __future__ import annotations

import pytest
from asgiref.sync import sync_to_async
from django.urls import reverse

from game import broadcast, selectors, services
from game.models import Player, Proposal
from tests.game.conftest import connect_phone, receive_until

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def broken_layer(monkeypatch):
    """The channel layer fails every send, as when Redis is gone between commit and broadcast."""
    calls = []

    def fail(group, event):
        calls.append(group)
        raise ConnectionError("channel layer down")

    monkeypatch.setattr(broadcast, "_send", fail)
    return calls


def start(room, facilitator):
    services.session_command(user=facilitator, session_id=room.pk, name="start", args={})


def test_a_command_whose_broadcast_fails_is_still_done(room, facilitator, phones, broken_layer):
    start(room, facilitator)  # no exception
    room.refresh_from_db()
    assert room.lifecycle == "playing" and broken_layer  # the broadcast was tried


async def test_a_proposal_whose_broadcast_fails_is_acknowledged_and_stored(room, facilitator, phones, monkeypatch):
    await services_async(start, room, facilitator)
    phone = await connect_phone(room, phones["ada"])
    await receive_until(phone, "state")
    calls = []

    def fail(group, event):
        calls.append(group)
        raise ConnectionError("channel layer down")

    monkeypatch.setattr(broadcast, "_send", fail)
    await phone.send_json_to({"type": "propose", "round": 1, "choice": "false"})
    answer = await receive_until(phone, "ack")
    assert answer == {"type": "ack", "of": "propose", "round": 1, "choice": "false"}
    assert calls, "the broadcast was tried"
    assert await count(Proposal.objects.filter(player_id=phones["ada"].player_id)) == 1
    await phone.disconnect()


def test_a_join_whose_broadcast_fails_sets_the_cookie(client, room, broken_layer):
    response = client.post(reverse("game:join", args=[room.code]), {"nickname": "Zoé", "attempt": "a" * 22})
    assert response.status_code in (200, 302)  # the play page, or a redirect to it
    assert response.cookies[services.PLAYER_COOKIE].value
    assert Player.objects.filter(session=room, nickname="Zoé").count() == 1


def test_a_retried_join_is_the_same_player_with_the_same_cookie(client, room, phones):
    form = {"nickname": "Zoé", "team": "t2", "attempt": "b" * 22}
    first = client.post(reverse("game:join", args=[room.code]), form)
    # The phone never got the answer (no cookie): it submits the same form again.
    again = type(client)().post(reverse("game:join", args=[room.code]), form)
    assert first.status_code in (200, 302) and again.status_code == first.status_code  # both let in
    assert first.cookies[services.PLAYER_COOKIE].value == again.cookies[services.PLAYER_COOKIE].value
    assert Player.objects.filter(session=room, nickname="Zoé").count() == 1
    sizes = {t["id"]: t["size"] for t in selectors.team_choices(room)}
    assert sizes["t2"] == 2  # Chloé and Zoé, no ghost


def test_two_forms_are_two_players(client, room):
    for attempt in ("c" * 22, "d" * 22):
        type(client)().post(reverse("game:join", args=[room.code]), {"nickname": "", "attempt": attempt})
    assert Player.objects.filter(session=room).count() == 2


def test_the_join_form_carries_a_fresh_attempt_id(client, room):
    pages = [client.get(reverse("game:join", args=[room.code])).content.decode() for _ in range(2)]
    ids = [page.split('name="attempt" value="')[1].split('"')[0] for page in pages]
    assert len(ids[0]) >= 16 and ids[0] != ids[1]


async def services_async(fn, *args):
    return await sync_to_async(fn)(*args)


async def count(queryset) -> int:
    return await sync_to_async(queryset.count)()
