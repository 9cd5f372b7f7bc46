"""The sync engine: one locked, atomic update per connection.

A sync takes the connection's row lock (a second sync of the same connection waits for it), applies
each page of the provider's update as it arrives (so memory stays flat however long the history), and
commits accounts, transactions and the new cursor in one database transaction: a failure anywhere
leaves the database exactly as it was. Each attempt is recorded as a SyncRun, committed on its own so
that failures are on record too.
"""

import logging
from datetime import timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from banking.models import BalanceSnapshot, BankAccount, Connection, SyncRun
from banking.providers import provider_for
from banking.providers.base import (
    AccountRecord,
    CardPayment,
    MutationDuringPagination,
    NeedsRelink,
    Provider,
    ProviderError,
    TransientError,
)
from banking.schedule import next_nightly_sync
from banking.services import connection_needs_relink
from transactions.services import AppliedUpdate, BankUpdate, transactions_ingested, transactions_statistics_refresh

logger = logging.getLogger(__name__)

MAX_RESTARTS = 3  # an update that keeps changing while we page through it is tried again later
LARGE_UPDATE = 10_000  # new transactions after which the planner's statistics are refreshed at once
INTERRUPTED_AFTER = timedelta(minutes=15)  # longer than the sync task's hard time limit (10 min)


def connection_sync(*, connection_id: int, trigger: SyncRun.Trigger) -> SyncRun:
    """Bring one connection up to date. TransientError is raised again after it is recorded, for a retry."""
    run = _run_start(connection_id=connection_id, trigger=trigger)
    try:
        applied = _apply_update(connection_id=connection_id, run=run)
    except NeedsRelink as error:
        connection_needs_relink(connection_id=connection_id, code=error.code, message=error.message)
        return _run_finish(run, error=error)
    except TransientError as error:
        _run_finish(run, error=error)
        raise
    except ProviderError as error:
        _connection_failed(connection_id, error)
        return _run_finish(run, error=error)
    except Exception:
        error = ProviderError("INTERNAL_ERROR", "Something went wrong on our side. Try Sync now in a while.")
        _connection_failed(connection_id, error)
        _run_finish(run, error=error)
        raise
    run.added, run.modified, run.removed = applied.added, applied.modified, applied.removed
    if applied.added >= LARGE_UPDATE:
        transactions_statistics_refresh()
    return _run_finish(run)


def _connection_failed(connection_id: int, error: ProviderError) -> None:
    Connection.objects.filter(pk=connection_id).update(
        status=Connection.Status.ERROR, error_code=error.code, error_message=error.message[:500]
    )


def _run_start(*, connection_id: int, trigger: SyncRun.Trigger) -> SyncRun:
    SyncRun.objects.filter(
        connection_id=connection_id,
        status=SyncRun.Status.RUNNING,
        started_at__lt=timezone.now() - INTERRUPTED_AFTER,
    ).update(
        status=SyncRun.Status.FAILED,
        finished_at=timezone.now(),
        error_code="INTERRUPTED",
        error_message="This sync stopped before it finished; nothing from it was saved.",
    )
    return SyncRun.objects.create(connection_id=connection_id, trigger=trigger)


def _run_finish(run: SyncRun, *, error: ProviderError | None = None) -> SyncRun:
    run.status = SyncRun.Status.FAILED if error else SyncRun.Status.SUCCEEDED
    run.finished_at = timezone.now()
    if error:
        run.error_code, run.error_message = error.code, error.message[:500]
    run.save()
    return run


@transaction.atomic
def _apply_update(*, connection_id: int, run: SyncRun):
    connection = Connection.objects.select_for_update().select_related("user").get(pk=connection_id)
    if connection.is_disconnected:
        raise ProviderError("DISCONNECTED", "This connection was disconnected; restore it to sync again.")
    provider = provider_for(connection.provider)
    token = connection.access_token
    accounts, applied, cursor, run.pages = _apply_pages(connection, provider, token)
    now = timezone.now()
    connection.cursor = cursor
    connection.status = Connection.Status.HEALTHY
    connection.error_code = connection.error_message = ""
    connection.last_synced_at = now
    connection.next_sync_at = next_nightly_sync(connection, after=now)
    connection.save(update_fields=["cursor", "status", "error_code", "error_message", "last_synced_at", "next_sync_at"])
    _balances_snapshot(accounts.values(), day=timezone.localdate(now, ZoneInfo(connection.user.timezone)))
    transactions_ingested(
        user=connection.user, transaction_ids=applied.changed_ids, categorized=applied.categorized_ids
    )
    return applied


