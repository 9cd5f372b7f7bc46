"""A report's content and its rendering: the HTML page and the PDF (WeasyPrint) from one template.

`report_content` reads everything a report shows for one person, kind and period (a handful of aggregate
queries through `reports.analytics`, two for the appendix). `report_html` renders that content twice from
`reports/_report_body.html`: for the screen (charts with values on hover, figures linking to their transactions)
and for paper (charts with their values written on them, the appendix as a statement of fixed-width lines), the
paper one wrapped in `reports/report_pdf.html`; `pdf_from_html` prints it with WeasyPrint and
`static/css/report-print.css`. `report_render` does all three.
"""

from __future__ import annotations

import gc
import re
import textwrap
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.staticfiles import finders
from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.utils import timezone

from accounts.models import User
from budgets.models import Bill, Budget, UnusualCharge
from budgets.periods import Period
from budgets.selectors import BudgetStatus, budget_statuses, budgets_of, local_today
from reports import analytics, charts
from reports.analytics import month_end
from reports.links import transactions_url
from reports.models import Report
from reports.periods import period_before, period_name
from transactions.models import Category, SplitLine, Transaction
from transactions.selectors import accounts_visible, transactions_visible

ZERO = Decimal(0)
HISTORY = 6  # periods in the income-and-spending chart, this one included
TOP = 8  # merchants and largest transactions listed
BILLS_AHEAD = timedelta(days=30)
PRINT_CSS = "css/report-print.css"
PRINT_GC_THRESHOLD = 10_000  # new objects between two young collections while printing
_INDENT = re.compile(r">\s*\n\s*<")


# Content ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class KeyFigure:
    """One of the four figures in the summary band, with how it moved since the period before."""

    label: str
    amount: Decimal | None  # money; None for the savings rate
    percent: Decimal | None  # the savings rate; None for money
    previous: Decimal | None
    change: Decimal | None  # in `unit`
    good_when_up: bool
    url: str
    unit: str = "%"  # "%" of the figure before; "pts" (percentage points); or a currency: the difference

    @property
    def is_good(self) -> bool | None:
        if not self.change:
            return None
        return (self.change > 0) == self.good_when_up


@dataclass(frozen=True)
class CategoryRow:
    category: Category | None
    spent: Decimal
    previous: Decimal
    budgeted: Decimal | None  # a budget of exactly this category over the same kind of period, else None
    url: str

    @property
    def name(self) -> str:
        return self.category.name if self.category else "Uncategorized"

    @property
    def color(self) -> str:
        return self.category.color if self.category else "#8a94a0"

    @property
    def change(self) -> Decimal | None:
        return analytics.change_percent(self.spent, self.previous)

    @property
    def difference(self) -> Decimal:
        return self.spent - self.previous

    @property
    def left(self) -> Decimal | None:
        return None if self.budgeted is None else self.budgeted - self.spent


@dataclass(frozen=True)
class PeriodTotals:
    period: Period
    label: str  # short: "Oct" or "3 Nov"
    income: Decimal
    spending: Decimal

    @property
    def net(self) -> Decimal:
        return self.income - self.spending


@dataclass(frozen=True)
class BalanceRow:
    account: object  # BankAccount
    start: Decimal  # at the end of the day before the period
    end: Decimal

    @property
    def change(self) -> Decimal:
        return self.end - self.start


@dataclass(frozen=True)
class DueItem:
    """A bill or a card payment due soon after the report."""

    name: str
    detail: str
    due: date
    amount: Decimal | None
    currency: str
    late: bool


@dataclass(frozen=True)
class AppendixRow:
    txn: Transaction
    lines: list[SplitLine]


@dataclass(frozen=True)
class LeftOut:
    """What the figures do not count, said under the appendix so its total can be checked."""

    transfers: int
    excluded: int
    other_currency: int


