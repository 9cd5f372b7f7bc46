"""The Plaid path: a 10,000-transaction initial sync through plaid-python against the in-process Plaid fake.

A person's five-year history (`bench.dataset`, filled out to Plaid's full transaction shape) is served by the fake
as 20 pages of /transactions/sync; the real `Plaid` provider fetches them over HTTP and the sync engine applies
them. The sync's time is split by wrapping functions for the run (the app has no timing code):
  HTTP         `Plaid._call` less its `json.loads`: building the request, the round trip, reading the bytes;
  deserialize  `json.loads` (numbers as Decimal) plus FinSync's own reading of each transaction (`_transaction`);
  apply        the engine's writes: `BankUpdate.page`/`finish` and `transactions_ingested`.
Baseline, in the same run: the same pages deserialized by plaid-python's generated response models, as the client
does by default (`_preload_content=True`). They take seconds a page, so MODEL_PAGES pages are measured and the
figure is per page.
"""

from __future__ import annotations

import json
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from types import SimpleNamespace
from unittest import mock

import plaid
from django.test import override_settings
from django.utils import timezone
from plaid.api.plaid_api import PlaidApi
from plaid.model.transactions_sync_request import TransactionsSyncRequest
from plaid.model.transactions_sync_response import TransactionsSyncResponse

from banking import sync
from banking.models import Connection, SyncRun
from banking.providers import plaid as plaid_provider
from banking.providers.plaid import Plaid
from banking.tests.plaid_fake import PlaidFake, transaction_template
from bench.common import Figure, Section, timed
from bench.dataset import Person
from bench.ingest import person_create
from transactions.services import BankUpdate

TITLE = "The Plaid path (10,000-transaction initial sync through plaid-python, fake over HTTP)"
COUNT = 10_000
MODEL_PAGES = 2  # pages deserialized through the client's models (about 2 s each)
TARGET_PAGE_RATIO = 0.1  # FinSync's reading of a page: at most a tenth of the models' time

# Plaid's fields that the dataset leaves out, as Plaid sends them for a transaction with no location or logo.
_PLAID_FIELDS = transaction_template() | {
    "counterparties": [],
    "datetime": None,
    "authorized_datetime": None,
    "location": dict.fromkeys(transaction_template()["location"]),
    "logo_url": None,
    "website": None,
    "merchant_entity_id": None,
}


def plaid_history(person: Person, *, count: int, years: int = 5) -> list[dict]:
    """`person`'s history in Plaid's full transaction shape (every field plaid-python's models require)."""
    return [_PLAID_FIELDS | txn for txn in person.history(count=count, end=timezone.localdate(), years=years)]


def plaid_login(fake: PlaidFake, person: Person, *, email: str, count: int) -> Connection:
    """A new person (categories, budgets, rules) whose not yet synced Plaid login holds `count` transactions."""
    item = fake.add_item(accounts=person.plaid_accounts())
    item.push_update(added=plaid_history(person, count=count))
    _, login = person_create(email)
    login.access_token = item.access_token
    login.save(update_fields=["encrypted_access_token"])
    return login


def plaid_settings(fake: PlaidFake):
    return override_settings(
        PLAID_ENV="sandbox", PLAID_HOST=fake.url, PLAID_CLIENT_ID=fake.client_id, PLAID_SECRET=fake.secret
    )


def _initial_sync(login: Connection) -> SyncRun:
    run = sync.connection_sync(connection_id=login.pk, trigger=SyncRun.Trigger.INITIAL)
    if run.status != SyncRun.Status.SUCCEEDED:
        raise RuntimeError(f"The Plaid path's sync failed: {run.error_code} {run.error_message}")
    return run


