"""How a worker that cannot reach the layer tells its own partition from a layer outage."""

from datetime import timedelta

import pytest
from django.utils import timezone

from game import selectors, services
from game.models import WorkerHeartbeat

pytestmark = pytest.mark.django_db


def seen(worker: str, seconds_ago: float) -> None:
    WorkerHeartbeat.objects.update_or_create(
        worker=worker, defaults={"layer_ok_at": timezone.now() - timedelta(seconds=seconds_ago)}
    )


def test_others_reaching_the_layer_since_means_this_worker_is_cut_off():
    seen("a", 8)
    seen("b", 0.5)
    assert selectors.worker_is_partitioned(worker="a")
    assert not selectors.worker_is_partitioned(worker="b")


def test_nobody_reaching_the_layer_since_is_an_outage_not_a_partition():
    seen("a", 8)
    seen("b", 7)  # b lost it at about the same time
    assert not selectors.worker_is_partitioned(worker="a")


def test_a_worker_that_never_reached_the_layer_is_not_partitioned():
    seen("b", 0)
    assert not selectors.worker_is_partitioned(worker="new")


def test_a_heartbeat_uses_the_database_clock_and_prunes_workers_long_gone():
    seen("gone", 3 * 3600)
    services.worker_layer_ok(worker="a")
    services.worker_layer_ok(worker="a")
    assert set(WorkerHeartbeat.objects.values_list("worker", flat=True)) == {"a"}
