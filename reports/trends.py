"""The Trends page's figures: a range of months, optionally narrowed to some categories, in one currency.

Everything comes from `reports.analytics` (database aggregates); this module shapes it for the page and gives
every figure the link to the transactions behind it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from accounts.models import User
from budgets.periods import Period
from reports import analytics, charts
from reports.analytics import AccountFlow, MerchantSpending, MonthTotals, Summary, month_end, months_after
from reports.forms import MonthRange
from reports.links import transactions_url
from transactions.models import Category

CENT = Decimal("0.01")
ZERO = Decimal(0)


@dataclass(frozen=True)
class Figure:
    amount: Decimal
    url: str  # the transactions behind it


@dataclass(frozen=True)
class CategoryRow:
    category: Category | None  # a primary; None for uncategorized spending or a total
    label: str
    color: str
    months: list[Figure]
    total: Figure
    average: Decimal  # total / number of months


@dataclass(frozen=True)
class MonthRow:
    totals: MonthTotals
    url: str

    @property
    def month(self) -> date:
        return self.totals.month


@dataclass(frozen=True)
class MerchantRow:
    spending: MerchantSpending
    url: str


@dataclass(frozen=True)
class AccountRow:
    flow: AccountFlow
    url: str


@dataclass(frozen=True)
class Trends:
    currency: str
    months: list[date]  # the 1st of every month in the range, oldest first
    start: date
    end: date  # the range's last day; today when the range reaches it
    previous_start: date
    previous_end: date
    chosen: list[Category]  # empty: all spending
    summary: Summary
    previous: Summary
    month_rows: list[MonthRow]
    category_rows: list[CategoryRow]
    total_row: CategoryRow
    merchants: list[MerchantRow]
    accounts: list[AccountRow]
    history_from: date | None  # the person's first transaction
    chosen_spent: Decimal = ZERO  # in the chosen categories, over the same days as the summary
    chosen_previous: Decimal = ZERO

    @property
    def compared(self) -> bool:
        """Whether the months before are all in the person's history: a comparison with months FinSync knows only
        in part would show growth that is only the history starting ("▲ 1,200% more than before")."""
        return self.history_from is not None and self.history_from <= self.previous_start

    def _change(self, current: Decimal, previous: Decimal) -> Decimal | None:
        return analytics.change_percent(current, previous) if self.compared else None

    @property
    def chosen_change(self) -> Decimal | None:
        return self._change(self.chosen_spent, self.chosen_previous)

    @property
    def chosen_average(self) -> Decimal:
        return (self.chosen_spent / self.month_count).quantize(CENT)

    @property
    def month_count(self) -> int:
        return len(self.months)

    @property
    def average_spending(self) -> Decimal:
        return (self.summary.spending / self.month_count).quantize(CENT)

    @property
    def spending_change(self) -> Decimal | None:
        return self._change(self.summary.spending, self.previous.spending)

    @property
    def income_change(self) -> Decimal | None:
        return self._change(self.summary.income, self.previous.income)

    @property
    def net_change(self) -> Decimal | None:
        return self._change(self.summary.net, self.previous.net)

    @property
    def has_data(self) -> bool:
        return bool(self.accounts) or bool(self.summary.income or self.summary.spending)

    @property
    def month_so_far(self) -> date | None:
        """The range's last month when it is not over yet (today's)."""
        return self.months[-1] if self.end < month_end(self.months[-1]) else None

    @property
    def spending_url(self) -> str:
        return transactions_url(start=self.start, end=self.end, category_id=_single(self.chosen))


def _single(categories: list[Category]) -> int | None:
    return categories[0].pk if len(categories) == 1 else None


def _row(
    category: Category | None, label: str, color: str, values: list[Decimal], urls: list[str], total_url: str
) -> CategoryRow:
    total = sum(values, ZERO)
    return CategoryRow(
        category=category,
        label=label,
        color=color,
        months=[Figure(value, url) for value, url in zip(values, urls, strict=True)],
        total=Figure(total, total_url),
        average=(total / len(values)).quantize(CENT),
    )


def trends_for(*, user: User, months: MonthRange, categories: list[Category], today: date) -> Trends:
    """The Trends page's figures over `months` (and the same number of months before, to compare with)."""
    currency = user.default_currency
    first, last = months.first, months.last
    start, end = first, month_end(last)
    if start <= today < end:
        end = today  # this month so far, compared with as many days of the months before
    previous_start, previous_end = months_after(start, -months.count), months_after(end, -months.count)
    span = {"start": start, "end": end, "currency": currency}

    monthly = analytics.monthly_totals(user=user, first_month=first, last_month=last, currency=currency)
    month_list = [row.month for row in monthly]
    month_urls = [transactions_url(start=month, end=month_end(month)) for month in month_list]

    chosen_spent = chosen_previous = ZERO
    if categories:
        shown = list(categories)
        # The chosen categories over the summary's days and the days compared with (the form offers primaries).
        wanted = {category.pk for category in categories}
        for row in analytics.spending_by_category(
            user=user, period=Period(start, end), previous=Period(previous_start, previous_end), currency=currency
        ):
            if row.category is not None and row.category.pk in wanted:
                chosen_spent += row.spent
                chosen_previous += row.previous
    else:
        ranked = analytics.spending_by_category(
            user=user, period=Period(start, month_end(last)), previous=None, currency=currency
        )
        shown = [row.category for row in ranked if row.category is not None]
    table = analytics.category_spending_by_month(
        user=user, first_month=first, last_month=last, currency=currency, categories=shown
    )
    rows = []
    for category in shown:
        values = [table.at[month, category.pk] for month in month_list]
        urls = [transactions_url(start=month, end=month_end(month), category_id=category.pk) for month in month_list]
        total_url = transactions_url(start=first, end=month_end(last), category_id=category.pk)
        rows.append(_row(category, category.name, category.color, values, urls, total_url))

    if categories:
        column_sums = [sum((row.months[index].amount for row in rows), ZERO) for index in range(len(month_list))]
        total_row = _row(
            None,
            "Chosen categories" if len(rows) > 1 else "Total",
            "",
            column_sums,
            [transactions_url(start=m, end=month_end(m), category_id=_single(shown)) for m in month_list],
            transactions_url(start=first, end=month_end(last), category_id=_single(shown)),
        )
    else:
        spent = [row.spending for row in monthly]
        categorized = [sum((row.months[index].amount for row in rows), ZERO) for index in range(len(month_list))]
        rest = [all_ - part for all_, part in zip(spent, categorized, strict=True)]
        if any(rest):
            rows.append(
                _row(
                    None,
                    "Uncategorized",
                    charts.NEUTRAL_COLOR,
                    rest,
                    [f"{url}&uncategorized=on" for url in month_urls],
                    transactions_url(start=first, end=month_end(last)) + "&uncategorized=on",
                )
            )
        total_row = _row(
            None, "All spending", "", spent, month_urls, transactions_url(start=first, end=month_end(last))
        )

    merchants = analytics.top_merchants(user=user, **span, limit=10, categories=categories or None)
    flows = analytics.account_flows(user=user, **span)
    return Trends(
        currency=currency,
        months=month_list,
        start=start,
        end=end,
        previous_start=previous_start,
        previous_end=previous_end,
        chosen=list(categories),
        summary=analytics.summary(user=user, **span),
        previous=analytics.summary(user=user, start=previous_start, end=previous_end, currency=currency),
        history_from=analytics.history_start(user=user),
        month_rows=[MonthRow(row, url) for row, url in zip(monthly, month_urls, strict=True)],
        category_rows=rows,
        total_row=total_row,
        merchants=[
            MerchantRow(
                row,
                transactions_url(start=start, end=end, text=row.merchant, category_id=_single(categories)),
            )
            for row in merchants
        ],
        chosen_spent=chosen_spent,
        chosen_previous=chosen_previous,
        accounts=[
            AccountRow(flow, transactions_url(start=start, end=end, account_id=flow.account.pk)) for flow in flows
        ],
    )


def trends_chart(data: Trends) -> charts.Chart:
    """Spending per month in each chosen category (their colors), or income beside spending when none is chosen."""
    labels = [month.strftime("%b %Y") for month in data.months]
    if data.chosen:
        series = [
            charts.Series(row.label, row.color, [f.amount for f in row.months], [f.url for f in row.months])
            for row in data.category_rows
        ]
        if len(series) == 1:
            title = f"Spending per month on {series[0].name}"
            return charts.columns(title=title, labels=labels, series=series, currency=data.currency)
        title = "Spending per month in the chosen categories"
        return charts.lines(title=title, labels=labels, series=series, currency=data.currency)
    urls = [row.url for row in data.month_rows]
    series = [
        charts.Series("Income", charts.INCOME_COLOR, [row.totals.income for row in data.month_rows], urls),
        charts.Series("Spending", charts.SPENDING_COLOR, [row.totals.spending for row in data.month_rows], urls),
    ]
    return charts.columns(title="Income and spending per month", labels=labels, series=series, currency=data.currency)
