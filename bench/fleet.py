"""The nightly fleet: 5,000 Plaid connections synced by real Celery workers under Plaid's client-wide rate limit.

5,000 people, each with one Plaid login (two accounts, a few new transactions since last night), are all due.
As Celery beat would, `sync_due_connections` is sent to the workers: it queues every due connection's sync, and
two worker processes (threads, enough to cover the latency) run them against the in-process Plaid fake, which
answers after 200 ms and refuses (429) any call beyond 2,500 in 60 seconds. Every worker draws from FinSync's one
token bucket in Redis (PLAID_CALLS_PER_MINUTE=2500). The people's earlier history is not in the database (only
their accounts), so each sync's follow-ups (categorizing, budgets, bills) have little to read: the per-sync database
work is on the light side of a real night's.

Figure: the wall time, from sending the sweep to the last sync's end, divided by its lower bound, the time the
rate limit alone imposes on the calls the fleet made (calls / 2,500 per minute). Target <= 1.2, with no 429s.
"""

from __future__ import annotations

import time
from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from accounts.models import User
from banking.models import BankAccount, Connection, Institution, SyncRun
from banking.tasks import sync_due_connections
from banking.tests.plaid_fake import PlaidFake
from bench.common import Figure, Section, timed
from bench.dataset import Person
from bench.plaid_path import plaid_history
from bench.workers import plaid_env, running
from transactions.services import categories_ensure

CONNECTIONS = 5_000  # one call each (the balances come with the transactions) at the limit: 2 minutes for 5,000
TITLE = f"The nightly fleet ({CONNECTIONS:,} Plaid connections, Celery workers, 200 ms latency, 2,500 calls/min)"
NEW_TRANSACTIONS = 3  # per connection since last night
ACCOUNTS = 2  # checking and savings: no card, so a nightly sync is /accounts/get + one /transactions/sync
LATENCY_S = 0.2
CALLS_PER_MINUTE = 2_500
WORKERS, THREADS = 2, 12  # two processes on this 2-core machine; threads cover the latency
TARGET = 1.2


def _people() -> list[User]:
    """CONNECTIONS people with their categories (given as at sign-up, by the app's own service)."""
    unusable = make_password(None)  # people who never sign in: no password hashing to wait for
    people = User.objects.bulk_create(
        User(email=f"fleet{n}@plaid.bench", password=unusable) for n in range(CONNECTIONS)
    )
    for user in people:
        categories_ensure(user=user)
    return people


def _nightly_update(person: Person, account_ids: list[str]) -> list[dict]:
    """A few of today's transactions, on the login's accounts."""
    update = plaid_history(person, count=NEW_TRANSACTIONS, years=0)
    for txn in update:
        if txn["account_id"] not in account_ids:
            txn["account_id"] = account_ids[0]
    return update


def _fleet(fake: PlaidFake) -> None:
    """Every person's login, linked and synced before (its accounts stored), due for tonight's sync."""
    institution, _ = Institution.objects.get_or_create(
        provider="plaid", external_id="ins_109508", defaults={"name": "First Platypus Bank"}
    )
    now = timezone.now()
    logins, accounts = [], []
    for n, user in enumerate(_people()):
        person = Person(seed=n)
        plaid_accounts = person.plaid_accounts()[:ACCOUNTS]
        item = fake.add_item(accounts=plaid_accounts, liabilities=False)
        item.push_update(added=_nightly_update(person, [a["account_id"] for a in plaid_accounts]))
        login = Connection(
            user=user,
            provider="plaid",
            institution=institution,
            external_id=item.item_id,
            status=Connection.Status.HEALTHY,
            last_synced_at=now - timedelta(days=1),
            next_sync_at=now - timedelta(minutes=1),
        )
        login.access_token = item.access_token  # encrypted, as every stored token is
        logins.append(login)
        accounts += [
            BankAccount(
                connection=login,
                user=user,
                provider_account_id=record.provider_account_id,
                name=record.name,
                official_name=record.official_name,
                mask=record.mask,
                type=record.type,
                subtype=record.subtype,
                currency=record.currency,
                current_balance=record.current_balance,
                available_balance=record.available_balance,
            )
            for record in person.accounts()[:ACCOUNTS]
        ]
    Connection.objects.bulk_create(logins)
    BankAccount.objects.bulk_create(accounts)


def _nightly(deadline_s: float) -> tuple[float, float, int, int]:
    """Send the sweep and wait for every sync: (wall seconds, seconds to the first sync, succeeded, failed)."""
    started = timezone.now()
    sync_due_connections.delay()
    runs = SyncRun.objects.filter(trigger=SyncRun.Trigger.SCHEDULED, started_at__gte=started)
    deadline = time.monotonic() + deadline_s
    while time.monotonic() < deadline:
        if runs.filter(status=SyncRun.Status.SUCCEEDED).count() >= CONNECTIONS:
            break
        time.sleep(1)
    succeeded = runs.filter(status=SyncRun.Status.SUCCEEDED)
    last = max(succeeded.values_list("finished_at", flat=True), default=timezone.now())
    first = min(runs.values_list("started_at", flat=True), default=last)
    failed = runs.filter(status=SyncRun.Status.FAILED).count()
    return (last - started).total_seconds(), (first - started).total_seconds(), succeeded.count(), failed


def run() -> Section:
    fake = PlaidFake(latency=LATENCY_S, calls_per_minute=CALLS_PER_MINUTE)
    fake.start()
    try:
        setup_s, _ = timed(_fleet, fake)
        env = plaid_env(fake, calls_per_minute=CALLS_PER_MINUTE)
        expected = CONNECTIONS / (CALLS_PER_MINUTE / 60)  # one call a connection at the limit
        with running("fleet", count=WORKERS, pool="threads", concurrency=THREADS, env=env):
            wall, fan_out, succeeded, failed = _nightly(deadline_s=2 * expected + 60)
    finally:
        fake.stop()
    calls = len(fake.requests)  # answered; the refused ones are counted in fake.rate_limited
    bound = calls / (CALLS_PER_MINUTE / 60)
    ratio = wall / bound
    met = ratio <= TARGET and fake.rate_limited == 0 and succeeded == CONNECTIONS
    return Section(
        key="fleet",
        results={
            "ratio_to_bound": round(ratio, 3),
            "http_429": fake.rate_limited,
            "wall_s": round(wall, 1),
            "bound_s": round(bound, 1),
            "calls": calls,
            "calls_per_connection": round(calls / CONNECTIONS, 2),
            "connections": CONNECTIONS,
            "succeeded": succeeded,
            "failed_attempts": failed,
            "first_sync_after_s": round(fan_out, 1),
            "setup_s": round(setup_s, 1),
            "workers": f"{WORKERS} processes x {THREADS} threads",
        },
        figures=[
            Figure(
                f"nightly sync of {CONNECTIONS:,} connections, wall time",
                wall,
                "s",
                f"rate-limit bound: {calls:,} calls at {CALLS_PER_MINUTE:,}/min = {bound:.0f} s",
                ratio,
                f"ratio <= {TARGET}, no 429",
                met,
            ),
            Figure(
                "  Plaid calls refused (429)",
                fake.rate_limited,
                "calls",
                f"calls answered: {calls:,}",
                fake.rate_limited / calls,
            ),
        ],
    )
