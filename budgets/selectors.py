"""Reads of budgets, bills and unusual charges; every selector takes the owner so nothing leaks across users."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Sum
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.models import User
from banking.models import BankAccount
from budgets.models import Bill, Budget, UnusualCharge
from budgets.periods import Period
from transactions.models import Category, SplitLine, Transaction
from transactions.selectors import Among, accounts_visible, transactions_visible

# Budgets ---------------------------------------------------------------------------------------------

HISTORY_PERIODS = 12  # past periods shown on a budget's page
PACE_FROM = Decimal("0.25")  # the pace is told once this share of the period has passed
ZERO = Decimal(0)
CENT = Decimal("0.01")
MAX_PERIOD = timedelta(days=31)


@dataclass(frozen=True)
class PeriodStatus:
    """One period of a budget: what was planned, carried in, spent, and what is left."""

    period: Period
    budgeted: Decimal
    rollover: Decimal  # carried in from the period before: left over (+) or overspent (-); 0 without rollover
    spent: Decimal  # outflows minus refunds

    @property
    def available(self) -> Decimal:
        return self.budgeted + self.rollover

    @property
    def remaining(self) -> Decimal:
        return self.available - self.spent

    @property
    def is_over(self) -> bool:
        return self.spent > self.available

    @property
    def percent(self) -> int:
        """Share of the available money spent, in whole percent (0 when nothing is spent)."""
        if self.spent <= 0:
            return 0
        if self.available <= 0:
            return 999
        return int(self.spent * 100 / self.available)


@dataclass(frozen=True)
class BudgetStatus:
    """A budget today: its current period, the pace of spending in it, and the periods before."""

    budget: Budget
    current: PeriodStatus
    history: list[PeriodStatus]  # newest first, the current period not among them
    today: date

    @property
    def days_left(self) -> int:
        """Days left in the period, today included."""
        return (self.current.period.end - self.today).days + 1

    @property
    def pace(self) -> Decimal | None:
        """The spending projected at the period's end from the spending so far; None too early to tell."""
        period = self.current.period
        elapsed = (self.today - period.start).days + 1
        if elapsed < period.days * PACE_FROM or self.current.spent <= 0:
            return None
        return (self.current.spent * period.days / elapsed).quantize(CENT)

    @property
    def on_pace_to_exceed(self) -> bool:
        pace = self.pace
        return pace is not None and not self.current.is_over and pace > self.current.available


def local_today(user: User) -> date:
    """Today where the person lives."""
    return timezone.localdate(timezone.now(), timezone=ZoneInfo(user.timezone))


def budgets_of(*, user: User) -> QuerySet[Budget]:
    return Budget.objects.filter(user=user).prefetch_related(
        Prefetch("categories", queryset=Category.objects.order_by("name"))
    )


def budget_get(*, user: User, budget_id: int) -> Budget:
    """The person's budget; another person's id is a 404."""
    return get_object_or_404(budgets_of(user=user), pk=budget_id)


def budget_statuses(
    *, user: User, budgets: Iterable[Budget] | None = None, today: date | None = None
) -> list[BudgetStatus]:
    """Each budget's current period and history; the spending of all of them in two aggregate queries."""
    budgets = list(budgets_of(user=user) if budgets is None else budgets)
    if not budgets:
        return []
    today = today or local_today(user)
    covered = _covered_categories(user, budgets)
    firsts = {budget.pk: _first_period(budget, today) for budget in budgets}
    daily = _daily_spending(user, budgets, covered, since=min(p.start for p in firsts.values()), until=today)
    return [_status(budget, firsts[budget.pk], daily[budget.pk], today) for budget in budgets]


def budgets_touched(*, user: User, transaction_ids: Iterable[int], today: date) -> list[Budget]:
    """The budgets whose current period holds spending of these transactions (in their categories)."""
    recent = transactions_visible(user=user).filter(
        Among("pk", transaction_ids), date__gte=today - MAX_PERIOD, date__lte=today
    )
    touched = {
        *recent.values_list("category_id", "date"),
        *SplitLine.objects.filter(transaction__in=recent).values_list("category_id", "transaction__date"),
    }
    if not touched:
        return []
    budgets = list(budgets_of(user=user).filter(starts_on__lte=today).select_related("user"))
    covered = _covered_categories(user, budgets)
    return [
        budget
        for budget in budgets
        if any(category in covered[budget.pk] and day in budget.period_containing(today) for category, day in touched)
    ]


