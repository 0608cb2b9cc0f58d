#!/bin/sh
# One entry point for every process of a deployment (the Docker image, systemd units, tests):
#   entrypoint.sh web       a daphne worker on $BIND:$PORT (default 0.0.0.0:8000)
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
    # --proxy-headers: the client's address from the reverse proxy's X-Forwarded-For.
    exec daphne -b "${BIND:-0.0.0.0}" -p "${PORT:-8000}" \
      --proxy-headers \
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
