"""Figures over a person's transactions: the database aggregates, pandas shapes the small results.

The same definitions as budgets, so every page agrees: a transaction counts in the currency asked for, unless
it is a transfer between the person's own accounts or left out by them; pending transactions count (their
money is spoken for). Income is money in under the Income categories; spending is everything else that moves,
money out minus refunds, a split counted line by line in each line's category.

Every figure comes from one grouping (`_flows`): two aggregate queries, one over whole transactions and one
over split lines, grouped by what the figure is about (month, category, merchant, account). Their results are
small (a row per group), so pandas adds them up, however many transactions there are.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import pandas as pd
from django.db.models import Count, F, Min, QuerySet, Sum, Value
from django.db.models.functions import Coalesce, NullIf, TruncMonth

from accounts.models import User
from banking.models import BalanceSnapshot, BankAccount
from budgets.periods import Period
from transactions.models import Category, SplitLine, Transaction
from transactions.selectors import accounts_visible, transactions_visible

INCOME = "INCOME"
CENT = Decimal("0.01")
ZERO = Decimal(0)


# The grouping every figure is made of ------------------------------------------------------------------


def _counted(user: User, start: date, end: date, currency: str) -> QuerySet[Transaction]:
    return transactions_visible(user=user).filter(
        is_transfer=False, is_excluded=False, date__gte=start, date__lte=end, currency=currency
    )


def _merchant(prefix: str = ""):
    """The merchant as the Transactions page shows it: the cleaned name, else the bank's descriptor."""
    return Coalesce(NullIf(F(f"{prefix}merchant"), Value("")), F(f"{prefix}description"))


# What a figure can be grouped by (named apart from the model's fields): the expression over a whole
# transaction, and over a split line.
_KEYS = {
    "by_month": (lambda: TruncMonth("date"), lambda: TruncMonth("transaction__date")),
    "by_merchant": (_merchant, lambda: _merchant("transaction__")),
    "by_account": (lambda: F("account_id"), lambda: F("transaction__account_id")),
}
_CATEGORY = ["category_id", "category__parent_id", "category__code", "category__parent__code"]


def _flows(user: User, start: date, end: date, currency: str, *keys: str) -> pd.DataFrame:
    """Money counted between `start` and `end` (both included), summed per `keys` and category.

    Columns: the keys, `primary_id` (the category's primary; NaN when uncategorized), `income` (bool), `amount`
    (Decimal, FinSync's sign) and `count` (transactions; a split counts in each of its lines' categories).
    """
    counted = _counted(user, start, end, currency)
    whole = counted.exclude(pk__in=_split_transaction_ids(user))
    lines = SplitLine.objects.filter(transaction__in=counted)
    groups = list(keys)
    rows = [
        *whole.annotate(**{key: _KEYS[key][0]() for key in groups})
        .values(*groups, *_CATEGORY)
        .annotate(amount=Sum("amount"), count=Count("pk"))
        .order_by(),
        *lines.annotate(**{key: _KEYS[key][1]() for key in groups})
        .values(*groups, *_CATEGORY)
        .annotate(amount=Sum("amount"), count=Count("transaction_id", distinct=True))
        .order_by(),
    ]
    frame = pd.DataFrame(rows, columns=[*groups, *_CATEGORY, "amount", "count"])
    frame["amount"] = frame["amount"].map(lambda value: Decimal(value).quantize(CENT))
    frame["primary_id"] = frame["category__parent_id"].fillna(frame["category_id"])
    frame["income"] = (frame["category__code"] == INCOME) | (frame["category__parent__code"] == INCOME)
    return frame.drop(columns=_CATEGORY[1:])


def _split_transaction_ids(user: User) -> QuerySet[SplitLine]:
    """The ids of the person's split transactions, as a subquery: `pk NOT IN` it is planned as one hashed set of
    their (few) split transactions, where `NOT EXISTS` probes the split lines once per transaction counted."""
    return SplitLine.objects.filter(transaction__user=user).values("transaction_id")


