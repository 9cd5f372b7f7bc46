"""Finding bills and subscriptions in payment history: cadences, jitter, a missed month, amounts that vary
or rise, and what is not a series."""

import random
from datetime import date, timedelta
from decimal import Decimal

import pytest

from budgets.recurring import Payment, detect, first_due_on_or_after, following, next_due_after, series_of


def pay(day: date, amount: str = "15.49", *, key: str = "netflix", category: str = "") -> Payment:
    return Payment(
        key=key, name=key.title(), day=day, amount=Decimal(amount), currency="USD", category=category, account_id=None
    )


def months(start: date, count: int, *, day: int | None = None) -> list[date]:
    """The same day of `count` months from `start` (a day the month lacks: its last day)."""
    from budgets.recurring import months_later

    return [months_later(start, n, day or start.day) for n in range(count)]


def test_a_monthly_bill_paid_a_few_days_early_or_late_with_a_month_missing_is_found():
    due = months(date(2025, 1, 12), 12)
    del due[5]  # June was never paid
    early_or_late = [3, 1, 3, -3, 0, 3, -1, -3, -3, -2, 0]  # a weekend, a holiday, the bank's own pace
    payments = [pay(day + timedelta(days=shift)) for day, shift in zip(due, early_or_late, strict=True)]
    (series,) = detect(payments, today=date(2025, 12, 20))
    assert series.cadence == "monthly"
    assert series.amount == Decimal("15.49")
    assert series.due_day == 12
    assert series.next_due == date(2026, 1, 12)
    assert series.rose_from is None


@pytest.mark.parametrize(
    ("cadence", "dates", "next_due"),
    [
        ("weekly", [date(2025, 3, 3) + timedelta(weeks=n) for n in range(6)], date(2025, 4, 14)),
        ("biweekly", [date(2025, 3, 7) + timedelta(weeks=2 * n) for n in range(5)], date(2025, 5, 16)),
        ("monthly", months(date(2025, 1, 31), 5), date(2025, 6, 30)),
        ("quarterly", [*months(date(2024, 2, 15), 9)[::3], date(2025, 2, 17)], date(2025, 5, 15)),
        ("annual", [date(2022, 9, 1), date(2023, 9, 1), date(2024, 9, 3)], date(2025, 9, 1)),
    ],
)
def test_each_cadence_is_told_with_its_next_date(cadence, dates, next_due):
    today = dates[-1] + timedelta(days=1)
    series = series_of([pay(day, "49.00") for day in dates], today=today)
    assert series is not None
    assert (series.cadence, series.next_due) == (cadence, next_due)


def test_a_month_end_bill_is_due_on_each_months_last_day():
    dates = [date(2025, 1, 31), date(2025, 2, 28), date(2025, 3, 31), date(2025, 4, 30)]
    series = series_of([pay(day) for day in dates], today=date(2025, 5, 1))
    assert series.due_day == 31
    assert series.next_due == date(2025, 5, 31)
    assert following(date(2025, 5, 31), "monthly", 31) == date(2025, 6, 30)


def test_a_payment_posted_after_the_month_turned_counts_for_the_month_it_was_due():
    assert next_due_after(date(2025, 3, 2), "monthly", 30) == date(2025, 3, 30)
    assert next_due_after(date(2025, 3, 28), "monthly", 30) == date(2025, 4, 30)


def test_two_payments_are_not_a_series_yet():
    assert series_of([pay(date(2025, 1, 5)), pay(date(2025, 2, 5))], today=date(2025, 2, 6)) is None


def test_regular_dates_with_amounts_all_over_the_place_are_not_a_bill():
    rng = random.Random(1)  # noqa: S311 (made-up amounts)
    payments = [pay(day, f"{rng.randint(500, 9000) / 100:.2f}") for day in months(date(2025, 1, 5), 8)]
    assert detect(payments, today=date(2025, 8, 6)) == []


def test_amounts_within_ten_percent_of_the_usual_are_one_bill_at_the_median():
    amounts = ["52.10", "49.80", "51.00", "48.90", "50.40"]
    payments = [pay(day, amount) for day, amount in zip(months(date(2025, 1, 8), 5), amounts, strict=True)]
    series = series_of(payments, today=date(2025, 5, 9))
    assert series.amount == Decimal("50.40")
    assert series_of([*payments[:-1], pay(date(2025, 5, 8), "58.00")], today=date(2025, 5, 9)) is None


