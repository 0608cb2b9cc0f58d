"""Facilitator pages: a login is needed, and a session is visible to its owner only."""

from __future__ import annotations

import pytest
from django.urls import reverse

from game.models import GameSession

pytestmark = pytest.mark.django_db


def urls(session):
    return [
        reverse("facilitator:control", args=[session.pk]),
        reverse("facilitator:screen", args=[session.pk]),
    ]


def test_the_pages_need_a_login(client, session):
    for url in [reverse("facilitator:dashboard"), reverse("facilitator:new"), *urls(session)]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_another_facilitator_gets_404(client, session, other_facilitator):
    client.force_login(other_facilitator)
    for url in urls(session):
        assert client.get(url).status_code == 404
    assert client.post(reverse("facilitator:delete", args=[session.pk])).status_code == 404
    assert GameSession.objects.filter(pk=session.pk).exists()
    assert "3e B" not in client.get(reverse("facilitator:dashboard")).content.decode()


def test_the_owner_sees_the_control_panel_and_the_projector(client, session, facilitator):
    client.force_login(facilitator)
    control = client.get(reverse("facilitator:control", args=[session.pk])).content.decode()
    assert session.code in control
    assert f'data-socket="/ws/staff/{session.pk}/"' in control
    assert reverse("facilitator:screen", args=[session.pk]) in control


def test_the_projector_shows_the_code_the_join_url_and_a_qr_code(client, session, facilitator):
    client.force_login(facilitator)
    page = client.get(reverse("facilitator:screen", args=[session.pk])).content.decode()
    assert session.code in page
    assert f"testserver/j/{session.code}" in page
    assert "<svg" in page and "<script src" not in page


def test_the_dashboard_lists_my_sessions_and_delete_asks_first(client, session, facilitator):
    client.force_login(facilitator)
    page = client.get(reverse("facilitator:dashboard")).content.decode()
    assert session.code in page
    assert reverse("facilitator:delete", args=[session.pk]) in page
    assert client.get(reverse("facilitator:delete", args=[session.pk])).status_code == 405
    response = client.post(reverse("facilitator:delete", args=[session.pk]))
    assert response.status_code == 302
    assert not GameSession.objects.filter(pk=session.pk).exists()


def test_a_title_with_markup_is_escaped(client, facilitator, french_deck):
    from game import services

    services.session_create(owner=facilitator, deck=french_deck, card_keys=["B1"], title="<b>x</b>")
    client.force_login(facilitator)
    page = client.get(reverse("facilitator:dashboard")).content.decode()
    assert "<b>x</b>" not in page
    assert "&lt;b&gt;x&lt;/b&gt;" in page


def test_the_dashboard_links_each_deck_to_the_print_page(client, facilitator):
    from django.core.management import call_command

    call_command("load_default_decks")
    client.force_login(facilitator)
    page = client.get("/animation/").content.decode()
    for url in ("/animation/print/?deck=impacts-ia-fr", "/animation/print/?deck=impacts-ia-fr&amp;what=kit"):
        assert f'href="{url}"' in page
        assert client.get(url.replace("&amp;", "&")).status_code == 200
    assert 'href="/animation/print/"' in page
