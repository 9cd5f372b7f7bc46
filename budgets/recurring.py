"""Recurring payments found in a person's history: bills and subscriptions (pure functions, no database).

A series is the payments to one merchant that come back at a regular cadence (weekly, every two weeks,
monthly, every three months or yearly; a few days early or late is fine, one missed payment too), at least
three of them, for a fixed amount or one within 10% of the usual. A utility bill varies with what was used:
its amount is not compared. A fixed price that changed (15.49, 15.49, 17.99) is still one series, and a
recent rise is told.
"""

from __future__ import annotations

import calendar
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from itertools import groupby, pairwise
from statistics import median

MIN_PAYMENTS = 3
MAX_MISSED = 1  # payments a series may lack between its first and its last
AMOUNT_SPREAD = Decimal("0.10")  # each payment within 10% of the median
RECENT_RISE = 3  # a price rise is news while it is one of the last three payments
TYPICAL_OF = 6  # the typical amount: the median of the last six payments
VARIABLE_CATEGORIES = ("RENT_AND_UTILITIES_",)  # bills whose amount follows use: gas, electricity, water...


@dataclass(frozen=True)
class Rhythm:
    cadence: str  # a Bill.Cadence value
    days: float  # the usual gap
    months: int  # the gap in calendar months; 0 for a rhythm counted in days
    jitter: int  # days a payment may come early or late


MONTH_DAYS = 365.25 / 12
RHYTHMS = (
    Rhythm("weekly", 7, 0, 2),
    Rhythm("biweekly", 14, 0, 3),
    Rhythm("monthly", MONTH_DAYS, 1, 7),
    Rhythm("quarterly", 3 * MONTH_DAYS, 3, 10),
    Rhythm("annual", 12 * MONTH_DAYS, 12, 14),
)
BY_CADENCE = {rhythm.cadence: rhythm for rhythm in RHYTHMS}


@dataclass(frozen=True)
class Payment:
    """Money out to a merchant, as the detector needs it."""

    key: str  # the merchant's key (transactions.descriptors.merchant_key)
    name: str  # the merchant as shown
    day: date
    amount: Decimal  # positive: what was paid
    currency: str
    category: str = ""  # category code, e.g. RENT_AND_UTILITIES_GAS_AND_ELECTRICITY
    account_id: int | None = None


@dataclass(frozen=True)
class Series:
    """A recurring payment: how often, how much, and when the next one is expected."""

    key: str
    name: str
    cadence: str
    amount: Decimal  # the typical amount, what the next payment should be
    currency: str
    due_day: int | None  # day of the month, for monthly, quarterly and annual series
    last: Payment
    next_due: date
    rose_from: Decimal | None  # the price before a recent rise; None when it did not rise lately
    count: int


def by_merchant(payments: Iterable[Payment]) -> dict[str, list[Payment]]:
    """Payments per merchant key, oldest first; payments with no key are left out."""
    groups: dict[str, list[Payment]] = defaultdict(list)
    for payment in sorted(payments, key=lambda p: p.day):
        if payment.key:
            groups[payment.key].append(payment)
    return groups


def detect(payments: Iterable[Payment], *, today: date) -> list[Series]:
    """Every series in a person's payments that is still going on `today`."""
    found = (series_of(group, today=today) for group in by_merchant(payments).values())
    return [series for series in found if series is not None]


def series_of(payments: list[Payment], *, today: date) -> Series | None:
    """The series in one merchant's payments (oldest first), if there is one still going on `today`.

    When all of them together are not one, the payments of the merchant's most frequent exact amount may be
    (a subscription among other purchases at the same store).
    """
    payments = _one_a_day(payments)
    series = _series(payments, today)
    if series is None:
        usual, times = Counter(p.amount for p in payments).most_common(1)[0] if payments else (None, 0)
        if MIN_PAYMENTS <= times < len(payments):
            series = _series([p for p in payments if p.amount == usual], today)
    return series


def _one_a_day(payments: list[Payment]) -> list[Payment]:
    """A second payment on the same day is no new occurrence of a bill."""
    return [next(same) for _, same in groupby(payments, key=lambda p: p.day)]


