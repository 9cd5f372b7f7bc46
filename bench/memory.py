"""Memory: the peak resident memory of a Celery worker during a 100,000-transaction initial sync through Plaid.

A real worker process (`--pool solo`: the sync runs in the worker process itself) takes the initial sync of a new
Plaid login whose five-year history is 100,000 transactions, served by the in-process Plaid fake (no latency, no
limit) as 200 pages of 500. Its peak resident memory (VmHWM in /proc, read after the sync, before the worker stops)
against the baseline measured in the same run: the same worker's resident memory idle after startup.
Target: < 300 MB (pages are applied as they arrive; the whole history is never held).

A first sync of a small login warms the worker up in between: what the first Plaid sync loads once (plaid-python's
client and models alone are about 60 MB) is told apart from what the 100,000 transactions cost.
"""

from __future__ import annotations

import time

from banking.models import SyncRun
from banking.tasks import sync_connection
from banking.tests.plaid_fake import PlaidFake
from bench.common import Figure, Section
from bench.dataset import Person
from bench.plaid_path import plaid_login
from bench.workers import plaid_env, rss_mb, running

TITLE = "Memory (a worker's peak RSS during a 100,000-transaction Plaid initial sync)"
COUNT = 100_000
WARM_UP = 500  # transactions of the small login synced first
TARGET_MB = 300
SYNC_WITHIN = 540  # the sync task's soft time limit


def _sync_in(login) -> SyncRun:
    """Queue the initial sync (as linking does) and wait for the worker to finish it."""
    sync_connection.delay(login.pk, SyncRun.Trigger.INITIAL)
    deadline = time.monotonic() + SYNC_WITHIN
    while time.monotonic() < deadline:
        run = SyncRun.objects.filter(connection=login).exclude(status=SyncRun.Status.RUNNING).first()
        if run:
            if run.status != SyncRun.Status.SUCCEEDED:
                raise RuntimeError(f"The worker's sync failed: {run.error_code} {run.error_message}")
            return run
        time.sleep(0.5)
    raise RuntimeError(f"The worker's sync did not finish within {SYNC_WITHIN} s")


def run() -> Section:
    fake = PlaidFake()
    fake.start()
    try:
        small = plaid_login(fake, Person(seed=7), email="memory-warm-up@plaid.bench", count=WARM_UP)
        login = plaid_login(fake, Person(), email="memory@plaid.bench", count=COUNT)
        with running("memory", pool="solo", env=plaid_env(fake, calls_per_minute=2500)) as (worker,):
            idle = rss_mb(worker.pid)
            _sync_in(small)
            warm = rss_mb(worker.pid)
            start = time.monotonic()
            result = _sync_in(login)
            seconds = time.monotonic() - start
            peak = rss_mb(worker.pid, "VmHWM")
    finally:
        fake.stop()
    if result.added != COUNT:
        raise RuntimeError(f"The worker's sync added {result.added} transactions, not {COUNT}")
    return Section(
        key="memory",
        results={
            "peak_rss_mb": round(peak, 1),
            "idle_rss_mb": round(idle, 1),
            "warm_rss_mb": round(warm, 1),
            "sync_s": round(seconds, 1),
            "tx_per_s": round(COUNT / seconds),
        },
        figures=[
            Figure(
                f"worker peak RSS, {COUNT:,}-tx initial sync",
                peak,
                "MB",
                f"the same worker idle: {idle:,.0f} MB",
                peak / idle,
                f"< {TARGET_MB} MB",
                peak < TARGET_MB,
            ),
            Figure(
                "  of which the 100,000 transactions",
                peak - warm,
                "MB",
                f"warmed up by a {WARM_UP}-tx sync: {warm:,.0f} MB",
                peak / warm,
            ),
        ],
    )
