"""A budget's periods: weeks from a chosen weekday, or months from a chosen day of the month.

Periods are spans of calendar dates (a transaction's date is the bank's date, with no time of day), so
they need no time zone; only "today" does, and that is the person's local date.
"""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end

    @property
    def label(self) -> str:
        """The month's name for a calendar month ("November 2026"), otherwise its first and last day."""
        if self.start.day == 1 and self.end == month_containing(self.start, month_start_day=1).end:
            return f"{self.start:%B %Y}"
        first = f"{self.start.day} {self.start:%b}" + (
            "" if self.start.year == self.end.year else f" {self.start.year}"
        )
        return f"{first} – {self.end.day} {self.end:%b %Y}"


def week_containing(day: date, *, week_start_day: int) -> Period:
    """The 7 days from the last `week_start_day` (0 = Monday) on or before `day`."""
    start = day - timedelta(days=(day.weekday() - week_start_day) % 7)
    return Period(start, start + timedelta(days=6))


def month_containing(day: date, *, month_start_day: int) -> Period:
    """From the `month_start_day` on or before `day` to the day before the next one.

    A start day the month does not have (the 30th in February) falls on the month's last day.
    """
    start = _start_in(day.year, day.month, month_start_day)
    if start > day:
        start = _start_in(*_month_before(day.year, day.month), month_start_day)
    following = _start_in(*_month_after(start.year, start.month), month_start_day)
    return Period(start, following - timedelta(days=1))


def _start_in(year: int, month: int, month_start_day: int) -> date:
    return date(year, month, min(month_start_day, calendar.monthrange(year, month)[1]))


def _month_before(year: int, month: int) -> tuple[int, int]:
    return (year - 1, 12) if month == 1 else (year, month - 1)


def _month_after(year: int, month: int) -> tuple[int, int]:
    return (year + 1, 1) if month == 12 else (year, month + 1)
