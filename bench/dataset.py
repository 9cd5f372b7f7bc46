"""A deterministic person's bank history, as Plaid would send it: the data every scenario runs on.

`history(count=100_000)` is six accounts' activity over five years, oldest first: everyday spending at
the Demo Bank's merchants (some with Plaid's merchant name and category, some as bare descriptors for
FinSync to work out), biweekly pay, rent, bills, transfers to savings and card payments (both sides).
The same seed always gives the same transactions, ids included, so runs are comparable.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from banking.providers.base import SyncPage
from banking.providers.demo import BILLS, CARD, HABITS, PAYROLL, QUICK_BUYS, Merchant
from banking.providers.plaid import _account, _transaction
from transactions.taxonomy import primary_of

PAGE_SIZE = 500  # Plaid's largest /transactions/sync page
CURRENCY = "USD"
# name, Plaid type, subtype, balance (Plaid's sign: what is owed on a card is positive)
ACCOUNTS = (
    ("Everyday Checking", "depository", "checking", "8450.12"),
    ("High-Yield Savings", "depository", "savings", "24100.00"),
    ("Joint Checking", "depository", "checking", "3120.55"),
    ("Rewards Visa", "credit", "credit card", "1840.33"),
    ("Travel Mastercard", "credit", "credit card", "612.08"),
    ("Emergency Fund", "depository", "savings", "10000.00"),
)
SPENDERS = (0, 2, 3, 4)  # the accounts everyday spending comes from
MERCHANTS = tuple(m for habit in HABITS for m in habit.merchants) + QUICK_BUYS
UNKNOWN = ("CHECKCARD {n} LOCAL SHOP {m}", "POS DEBIT CORNER DELI {m}", "SQ *FARMERS MKT STALL {m}")


@dataclass(frozen=True)
class Person:
    """Whose history it is: a seed names them, the same seed gives the same ids."""

    seed: int = 2026

    def account_id(self, n: int) -> str:
        return f"bench{self.seed}acct{n:02d}".ljust(37, "x")

    def plaid_accounts(self) -> list[dict]:
        return [
            {
                "account_id": self.account_id(n),
                "balances": {
                    "available": None if kind == "credit" else Decimal(balance),
                    "current": Decimal(balance),
                    "iso_currency_code": CURRENCY,
                    "limit": Decimal("10000") if kind == "credit" else None,
                    "unofficial_currency_code": None,
                },
                "mask": f"{1000 + 111 * n}",
                "name": name,
                "official_name": name,
                "subtype": subtype,
                "type": kind,
            }
            for n, (name, kind, subtype, balance) in enumerate(ACCOUNTS)
        ]

    def accounts(self):
        return [_account(account, "bench") for account in self.plaid_accounts()]

    def history(self, *, count: int, end: date, years: int = 5, first: int = 1) -> Iterator[dict]:
        """`count` Plaid transactions spread evenly over the `years` before `end`, oldest first, numbered from
        `first` (a later update continues the numbering)."""
        rng = random.Random(self.seed * 1_000_003 + first)  # noqa: S311 (a repeatable dataset, not a secret)
        start = end - timedelta(days=365 * years)
        days = (end - start).days + 1
        made = 0
        for offset in range(days):
            day = start + timedelta(days=offset)
            due = count * (offset + 1) // days - made  # spread evenly, whatever the count
            for _ in range(due):
                yield self._transaction(rng, day, first + made)
                made += 1

    def pages(self, *, count: int, end: date, years: int = 5, first: int = 1) -> Iterator[SyncPage]:
        """The history as canonical sync pages of 500 (what a provider hands the sync engine)."""
        batch: list[dict] = []
        number = 0
        for txn in self.history(count=count, end=end, years=years, first=first):
            batch.append(txn)
            if len(batch) == PAGE_SIZE:
                number += 1
                yield _page(batch, number, more=True)
                batch = []
        yield _page(batch, number + 1, more=False)

    def _transaction(self, rng: random.Random, day: date, n: int) -> dict:
        roll = rng.random()
        if roll < 0.02:
            return self._plaid(n, day, PAYROLL, 0, -rng.randint(PAYROLL.low, PAYROLL.high))
        if roll < 0.03:
            account, merchant = rng.choice(BILLS)
            return self._plaid(n, day, merchant, 3 if account == CARD else 0, rng.randint(merchant.low, merchant.high))
        if roll < 0.04:  # both sides of a move to savings or a card payment share the day
            return self._plaid(n, day, _TRANSFER, 0 if n % 2 else 1, 25000 if n % 2 else -25000)
        if roll < 0.12:
            unknown = Merchant(
                rng.choice(UNKNOWN).format(n=rng.randint(1000, 9999), m=rng.randint(1, 60)), "", "", 0, 0
            )
            return self._plaid(n, day, unknown, rng.choice(SPENDERS), rng.randint(300, 6000))
        merchant = rng.choice(MERCHANTS)
        named = roll < 0.7  # Plaid names most merchants and categorizes them; the rest FinSync works out
        return self._plaid(
            n, day, merchant, rng.choice(SPENDERS), rng.randint(merchant.low, merchant.high), named=named
        )

    def _plaid(self, n: int, day: date, merchant: Merchant, account: int, cents: int, *, named: bool = True) -> dict:
        """One transaction in Plaid's shape (amount in Plaid's sign: positive = money out)."""
        detailed = merchant.category if named else ""
        return {
            "account_id": self.account_id(account),
            "amount": Decimal(cents).scaleb(-2),
            "iso_currency_code": CURRENCY,
            "unofficial_currency_code": None,
            "date": day.isoformat(),
            "authorized_date": day.isoformat(),
            "name": merchant.descriptor.replace("{ref}", f"{n % 997:03d}X"),
            "merchant_name": merchant.name if named and merchant.name else None,
            "payment_channel": "in store",
            "pending": False,
            "pending_transaction_id": None,
            "personal_finance_category": {
                "primary": primary_of(detailed),
                "detailed": detailed,
                "confidence_level": "HIGH",
            }
            if detailed
            else None,
            "transaction_id": f"bench{self.seed}txn{n:09d}".ljust(37, "x"),
            "transaction_type": "place",
        }


_TRANSFER = Merchant("ONLINE TRANSFER TO SAV XXXXXX1234", "", "TRANSFER_OUT_SAVINGS", 0, 0)


def _page(batch: list[dict], number: int, *, more: bool) -> SyncPage:
    return SyncPage(
        added=[_transaction(txn, "bench") for txn in batch],
        modified=[],
        removed=[],
        next_cursor=str(number),
        has_more=more,
    )
