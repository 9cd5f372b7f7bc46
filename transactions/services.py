"""Every write to transactions: applying a bank's update, with history rows for what changed."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from banking.models import BankAccount
from banking.providers.base import ProviderError, TransactionRecord
from transactions.models import Transaction, TransactionChange

# Fields the bank owns; a later update may change them (the person's edits live in other fields).
BANK_FIELDS = (
    "date",
    "authorized_date",
    "amount",
    "currency",
    "description",
    "merchant_name",
    "pending",
    "pending_transaction_id",
    "provider_category_primary",
    "provider_category_detailed",
)
BATCH = 2000
CENT = Decimal("0.01")


@dataclass
class AppliedUpdate:
    added: int = 0
    modified: int = 0
    removed: int = 0
    changed_ids: set[int] = field(default_factory=set)


def _bank_values(record: TransactionRecord) -> dict:
    return {
        "date": record.date,
        "authorized_date": record.authorized_date,
        "amount": record.amount.quantize(CENT),
        "currency": record.currency,
        "description": record.description[:500],
        "merchant_name": record.merchant_name[:200],
        "pending": record.pending,
        "pending_transaction_id": record.pending_transaction_id or "",
        "provider_category_primary": record.category_primary,
        "provider_category_detailed": record.category_detailed,
    }


@transaction.atomic
def transactions_apply_update(
    *,
    user: User,
    accounts: Mapping[str, BankAccount],
    upserts: Iterable[TransactionRecord],
    removed: Iterable[str],
) -> AppliedUpdate:
    """Apply a bank's added/modified transactions and removals; replaying the same update changes nothing.

    `accounts` maps the provider's account ids to the connection's accounts. A posted transaction that
    replaces a pending one inherits what the person set on it. Removed transactions are soft-deleted.
    """
    result = AppliedUpdate()
    records = list({(r.provider_account_id, r.provider_transaction_id): r for r in upserts}.values())
    for start in range(0, len(records), BATCH):
        _upsert_batch(user=user, accounts=accounts, records=records[start : start + BATCH], result=result)
    _remove(accounts=accounts, provider_ids=set(removed), result=result)
    return result


def _account_for(accounts: Mapping[str, BankAccount], record: TransactionRecord) -> BankAccount:
    try:
        return accounts[record.provider_account_id]
    except KeyError:
        raise ProviderError("UNKNOWN_ACCOUNT", "The bank sent a transaction for an account it did not list.") from None


def _upsert_batch(*, user, accounts, records: list[TransactionRecord], result: AppliedUpdate) -> None:
    account_ids = [a.pk for a in accounts.values()]
    existing = {
        (t.account_id, t.provider_transaction_id): t
        for t in Transaction.objects.filter(
            account_id__in=account_ids, provider_transaction_id__in=[r.provider_transaction_id for r in records]
        )
    }
    pending_ids = [r.pending_transaction_id for r in records if r.pending_transaction_id]
    replaced = {
        (t.account_id, t.provider_transaction_id): t
        for t in Transaction.objects.filter(account_id__in=account_ids, provider_transaction_id__in=pending_ids)
    }
    now = timezone.now()
    to_create, to_update, changes = [], [], []
    for record in records:
        account = _account_for(accounts, record)
        values = _bank_values(record)
        current = existing.get((account.pk, record.provider_transaction_id))
        if current is None:
            new = Transaction(
                user=user,
                account=account,
                provider_transaction_id=record.provider_transaction_id,
                provider_data=record.raw,
                created_at=now,
                updated_at=now,
                **values,
            )
            pending = replaced.get((account.pk, record.pending_transaction_id))
            if pending is not None:
                for name in Transaction.USER_FIELDS:
                    setattr(new, name, getattr(pending, name))
            to_create.append(new)
            continue
        diffs = {name: value for name, value in values.items() if getattr(current, name) != value}
        if current.deleted_at is not None:
            diffs["deleted_at"] = None
        if not diffs:
            continue
        for name, value in diffs.items():
            changes.append(_change(current, name, getattr(current, name), value, now))
            setattr(current, name, value)
        current.provider_data = record.raw
        current.updated_at = now
        to_update.append(current)
    Transaction.objects.bulk_create(to_create, batch_size=BATCH)
    Transaction.objects.bulk_update(
        to_update, [*BANK_FIELDS, "provider_data", "updated_at", "deleted_at"], batch_size=BATCH
    )
    TransactionChange.objects.bulk_create(changes, batch_size=BATCH)
    result.added += len(to_create)
    result.modified += len(to_update)
    result.changed_ids.update(t.pk for t in [*to_create, *to_update])


def _remove(*, accounts, provider_ids: set[str], result: AppliedUpdate) -> None:
    if not provider_ids:
        return
    now = timezone.now()
    doomed = list(
        Transaction.objects.filter(
            account_id__in=[a.pk for a in accounts.values()],
            provider_transaction_id__in=provider_ids,
            deleted_at__isnull=True,
        )
    )
    Transaction.objects.filter(pk__in=[t.pk for t in doomed]).update(deleted_at=now, updated_at=now)
    TransactionChange.objects.bulk_create([_change(t, "deleted_at", None, now, now) for t in doomed])
    result.removed += len(doomed)
    result.changed_ids.update(t.pk for t in doomed)


def _change(txn: Transaction, name: str, old, new, at) -> TransactionChange:
    return TransactionChange(
        transaction=txn,
        field=name,
        old_value="" if old is None else str(old),
        new_value="" if new is None else str(new),
        source=TransactionChange.Source.SYNC,
        changed_at=at,
    )


def transactions_ingested(*, user: User, transaction_ids: set[int]) -> None:
    """Everything that follows new or changed transactions, in the order of the data flow.

    Categorization (transactions) and budget evaluation (budgets) plug in here, called directly rather
    than through signals, so the order is visible. Nothing follows yet.
    """
