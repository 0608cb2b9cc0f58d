import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# Django must be set up before anything imports models: the HTTP app comes first.
django_asgi_app = get_asgi_application()

from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402
from django.conf import settings  # noqa: E402

import game.routing  # noqa: E402
from config.http_limit import BoundedHTTP  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": BoundedHTTP(django_asgi_app, settings.HTTP_CONCURRENCY),
        # Each route brings the middleware it needs (game/routing.py): phones need cookies only.
        "websocket": AllowedHostsOriginValidator(URLRouter(game.routing.websocket_urlpatterns)),
    }
)