@dataclass(frozen=True)
class ReportContent:
    user: User
    kind: str
    period: Period
    previous: Period
    currency: str
    made_on: date
    summary: analytics.Summary
    previous_summary: analytics.Summary
    figures: list[KeyFigure]
    history: list[PeriodTotals]  # oldest first, this period last
    categories: list[CategoryRow]
    merchants: list[analytics.MerchantSpending]
    largest: list[Transaction]
    unusual: list[UnusualCharge]
    budgets: list[BudgetStatus]
    budgets_later: bool  # some of the person's budgets count only from after the period
    due: list[DueItem]
    due_from: date
    balances: list[BalanceRow]
    net_worth: tuple[Decimal, Decimal]  # at the start and the end, over the accounts in the report's currency
    appendix: list[AppendixRow]
    left_out: LeftOut
    all_url: str

    @property
    def name(self) -> str:
        return period_name(self.kind, self.period)

    @property
    def kind_label(self) -> str:
        return Report.Kind(self.kind).label

    @property
    def title(self) -> str:
        return f"{self.kind_label} report"

    @property
    def previous_label(self) -> str:
        return "the week before" if self.kind == Report.Kind.WEEKLY else f"{self.previous.start:%B}"

    @property
    def categories_spent(self) -> Decimal:
        return sum((row.spent for row in self.categories), ZERO)

    @property
    def categories_previous(self) -> Decimal:
        return sum((row.previous for row in self.categories), ZERO)

    @property
    def appendix_in(self) -> Decimal:
        return sum((row.txn.amount for row in self.appendix if row.txn.amount > 0), ZERO)

    @property
    def appendix_out(self) -> Decimal:
        return sum((row.txn.amount for row in self.appendix if row.txn.amount < 0), ZERO)

    @property
    def net_worth_change(self) -> Decimal:
        return self.net_worth[1] - self.net_worth[0]

    @property
    def has_other_currency_accounts(self) -> bool:
        return any(row.account.currency != self.currency for row in self.balances)


def report_content(*, user: User, kind: str, period: Period, made_on: date | None = None) -> ReportContent:
    """Everything a report shows, read once: figures in the person's own currency, as documented in analytics."""
    currency = user.default_currency
    previous = period_before(kind, period)
    made_on = made_on or local_today(user)
    history = _history(user, kind, period, currency)
    now, before = history[-1], history[-2]
    current = analytics.Summary(now.income, now.spending, currency)
    earlier = analytics.Summary(before.income, before.spending, currency)
    span = {"start": period.start, "end": period.end}
    balances = _balances(user, previous.end, period.end)
    in_currency = [row for row in balances if row.account.currency == currency]
    due, due_from = _due(user, max(period.end + timedelta(days=1), made_on))
    return ReportContent(
        user=user,
        kind=kind,
        period=period,
        previous=previous,
        currency=currency,
        made_on=made_on,
        summary=current,
        previous_summary=earlier,
        figures=_figures(current, earlier, period),
        history=history,
        categories=_categories(user, kind, period, previous, currency),
        merchants=analytics.top_merchants(user=user, currency=currency, limit=TOP, **span),
        largest=analytics.largest_transactions(user=user, currency=currency, limit=TOP, **span),
        unusual=_unusual(user, period),
        budgets=_budgets(user, period),
        budgets_later=budgets_of(user=user).filter(starts_on__gt=period.end).exists(),
        due=due,
        due_from=due_from,
        balances=balances,
        net_worth=(sum((r.start for r in in_currency), ZERO), sum((r.end for r in in_currency), ZERO)),
        appendix=_appendix(user, period, currency),
        left_out=_left_out(user, period, currency),
        all_url=transactions_url(**span),
    )


def _history(user: User, kind: str, period: Period, currency: str) -> list[PeriodTotals]:
    """Income and spending of this period and the ones before it, oldest first."""
    if kind == Report.Kind.MONTHLY:
        first = period.start
        for _ in range(HISTORY - 1):
            first = period_before(kind, Period(first, first)).start
        months = analytics.monthly_totals(user=user, first_month=first, last_month=period.start, currency=currency)
        return [
            PeriodTotals(Period(m.month, month_end(m.month)), f"{m.month:%b}", m.income, m.spending) for m in months
        ]
    periods = [period]
    for _ in range(HISTORY - 1):
        periods.insert(0, period_before(kind, periods[0]))
    rows = []
    for each in periods:
        totals = analytics.summary(user=user, start=each.start, end=each.end, currency=currency)
        rows.append(PeriodTotals(each, f"{each.start.day} {each.start:%b}", totals.income, totals.spending))
    return rows


def _figures(current: analytics.Summary, earlier: analytics.Summary, period: Period) -> list[KeyFigure]:
    span = {"start": period.start, "end": period.end}
    rate, rate_before = current.savings_rate, earlier.savings_rate
    return [
        KeyFigure(
            "Income",
            current.income,
            None,
            earlier.income,
            analytics.change_percent(current.income, earlier.income),
            True,
            transactions_url(**span),
        ),
        KeyFigure(
            "Spending",
            current.spending,
            None,
            earlier.spending,
            analytics.change_percent(current.spending, earlier.spending),
            False,
            transactions_url(**span),
        ),
        KeyFigure(
            "Net",
            current.net,
            None,
            earlier.net,
            current.net - earlier.net,  # a percent of a net that changed sign says nothing: the difference does
            True,
            transactions_url(**span),
            current.currency,
        ),
        KeyFigure(
            "Savings rate",
            None,
            rate,
            rate_before,
            None if rate is None or rate_before is None else rate - rate_before,
            True,
            transactions_url(**span),
            "pts",
        ),
    ]


