"""Ingest: a person's five-year history (100,000 transactions, six accounts) arriving as canonical sync pages of
500, through the sync engine to committed, categorized, budget-evaluated rows; then the same pages again (all
duplicates) and a nightly update of 50 new transactions.

Baseline, measured in the same run: a raw `COPY` of the same rows (as the initial sync stored them) into an
empty table like the transactions table, with the same indexes and constraints. Target: at least half its rate.
"""

from __future__ import annotations

import os
from datetime import date
from decimal import Decimal
from unittest import mock

from django.db import connection, transaction
from django.utils import timezone
from psycopg.types.json import Jsonb

from accounts.models import User
from banking import sync
from banking.models import Connection, Institution, SyncRun
from banking.providers.base import Provider, SyncPage
from bench.common import Figure, Section, timed
from bench.dataset import Person
from budgets.models import Budget
from budgets.services import budget_save
from transactions.models import Category, Rule, Transaction
from transactions.services import categories_ensure, rule_save

TITLE = "Ingest (100,000 transactions, 6 accounts, 5 years, pages of 500)"
COUNT = int(os.environ.get("BENCH_INGEST_COUNT", 100_000))
NIGHTLY = 50
STARTS_ON = date(2020, 1, 1)
BUDGETS = ("FOOD_AND_DRINK", "TRANSPORTATION", "GENERAL_MERCHANDISE", "ENTERTAINMENT", "TRAVEL", "MEDICAL")


class CannedBank(Provider):
    """Serves prepared pages: the cursor is the number of pages delivered."""

    name = "plaid"

    def __init__(self, person: Person, pages: list[SyncPage]):
        self.person, self.pages = person, pages

    def accounts(self, *, access_token: str):
        return self.person.accounts()

    def transactions_page(self, *, access_token: str, cursor: str) -> SyncPage:
        return self.pages[int(cursor or 0)]


def person_create(email: str) -> tuple[User, Connection]:
    """A person with their categories, a few rules and monthly budgets, and a (not yet synced) Plaid login."""
    user = User.objects.create_user(email=email, password="bench-password-2026")  # noqa: S106
    categories_ensure(user=user)
    categories = {c.code: c for c in Category.objects.filter(user=user)}
    for n, code in enumerate(BUDGETS):
        budget = Budget(
            user=user, name=categories[code].name, amount=Decimal(400 + 100 * n), currency="USD", starts_on=STARTS_ON
        )
        budget_save(user=user, budget=budget, categories=[categories[code]])
    for n, (text, code) in enumerate(
        (("FARMERS MKT", "FOOD_AND_DRINK_GROCERIES"), ("CORNER DELI", "FOOD_AND_DRINK_FAST_FOOD"))
    ):
        rule_save(user=user, rule=Rule(user=user, position=n, match_value=text, set_category=categories[code]))
    return user, login_create(user)


def login_create(user: User) -> Connection:
    """A (not yet synced) Plaid login of `user`'s at the bench's bank."""
    institution, _ = Institution.objects.get_or_create(
        provider="plaid", external_id="ins_bench", defaults={"name": "Bench Savings Bank"}
    )
    login = Connection(user=user, provider="plaid", institution=institution, external_id=f"item-{user.email}")
    login.access_token = f"access-bench-{user.email}"
    login.save()
    return login


def sync_pages(login: Connection, person: Person, pages: list[SyncPage], *, cursor: str = "") -> SyncRun:
    """One sync of `login` through the engine, the bank answering with `pages` from `cursor` on."""
    Connection.objects.filter(pk=login.pk).update(cursor=cursor)
    with mock.patch.object(sync, "provider_for", return_value=CannedBank(person, pages)):
        run = sync.connection_sync(connection_id=login.pk, trigger=SyncRun.Trigger.MANUAL)
    if run.status != SyncRun.Status.SUCCEEDED:
        raise RuntimeError(f"The bench sync failed: {run.error_code} {run.error_message}")
    return run


def person_with_history(email: str = "heavy@bench.local", count: int = COUNT) -> User:
    """A person whose `count` transactions came in through one initial sync (what the page scenarios read)."""
    user, login = person_create(email)
    person = Person()
    sync_pages(login, person, list(person.pages(count=count, end=timezone.localdate())))
    return user


def _copy_rate(user: User) -> float:
    """Rows per second of a raw COPY of `user`'s stored transactions into an empty twin of the table (an ordinary
    table with the same columns, indexes and constraints but no foreign keys), committed, as a sync commits."""
    table = Transaction._meta.db_table
    fields = Transaction._meta.local_concrete_fields
    names = ", ".join(f.column for f in fields)
    json_columns = {i for i, f in enumerate(fields) if f.get_internal_type() == "JSONField"}
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {names} FROM {table} WHERE user_id = %s", [user.pk])  # noqa: S608
        rows = [tuple(Jsonb(v) if i in json_columns else v for i, v in enumerate(row)) for row in cursor.fetchall()]
        cursor.execute(f"CREATE TABLE bench_copy (LIKE {table} INCLUDING ALL)")
        seconds, _ = timed(_copy, f"COPY bench_copy ({names}) FROM STDIN", rows)
        cursor.execute("DROP TABLE bench_copy")
    return len(rows) / seconds


@transaction.atomic
def _copy(statement: str, rows: list[tuple]) -> None:
    with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(row)


def run() -> Section:
    person = Person()
    today = timezone.localdate()
    pages = list(person.pages(count=COUNT, end=today))
    person_with_history("warm-up@bench.local", count=2_000)  # imports, caches: measure the steady state
    user, login = person_create("ingest@bench.local")
    initial_s, first = timed(sync_pages, login, person, pages)
    rate = COUNT / initial_s
    copy_rate = _copy_rate(user)
    resync_s, again = timed(sync_pages, login, person, pages)
    nightly = list(person.pages(count=NIGHTLY, end=today, years=0, first=COUNT + 1))
    nightly_s, _ = timed(sync_pages, login, person, nightly)
    if first.added != COUNT or again.added or again.modified:
        raise RuntimeError(f"Ingest counted wrong: {first.added} added; re-sync {again.added}+{again.modified}")
    ratio = rate / copy_rate
    against = f"raw COPY: {copy_rate:,.0f} tx/s"
    return Section(
        key="ingest",
        results={
            "tx_per_s": round(rate),
            "copy_tx_per_s": round(copy_rate),
            "ratio_to_copy": round(ratio, 3),
            "initial_s": round(initial_s, 2),
            "resync_s": round(resync_s, 2),
            "resync_tx_per_s": round(COUNT / resync_s),
            "nightly_50_s": round(nightly_s, 3),
        },
        figures=[
            Figure("initial sync, 100,000 transactions", rate, "tx/s", against, ratio, "ratio >= 0.5", ratio >= 0.5),
            Figure(
                "re-sync of the same pages (all duplicates)",
                COUNT / resync_s,
                "tx/s",
                against,
                COUNT / resync_s / copy_rate,
            ),
            Figure(
                "nightly update of 50 transactions",
                nightly_s * 1000,
                "ms",
                f"COPY of 50 rows at that rate: {NIGHTLY / copy_rate * 1000:.1f} ms",
                nightly_s / (NIGHTLY / copy_rate),
            ),
        ],
    )
