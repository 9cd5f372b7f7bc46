"""Where a budget's weeks and months begin and end."""

from datetime import date

import pytest

from budgets.periods import Period, month_containing, week_containing


@pytest.mark.parametrize(
    ("day", "start", "end"),
    [
        (date(2026, 11, 1), date(2026, 11, 1), date(2026, 11, 30)),
        (date(2026, 11, 30), date(2026, 11, 1), date(2026, 11, 30)),
        (date(2026, 12, 31), date(2026, 12, 1), date(2026, 12, 31)),
        (date(2028, 2, 29), date(2028, 2, 1), date(2028, 2, 29)),  # a leap year's February
        (date(2027, 2, 28), date(2027, 2, 1), date(2027, 2, 28)),
    ],
)
def test_calendar_months(day, start, end):
    assert month_containing(day, month_start_day=1) == Period(start, end)


@pytest.mark.parametrize(
    ("day", "start", "end"),
    [
        (date(2026, 11, 25), date(2026, 11, 25), date(2026, 12, 24)),
        (date(2026, 11, 24), date(2026, 10, 25), date(2026, 11, 24)),
        (date(2027, 1, 3), date(2026, 12, 25), date(2027, 1, 24)),  # across the new year
        (date(2026, 12, 24), date(2026, 11, 25), date(2026, 12, 24)),
    ],
)
def test_months_from_the_25th_payday(day, start, end):
    assert month_containing(day, month_start_day=25) == Period(start, end)


@pytest.mark.parametrize(
    ("day", "start", "end"),
    [
        # A start day the month does not have is its last day: February's "31st" is the 28th or 29th.
        (date(2027, 2, 28), date(2027, 2, 28), date(2027, 3, 30)),
        (date(2027, 2, 27), date(2027, 1, 31), date(2027, 2, 27)),
        (date(2028, 2, 29), date(2028, 2, 29), date(2028, 3, 30)),
        (date(2026, 4, 30), date(2026, 4, 30), date(2026, 5, 30)),
        (date(2026, 5, 31), date(2026, 5, 31), date(2026, 6, 29)),
    ],
)
def test_months_starting_on_the_31st_follow_each_months_last_day(day, start, end):
    assert month_containing(day, month_start_day=31) == Period(start, end)


@pytest.mark.parametrize(
    ("week_start_day", "start"),
    [(0, date(2026, 11, 16)), (6, date(2026, 11, 15)), (4, date(2026, 11, 20))],
)
def test_weeks_start_on_the_chosen_weekday(week_start_day, start):
    # Friday 20 November 2026
    period = week_containing(date(2026, 11, 20), week_start_day=week_start_day)
    assert (period.start, period.days) == (start, 7)
    assert period.start.weekday() == week_start_day


def test_weeks_over_a_clock_change_are_still_seven_days():
    # Europe and the US put clocks back on 25 October and 1 November 2026: periods are calendar dates.
    assert week_containing(date(2026, 10, 25), week_start_day=0) == Period(date(2026, 10, 19), date(2026, 10, 25))
    assert week_containing(date(2026, 11, 1), week_start_day=6).days == 7


def test_period_labels():
    assert month_containing(date(2026, 11, 5), month_start_day=1).label == "November 2026"
    assert month_containing(date(2026, 11, 5), month_start_day=25).label == "25 Oct – 24 Nov 2026"
    assert week_containing(date(2027, 1, 1), week_start_day=0).label == "28 Dec 2026 – 3 Jan 2027"