def _categories(user: User, kind: str, period: Period, previous: Period, currency: str) -> list[CategoryRow]:
    rows = analytics.spending_by_category(user=user, period=period, previous=previous, currency=currency)
    budgeted = _budget_amounts(user, kind, currency)
    return [
        CategoryRow(
            category=row.category,
            spent=row.spent,
            previous=row.previous,
            budgeted=budgeted.get(row.category.pk) if row.category else None,
            url=transactions_url(
                start=period.start, end=period.end, category_id=row.category.pk if row.category else None
            ),
        )
        for row in rows
    ]


def _budget_amounts(user: User, kind: str, currency: str) -> dict[int, Decimal]:
    """Budgets that cover exactly one category over the same span as the report (a calendar month, or a week
    from Monday), in the report's currency: that category's budgeted amount."""
    same_span = (
        Q(period=Budget.Period.MONTHLY, month_start_day=1)
        if kind == Report.Kind.MONTHLY
        else Q(period=Budget.Period.WEEKLY, week_start_day=0)
    )
    amounts: dict[int, Decimal] = {}
    for budget in budgets_of(user=user).filter(same_span, currency=currency):
        categories = list(budget.categories.all())
        if len(categories) == 1:
            amounts[categories[0].pk] = amounts.get(categories[0].pk, ZERO) + budget.amount
    return amounts


def _budgets(user: User, period: Period) -> list[BudgetStatus]:
    """Each budget as it stood at the period's last day (its own period holding that day)."""
    budgets = list(budgets_of(user=user).filter(starts_on__lte=period.end))
    return budget_statuses(user=user, budgets=budgets, today=period.end)


def _unusual(user: User, period: Period) -> list[UnusualCharge]:
    return list(
        UnusualCharge.objects.filter(
            user=user,
            dismissed_at__isnull=True,
            transaction__in=transactions_visible(user=user),
            transaction__date__gte=period.start,
            transaction__date__lte=period.end,
        )
        .select_related("transaction__account", "transaction__category")
        .order_by("transaction__date", "transaction_id", "reason")
    )


def _due(user: User, start: date) -> tuple[list[DueItem], date]:
    """Confirmed bills and card payments due in the 30 days from `start` (late bills too)."""
    end = start + BILLS_AHEAD
    items = [
        DueItem(
            bill.name,
            f"{bill.get_cadence_display()}" + (f" · {bill.account.name}" if bill.account else ""),
            bill.next_due,
            bill.amount,
            bill.currency,
            bill.is_late(start),
        )
        for bill in Bill.objects.filter(user=user, status=Bill.Status.CONFIRMED, next_due__lte=end).select_related(
            "account"
        )
    ]
    for card in accounts_visible(user=user).filter(payment_due_date__gte=start, payment_due_date__lte=end):
        items.append(
            DueItem(
                f"{card.name} payment",
                "Minimum payment" if card.minimum_payment is not None else "Card payment",
                card.payment_due_date,
                card.minimum_payment,
                card.currency,
                False,
            )
        )
    return sorted(items, key=lambda item: (item.due, item.name.lower())), start


def _balances(user: User, start: date, end: date) -> list[BalanceRow]:
    """Each account's balance at the end of the day before the period and at the end of its last day."""
    histories = analytics.balances_history(user=user, days=[start, end])
    return [BalanceRow(h.account, h.points[0].balance, h.points[1].balance) for h in histories]


def _appendix(user: User, period: Period, currency: str) -> list[AppendixRow]:
    """Every transaction the figures count, in date order; a split with its lines."""
    counted = transactions_visible(user=user).filter(
        is_transfer=False, is_excluded=False, currency=currency, date__gte=period.start, date__lte=period.end
    )
    # The lines through a subquery rather than prefetched: a prefetch sends every transaction's id (3,000 in a
    # busy month) to ask for the few that are split.
    lines: dict[int, list[SplitLine]] = {}
    for line in SplitLine.objects.filter(transaction__in=counted.values("pk")).select_related("category"):
        lines.setdefault(line.transaction_id, []).append(line)
    rows = counted.select_related("account", "category").order_by("date", "pk")
    return [AppendixRow(txn, lines.get(txn.pk, [])) for txn in rows]


