"""One settings module for every deployment, read from the environment.

The defaults need no service at all (SQLite and the in-memory channel layer) so that
`make run` works on a bare laptop; DATABASE_URL and REDIS_URL switch to PostgreSQL and
Redis for a school-wide deployment with several worker processes.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off"}


def env_bool(name: str, default: bool = False) -> bool:
    # A typo must not silently mean False: DEBUG=ture, HTTPS=ture would turn a safety off.
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    word = value.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name}={value!r}: expected one of true/false, yes/no, on/off, 1/0")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    if not value.strip():
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r}: expected a whole number") from None


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def _secret_key() -> str:
    # A development key is generated once per checkout and kept out of git, so that no
    # secret ever sits in the repository; production passes SECRET_KEY.
    key = env_str("SECRET_KEY")
    if key:
        return key
    path = BASE_DIR / ".local" / "secret_key"
    if not path.exists():
        from django.core.management.utils import get_random_secret_key

        path.parent.mkdir(exist_ok=True)
        path.write_text(get_random_secret_key())
        path.chmod(0o600)
    return path.read_text().strip()


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
# The interface `make run` listens on (scripts/serve.py sets it): 127.0.0.1 means no phone can
# reach this machine, so the join address stays loopback and the control panel warns.
LISTEN_HOST = env_str("ATELIER_LISTEN")


class RoomHosts(list):
    """`make run`'s hosts: the names listed, then this machine's LAN addresses as they are now
    (read again every 30 s), so that a laptop that changed Wi-Fi still accepts its phones.
    Django and Channels only ever iterate over ALLOWED_HOSTS."""

    def __iter__(self):
        from game.joinurl import is_loopback, lan_addresses

        yield from list.__iter__(self)
        if not is_loopback(LISTEN_HOST):
            yield from lan_addresses()


if LISTEN_HOST and not os.environ.get("ALLOWED_HOSTS"):
    ALLOWED_HOSTS = RoomHosts(ALLOWED_HOSTS + env_list("ROOM_HOST_NAMES"))
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# The address students open (projector, control panel, poster, kit): a school's DNS name in
# production. Unset: the machine's LAN address when the facilitator browses on 127.0.0.1, else
# the address the facilitator used (game/joinurl.py).
PUBLIC_URL = env_str("PUBLIC_URL").strip().rstrip("/")
if PUBLIC_URL:
    from urllib.parse import urlsplit

    _public = urlsplit(PUBLIC_URL)
    if _public.scheme not in ("http", "https") or not _public.hostname:
        raise ValueError(f"PUBLIC_URL must look like https://atelier.example.org, not {PUBLIC_URL!r}")
    if _public.hostname not in ALLOWED_HOSTS and "*" not in ALLOWED_HOSTS:
        ALLOWED_HOSTS.append(_public.hostname)
    if f"{_public.scheme}://{_public.netloc}" not in CSRF_TRUSTED_ORIGINS:
        CSRF_TRUSTED_ORIGINS.append(f"{_public.scheme}://{_public.netloc}")
# The reverse proxies (addresses or networks) whose X-Forwarded-For is believed: only a
# connection from one of them may say who the client is (config/client_address.py).
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", "127.0.0.1,::1")

INSTALLED_APPS = [
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "channels",
    "axes",
    "cards",
    "game",
    "facilitator",
    "printables",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "game.footprint.count_phone_pages",  # above GZip: counts the bytes a phone really gets
    # Pages compressed (the play page carries its strings and the phone's snapshot: 9 KB -> 3 KB
    # on a phone's slow network); Django pads each compressed response at random against BREACH
    # and masks its CSRF tokens. WhiteNoise's own precompressed files pass through as they are.
    "django.middleware.gzip.GZipMiddleware",
    "config.headers.security_headers",  # CSP and Permissions-Policy, static files included
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # turns a locked-out login into config.lockout's page
    "config.http_limit.one_thread",  # innermost and sync-only: the whole stack in one thread
]

ROOT_URLCONF = "config.urls"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        # Persistent connections: a websocket's every database call would otherwise open a
        # new PostgreSQL connection (measured: the main cost of 1000 phones connecting).
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
# HTTP requests inside Django at once per worker (config/http_limit.py); the others wait their
# turn in the event loop. Each holds at most one database connection: below the pool's size,
# the sockets' database thread and the footprint's flush always find theirs.
HTTP_CONCURRENCY = env_int("HTTP_CONCURRENCY", 8)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Phones vote concurrently: wait for the write lock instead of failing at once.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env_bool("DB_POOL", True):
    # A bounded pool per worker instead of one connection per thread: Django's ASGI handler runs
    # every HTTP request in a thread of its own, so a join storm (bench/school.py: 1200 phones in
    # 60 s) opened a connection per request in flight, reached PostgreSQL's max_connections (100)
    # and answered 500. With the pool a request waits for a connection (DB_POOL_TIMEOUT seconds)
    # and connections are reused, as persistent connections were (Django: pool and CONN_MAX_AGE
    # exclude each other). The wait is short: with PostgreSQL unreachable the pool has nothing to
    # give, and a phone must hear "unavailable" (and show "retrying") within seconds, not after 20.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": env_int("DB_POOL_MIN", 2),
        "max_size": env_int("DB_POOL_MAX", 16),
        "timeout": env_int("DB_POOL_TIMEOUT", 3),
    }
    if DATABASES["default"]["OPTIONS"]["pool"]["max_size"] - 2 < HTTP_CONCURRENCY:
        raise ImproperlyConfigured(
            f"HTTP_CONCURRENCY ({HTTP_CONCURRENCY}) must be at most DB_POOL_MAX - 2: "
            "each request in flight may hold a pooled connection, and the sockets need theirs"
        )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
FORMS_URLFIELD_ASSUME_HTTPS = True  # a source typed without a scheme is https (Django 6's default)

REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {
                # redis-py's 5 s socket timeout equals channels_redis' 5 s blocking read and
                # closes idle consumers (channels_redis#422): keep it well above.
                "hosts": [
                    {
                        "address": REDIS_URL,
                        "socket_timeout": 30,
                        "socket_connect_timeout": 5,
                        # redis-py's asyncio pool raises at 100 connections instead of waiting:
                        # a classroom connecting or voting at once takes more than that.
                        "max_connections": env_int("REDIS_MAX_CONNECTIONS", 2000),
                        "health_check_interval": 30,
                    }
                ],
                # 100 by default, past which messages to one consumer are dropped silently.
                "capacity": env_int("CHANNEL_CAPACITY", 5000),
                "expiry": 60,
                "group_expiry": 86400,
                # Two deployments (or test runs) can share one Redis with their own prefixes.
                "prefix": env_str("CHANNEL_PREFIX", "asgi"),
            },
        }
    }
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "atelier"),
            "OPTIONS": {"socket_timeout": 5, "socket_connect_timeout": 5},
        }
    }
else:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels.layers.InMemoryChannelLayer",
            "CONFIG": {"capacity": env_int("CHANNEL_CAPACITY", 5000), "expiry": 60},
        }
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
# Failed logins (facilitators and the admin alike) are counted per account and per address
# (config/client_address.py) by django-axes, in the database: every worker shares the count.
# Unlock: manage.py axes_reset_username NAME / axes_reset_ip ADDRESS / axes_reset, or wait.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 10)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # either one alone locks
AXES_CLIENT_IP_CALLABLE = "config.client_address.client_address_or_none"
AXES_LOCKOUT_CALLABLE = "config.lockout.login_locked_out"
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True  # failures only: no log of who logged in when
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "facilitator:dashboard"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("Français")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "Europe/Paris")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "config.storage.StaticStorage"
            if not DEBUG and env_bool("STATIC_MANIFEST", True)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Upload limits: a deck file, a card image, and Pillow's own decompression-bomb guard.
# Card images live in the database (small, re-encoded) so that every worker serves them
# and a deck file carries them, with no shared media volume to deploy.
DECK_FILE_MAX_BYTES = env_int("DECK_FILE_MAX_BYTES", 5 * 1024 * 1024)
CARD_IMAGE_MAX_BYTES = env_int("CARD_IMAGE_MAX_BYTES", 2 * 1024 * 1024)
CARD_IMAGE_MAX_PIXELS = env_int("CARD_IMAGE_MAX_PIXELS", 16_000_000)
CARD_IMAGE_MAX_SIDE = 1200
DECK_IMAGES_MAX_PIXELS = env_int("DECK_IMAGES_MAX_PIXELS", 64_000_000)  # all the images of one import
DATA_UPLOAD_MAX_MEMORY_SIZE = DECK_FILE_MAX_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = DECK_FILE_MAX_BYTES

# Wrong join codes and joins (game/ratelimit.py): counted per browser (a cookie) and per
# address. A class behind one school address mistypes codes without being locked out; a
# guesser from one address is stopped. Windows in seconds.
JOIN_LIMITS = {
    "wrong_per_browser": env_int("JOIN_WRONG_PER_BROWSER", 30),
    "wrong_per_address": env_int("JOIN_WRONG_PER_ADDRESS", 300),
    "wrong_window": env_int("JOIN_WRONG_WINDOW", 600),
    "joins_per_browser": env_int("JOINS_PER_BROWSER", 20),
    "joins_per_address": env_int("JOINS_PER_ADDRESS", 3000),
    "joins_window": env_int("JOINS_WINDOW", 600),
}

# Sessions older than this are purged by `manage.py purge_sessions` (daily cron).
SESSION_RETENTION_DAYS = env_int("SESSION_RETENTION_DAYS", 30)

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# Browsers ignore COOP on plain http from a LAN address (make run) and log an error for every
# page: only sent where it means something.
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin" if env_bool("HTTPS", False) else None
if env_bool("HTTPS", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
    if not SECURE_HSTS_PRELOAD:
        # Preloading binds the whole domain (a school's, say) to HTTPS for good: the domain's
        # owner opts in with SECURE_HSTS_PRELOAD=true; until then check --deploy stays quiet.
        SILENCED_SYSTEM_CHECKS = ["security.W021"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Times in the lines themselves: an outage is read from the order and the gaps of events.
    "formatters": {"timed": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "timed"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"daphne": {"level": "WARNING"}, "django.channels.server": {"level": "WARNING"}},
}
