"""The sync engine against Plaid's API (the wire fake): nothing lost, nothing duplicated, faults survived."""

import logging
import threading
from datetime import date
from decimal import Decimal

import pytest
from celery.exceptions import Retry
from django.db import connection as db_connection

from accounts.models import Notification
from accounts.tests.factories import UserFactory
from banking.models import BankAccount, Connection, SyncRun
from banking.providers.base import TransientError
from banking.providers.plaid import Plaid
from banking.services import connection_create
from banking.sync import connection_sync
from banking.tasks import sync_connection
from banking.tests.plaid_fake import account
from transactions.models import Transaction, TransactionChange

pytestmark = pytest.mark.django_db
INITIAL = SyncRun.Trigger.INITIAL


def sync(connection, trigger=SyncRun.Trigger.MANUAL) -> SyncRun:
    return connection_sync(connection_id=connection.pk, trigger=trigger)


def visible(connection):
    return Transaction.objects.filter(account__connection=connection, deleted_at__isnull=True)


def test_a_first_sync_of_several_pages_arrives_whole_with_our_sign(linked):
    connection, item = linked
    item.push_update(added=[item.transaction(amount=Decimal("72.10"), name=f"PURCHASE {n}") for n in range(1200)])
    run = sync(connection, INITIAL)
    assert (run.status, run.pages, run.added) == (SyncRun.Status.SUCCEEDED, 3, 1200)
    assert visible(connection).count() == 1200
    assert set(visible(connection).values_list("amount", flat=True)) == {Decimal("-72.10")}
    connection.refresh_from_db()
    assert connection.status == Connection.Status.HEALTHY
    assert connection.accounts.count() == 3
    assert connection.accounts.get(type="credit").current_balance < 0, "money owed on a card is negative"


def test_a_sync_takes_the_balances_from_plaids_transactions_reply_without_asking_for_the_accounts(linked, plaid_fake):
    connection, item = linked
    sync(connection, INITIAL)
    item.accounts[0]["balances"]["current"] = Decimal("1234.56")
    item.push_update(added=[item.transaction()])
    asked = len(plaid_fake.received("/transactions/sync"))
    assert sync(connection).added == 1
    assert len(plaid_fake.received("/transactions/sync")) == asked + 1
    assert plaid_fake.received("/accounts/get") == []
    checking = connection.accounts.get(provider_account_id=item.accounts[0]["account_id"])
    assert checking.current_balance == Decimal("1234.56")


def test_the_same_update_replayed_changes_nothing(linked):
    connection, item = linked
    item.push_update(added=[item.transaction() for _ in range(600)])
    sync(connection)
    Connection.objects.filter(pk=connection.pk).update(cursor="")  # the update is delivered again
    run = sync(connection)
    assert (run.added, run.modified, run.removed) == (0, 0, 0)
    assert visible(connection).count() == 600


def test_pending_to_posted_keeps_what_the_person_wrote(linked):
    connection, item = linked
    pending = item.transaction(amount=Decimal("20.00"), pending=True, name="TST* NOPA")
    item.push_update(added=[pending])
    sync(connection)
    Transaction.objects.filter(provider_transaction_id=pending["transaction_id"]).update(notes="Dinner with Sam")

    posted = item.transaction(amount=Decimal("24.00"), pending=False, pending_transaction_id=pending["transaction_id"])
    item.push_update(added=[posted], removed=[pending["transaction_id"]])
    run = sync(connection)
    assert (run.added, run.removed) == (1, 1)
    (only,) = visible(connection)
    assert (only.provider_transaction_id, only.amount, only.pending) == (
        posted["transaction_id"],
        Decimal("-24.00"),
        False,
    )
    assert only.notes == "Dinner with Sam"
    gone = Transaction.objects.get(provider_transaction_id=pending["transaction_id"])
    assert gone.changes.get().field == "deleted_at"


def test_a_modified_transaction_keeps_its_history(linked):
    connection, item = linked
    txn = item.transaction(amount=Decimal("10.00"))
    item.push_update(added=[txn])
    sync(connection)
    item.push_update(modified=[txn | {"amount": 12.5}])
    assert sync(connection).modified == 1
    change = TransactionChange.objects.get(field="amount")
    assert (change.old_value, change.new_value, change.source) == ("-10.00", "-12.50", "sync")


