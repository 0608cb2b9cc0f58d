"""The client's address comes from X-Forwarded-For only when the proxy itself connected."""

import pytest
from django.test import RequestFactory

from config.client_address import client_address


@pytest.fixture(autouse=True)
def _proxy_on_loopback(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1", "10.9.0.0/16"]


def request(peer: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": peer}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def scope(peer: str, forwarded: str | None = None) -> dict:
    headers = [(b"host", b"example.org")]
    if forwarded is not None:
        headers.append((b"x-forwarded-for", forwarded.encode()))
    return {"type": "websocket", "client": [peer, 5000], "headers": headers}


@pytest.mark.parametrize("build", [request, scope])
def test_a_client_that_connects_directly_cannot_choose_its_address(build):
    assert client_address(build("203.0.113.7", "198.51.100.1")) == "203.0.113.7"


@pytest.mark.parametrize("build", [request, scope])
def test_the_trusted_proxy_says_who_the_client_is(build):
    assert client_address(build("127.0.0.1", "198.51.100.1")) == "198.51.100.1"
    assert client_address(build("10.9.4.2", "2001:db8::1")) == "2001:db8::1"


@pytest.mark.parametrize("build", [request, scope])
def test_behind_the_proxy_only_the_entry_the_proxy_wrote_counts(build):
    # A proxy that appended instead of replacing: the left entries are the client's own words.
    assert client_address(build("127.0.0.1", "1.2.3.4, 198.51.100.1")) == "198.51.100.1"


@pytest.mark.parametrize("build", [request, scope])
def test_a_header_that_is_not_an_address_is_ignored(build):
    assert client_address(build("127.0.0.1", "evil<script>")) == "127.0.0.1"
    assert client_address(build("127.0.0.1")) == "127.0.0.1"


def test_no_proxy_trusted_means_the_header_is_never_read(settings):
    settings.TRUSTED_PROXIES = []
    assert client_address(request("127.0.0.1", "198.51.100.1")) == "127.0.0.1"


def test_a_scope_without_a_client_is_unknown():
    assert client_address({"type": "websocket", "headers": []}) == "unknown"


def test_the_login_lockout_gets_none_rather_than_unknown():
    from django.http import HttpRequest

    from config.client_address import client_address_or_none

    assert client_address_or_none(HttpRequest()) is None  # force_login's request has no address
    assert client_address_or_none(request("203.0.113.7")) == "203.0.113.7"
