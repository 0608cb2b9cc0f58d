#!/bin/sh
# One entry point for every process of a deployment (the Docker image, systemd units, tests):
#   entrypoint.sh web       a daphne worker on $BIND:$PORT (default 127.0.0.1:8000)
#   entrypoint.sh migrate   migrations, then the default decks (idempotent; run once per start)
#   entrypoint.sh purge     delete sessions older than SESSION_RETENTION_DAYS (daily cron)
#   entrypoint.sh CMD...    anything else, e.g. `python manage.py createsuperuser`
set -eu
cd "$(dirname "$0")/.."

case "${1:-web}" in
  web)
    # --websocket_connect_timeout: daphne drops a socket whose handshake the app has not
    # accepted within 5 s; when a worker dies, all its phones reconnect to the others at once
    # and the last ones in the queue wait longer than that.
    # BIND: only where the reverse proxy reaches the worker (loopback by default; the Docker
    # image listens on its container's network, which publishes no port). No --proxy-headers:
    # daphne would believe the first X-Forwarded-For entry from anyone; the app reads that
    # header from TRUSTED_PROXIES only (config/client_address.py).
    # config.serve is daphne, closing an oversized frame with 1009 and a reason instead of a
    # TCP reset; 4096 bytes is the largest message the app reads (game.messages.MAX_FRAME).
    exec python -m config.serve -b "${BIND:-127.0.0.1}" -p "${PORT:-8000}" \
      --websocket-max-message-size 4096 --websocket-max-frame-size 4096 \
      --websocket_connect_timeout "${WEBSOCKET_CONNECT_TIMEOUT:-60}" \
      --application-close-timeout 10 \
      config.asgi:application
    ;;
  migrate)
    python manage.py migrate --noinput
    exec python manage.py load_default_decks
    ;;
  purge)
    exec python manage.py purge_sessions
    ;;
  *)
    exec "$@"
    ;;
esac