def test_an_irregular_rhythm_is_not_a_bill():
    days = [date(2025, 1, 3), date(2025, 1, 20), date(2025, 2, 27), date(2025, 3, 4), date(2025, 4, 22)]
    assert detect([pay(day) for day in days], today=date(2025, 4, 23)) == []


def test_two_months_missed_in_a_row_break_a_monthly_series():
    dates = months(date(2025, 1, 10), 7)
    del dates[2:4]
    assert series_of([pay(day) for day in dates], today=date(2025, 7, 11)) is None


def test_a_subscription_that_stopped_is_no_longer_found():
    payments = [pay(day) for day in months(date(2024, 6, 10), 6)]
    assert series_of(payments, today=date(2024, 12, 1)) is not None, "one payment missed: late, still a bill"
    assert series_of(payments, today=date(2025, 1, 20)) is None


def test_a_price_rise_is_told_while_it_is_recent():
    dates = months(date(2025, 1, 27), 10)
    amounts = ["15.49"] * 6 + ["17.99"]
    series = series_of([pay(day, a) for day, a in zip(dates, amounts, strict=False)], today=date(2025, 7, 28))
    assert (series.amount, series.rose_from) == (Decimal("17.99"), Decimal("15.49"))
    amounts += ["17.99"] * 3
    later = series_of([pay(day, a) for day, a in zip(dates, amounts, strict=True)], today=date(2025, 10, 28))
    assert (later.amount, later.rose_from) == (Decimal("17.99"), None), "four payments on, it is old news"


def test_a_price_that_went_down_is_no_rise():
    amounts = ["19.99"] * 4 + ["14.99"]
    dates = months(date(2025, 1, 3), 5)
    series = series_of([pay(day, a) for day, a in zip(dates, amounts, strict=True)], today=date(2025, 5, 4))
    assert (series.amount, series.rose_from) == (Decimal("14.99"), None)


def test_a_utility_bill_varies_with_use_and_is_still_a_bill():
    amounts = ["68.20", "142.75", "171.10", "96.35", "120.00", "75.80"]
    dates = months(date(2025, 1, 25), 6)
    utility = [
        pay(d, a, key="pg e", category="RENT_AND_UTILITIES_GAS_AND_ELECTRICITY")
        for d, a in zip(dates, amounts, strict=True)
    ]
    series = series_of(utility, today=date(2025, 6, 26))
    assert series.cadence == "monthly"
    assert series.amount == Decimal("108.18")
    assert series.rose_from is None
    shop = [pay(d, a, key="pg e", category="GENERAL_MERCHANDISE_OTHER") for d, a in zip(dates, amounts, strict=True)]
    assert series_of(shop, today=date(2025, 6, 26)) is None


def test_a_subscription_among_other_purchases_at_the_same_store_is_found():
    rng = random.Random(3)  # noqa: S311 (made-up purchases)
    prime = [pay(day, "14.99", key="amazon") for day in months(date(2025, 1, 9), 6)]
    shopping = [
        pay(date(2025, 1, 1) + timedelta(days=rng.randint(0, 160)), f"{rng.randint(900, 8900) / 100:.2f}", key="amazon")
        for _ in range(25)
    ]
    (series,) = detect(prime + shopping, today=date(2025, 6, 10))
    assert (series.cadence, series.amount, series.next_due) == ("monthly", Decimal("14.99"), date(2025, 7, 9))


def test_each_merchant_is_its_own_series():
    netflix = [pay(day) for day in months(date(2025, 1, 27), 4)]
    spotify = [pay(day, "11.99", key="spotify") for day in months(date(2025, 1, 9), 4)]
    found = {s.key: s for s in detect(netflix + spotify, today=date(2025, 5, 1))}
    assert set(found) == {"netflix", "spotify"}
    assert found["spotify"].next_due == date(2025, 5, 9)


def test_the_first_due_date_of_a_bill_added_by_hand():
    assert first_due_on_or_after(date(2025, 2, 10), 10) == date(2025, 2, 10)
    assert first_due_on_or_after(date(2025, 2, 11), 31) == date(2025, 2, 28)
    assert first_due_on_or_after(date(2025, 3, 31), 30) == date(2025, 4, 30)