def _left_out(user: User, period: Period, currency: str) -> LeftOut:
    counts = (
        transactions_visible(user=user)
        .filter(date__gte=period.start, date__lte=period.end)
        .aggregate(
            transfers=Count("pk", filter=Q(is_transfer=True)),
            excluded=Count("pk", filter=Q(is_transfer=False, is_excluded=True)),
            other_currency=Count("pk", filter=Q(is_transfer=False, is_excluded=False) & ~Q(currency=currency)),
        )
    )
    return LeftOut(**counts)


# Rendering --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RenderedReport:
    currency: str
    html: str  # the report's body, shown inside the site's layout on the report's page
    pdf: bytes


def report_render(*, user: User, kind: str, period: Period) -> RenderedReport:
    """The report's page body and its PDF, from the same content."""
    content = report_content(user=user, kind=kind, period=period)
    screen, paper = report_html(content, generated=timezone.now())
    return RenderedReport(currency=content.currency, html=screen, pdf=pdf_from_html(paper))


def report_html(content: ReportContent, *, generated: datetime) -> tuple[str, str]:
    """The report's page body (for the screen) and its whole document on paper (for `pdf_from_html`)."""
    generated = timezone.localtime(generated, timezone=_zone(content.user))
    screen = render_to_string("reports/_report_body.html", _context(content, on_paper=False, generated=generated))
    paper_body = render_to_string("reports/_report_body.html", _context(content, on_paper=True, generated=generated))
    paper = render_to_string(
        "reports/report_pdf.html", {"content": content, "body": paper_body, "generated": generated}
    )
    return screen, _between_lines(paper)


def _between_lines(html: str) -> str:
    """The markup without the templates' indentation between tags (a line break and spaces between two tags is
    never text that shows): a third less to parse when the PDF is printed."""
    return _INDENT.sub("><", html)


def _zone(user: User) -> ZoneInfo:
    return ZoneInfo(user.timezone)


def _context(content: ReportContent, *, on_paper: bool, generated) -> dict:
    return {
        "content": content,
        "on_paper": on_paper,
        "charts": report_charts(content, on_paper=on_paper),
        "statement": report_statement(content) if on_paper else None,
        "generated": generated,
    }


# The appendix on paper ---------------------------------------------------------------------------------
#
# Laid out as a ledger: lines of fixed-width text (the print stylesheet sets a monospace font), their columns made
# with spaces, five transactions to a table cell with a rule under each five. WeasyPrint's time grows with the
# number of elements, not with the text in them: a month of transactions as five cells each took most of a
# report's time; this takes a sixth of that. Long texts wrap within their column, so nothing is cut off.

STATEMENT_WIDTH = 110  # characters on a line: 175 mm of the page's 178 at the stylesheet's 7.5 pt
STATEMENT_GAP = "  "
STATEMENT_DATE, STATEMENT_CATEGORY, STATEMENT_ACCOUNT = 6, 24, 18
STATEMENT_GROUP = 5  # transactions between two rules


@dataclass(frozen=True)
class StatementRow:
    """One transaction: its first line in two parts (so money in can be colored) and the lines under it."""

    first: str  # date, description, category and account, padded to the amount's column
    amount: str  # right-aligned in its column
    money_in: bool
    more: str  # "" or each further line after a line break: a wrapped text's rest, a split's parts


@dataclass(frozen=True)
class Statement:
    heading: str
    groups: list[list[StatementRow]]  # STATEMENT_GROUP transactions each (the last one fewer)
    totals: list[str]  # money in, money out


def report_statement(content: ReportContent) -> Statement:
    """The appendix's transactions as lines of text in columns (see above)."""
    amounts = [_signed(row.txn.amount, row.txn.currency) for row in content.appendix]
    totals = [("Money in", _signed(content.appendix_in, content.currency))]
    totals.append(("Money out", _signed(content.appendix_out, content.currency)))
    amount_width = max(len(text) for text in [*amounts, *(total for _, total in totals), "Amount"])
    fixed = STATEMENT_DATE + STATEMENT_CATEGORY + STATEMENT_ACCOUNT + amount_width + 4 * len(STATEMENT_GAP)
    widths = (STATEMENT_DATE, STATEMENT_WIDTH - fixed, STATEMENT_CATEGORY, STATEMENT_ACCOUNT)
    rows = [
        _statement_row(row, amount, widths, amount_width) for row, amount in zip(content.appendix, amounts, strict=True)
    ]
    left = STATEMENT_WIDTH - amount_width - len(STATEMENT_GAP)
    heading = _columns(["Date", "Description", "Category", "Account"], widths)[0] + "Amount".rjust(amount_width)
    return Statement(
        heading=heading,
        groups=[rows[start : start + STATEMENT_GROUP] for start in range(0, len(rows), STATEMENT_GROUP)],
        totals=[f"{label:<{left}}{STATEMENT_GAP}{total:>{amount_width}}" for label, total in totals],
    )


