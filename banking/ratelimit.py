"""A budget of calls per minute shared by every worker: a token bucket.

A provider such as Plaid limits calls per client, that is across all of FinSync's workers together, so
Celery's per-worker `rate_limit` cannot keep within it. Every call takes a token from one bucket; tokens
come back at a steady rate up to a small capacity, and a caller that finds the bucket empty sleeps until
its token is due, then tries again: calls wait for their turn instead of being refused by the provider.

With REDIS_URL set the bucket lives in Redis, updated by one atomic script, so every process on every
machine draws from the same bucket. Without it (the SQLite, eager-tasks development setup: one process)
the same arithmetic runs in process memory.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from functools import lru_cache

import redis

logger = logging.getLogger(__name__)

BURST_SECONDS = 2  # the bucket holds this many seconds' worth of calls

# KEYS[1]: the bucket (a hash of tokens and the time they were counted); ARGV: rate per second, capacity.
# Redis's own clock, so that machines whose clocks differ a little still share one bucket.
_TAKE = """
local rate, capacity = tonumber(ARGV[1]), tonumber(ARGV[2])
local clock = redis.call('TIME')
local now = tonumber(clock[1]) + tonumber(clock[2]) / 1000000
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1]) or capacity
local at = tonumber(state[2]) or now
tokens = math.min(capacity, tokens + math.max(0, now - at) * rate)
local wait = 0
if tokens >= 1 - 1e-9 then tokens = math.max(0, tokens - 1) else wait = (1 - tokens) / rate end
redis.call('HSET', KEYS[1], 'tokens', string.format('%.6f', tokens), 'at', string.format('%.6f', now))
redis.call('EXPIRE', KEYS[1], math.ceil(capacity / rate) + 1)
return string.format('%.6f', wait)
"""


def refill_and_take(tokens: float, elapsed: float, *, rate: float, capacity: float) -> tuple[float, float]:
    """(tokens left, seconds to wait): a token taken when one is there (wait 0), else none taken.

    The in-process bucket's arithmetic; the Redis script above does exactly this.
    """
    tokens = min(capacity, tokens + max(0.0, elapsed) * rate)
    if tokens >= 1 - 1e-9:  # a caller that slept exactly its wait may find 0.9999999999 tokens: that is one
        return max(0.0, tokens - 1), 0.0
    return tokens, (1 - tokens) / rate


class Bucket:
    """`rate` tokens a second, at most `capacity` saved up."""

    def __init__(self, *, rate: float, capacity: float, sleep: Callable[[float], None] = time.sleep) -> None:
        self.rate, self.capacity = rate, capacity
        self._sleep = sleep

    @classmethod
    def per_minute(cls, limit: int, **options) -> Bucket:
        """A bucket that never lets more than `limit` calls through in any 60 seconds.

        A full bucket lets `capacity` calls go at once, so the steady rate is what is left of the limit.
        """
        capacity = max(1.0, limit * BURST_SECONDS / 60)
        return cls(rate=(limit - capacity) / 60, capacity=capacity, **options)

    def take(self) -> float:
        """Take a token: 0.0, or the seconds until the next one is due (nothing taken)."""
        raise NotImplementedError

    def acquire(self) -> None:
        """Wait for a token and take it."""
        while (wait := self.take()) > 0:
            self._sleep(wait)


class LocalBucket(Bucket):
    """The bucket in this process's memory, shared by its threads."""

    def __init__(self, *, clock: Callable[[], float] = time.monotonic, **options) -> None:
        super().__init__(**options)
        self._clock = clock
        self._lock = threading.Lock()
        self._tokens, self._at = self.capacity, clock()

    def take(self) -> float:
        with self._lock:
            now = self._clock()
            self._tokens, wait = refill_and_take(self._tokens, now - self._at, rate=self.rate, capacity=self.capacity)
            self._at = now
            return wait


class RedisBucket(Bucket):
    """The bucket at `key` in Redis, shared by every process that uses the same key."""

    def __init__(self, client: redis.Redis, key: str, **options) -> None:
        super().__init__(**options)
        self._key = key
        self._script = client.register_script(_TAKE)

    def take(self) -> float:
        try:
            return float(self._script(keys=[self._key], args=[self.rate, self.capacity]))
        except redis.RedisError:
            # The provider enforces its limit anyway (a refusal is retried later): without Redis, go ahead.
            logger.warning("Rate-limit bucket %s unavailable; calling without it", self._key)
            return 0.0


@lru_cache(maxsize=8)
def shared_bucket(name: str, *, per_minute: int, redis_url: str) -> Bucket:
    """The bucket `name`, allowing `per_minute` calls: in Redis at `redis_url`, or in this process without one."""
    if not redis_url:
        return LocalBucket.per_minute(per_minute)
    client = redis.Redis.from_url(redis_url, socket_connect_timeout=2, socket_timeout=2)
    return RedisBucket.per_minute(per_minute, client=client, key=f"finsync:ratelimit:{name}")
