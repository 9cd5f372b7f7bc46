"""A report's period: a Monday-to-Sunday week or a calendar month, named like 2026-W45 or 2026-10.

Weeks are ISO weeks (Monday to Sunday), so a week's name is its ISO year and number.
"""

import re
from datetime import date, timedelta

from budgets.periods import Period, month_containing, week_containing
from reports.models import Report

_WEEK = re.compile(r"(\d{4})-W(\d{1,2})")
_MONTH = re.compile(r"(\d{4})-(\d{1,2})")


def period_containing(kind: str, day: date) -> Period:
    if kind == Report.Kind.WEEKLY:
        return week_containing(day, week_start_day=0)
    return month_containing(day, month_start_day=1)


def period_before(kind: str, period: Period) -> Period:
    return period_containing(kind, period.start - timedelta(days=1))


def last_complete_period(kind: str, today: date) -> Period:
    """The last week or month that has ended before `today`."""
    return period_before(kind, period_containing(kind, today))


def period_name(kind: str, period: Period) -> str:
    if kind == Report.Kind.WEEKLY:
        year, week, _ = period.start.isocalendar()
        return f"{year}-W{week:02d}"
    return f"{period.start:%Y-%m}"


def period_parse(kind: str, text: str) -> Period:
    """The period named by `text`; ValueError with a message for a person when it names none."""
    text = text.strip()
    if kind == Report.Kind.WEEKLY:
        match = _WEEK.fullmatch(text)
        try:
            if match is None:
                raise ValueError
            return period_containing(kind, date.fromisocalendar(int(match[1]), int(match[2]), 1))
        except ValueError:
            raise ValueError(f"{text!r} is not a week: write the ISO year and week, such as 2026-W45.") from None
    match = _MONTH.fullmatch(text)
    try:
        if match is None:
            raise ValueError
        return period_containing(kind, date(int(match[1]), int(match[2]), 1))
    except ValueError:
        raise ValueError(f"{text!r} is not a month: write the year and month, such as 2026-10.") from None