def budget_status(*, user: User, budget: Budget, today: date | None = None) -> BudgetStatus:
    return budget_statuses(user=user, budgets=[budget], today=today)[0]


def _first_period(budget: Budget, today: date) -> Period:
    """The oldest period that matters today: the budget's first one with rollover (every period carries into
    the next), otherwise the oldest shown in the history."""
    first = budget.period_containing(budget.starts_on)
    if budget.rollover != Budget.Rollover.NONE:
        return first
    period = budget.period_containing(today)
    for _ in range(HISTORY_PERIODS):
        if period.start <= first.start:
            break
        period = budget.period_containing(period.start - timedelta(days=1))
    return max(period, first, key=lambda p: p.start)


def _status(budget: Budget, first: Period, daily: dict[date, Decimal], today: date) -> BudgetStatus:
    statuses, rollover = [], ZERO
    period = first
    current = budget.period_containing(today)
    days = sorted(daily)
    while period.start <= current.start:
        within = days[bisect_left(days, period.start) : bisect_right(days, period.end)]
        spent = sum((daily[day] for day in within), ZERO)
        status = PeriodStatus(period=period, budgeted=budget.amount, rollover=rollover, spent=spent)
        statuses.append(status)
        rollover = _carried(budget, status)
        period = budget.period_containing(period.end + timedelta(days=1))
    history = statuses[-HISTORY_PERIODS - 1 : -1][::-1]
    return BudgetStatus(budget=budget, current=statuses[-1], history=history, today=today)


def _carried(budget: Budget, status: PeriodStatus) -> Decimal:
    if budget.rollover == Budget.Rollover.SURPLUS:
        return max(status.remaining, ZERO)
    if budget.rollover == Budget.Rollover.BOTH:
        return status.remaining
    return ZERO


def _covered_categories(user: User, budgets: list[Budget]) -> dict[int, set[int]]:
    """Each budget's categories with a primary's children included."""
    children = defaultdict(set)
    for pk, parent_id in Category.objects.filter(user=user, parent__isnull=False).values_list("pk", "parent_id"):
        children[parent_id].add(pk)
    return {budget.pk: {pk for c in budget.categories.all() for pk in (c.pk, *children[c.pk])} for budget in budgets}