def _total(amounts: pd.Series) -> Decimal:
    return sum(amounts, ZERO)


# A period's summary ------------------------------------------------------------------------------------


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
        return savings_rate(self.income, self.spending)


def savings_rate(income: Decimal, spending: Decimal) -> Decimal | None:
    if income <= 0:
        return None
    return ((income - spending) * 100 / income).quantize(Decimal("0.1"))


def change_percent(current: Decimal, previous: Decimal) -> Decimal | None:
    """How much `current` differs from `previous`, in percent of it; None when there was nothing before."""
    if previous == 0:
        return None
    return ((current - previous) * 100 / abs(previous)).quantize(Decimal("0.1"))


def _summary_of(frame: pd.DataFrame, currency: str) -> Summary:
    income = _total(frame.loc[frame["income"], "amount"])
    spending = -_total(frame.loc[~frame["income"], "amount"])
    return Summary(income=income, spending=spending, currency=currency)


def history_start(*, user: User) -> date | None:
    """The day the person's transactions begin: before it, figures are not zero but unknown."""
    return transactions_visible(user=user).aggregate(first=Min("date"))["first"]


def summary(*, user: User, start: date, end: date, currency: str) -> Summary:
    """Income, spending, net and savings rate of a period (both days included)."""
    return _summary_of(_flows(user, start, end, currency), currency)


# Categories --------------------------------------------------------------------------------------------


def category_totals(*, user: User, start: date, end: date, currency: str) -> pd.DataFrame:
    """One row per category with money in it: `category_id`, `amount` (FinSync's sign: negative = out)."""
    frame = _flows(user, start, end, currency)
    return frame.groupby("category_id", as_index=False, dropna=False)["amount"].agg(_total)


@dataclass(frozen=True)
class CategorySpending:
    category: Category | None  # a primary, its children rolled in; None for uncategorized spending
    spent: Decimal
    previous: Decimal  # over the period compared with; 0 without one


def _spent_by_primary(frame: pd.DataFrame) -> dict[int | None, Decimal]:
    spending = frame.loc[~frame["income"]]
    totals = spending.groupby("primary_id", dropna=False)["amount"].agg(_total)
    return {(None if pd.isna(key) else int(key)): -value for key, value in totals.items()}


def spending_by_category(
    *, user: User, period: Period, previous: Period | None, currency: str
) -> list[CategorySpending]:
    """Spending per primary category in `period` beside `previous`, biggest first; Income left out."""
    if previous and _month_after_month(previous, period):  # the dashboard's: one grouping by month for both
        frame = _flows(user, previous.start, period.end, currency, "by_month")
        mine = frame["by_month"] == period.start.replace(day=1)
        now, before = _spent_by_primary(frame.loc[mine]), _spent_by_primary(frame.loc[~mine])
    else:
        now = _spent_by_primary(_flows(user, period.start, period.end, currency))
        before = _spent_by_primary(_flows(user, previous.start, previous.end, currency)) if previous else {}
    ids = [key for key in {*now, *before} if now.get(key, ZERO) or before.get(key, ZERO)]
    categories = Category.objects.in_bulk([key for key in ids if key is not None])
    rows = [CategorySpending(categories.get(key), now.get(key, ZERO), before.get(key, ZERO)) for key in ids]
    return sorted(rows, key=lambda row: (-row.spent, -row.previous, row.category.name if row.category else "~"))


def _month_after_month(first: Period, second: Period) -> bool:
    """Each period within one month, the second starting the day after the first ends."""
    return (
        first.end + timedelta(days=1) == second.start
        and first.start.replace(day=1) == first.end.replace(day=1)
        and second.start.replace(day=1) == second.end.replace(day=1)
    )


