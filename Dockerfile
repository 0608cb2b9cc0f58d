# One image for every process of a deployment: daphne workers, the one-shot migration, the
# daily purge (see deploy/entrypoint.sh and docker-compose.yml).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# pdftoppm (poppler-utils) renders the card images for online printers and Tabletop Simulator.
RUN apt-get update && apt-get install -y --no-install-recommends poppler-utils && rm -rf /var/lib/apt/lists/*
RUN useradd --create-home --uid 1000 atelier
WORKDIR /app

# Dependencies first, so that a code change does not reinstall them.
COPY pyproject.toml README.md constraints.txt ./
RUN mkdir config cards game facilitator printables \
    && pip install -c constraints.txt . \
    && pip uninstall -y atelier-ia \
    && rm -rf build *.egg-info

COPY . .
# Editable install: the code runs from /app, where templates, decks and locales are.
RUN pip install --no-deps -e . \
    && SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput \
    && chown -R atelier:atelier /app

USER atelier
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
    CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=2)"
ENTRYPOINT ["/app/deploy/entrypoint.sh"]
CMD ["web"]