def _apply_pages(
    connection: Connection, provider: Provider, token: str
) -> tuple[dict[str, BankAccount], AppliedUpdate, str, int]:
    """Apply the accounts and every page from the connection's cursor on, each page as it arrives: (the accounts,
    what changed, the new cursor, how many pages).

    When the data changes mid-way, what the interrupted pass wrote is rolled back and the update starts again
    from the same cursor.
    """
    for _ in range(MAX_RESTARTS):
        try:
            with transaction.atomic():
                return _apply_from(connection, provider, token)
        except MutationDuringPagination:
            logger.info("Transactions changed while paging; starting the update again")
    raise TransientError("MUTATION_DURING_PAGINATION", "Your bank kept changing the data; we will try again soon.")


def _apply_from(
    connection: Connection, provider: Provider, token: str
) -> tuple[dict[str, BankAccount], AppliedUpdate, str, int]:
    page = provider.transactions_page(access_token=token, cursor=connection.cursor)
    records = page.accounts if page.accounts is not None else provider.accounts(access_token=token)
    accounts = _accounts_update(connection, records, _card_payments(connection, provider, token, records))
    update, pages = BankUpdate(user=connection.user, accounts=accounts), 1
    while True:
        update.page(upserts=[*page.added, *page.modified], removed=page.removed)
        if not page.has_more:
            return accounts, update.finish(), page.next_cursor, pages
        page = provider.transactions_page(access_token=token, cursor=page.next_cursor)
        pages += 1


def _card_payments(
    connection: Connection, provider: Provider, token: str, records: list[AccountRecord]
) -> dict[str, CardPayment] | None:
    """Each card's next payment, by provider account id; None when the provider cannot say right now.

    Due dates are a nicety beside the transactions: a failure to fetch them is logged and the last
    known ones are kept, never a reason to fail (and retry) the whole sync.
    """
    if not any(record.type == BankAccount.Type.CREDIT for record in records):
        return {}  # only cards have payment due dates: nothing to ask
    try:
        payments = provider.card_payments(access_token=token)
    except ProviderError as error:
        logger.warning(
            "Card due dates of connection %s unavailable (%s); keeping the last known", connection.pk, error.code
        )
        return None
    return {payment.provider_account_id: payment for payment in payments}


def _accounts_update(
    connection: Connection, records: list[AccountRecord], payments: dict[str, CardPayment] | None
) -> dict[str, BankAccount]:
    """Store the provider's accounts; `payments` None keeps each card's last known due date."""
    existing = {a.provider_account_id: a for a in connection.accounts.all()}
    for record in records:
        account = existing.get(record.provider_account_id) or BankAccount(
            connection=connection, user=connection.user, provider_account_id=record.provider_account_id
        )
        account.name = record.name[:200]
        account.official_name = record.official_name[:200]
        account.mask = record.mask[:8]
        account.type = record.type if record.type in BankAccount.Type.values else BankAccount.Type.OTHER
        account.subtype = record.subtype[:50]
        account.currency = record.currency
        account.current_balance = record.current_balance
        account.available_balance = record.available_balance
        account.credit_limit = record.credit_limit
        if payments is not None:
            payment = payments.get(record.provider_account_id)
            account.payment_due_date = payment.due_date if payment else None
            account.minimum_payment = payment.minimum_payment if payment else None
        account.save()
        existing[record.provider_account_id] = account
    return existing


def _balances_snapshot(accounts, *, day) -> None:
    for account in accounts:
        if account.current_balance is not None:
            BalanceSnapshot.objects.update_or_create(
                account=account,
                date=day,
                defaults={"balance": account.current_balance, "currency": account.currency},
            )
