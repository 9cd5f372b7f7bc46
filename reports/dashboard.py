"""The dashboard's read model: everything the landing page shows, assembled by `dashboard_get` in a fixed
number of queries however many accounts, transactions, budgets, bills or notifications the person has.

Figures are in the person's default currency (no conversion): an account in another currency shows its own
balance but is not added into net worth. Every figure carries the link to the transactions behind it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from accounts.models import Notification, User
from accounts.selectors import notifications_recent
from banking.models import BankAccount, Connection
from banking.selectors import connections_with_accounts
from budgets.models import Bill, UnusualCharge
from budgets.periods import Period
from budgets.selectors import BudgetStatus, bills_overview, budget_statuses, local_today, unusual_charges_recent
from reports import analytics, charts
from reports.analytics import month_before, month_end
from reports.links import transactions_url
from transactions.models import Category, Transaction
from transactions.selectors import transactions_visible

ZERO = Decimal(0)
HISTORY_MONTHS = 13  # net worth and balances at each month end a year back, and today
MONTHS = 12  # income vs spending
CATEGORIES_SHOWN = 8
BILLS_DAYS = 30
BILLS_SHOWN = 6
RECENT_SHOWN = 10
RECENT_DAYS = 31  # older transactions are not recent, however few the person has
ALERTS_SHOWN = 5
ALERTS_LOOKED_AT = 30  # the newest notifications among which the unread ones are picked
# Cash first, then what is owed, then the rest: how a person reads their accounts.
TYPE_ORDER = {
    BankAccount.Type.DEPOSITORY: 0,
    BankAccount.Type.INVESTMENT: 1,
    BankAccount.Type.CREDIT: 2,
    BankAccount.Type.LOAN: 3,
    BankAccount.Type.OTHER: 4,
}
PROBLEMS = {Connection.Status.NEEDS_RELINK, Connection.Status.REVOKED, Connection.Status.ERROR}


# Net worth and accounts ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class AccountRow:
    account: BankAccount
    balance: Decimal | None  # the bank's current balance; cards and loans negative (owed)
    month_change: Decimal | None  # since the end of last month
    history: list[analytics.BalancePoint]  # at each month end, oldest first; empty without a balance
    url: str  # its transactions
    counted: bool  # added into net worth (in the person's currency)

    @property
    def trend(self) -> charts.Chart:
        """Its balance at each month end, small, beside the balance."""
        return charts.sparkline(
            title=f"{self.account.name}, balance at each month end",
            labels=[f"{point.day:%-d %b %Y}" for point in self.history],
            values=[point.balance for point in self.history],
            currency=self.account.currency,
        )


@dataclass(frozen=True)
class AccountGroup:
    """The accounts of one connection (with its health), or the manual accounts (connection None)."""

    name: str
    connection: Connection | None
    accounts: list[AccountRow]

    @property
    def has_problem(self) -> bool:
        return self.connection is not None and _has_problem(self.connection)


@dataclass(frozen=True)
class NetWorth:
    now: Decimal
    history: list[analytics.BalancePoint]  # at each month end, oldest first; the last is today
    currency: str
    other_currencies: list[str]  # of accounts left out of the sum

    @property
    def month_start(self) -> analytics.BalancePoint:
        return self.history[-2]

    @property
    def year_start(self) -> analytics.BalancePoint:
        return self.history[0]

    @property
    def month_change(self) -> Decimal:
        return self.now - self.month_start.balance

    @property
    def year_change(self) -> Decimal:
        return self.now - self.year_start.balance


# Spending ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Spending:
    """This month so far beside the same days of last month, and last month in full."""

    period: Period  # the 1st of this month to today
    spent: Decimal
    same_span: Period  # the same days of last month
    same_span_spent: Decimal
    last_month: Period
    last_month_spent: Decimal
    currency: str

    @property
    def change_percent(self) -> Decimal | None:
        return analytics.change_percent(self.spent, self.same_span_spent)

    @property
    def difference(self) -> Decimal:
        return self.spent - self.same_span_spent

    @property
    def url(self) -> str:
        return transactions_url(start=self.period.start, end=self.period.end)

    @property
    def same_span_url(self) -> str:
        return transactions_url(start=self.same_span.start, end=self.same_span.end)

    @property
    def last_month_url(self) -> str:
        return transactions_url(start=self.last_month.start, end=self.last_month.end)


@dataclass(frozen=True)
class CategoryRow:
    category: Category | None  # None: uncategorized spending
    spent: Decimal
    previous: Decimal  # last month, in full
    url: str  # this month's transactions in the category

    @property
    def name(self) -> str:
        return self.category.name if self.category else "Uncategorized"

    @property
    def color(self) -> str:
        return self.category.color if self.category else UNCATEGORIZED_COLOR


UNCATEGORIZED_COLOR = charts.NEUTRAL_COLOR


@dataclass(frozen=True)
class MonthRow:
    totals: analytics.MonthTotals
    url: str  # the month's transactions

    @property
    def month(self) -> date:
        return self.totals.month


# Bills ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Due:
    """A confirmed bill, or a card's payment, due soon."""

    name: str
    due: date
    amount: Decimal | None  # a card's minimum payment may be unknown
    currency: str
    bill: Bill | None
    card: BankAccount | None
    late: bool