def _series(payments: list[Payment], today: date) -> Series | None:
    if len(payments) < MIN_PAYMENTS:
        return None
    rhythm = next((r for r in RHYTHMS if _fits(r, [p.day for p in payments])), None)
    if rhythm is None:
        return None
    amounts = [p.amount for p in payments]
    levels = [list(level) for _, level in groupby(amounts)]
    changed = len(levels) >= 2 and len(levels[-2]) >= 2  # a fixed price that changed to another one
    if not (_variable(payments[-1]) or _steady(amounts, levels if changed else None)):
        return None
    last = payments[-1]
    due_day = _due_day(payments) if rhythm.months else None
    next_due = next_due_after(last.day, rhythm.cadence, due_day)
    if today > next_due + timedelta(days=rhythm.days + rhythm.jitter):
        return None  # two payments missed: it has stopped
    rose = changed and levels[-1][0] > levels[-2][0] and len(levels[-1]) <= RECENT_RISE
    return Series(
        key=last.key,
        name=last.name,
        cadence=rhythm.cadence,
        amount=last.amount if changed else _median(amounts[-TYPICAL_OF:]),
        currency=last.currency,
        due_day=due_day,
        last=last,
        next_due=next_due,
        rose_from=levels[-2][0] if rose else None,
        count=len(payments),
    )


def _fits(rhythm: Rhythm, days: list[date]) -> bool:
    """Whether every gap is a whole number of the rhythm's gaps, give or take its jitter, with at most
    MAX_MISSED payments missing in all. Monthly rhythms count in calendar months: the 31 January to the
    28 February is one month."""
    position, unit = (_in_months, rhythm.months) if rhythm.months else (date.toordinal, rhythm.days)
    missed = 0
    for first, second in pairwise(days):
        gap = (position(second) - position(first)) / unit  # in the rhythm's steps
        steps = round(gap)
        if steps < 1 or abs(gap - steps) * rhythm.days > rhythm.jitter:
            return False
        missed += steps - 1
    return missed <= MAX_MISSED


def _in_months(day: date) -> float:
    """A date as months since year 0, the day as a share of its month."""
    return day.year * 12 + day.month - 1 + (day.day - 1) / calendar.monthrange(day.year, day.month)[1]


def _variable(payment: Payment) -> bool:
    return payment.category.startswith(VARIABLE_CATEGORIES)


def _steady(amounts: list[Decimal], levels: list[list[Decimal]] | None) -> bool:
    """Every amount within 10% of the median; after a price change, those before the last two prices."""
    if levels is not None:
        amounts = [amount for level in levels[:-2] for amount in level]
    if not amounts:
        return True
    middle = _median(amounts)
    return all(abs(amount - middle) <= middle * AMOUNT_SPREAD for amount in amounts)


def _median(amounts: list[Decimal]) -> Decimal:
    return Decimal(median(amounts)).quantize(Decimal("0.01"))


def _due_day(payments: list[Payment]) -> int:
    """The day of the month it is due: the one nearest to the last year's payments in all (a median that
    wraps around the month's end: a bill due on the 1st is sometimes paid on the 30th)."""
    days = [p.day for p in payments[-12:]]

    def cost(due_day: int) -> tuple[int, int]:
        return sum(_days_from(day, due_day) for day in days), abs(due_day - days[-1].day)

    return min(range(1, 32), key=cost)


def _days_from(day: date, due_day: int) -> int:
    """Days between `day` and the nearest date that falls on the due day."""
    return min(abs((months_later(day, months, due_day) - day).days) for months in (-1, 0, 1))


# Due dates -------------------------------------------------------------------------------------------


def on_day(year: int, month: int, due_day: int) -> date:
    """The due day in a month; a day the month does not have (the 31st in April) is its last day."""
    return date(year, month, min(due_day, calendar.monthrange(year, month)[1]))


def months_later(day: date, months: int, due_day: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return on_day(index // 12, index % 12 + 1, due_day)


def following(due: date, cadence: str, due_day: int | None) -> date:
    """The due date after `due`."""
    rhythm = BY_CADENCE[cadence]
    if rhythm.months and due_day:
        return months_later(due, rhythm.months, due_day)
    return due + timedelta(days=round(rhythm.days))


def next_due_after(paid: date, cadence: str, due_day: int | None) -> date:
    """The due date after a payment made on `paid`: the nearest due date to the payment, one cadence on.
    (A payment posted on the 2nd for a bill due on the 30th paid the 30th of the month before.)"""
    if not due_day:
        return following(paid, cadence, None)
    nearest = min(
        (months_later(paid, months, due_day) for months in (-1, 0, 1)), key=lambda due: abs((due - paid).days)
    )
    return following(nearest, cadence, due_day)


def first_due_on_or_after(today: date, due_day: int) -> date:
    """The first date on or after `today` that falls on the due day."""
    due = on_day(today.year, today.month, due_day)
    return due if due >= today else months_later(today, 1, due_day)
