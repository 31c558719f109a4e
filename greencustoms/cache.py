"""A Redis cache that keeps the portal up while Redis is down.

The cache holds allauth's rate limits. Without this wrapper a Redis outage makes every login, signup and
password reset answer 500; with it, each operation that cannot reach Redis logs a warning and answers as
an empty cache would (rate limits are not counted until Redis is back), and the portal keeps working.
After a failure the cache is not asked again for RETRY_AFTER seconds, so a stalled Redis costs one
timeout, not one per operation.
"""

import functools
import logging
import time

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# What each operation answers while Redis is unreachable: what an empty cache would, except add(), which
# says the key was added, so that code waiting to take a lock with it (allauth's) goes on instead of spinning.
ANSWER_DURING_OUTAGE = {
    "add": True,
    "get": None,
    "set": None,
    "touch": False,
    "delete": False,
    "get_many": {},
    "has_key": False,
    "incr": None,
    "set_many": [],
    "delete_many": None,
    "clear": None,
}


RETRY_AFTER = 10.0


def degrading(operation):
    name = operation.__name__

    def outage_answer(args, kwargs):
        if name == "get":
            return kwargs.get("default", args[1] if len(args) > 1 else None)
        return ANSWER_DURING_OUTAGE[name]

    @functools.wraps(operation)
    def wrapper(self, *args, **kwargs):
        if time.monotonic() < self.unavailable_until:
            return outage_answer(args, kwargs)
        try:
            return operation(self, *args, **kwargs)
        except RedisError as error:
            self.unavailable_until = time.monotonic() + RETRY_AFTER
            logger.warning(
                "Cache unavailable (%s failed: %s); rate limits are not counted for the next %d s.",
                name,
                error,
                RETRY_AFTER,
            )
            return outage_answer(args, kwargs)

    return wrapper


class DegradingRedisCache(RedisCache):
    """Django's Redis cache, with short timeouts, answering as an empty cache while Redis is unreachable."""

    unavailable_until = 0.0  # time.monotonic() before which Redis is not asked

    def __init__(self, server, params):
        # OPTIONS go to redis-py's connection pool (Django's documented way to set them): a stalled Redis costs a
        # second, not the operating system's TCP timeout.
        params = {**params, "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1, **params.get("OPTIONS", {})}}
        super().__init__(server, params)


for _name in ANSWER_DURING_OUTAGE:
    setattr(DegradingRedisCache, _name, degrading(getattr(RedisCache, _name)))
