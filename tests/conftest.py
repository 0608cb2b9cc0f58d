from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    """Pages render {% static %}; the production storage needs collectstatic's manifest first."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _footprint_forgotten():
    """game.footprint counts in memory per process: no test sees another's counts."""
    from game import footprint

    footprint.reset()
    yield
    footprint.reset()


@pytest.fixture
def facilitator(db):
    return get_user_model().objects.create_user(username="camille", password="s3cret-pass-word", is_staff=True)


@pytest.fixture
def other_facilitator(db):
    return get_user_model().objects.create_user(username="dominique", password="s3cret-pass-word")


@pytest.fixture
def admin_user(db):
    return get_user_model().objects.create_superuser(username="root-admin", password="s3cret-pass-word")