def test_a_failure_between_pages_leaves_nothing_half_applied(linked, plaid_fake):
    connection, item = linked
    item.push_update(added=[item.transaction() for _ in range(1200)])
    plaid_fake.fail("/transactions/sync", "INTERNAL_SERVER_ERROR", after=1)  # the second page fails
    with pytest.raises(TransientError):
        sync(connection)
    assert not Transaction.objects.exists()
    connection.refresh_from_db()
    assert connection.cursor == ""
    assert connection.status != Connection.Status.ERROR, "a passing outage does not mark the connection broken"
    failed = connection.sync_runs.get()
    assert (failed.status, failed.error_code) == (SyncRun.Status.FAILED, "INTERNAL_SERVER_ERROR")

    assert sync(connection).added == 1200
    assert visible(connection).count() == 1200


def test_data_changing_during_paging_restarts_the_update(linked, plaid_fake):
    connection, item = linked
    item.push_update(added=[item.transaction() for _ in range(1200)])
    plaid_fake.fail("/transactions/sync", "TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION", after=1)
    run = sync(connection)
    assert (run.status, run.added) == (SyncRun.Status.SUCCEEDED, 1200)
    first_cursors = [body.get("cursor") for body in plaid_fake.received("/transactions/sync")]
    assert first_cursors.count(None) == 2, "started again from the first cursor"


def test_rate_limits_are_retried_and_do_not_break_the_connection(linked, plaid_fake):
    connection, _ = linked
    plaid_fake.fail("/transactions/sync", "RATE_LIMIT")
    with pytest.raises(TransientError):
        sync(connection)
    connection.refresh_from_db()
    assert connection.status == Connection.Status.SYNCING
    assert sync(connection).status == SyncRun.Status.SUCCEEDED


def test_a_login_that_needs_the_person_is_told_once(linked, plaid_fake):
    connection, _ = linked
    plaid_fake.fail("/transactions/sync", "ITEM_LOGIN_REQUIRED", times=None)
    for _ in range(3):  # three nights
        assert sync(connection).status == SyncRun.Status.FAILED
    connection.refresh_from_db()
    assert connection.status == Connection.Status.NEEDS_RELINK
    assert connection.access_token not in connection.error_message
    assert Notification.objects.filter(user=connection.user, kind=Notification.Kind.CONNECTION_PROBLEM).count() == 1


@pytest.mark.skipif(db_connection.vendor != "postgresql", reason="row locks need PostgreSQL (CI runs it)")
@pytest.mark.django_db(transaction=True)
def test_two_syncs_of_one_connection_never_interleave(linked, plaid_fake):
    connection, item = linked
    item.push_update(added=[item.transaction() for _ in range(700)])
    plaid_fake.stall("/transactions/sync", 1.0)  # the first sync holds the lock while it waits on Plaid
    runs, errors = [], []

    def run():
        try:
            runs.append(sync(connection))
        except Exception as error:  # surfaced by the assertion below
            errors.append(error)
        finally:
            db_connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    cursors = [body.get("cursor") for body in plaid_fake.received("/transactions/sync")]
    assert len(cursors) == len(set(cursors)), "the second sync waited, then went on from where the first ended"
    assert sorted(r.added for r in runs) == [0, 700]
    assert visible(connection).count() == 700


def test_the_sync_task_retries_a_passing_outage_by_itself(linked, plaid_fake):
    connection, _ = linked
    plaid_fake.fail("/transactions/sync", "RATE_LIMIT")
    with pytest.raises(Retry) as retry:  # in a worker, Celery runs it again after this delay
        sync_connection.apply(args=[connection.pk, SyncRun.Trigger.SCHEDULED], throw=True)
    assert 0 <= retry.value.when <= 30, "the first retry comes soon, with jitter"
    sync_connection.apply(args=[connection.pk, SyncRun.Trigger.SCHEDULED], throw=True)
    statuses = list(connection.sync_runs.order_by("started_at", "id").values_list("status", "error_code"))
    assert statuses == [(SyncRun.Status.FAILED, "RATE_LIMIT"), (SyncRun.Status.SUCCEEDED, "")]


# Card payment due dates (Plaid's liabilities)


def link(item) -> Connection:
    return connection_create(
        user=UserFactory(), provider="plaid", link=Plaid().exchange_public_token(public_token=item.public_token)
    )


