"""A person with a checking account, a savings account and a credit card at one bank, and a way to feed
bank updates through the same path a sync takes."""

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from itertools import count

import pytest
from django.db import transaction

from accounts.tests.factories import UserFactory
from banking.models import BankAccount
from banking.providers.base import TransactionRecord
from banking.tests.factories import ConnectionFactory
from transactions.models import Transaction
from transactions.services import BankUpdate, transactions_ingested

_ids = count(1)


@dataclass
class Bank:
    """The bank's side: builds records and applies them like a sync does."""

    user: object
    accounts: dict[str, BankAccount]

    def record(self, description: str, amount: str, *, account: str = "checking", **fields) -> TransactionRecord:
        values = {
            "provider_transaction_id": f"txn-{next(_ids)}",
            "provider_account_id": account,
            "date": date(2026, 11, 2),
            "authorized_date": None,
            "amount": Decimal(amount),
            "currency": "USD",
            "description": description,
            "merchant_name": "",
            "pending": False,
            "pending_transaction_id": None,
            "category_primary": "",
            "category_detailed": "",
            **fields,
        }
        return TransactionRecord(**values)

    def sync(self, *records: TransactionRecord, removed: tuple[str, ...] = ()) -> None:
        with transaction.atomic():
            update = BankUpdate(user=self.user, accounts=self.accounts)
            update.page(upserts=records, removed=removed)
            applied = update.finish()
            transactions_ingested(
                user=self.user, transaction_ids=applied.changed_ids, categorized=applied.categorized_ids
            )

    def add(self, description: str, amount: str, **fields) -> Transaction:
        record = self.record(description, amount, **fields)
        self.sync(record)
        return Transaction.objects.get(provider_transaction_id=record.provider_transaction_id)

    def modify(self, record: TransactionRecord, **fields) -> TransactionRecord:
        changed = replace(record, **fields)
        self.sync(changed)
        return changed


@pytest.fixture
def bank(db) -> Bank:
    user = UserFactory()
    connection = ConnectionFactory(user=user)
    accounts = {
        key: BankAccount.objects.create(
            connection=connection,
            user=user,
            provider_account_id=key,
            name=name,
            mask=mask,
            type=kind,
            currency="USD",
        )
        for key, name, mask, kind in (
            ("checking", "Everyday Checking", "1111", "depository"),
            ("savings", "Savings", "2222", "depository"),
            ("card", "Rewards Card", "3333", "credit"),
        )
    }
    return Bank(user=user, accounts=accounts)
