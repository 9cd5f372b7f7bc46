"""Figures over a person's transactions: the database aggregates, pandas shapes the small results.

The same definitions as budgets, so every page agrees: a transaction counts in the currency asked for, unless
it is a transfer between the person's own accounts or left out by them; pending transactions count (their
money is spoken for). Income is money in under the Income categories; spending is everything else that moves,
money out minus refunds, a split counted line by line in each line's category.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pandas as pd
from django.db.models import Exists, OuterRef, Q, QuerySet, Sum

from accounts.models import User
from transactions.models import SplitLine, Transaction
from transactions.selectors import transactions_visible

INCOME = "INCOME"
CENT = Decimal("0.01")
ZERO = Decimal(0)


@dataclass(frozen=True)
class Summary:
    income: Decimal
    spending: Decimal  # money out minus refunds, positive when money left
    currency: str

    @property
    def net(self) -> Decimal:
        return self.income - self.spending

    @property
    def savings_rate(self) -> Decimal | None:
        """The share of income not spent, in percent; None without income."""
        if self.income <= 0:
            return None
        return (self.net * 100 / self.income).quantize(Decimal("0.1"))


def _counted(user: User, start: date, end: date, currency: str) -> QuerySet[Transaction]:
    return transactions_visible(user=user).filter(
        is_transfer=False, is_excluded=False, date__gte=start, date__lte=end, currency=currency
    )


def _is_income(prefix: str = "") -> Q:
    return Q(**{f"{prefix}category__code": INCOME}) | Q(**{f"{prefix}category__parent__code": INCOME})


def category_totals(*, user: User, start: date, end: date, currency: str) -> pd.DataFrame:
    """One row per category with money in it: `category_id`, `amount` (FinSync's sign: negative = out),
    whole transactions and split lines together, in two aggregate queries."""
    counted = _counted(user, start, end, currency)
    whole = (
        counted.exclude(Exists(SplitLine.objects.filter(transaction=OuterRef("pk"))))
        .values_list("category_id")
        .annotate(amount=Sum("amount"))
        .order_by()
    )
    parts = (
        SplitLine.objects.filter(transaction__in=counted)
        .values_list("category_id")
        .annotate(amount=Sum("amount"))
        .order_by()
    )
    frame = pd.DataFrame([*whole, *parts], columns=["category_id", "amount"])
    if frame.empty:
        return frame
    frame["amount"] = frame["amount"].map(lambda value: Decimal(value).quantize(CENT))
    return frame.groupby("category_id", as_index=False, dropna=False)["amount"].sum()


def summary(*, user: User, start: date, end: date, currency: str) -> Summary:
    """Income, spending, net and savings rate of a period (both days included)."""
    counted = _counted(user, start, end, currency)
    unsplit = counted.exclude(Exists(SplitLine.objects.filter(transaction=OuterRef("pk"))))
    lines = SplitLine.objects.filter(transaction__in=counted)
    income = _sum(unsplit.filter(_is_income())) + _sum(lines.filter(_is_income()))
    other = _sum(unsplit.exclude(_is_income())) + _sum(lines.exclude(_is_income()))
    return Summary(income=income, spending=-other, currency=currency)


def _sum(query) -> Decimal:
    total = query.order_by().aggregate(total=Sum("amount"))["total"]
    return ZERO if total is None else Decimal(total).quantize(CENT)