@contextmanager
def _stopwatch() -> Iterator[dict[str, float]]:
    """Seconds spent in each stage of the sync while the block runs (see the module docstring)."""
    seconds: dict[str, float] = defaultdict(float)

    def timing(key: str, owner, name: str):
        original = getattr(owner, name)

        def timed_call(*args, **kwargs):
            start = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                seconds[key] += time.perf_counter() - start

        return mock.patch.object(owner, name, timed_call)

    original_page = Plaid.transactions_page

    def page(self, **kwargs):  # FinSync's reading of a page: the page's time less its _call's
        call_before, start = seconds["call"], time.perf_counter()
        result = original_page(self, **kwargs)
        seconds["read"] += time.perf_counter() - start - (seconds["call"] - call_before)
        return result

    with ExitStack() as stack:
        stack.enter_context(mock.patch.object(plaid_provider, "json", SimpleNamespace(loads=json.loads)))
        stack.enter_context(timing("json", plaid_provider.json, "loads"))
        stack.enter_context(timing("call", Plaid, "_call"))
        stack.enter_context(mock.patch.object(Plaid, "transactions_page", page))
        stack.enter_context(timing("apply", BankUpdate, "page"))
        stack.enter_context(timing("apply", BankUpdate, "finish"))
        stack.enter_context(timing("apply", sync, "transactions_ingested"))
        yield seconds


def _models_per_page(fake: PlaidFake, access_token: str) -> float:
    """Seconds per page for plaid-python's models to deserialize the first MODEL_PAGES pages of the update."""
    client = plaid.ApiClient(
        plaid.Configuration(host=fake.url, api_key={"clientId": fake.client_id, "secret": fake.secret})
    )
    api, cursor, spent = PlaidApi(client), None, 0.0
    for _ in range(MODEL_PAGES):
        options = {"cursor": cursor} if cursor else {}
        raw = api.transactions_sync(
            TransactionsSyncRequest(access_token, count=plaid_provider.PAGE_SIZE, **options), _preload_content=False
        ).data
        start = time.perf_counter()
        page = client.deserialize(SimpleNamespace(data=raw.decode()), (TransactionsSyncResponse,), True)
        spent += time.perf_counter() - start
        cursor = page.next_cursor
    return spent / MODEL_PAGES


def run() -> Section:
    fake = PlaidFake()
    fake.start()
    try:
        with plaid_settings(fake):
            _initial_sync(plaid_login(fake, Person(seed=7), email="warm-up@plaid.bench", count=1_000))
            login = plaid_login(fake, Person(), email="plaid-path@plaid.bench", count=COUNT)
            with _stopwatch() as seconds:
                total, result = timed(_initial_sync, login)
            models = _models_per_page(fake, login.access_token)
    finally:
        fake.stop()
    if result.added != COUNT:
        raise RuntimeError(f"The Plaid path's sync added {result.added} transactions, not {COUNT}")
    http = seconds["call"] - seconds["json"]
    deserialize = seconds["json"] + seconds["read"]
    apply = seconds["apply"]
    raw = deserialize / result.pages
    whole = f"whole sync: {total:.2f} s"
    return Section(
        key="plaid_path",
        results={
            "tx_per_s": round(COUNT / total),
            "deserialize_share": round(deserialize / total, 4),
            "http_share": round(http / total, 4),
            "apply_share": round(apply / total, 4),
            "sync_s": round(total, 3),
            "pages": result.pages,
            "raw_ms_per_page": round(raw * 1000, 2),
            "models_ms_per_page": round(models * 1000, 1),
            "models_pages_measured": MODEL_PAGES,
            "raw_to_models": round(raw / models, 4),
        },
        figures=[
            Figure(
                f"initial sync, {COUNT:,} tx via plaid-python",
                COUNT / total,
                "tx/s",
                f"client's models alone: {plaid_provider.PAGE_SIZE / models:,.0f} tx/s",
                COUNT / total / (plaid_provider.PAGE_SIZE / models),
            ),
            Figure("  time in HTTP", http, "s", whole, http / total),
            Figure("  time deserializing (raw JSON)", deserialize, "s", whole, deserialize / total),
            Figure("  time applying", apply, "s", whole, apply / total),
            Figure(
                "deserializing a 500-tx page, raw JSON",
                raw * 1000,
                "ms",
                f"client's models: {models * 1000:,.0f} ms/page ({MODEL_PAGES} pages)",
                raw / models,
                f"ratio <= {TARGET_PAGE_RATIO}",
                raw / models <= TARGET_PAGE_RATIO,
            ),
        ],
    )