@dataclass(frozen=True)
class Charts:
    """The dashboard's charts (reports.charts), each point, bar and column linked to its transactions."""

    net_worth: charts.Chart
    categories: charts.Chart
    months: charts.Chart


# The dashboard ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Dashboard:
    today: date
    currency: str
    has_accounts: bool  # False: the empty state (link a bank)
    net_worth: NetWorth
    groups: list[AccountGroup]
    problems: list[Connection]  # connections that need the person (relink, revoked, failing)
    spending: Spending
    categories: list[CategoryRow]  # biggest first, CATEGORIES_SHOWN at most
    more_categories: int  # left out of `categories`
    months: list[MonthRow]  # oldest first, MONTHS of them, this month last
    budgets: list[BudgetStatus]
    bills: list[Due]
    bills_more: bool  # more are due in the window than are shown
    flagged: list[UnusualCharge]
    recent: list[Transaction]
    alerts: list[Notification]  # unread, newest first
    charts: Charts

    @property
    def months_total(self) -> analytics.Summary:
        return analytics.Summary(
            income=sum((row.totals.income for row in self.months), ZERO),
            spending=sum((row.totals.spending for row in self.months), ZERO),
            currency=self.currency,
        )

    @property
    def months_url(self) -> str:
        return transactions_url(start=self.months[0].month, end=month_end(self.months[-1].month))


def dashboard_get(*, user: User) -> Dashboard:
    """Everything the dashboard shows for `user`, today in their time zone."""
    today = local_today(user)
    currency = user.default_currency
    connections = connections_with_accounts(user=user)
    histories = analytics.balances_history(user=user, days=analytics.month_ends(today, HISTORY_MONTHS))
    groups = _groups(connections, histories, currency)
    net_worth = _net_worth(histories, currency, today)
    categories = _categories(user, today, currency)
    months = _months(user, today, currency)
    return Dashboard(
        today=today,
        currency=currency,
        has_accounts=bool(connections or histories),
        net_worth=net_worth,
        groups=groups,
        problems=[connection for connection in connections if _has_problem(connection)],
        spending=_spending(user, today, currency, categories),
        categories=categories[:CATEGORIES_SHOWN],
        more_categories=max(len(categories) - CATEGORIES_SHOWN, 0),
        months=months,
        budgets=budget_statuses(user=user, today=today),
        **_bills(user, today),
        flagged=unusual_charges_recent(user=user),
        recent=list(
            transactions_visible(user=user)
            .filter(date__gte=today - timedelta(days=RECENT_DAYS))
            .select_related("account", "category")
            .order_by("-date", "-id")[:RECENT_SHOWN]
        ),
        alerts=[n for n in notifications_recent(user=user, limit=ALERTS_LOOKED_AT) if n.read_at is None][:ALERTS_SHOWN],
        charts=_charts(net_worth, categories[:CATEGORIES_SHOWN], months, currency),
    )


def _charts(net_worth: NetWorth, categories: list[CategoryRow], months: list[MonthRow], currency: str) -> Charts:
    points = net_worth.history
    # A month end's point links to what moved the balances that month (transfers included: they move them too).
    moved = [transactions_url(start=point.day.replace(day=1), end=point.day, transfers="show") for point in points]
    last_month = month_before(points[-1].day)
    return Charts(
        net_worth=charts.lines(
            title=f"Net worth at each month end since {points[0].day:%-d %b %Y}",
            labels=[_month_label(point.day, index) for index, point in enumerate(points[:-1])] + ["Today"],
            series=[charts.Series("Net worth", charts.NET_COLOR, [point.balance for point in points], moved)],
            currency=currency,
        ),
        categories=charts.bars(
            title=f"Spending by category, {points[-1].day:%B} so far",
            bars=[
                charts.Bar(label=row.name, value=row.spent, color=row.color, url=row.url, compare=row.previous)
                for row in categories
            ],
            currency=currency,
            compare_label=f"{last_month:%B} in full",
        ),
        months=charts.columns(
            title="Income and spending per month, the last 12 months",
            labels=[_month_label(row.month, index) for index, row in enumerate(months)],
            series=[
                charts.Series(
                    "Income", charts.INCOME_COLOR, [row.totals.income for row in months], [row.url for row in months]
                ),
                charts.Series(
                    "Spending",
                    charts.SPENDING_COLOR,
                    [row.totals.spending for row in months],
                    [row.url for row in months],
                ),
            ],
            currency=currency,
        ),
    )


