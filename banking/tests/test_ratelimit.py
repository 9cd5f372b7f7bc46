"""The client-wide budget of Plaid calls: one token bucket for every worker, waiting instead of failing."""

import threading
import time
import uuid

import pytest
import redis
from django.conf import settings

from banking.providers.base import TransientError
from banking.providers.plaid import Plaid
from banking.ratelimit import LocalBucket, RedisBucket, shared_bucket


class Clock:
    """Time that passes only when a caller sleeps."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def most_in_a_minute(times: list[float]) -> int:
    """The most calls in any 60 seconds (times in order)."""
    first, most = 0, 0
    for last, at in enumerate(times):
        while times[first] <= at - 60:
            first += 1
        most = max(most, last - first + 1)
    return most


def test_in_process_bucket_keeps_any_minute_within_the_limit_and_uses_nearly_all_of_it():
    clock = Clock()
    bucket = LocalBucket.per_minute(600, clock=clock, sleep=clock.sleep)
    granted = []
    while clock.now < 1000 + 180:  # callers that never stop asking, for three minutes
        bucket.acquire()
        granted.append(clock.now)

    assert most_in_a_minute(granted) <= 600
    assert len(granted) >= 0.95 * 600 * 3


def test_in_process_bucket_lets_a_short_burst_through_then_makes_callers_wait():
    clock = Clock()
    bucket = LocalBucket.per_minute(600, clock=clock, sleep=clock.sleep)

    for _ in range(int(bucket.capacity)):
        bucket.acquire()
    assert clock.slept == []  # a burst of a couple of seconds' worth goes at once
    bucket.acquire()

    assert clock.slept == [pytest.approx(1 / bucket.rate)]  # the next waits for its token, then gets it


def test_in_process_bucket_is_shared_by_threads():
    bucket = LocalBucket.per_minute(600, clock=lambda: 0.0)  # time stands still: only the saved-up tokens
    waits: list[float] = []

    def take_many():
        waits.extend(bucket.take() for _ in range(50))

    threads = [threading.Thread(target=take_many) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sum(1 for wait in waits if wait == 0) == int(bucket.capacity)


@pytest.mark.skipif(not settings.REDIS_URL, reason="the shared bucket needs REDIS_URL (CI always sets it)")
def test_two_workers_share_one_bucket_in_redis():
    key = f"finsync:test:ratelimit:{uuid.uuid4()}"
    buckets = [RedisBucket.per_minute(600, client=redis.Redis.from_url(settings.REDIS_URL), key=key) for _ in range(2)]
    granted: list[tuple[int, float]] = []
    lock = threading.Lock()
    stop = time.monotonic() + 1.5

    def work(n: int) -> None:
        while time.monotonic() < stop:
            buckets[n].acquire()  # waits, never fails
            with lock:
                granted.append((n, time.monotonic()))

    threads = [threading.Thread(target=work, args=(n % 2,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    bucket = buckets[0]
    elapsed = max(at for _, at in granted) - min(at for _, at in granted)
    # Two separate buckets would have let twice the burst through.
    assert len(granted) <= bucket.capacity + bucket.rate * elapsed + 1
    assert len(granted) > bucket.capacity
    assert {n for n, _ in granted} == {0, 1}
    redis.Redis.from_url(settings.REDIS_URL).delete(key)


def test_plaid_calls_beyond_the_budget_wait_for_their_turn(plaid_fake, settings):
    settings.PLAID_CALLS_PER_MINUTE = 60  # two calls at once, then about one a second
    item = plaid_fake.add_item()
    provider = Plaid()
    bucket = shared_bucket("plaid", per_minute=60, redis_url=settings.REDIS_URL)
    slept: list[float] = []
    bucket._sleep = lambda seconds: (slept.append(seconds), time.sleep(seconds))

    for _ in range(6):  # more than the burst and what a second or so refills, however slow this machine is
        assert provider.accounts(access_token=item.access_token)

    assert len(plaid_fake.received("/accounts/get")) == 6
    assert slept  # a call waited for its token instead of being sent at once


def test_a_call_over_plaids_client_limit_is_transient(plaid_fake):
    plaid_fake.calls_per_minute = 2
    item = plaid_fake.add_item()
    provider = Plaid()
    provider.accounts(access_token=item.access_token)
    provider.accounts(access_token=item.access_token)

    with pytest.raises(TransientError) as info:
        provider.accounts(access_token=item.access_token)

    assert info.value.code == "RATE_LIMIT"
    assert plaid_fake.rate_limited == 1
