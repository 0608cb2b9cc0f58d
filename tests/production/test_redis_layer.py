"""The channel layer's Redis settings reach redis-py, and a burst to one consumer is kept.

channels-measurements.md, failures 1 to 3: redis-py's 5 s socket timeout closing idle
consumers, the 100-connection asyncio pool raising, and channel capacity dropping messages.
"""

import asyncio

import pytest
from channels.exceptions import ChannelFull
from channels.layers import get_channel_layer
from channels_redis.core import RedisChannelLayer
from django.conf import settings

from tests.production.conftest import services

pytestmark = services


async def test_the_socket_timeout_and_pool_size_reach_redis_py():
    layer = get_channel_layer()
    assert isinstance(layer, RedisChannelLayer)
    connection = layer.connection(0)
    pool = connection.connection_pool
    # Above channels_redis' 5 s blocking read (BZPOPMIN), or idle consumers are closed.
    assert pool.connection_kwargs["socket_timeout"] > layer.brpop_timeout
    assert pool.connection_kwargs["socket_timeout"] == 30
    # The asyncio pool raises instead of waiting: room for a whole room connecting at once.
    assert pool.max_connections >= 1000
    assert await connection.ping()


async def test_a_burst_of_a_thousand_messages_to_one_consumer_is_all_received():
    layer = get_channel_layer()
    channel = await layer.new_channel()
    for i in range(1000):
        await layer.send(channel, {"type": "vote", "n": i})
    received = [await asyncio.wait_for(layer.receive(channel), 5) for _ in range(1000)]
    assert [m["n"] for m in received] == list(range(1000))
    await layer.flush()


async def test_at_the_library_default_capacity_the_same_burst_would_not_fit():
    """The control: what the capacity setting protects against."""
    config = settings.CHANNEL_LAYERS["default"]["CONFIG"]
    default = RedisChannelLayer(hosts=config["hosts"], prefix=config["prefix"] + "-default-capacity")
    channel = await default.new_channel()
    for i in range(100):
        await default.send(channel, {"type": "vote", "n": i})
    with pytest.raises(ChannelFull):
        await default.send(channel, {"type": "vote", "n": 100})
    await default.flush()