def card(connection) -> BankAccount:
    return connection.accounts.get(type=BankAccount.Type.CREDIT)


def test_a_sync_stores_the_cards_due_date_and_minimum_payment(linked):
    connection, item = linked
    item.credit[0] |= {"next_payment_due_date": "2025-07-14", "minimum_payment_amount": Decimal("35.07")}

    sync(connection, INITIAL)

    assert (card(connection).payment_due_date, card(connection).minimum_payment) == (
        date(2025, 7, 14),
        Decimal("35.07"),
    )
    others = connection.accounts.exclude(type=BankAccount.Type.CREDIT)
    assert [(a.payment_due_date, a.minimum_payment) for a in others] == [(None, None), (None, None)]


def test_the_next_statement_moves_the_due_date(linked):
    connection, item = linked
    sync(connection, INITIAL)
    item.credit[0] |= {"next_payment_due_date": "2025-08-14", "minimum_payment_amount": 41}

    sync(connection)

    assert (card(connection).payment_due_date, card(connection).minimum_payment) == (date(2025, 8, 14), 41)


def test_a_login_without_liabilities_syncs_its_transactions_with_no_due_dates(plaid_fake):
    item = plaid_fake.add_item(liabilities=False)
    connection = link(item)
    item.push_update(added=[item.transaction(account_id=item.accounts[1]["account_id"])])

    run = sync(connection, INITIAL)

    assert (run.status, run.added) == (SyncRun.Status.SUCCEEDED, 1)
    assert plaid_fake.received("/liabilities/get"), "Plaid was asked and said the login has no liabilities"
    assert (card(connection).payment_due_date, card(connection).minimum_payment) == (None, None)
    connection.refresh_from_db()
    assert (connection.status, connection.error_code) == (Connection.Status.HEALTHY, "")


def test_consent_withdrawn_for_liabilities_clears_the_due_date(linked, plaid_fake):
    connection, _ = linked
    sync(connection, INITIAL)
    assert card(connection).payment_due_date is not None
    plaid_fake.fail("/liabilities/get", "ADDITIONAL_CONSENT_REQUIRED")

    assert sync(connection).status == SyncRun.Status.SUCCEEDED

    assert (card(connection).payment_due_date, card(connection).minimum_payment) == (None, None)


@pytest.mark.parametrize(
    "break_liabilities",
    [
        pytest.param(lambda fake, item: fake.fail("/liabilities/get", "RATE_LIMIT"), id="rate-limit"),
        pytest.param(lambda fake, item: fake.fail("/liabilities/get", "INSTITUTION_DOWN"), id="bank-down"),
        pytest.param(lambda fake, item: fake.fail("/liabilities/get", "INTERNAL_SERVER_ERROR"), id="plaid-down"),
        pytest.param(lambda fake, item: item.credit[0].update(next_payment_due_date="14/08/2025"), id="unreadable"),
    ],
)
def test_due_dates_that_cannot_be_fetched_keep_the_last_known_and_the_sync_goes_on(
    linked, plaid_fake, caplog, break_liabilities
):
    connection, item = linked
    item.credit[0] |= {"next_payment_due_date": "2025-07-14", "minimum_payment_amount": 35}
    sync(connection, INITIAL)
    item.push_update(added=[item.transaction(amount=Decimal("12.00"))])
    item.credit[0] |= {"minimum_payment_amount": 50}
    break_liabilities(plaid_fake, item)

    with caplog.at_level(logging.WARNING, logger="banking.sync"):
        run = sync(connection)

    assert (run.status, run.added) == (SyncRun.Status.SUCCEEDED, 1), "the new transaction is not held back"
    assert (card(connection).payment_due_date, card(connection).minimum_payment) == (date(2025, 7, 14), 35)
    connection.refresh_from_db()
    assert connection.status == Connection.Status.HEALTHY
    assert "keeping the last known" in caplog.text
    assert item.access_token not in caplog.text


def test_a_login_without_a_credit_card_is_not_asked_for_due_dates(plaid_fake):
    connection = link(plaid_fake.add_item(accounts=[account()]))

    assert sync(connection, INITIAL).status == SyncRun.Status.SUCCEEDED

    assert plaid_fake.received("/liabilities/get") == []
    assert connection.accounts.get().payment_due_date is None