def _with_children(categories: list[Category]) -> dict[int, set[int]]:
    """Each chosen category's id mapped to the ids it covers: itself and, for a primary, its children."""
    covered = {category.pk: {category.pk} for category in categories}
    primaries = [category.pk for category in categories if category.parent_id is None]
    for child_id, parent_id in Category.objects.filter(parent_id__in=primaries).values_list("pk", "parent_id"):
        covered[parent_id].add(child_id)
    return covered


# Months ------------------------------------------------------------------------------------------------


def _months(first_month: date, last_month: date) -> list[date]:
    months, day = [], first_month.replace(day=1)
    while day <= last_month:
        months.append(day)
        day = (day + timedelta(days=32)).replace(day=1)
    return months


def month_end(day: date) -> date:
    """The last day of `day`'s month."""
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def month_before(day: date) -> date:
    """The 1st of the month before `day`'s."""
    return months_after(day.replace(day=1), -1)


def months_after(day: date, months: int) -> date:
    """The same day `months` months later (earlier when negative): a month's last day stays the last day, and a
    day the month has not got falls on its last (31 March, one month on, is 30 April)."""
    index = day.year * 12 + day.month - 1 + months
    first = date(index // 12, index % 12 + 1, 1)
    if day == month_end(day):
        return month_end(first)
    return first.replace(day=min(day.day, month_end(first).day))


def month_ends(last: date, count: int) -> list[date]:
    """The ends of the `count` months up to `last`, oldest first; the last one is `last` itself (today)."""
    first = (last.replace(day=1) - timedelta(days=28 * (count - 1))).replace(day=1)
    while len(_months(first, last)) > count:
        first = (first + timedelta(days=32)).replace(day=1)
    return [*(month_end(month) for month in _months(first, last)[:-1]), last]


@dataclass(frozen=True)
class MonthTotals:
    month: date  # the 1st
    income: Decimal
    spending: Decimal

    @property
    def net(self) -> Decimal:
        return self.income - self.spending

    @property
    def savings_rate(self) -> Decimal | None:
        return savings_rate(self.income, self.spending)


def monthly_totals(*, user: User, first_month: date, last_month: date, currency: str) -> list[MonthTotals]:
    """Income and spending of every month from `first_month` to `last_month`, oldest first, empty ones too."""
    months = _months(first_month, last_month)
    frame = _flows(user, months[0], month_end(months[-1]), currency, "by_month")
    totals = {month: _summary_of(group, currency) for month, group in frame.groupby("by_month")}
    empty = Summary(ZERO, ZERO, currency)
    return [MonthTotals(month, totals.get(month, empty).income, totals.get(month, empty).spending) for month in months]


def category_spending_by_month(
    *, user: User, first_month: date, last_month: date, currency: str, categories: list[Category]
) -> pd.DataFrame:
    """Spending per month (index: each month's 1st) and chosen category (columns: ids; a primary includes its
    children), 0 where there was none."""
    months = _months(first_month, last_month)
    frame = _flows(user, months[0], month_end(months[-1]), currency, "by_month")
    frame = frame.loc[~frame["income"]]
    month = frame["by_month"]
    table = pd.DataFrame(index=months)
    for column, covered in _with_children(categories).items():
        mine = frame["category_id"].isin(list(covered))
        spent = (-frame.loc[mine, "amount"]).groupby(month[mine]).agg(_total)
        table[column] = [spent.get(day, ZERO) for day in months]
    return table


# Merchants, accounts, the biggest transactions ----------------------------------------------------------


@dataclass(frozen=True)
class MerchantSpending:
    merchant: str
    spent: Decimal
    count: int  # transactions


def top_merchants(
    *,
    user: User,
    start: date,
    end: date,
    currency: str,
    limit: int = 10,
    categories: list[Category] | None = None,
) -> list[MerchantSpending]:
    """The merchants the most money went to (refunds taken off), biggest first."""
    frame = _flows(user, start, end, currency, "by_merchant")
    frame = frame.loc[~frame["income"]]
    if categories:
        covered = set().union(*_with_children(categories).values())
        frame = frame.loc[frame["category_id"].isin(list(covered))]
    totals = frame.groupby("by_merchant").agg(amount=("amount", _total), count=("count", "sum"))
    rows = [MerchantSpending(name, -row.amount, int(row["count"])) for name, row in totals.iterrows()]
    spent = [row for row in rows if row.spent > 0]
    return sorted(spent, key=lambda row: (-row.spent, row.merchant))[:limit]


@dataclass(frozen=True)
class AccountFlow:
    account: BankAccount
    money_in: Decimal  # income, as in the summary
    money_out: Decimal  # spending, as in the summary: positive when money left


def account_flows(*, user: User, start: date, end: date, currency: str) -> list[AccountFlow]:
    """Each account's part of the period's income and spending, in the accounts' order."""
    frame = _flows(user, start, end, currency, "by_account")
    flows = []
    for account in accounts_visible(user=user).filter(pk__in=frame["by_account"].unique().tolist()):
        part = _summary_of(frame.loc[frame["by_account"] == account.pk], currency)
        flows.append(AccountFlow(account, part.income, part.spending))
    return flows


def largest_transactions(*, user: User, start: date, end: date, currency: str, limit: int = 10) -> list[Transaction]:
    """The period's biggest counted payments (money out), biggest first."""
    return list(
        _counted(user, start, end, currency)
        .filter(amount__lt=0)
        .select_related("category", "account")
        .order_by("amount", "-date", "pk")[:limit]
    )


# Balances ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BalancePoint:
    day: date
    balance: Decimal


@dataclass(frozen=True)
class AccountBalances:
    account: BankAccount
    points: list[BalancePoint]  # oldest first


def balances_history(*, user: User, days: list[date]) -> list[AccountBalances]:
    """Each visible account's balance at the end of each of `days` (cards and loans negative: owed).

    A day's balance is the bank's: the balance a sync recorded on or after that day (or today's), less the
    posted transactions between. So days before the account was linked are worked back from its history.
    """
    accounts = [account for account in accounts_visible(user=user) if account.current_balance is not None]
    first = min(days)
    snapshots = defaultdict(list)
    for account_id, day, balance in (
        BalanceSnapshot.objects.filter(account__in=accounts, date__gte=first)
        .order_by("date")
        .values_list("account_id", "date", "balance")
    ):
        snapshots[account_id].append((day, balance))
    moved = defaultdict(list)  # account -> [(day, amount posted that day)]
    for account_id, day, amount in (
        Transaction.objects.filter(account__in=accounts, deleted_at__isnull=True, pending=False, date__gt=first)
        .values_list("account_id", "date")
        .annotate(amount=Sum("amount"))
        .order_by("date")
    ):
        moved[account_id].append((day, amount))
    return [
        AccountBalances(account, [_balance_at(account, day, snapshots[account.pk], moved[account.pk]) for day in days])
        for account in accounts
    ]


def _balance_at(account: BankAccount, day: date, snapshots: list, moved: list) -> BalancePoint:
    later = [snapshot for snapshot in snapshots if snapshot[0] >= day]
    anchor_day, anchor = later[0] if later else (None, account.current_balance)
    since = (
        amount for moved_day, amount in moved if day < moved_day and (anchor_day is None or moved_day <= anchor_day)
    )
    return BalancePoint(day, (anchor - sum(since, ZERO)).quantize(CENT))


def net_worth(histories: list[AccountBalances], currency: str) -> list[BalancePoint]:
    """What the person has less what they owe at each day of `balances_history`, over the accounts in `currency`."""
    counted = [history for history in histories if history.account.currency == currency]
    days = [point.day for point in histories[0].points] if histories else []
    return [
        BalancePoint(day, sum((history.points[index].balance for history in counted), ZERO))
        for index, day in enumerate(days)
    ]
