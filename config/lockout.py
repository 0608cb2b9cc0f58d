"""What a locked-out login sees (django-axes calls this; settings.AXES_LOCKOUT_CALLABLE)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def login_locked_out(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    message = _(
        "Too many failed logins for this account or from this network: logging in is blocked for "
        "%(minutes)s minutes. An administrator can lift the block at once (manage.py axes_reset_username)."
    ) % {"minutes": minutes}
    return render(request, "registration/login.html", {"locked": message, "next": ""}, status=429)
