"""A bank's update applied page by page, as a sync streams it: what a later page says about a transaction an
earlier page brought is applied to that same transaction, even in a first sync whose early pages are already
written."""

from dataclasses import replace
from decimal import Decimal

import pytest

from transactions import services
from transactions.models import Transaction
from transactions.services import BankUpdate

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _small_batches(monkeypatch):
    monkeypatch.setattr(services, "BATCH", 2)  # every page below is written before the next arrives


def test_a_later_page_changes_a_transaction_an_earlier_page_of_a_first_sync_brought(bank):
    coffee, rent = bank.record("BLUE BOTTLE", "-4.50"), bank.record("RENT", "-2000.00")
    update = BankUpdate(user=bank.user, accounts=bank.accounts)
    update.page(upserts=[coffee, rent], removed=[])
    update.page(upserts=[replace(coffee, amount=Decimal("-5.25"))], removed=[])
    applied = update.finish()
    assert (applied.added, applied.modified) == (2, 1)
    stored = Transaction.objects.get(provider_transaction_id=coffee.provider_transaction_id)
    assert stored.amount == Decimal("-5.25")
    assert list(stored.changes.values_list("field", "old_value", "new_value")) == [("amount", "-4.50", "-5.25")]


def test_a_posted_transaction_on_a_later_page_replaces_the_pending_one_an_earlier_page_brought(bank):
    pending = bank.record("TST* NOPA", "-80.00", pending=True, account="card")
    other = bank.record("RENT", "-2000.00")
    posted = bank.record("TST* NOPA", "-96.00", account="card", pending_transaction_id=pending.provider_transaction_id)
    update = BankUpdate(user=bank.user, accounts=bank.accounts)
    update.page(upserts=[pending, other], removed=[])
    update.page(upserts=[posted], removed=[pending.provider_transaction_id])
    update.finish()
    visible = Transaction.objects.filter(user=bank.user, deleted_at__isnull=True, description="TST* NOPA")
    assert list(visible.values_list("amount", "pending")) == [(Decimal("-96.00"), False)]
