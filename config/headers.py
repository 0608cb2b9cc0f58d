"""Content-Security-Policy and Permissions-Policy on every page.

Django 5.2 has no CSP of its own (6.0 brings SECURE_CSP, which can replace this). The policy
here is one fixed string for every page, since no page has an inline script, style or
handler, so nonces, per-view policies and report endpoints (what django-csp adds) are not
needed, and Permissions-Policy would take a middleware anyway: a few lines instead of a
dependency.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from asgiref.sync import iscoroutinefunction
from django.http import HttpRequest, HttpResponse
from django.utils.decorators import sync_and_async_middleware

# default-src 'self' covers scripts, styles, fonts and sockets (connect-src: ws: and wss: on
# the same host): only the app's own files, no inline script, style or handler.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "img-src 'self' data:",  # data: only for the empty favicon of base.html
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
# Nothing here uses a sensor, a camera or a payment; the projector may go full screen.
PERMISSIONS_POLICY = ", ".join(
    [
        "accelerometer=()",
        "camera=()",
        "geolocation=()",
        "gyroscope=()",
        "magnetometer=()",
        "microphone=()",
        "payment=()",
        "usb=()",
        "fullscreen=(self)",
    ]
)


def _add_headers(response: HttpResponse) -> HttpResponse:
    # Both policies govern documents only: scripts, styles, images, PDFs and redirects do
    # without the bytes (a phone loads a dozen files to play; frugal pages are the product).
    if response.get("Content-Type", "").startswith("text/html") and not 300 <= response.status_code < 400:
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
    return response


@sync_and_async_middleware
def security_headers(get_response: Callable[[HttpRequest], Any]) -> Callable[[HttpRequest], Any]:
    if iscoroutinefunction(get_response):

        async def middleware_async(request: HttpRequest) -> HttpResponse:
            return _add_headers(await get_response(request))

        return middleware_async

    def middleware(request: HttpRequest) -> HttpResponse:
        return _add_headers(get_response(request))

    return middleware