def _daily_spending(
    user: User, budgets: list[Budget], covered: dict[int, set[int]], *, since: date, until: date
) -> dict[int, dict[date, Decimal]]:
    """Spending per budget per day: outflows minus refunds of its categories in its currency, split lines
    counted in their own category, transfers and excluded transactions left out."""
    every = set().union(*covered.values())
    counted = transactions_visible(user=user).filter(
        is_transfer=False, is_excluded=False, date__gte=since, date__lte=until
    )
    whole = (
        counted.filter(category_id__in=every)
        # `NOT IN` the person's split transactions: one hashed set, where `NOT EXISTS` probes per transaction.
        .exclude(pk__in=SplitLine.objects.filter(transaction__user=user).values("transaction_id"))
        .values_list("date", "category_id", "currency")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    parts = (
        SplitLine.objects.filter(transaction__in=counted, category_id__in=every)
        .values_list("transaction__date", "category_id", "transaction__currency")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    daily = {budget.pk: defaultdict(Decimal) for budget in budgets}
    counting = defaultdict(list)  # (category, currency) -> the days of the budgets it counts in
    for budget in budgets:
        for category_id in covered[budget.pk]:
            counting[category_id, budget.currency].append(daily[budget.pk])
    for day, category_id, currency, total in [*whole, *parts]:
        if days := counting.get((category_id, currency)):
            spent = total.quantize(CENT)  # SQLite's sums carry spare digits
            for budget_days in days:
                budget_days[day] -= spent
    return daily


def budget_transactions(*, user: User, budget: Budget, period: Period) -> list[tuple[Transaction, Decimal]]:
    """The transactions behind a period's spending, each with the amount it counts (a split: its lines in the
    budget's categories), newest first. Their counted amounts add up to the period's spending."""
    covered = _covered_categories(user, [budget])[budget.pk]
    counted = transactions_visible(user=user).filter(
        is_transfer=False, is_excluded=False, date__gte=period.start, date__lte=period.end, currency=budget.currency
    )
    in_parts = SplitLine.objects.filter(transaction=OuterRef("pk"), category_id__in=covered)
    has_parts = SplitLine.objects.filter(transaction=OuterRef("pk"))
    rows = (
        counted.filter(Exists(in_parts) | (~Exists(has_parts) & Q(category_id__in=covered)))
        .select_related("account", "category", "category__parent")
        .prefetch_related(Prefetch("splits", queryset=SplitLine.objects.filter(category_id__in=covered)))
        .order_by("-date", "-id")
    )
    return [(txn, -_counted_amount(txn)) for txn in rows]


def _counted_amount(txn: Transaction) -> Decimal:
    parts = list(txn.splits.all())
    return sum((line.amount for line in parts), ZERO) if parts else txn.amount


# Unusual charges -------------------------------------------------------------------------------------

FLAGGED_DAYS = 90  # the dashboard lists the flags of this many days' charges
FLAGGED_SHOWN = 5


def unusual_charges_recent(*, user: User) -> list[UnusualCharge]:
    """The flags the person has not dismissed on recent charges they can see, newest first."""
    since = local_today(user) - timedelta(days=FLAGGED_DAYS)
    return list(
        UnusualCharge.objects.filter(
            user=user,
            dismissed_at__isnull=True,
            transaction__in=transactions_visible(user=user),
            transaction__date__gte=since,
        )
        .select_related("transaction__account")
        .order_by("-transaction__date", "-transaction_id", "reason")[:FLAGGED_SHOWN]
    )


def unusual_charge_get(*, user: User, charge_id: int) -> UnusualCharge:
    """One flag on a transaction the person can see; anyone else's is a 404."""
    visible = UnusualCharge.objects.filter(user=user, transaction__in=transactions_visible(user=user))
    return get_object_or_404(visible, pk=charge_id)


# Bills -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BillRow:
    bill: Bill
    late: bool


@dataclass(frozen=True)
class BillsOverview:
    """The bills page: the person's bills by next due date, suggestions to confirm, ignored ones, and the
    payments their cards are due."""

    bills: list[BillRow]
    suggestions: list[Bill]
    ignored: list[Bill]
    cards: list[BankAccount]
    today: date

    @property
    def is_empty(self) -> bool:
        return not (self.bills or self.suggestions or self.ignored or self.cards)


def bills_of(*, user: User) -> QuerySet[Bill]:
    return Bill.objects.filter(user=user).select_related("account")


def bill_get(*, user: User, bill_id: int) -> Bill:
    """The person's bill; another person's id is a 404."""
    return get_object_or_404(bills_of(user=user), pk=bill_id)


def bills_overview(*, user: User, today: date | None = None) -> BillsOverview:
    today = today or local_today(user)
    bills = list(bills_of(user=user))
    return BillsOverview(
        bills=[BillRow(bill, bill.is_late(today)) for bill in bills if bill.status == Bill.Status.CONFIRMED],
        suggestions=[bill for bill in bills if bill.status == Bill.Status.SUGGESTED],
        ignored=sorted((bill for bill in bills if bill.status == Bill.Status.IGNORED), key=lambda b: b.name.lower()),
        cards=list(cards_payment_due(user=user)),
        today=today,
    )


def cards_payment_due(*, user: User) -> QuerySet[BankAccount]:
    """The person's cards (and loans) with a payment due date from their bank, soonest first."""
    return accounts_visible(user=user).filter(payment_due_date__isnull=False).order_by("payment_due_date", "name")