def _month_label(day: date, index: int) -> str:
    """ "Mar"; the first and each January with its year ("Jan 26")."""
    return f"{day:%b %y}" if index == 0 or day.month == 1 else f"{day:%b}"


def _has_problem(connection: Connection) -> bool:
    return bool(connection.status in PROBLEMS or connection.consent_expires_at or connection.new_accounts_available)


def _groups(
    connections: list[Connection], histories: list[analytics.AccountBalances], currency: str
) -> list[AccountGroup]:
    """The accounts grouped by connection (in the connections' order), then the manual ones."""
    by_account = {history.account.pk: history for history in histories}

    def row(account: BankAccount) -> AccountRow:
        history = by_account.get(account.pk)
        points = history.points if history else []
        return AccountRow(
            account=account,
            balance=account.current_balance,
            month_change=points[-1].balance - points[-2].balance if len(points) > 1 else None,
            history=points,
            url=transactions_url(account_id=account.pk, transfers="show"),
            counted=account.currency == currency and account.current_balance is not None,
        )

    def ordered(accounts) -> list[BankAccount]:
        return sorted(accounts, key=lambda a: (TYPE_ORDER.get(a.type, 9), a.name.lower(), a.pk))

    groups = [
        AccountGroup(str(c.institution), c, [row(account) for account in ordered(c.visible_accounts)])
        for c in connections
    ]
    manual = [history.account for history in histories if history.account.connection_id is None]
    if manual:
        groups.append(AccountGroup("Accounts you keep by hand", None, [row(account) for account in ordered(manual)]))
    return groups


def _net_worth(histories: list[analytics.AccountBalances], currency: str, today: date) -> NetWorth:
    points = analytics.net_worth(histories, currency) or [
        analytics.BalancePoint(day, ZERO) for day in analytics.month_ends(today, HISTORY_MONTHS)
    ]
    others = sorted({history.account.currency for history in histories} - {currency})
    return NetWorth(now=points[-1].balance, history=points, currency=currency, other_currencies=others)


def _categories(user: User, today: date, currency: str) -> list[CategoryRow]:
    this_month = Period(today.replace(day=1), today)
    last = month_before(today)
    rows = analytics.spending_by_category(
        user=user, period=this_month, previous=Period(last, month_end(last)), currency=currency
    )
    return [
        CategoryRow(
            category=row.category,
            spent=row.spent,
            previous=row.previous,
            url=_category_url(this_month, row.category),
        )
        for row in rows
    ]


def _category_url(period: Period, category: Category | None) -> str:
    if category is None:
        return transactions_url(start=period.start, end=period.end) + "&uncategorized=on"
    return transactions_url(start=period.start, end=period.end, category_id=category.pk)


def _spending(user: User, today: date, currency: str, categories: list[CategoryRow]) -> Spending:
    """This month's figures come from the category breakdown (its rows add up to the spending); the same span
    of last month is its own aggregate."""
    last = month_before(today)
    last_month = Period(last, month_end(last))
    same_span = Period(last, min(last.replace(day=min(today.day, last_month.end.day)), last_month.end))
    before = analytics.summary(user=user, start=same_span.start, end=same_span.end, currency=currency)
    return Spending(
        period=Period(today.replace(day=1), today),
        spent=sum((row.spent for row in categories), ZERO),
        same_span=same_span,
        same_span_spent=before.spending,
        last_month=last_month,
        last_month_spent=sum((row.previous for row in categories), ZERO),
        currency=currency,
    )


def _months(user: User, today: date, currency: str) -> list[MonthRow]:
    last = today.replace(day=1)
    first = last
    for _ in range(MONTHS - 1):
        first = month_before(first)
    totals = analytics.monthly_totals(user=user, first_month=first, last_month=last, currency=currency)
    return [MonthRow(row, transactions_url(start=row.month, end=month_end(row.month))) for row in totals]


def _bills(user: User, today: date) -> dict:
    """Confirmed bills and card payments due in the next BILLS_DAYS days (late ones too), soonest first."""
    overview = bills_overview(user=user, today=today)
    until = today + timedelta(days=BILLS_DAYS)
    due = [
        Due(row.bill.name, row.bill.next_due, row.bill.amount, row.bill.currency, row.bill, None, row.late)
        for row in overview.bills
        if row.bill.next_due <= until
    ] + [
        Due(card.name, card.payment_due_date, card.minimum_payment, card.currency, None, card, False)
        for card in overview.cards
        if today <= card.payment_due_date <= until
    ]
    due.sort(key=lambda item: (item.due, item.name.lower()))
    return {"bills": due[:BILLS_SHOWN], "bills_more": len(due) > BILLS_SHOWN}