def _statement_row(row: AppendixRow, amount: str, widths: tuple[int, ...], amount_width: int) -> StatementRow:
    txn = row.txn
    category = txn.category.name if txn.category else "Uncategorized"
    if row.lines:
        category = f"Split in {len(row.lines)}"
    description = (txn.merchant or txn.description) + (" · pending" if txn.pending else "")
    lines = _columns([f"{txn.date.day} {txn.date:%b}", description, category, txn.account.name], widths)
    for line in row.lines:
        part = _columns(["", f"↳ {line.note or line.category.name}", line.category.name, ""], widths)
        part[0] += _signed(line.amount, txn.currency).rjust(amount_width)
        lines += part
    more = "".join("\n" + line.rstrip() for line in lines[1:])
    return StatementRow(lines[0], amount.rjust(amount_width), txn.amount > 0, more)


def _columns(cells: list[str], widths: tuple[int, ...]) -> list[str]:
    """The cells side by side, each wrapped to its width; every line ends with a gap, ready for the amount."""
    wrapped = [
        textwrap.wrap(cell, width, break_on_hyphens=False) or [""] for cell, width in zip(cells, widths, strict=True)
    ]
    return [
        "".join(
            (column[n] if n < len(column) else "").ljust(width) + STATEMENT_GAP
            for column, width in zip(wrapped, widths, strict=True)
        )
        for n in range(max(len(column) for column in wrapped))
    ]


def _signed(amount: Decimal, currency: str) -> str:
    return f"{'−' if amount < 0 else '+'}{abs(amount):,.2f} {currency}"


CATEGORIES_CHARTED = 10


def report_charts(content: ReportContent, *, on_paper: bool) -> dict[str, str]:
    """The report's charts, for the screen (values on hover, links) or for paper (values written on them)."""
    c, cur = content, content.currency
    history = charts.columns(
        title=f"Income and spending, the last {len(c.history)} {'weeks' if c.kind == Report.Kind.WEEKLY else 'months'}",
        labels=[row.label for row in c.history],
        series=[
            charts.Series(
                "Income",
                charts.INCOME_COLOR,
                [row.income for row in c.history],
                [transactions_url(start=row.period.start, end=row.period.end) for row in c.history],
            ),
            charts.Series(
                "Spending",
                charts.SPENDING_COLOR,
                [row.spending for row in c.history],
                [transactions_url(start=row.period.start, end=row.period.end) for row in c.history],
            ),
        ],
        currency=cur,
        on_paper=on_paper,
    )
    shown = [row for row in c.categories if row.spent > 0][:CATEGORIES_CHARTED]
    categories = charts.bars(
        title=f"Spending by category, {c.period.label}",
        bars=[charts.Bar(row.name, row.spent, row.color, row.url, row.previous) for row in shown],
        currency=cur,
        compare_label=c.previous_label.capitalize() if c.kind == Report.Kind.MONTHLY else "The week before",
        on_paper=on_paper,
    )
    return {"history": history, "categories": categories}


def _refuse_network(url: str, *args, **kwargs):
    """A report is printed from what is on disk: nothing is fetched over the network (or from anywhere else)."""
    raise ValueError(f"A report does not fetch {url!r}.")


def print_stylesheet_path() -> Path:
    found = finders.find(PRINT_CSS)
    return Path(found) if found else settings.BASE_DIR / "static" / PRINT_CSS


def pdf_from_html(html: str) -> bytes:
    import weasyprint  # imported when printing: it loads Pango, which the web pages do not need

    stylesheet = weasyprint.CSS(filename=str(print_stylesheet_path()), url_fetcher=_refuse_network)
    document = weasyprint.HTML(string=html, base_url=settings.SITE_URL + "/", url_fetcher=_refuse_network)
    with _rarer_young_collections():
        return document.write_pdf(stylesheets=[stylesheet])


@contextmanager
def _rarer_young_collections():
    """Printing makes over half a million short-lived objects; at Python's default of a collection every 700 new
    ones, the garbage collector takes a fifth of the printing time. Collections are made rarer while printing
    (the setting is the process's: a worker prints one report at a time)."""
    first, *older = gc.get_threshold()
    gc.set_threshold(max(first, PRINT_GC_THRESHOLD), *older)
    try:
        yield
    finally:
        gc.set_threshold(first, *older)
