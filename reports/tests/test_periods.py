"""Report periods: Monday-to-Sunday weeks named by ISO week, calendar months, and names people type."""

from datetime import date

import pytest

from budgets.periods import Period
from reports.periods import last_complete_period, period_before, period_name, period_parse


def test_a_weekly_report_covers_monday_to_sunday_and_is_named_by_its_iso_week():
    week = period_parse("weekly", "2026-W45")
    assert week == Period(date(2026, 11, 2), date(2026, 11, 8))
    assert (week.start.strftime("%A"), week.end.strftime("%A")) == ("Monday", "Sunday")
    assert period_name("weekly", week) == "2026-W45"


def test_the_first_iso_week_can_start_in_the_year_before():
    week = period_parse("weekly", "2026-W01")
    assert week.start == date(2025, 12, 29)
    assert period_name("weekly", week) == "2026-W01"


def test_a_monthly_report_covers_the_calendar_month():
    assert period_parse("monthly", "2026-02") == Period(date(2026, 2, 1), date(2026, 2, 28))
    assert period_name("monthly", Period(date(2026, 10, 1), date(2026, 10, 31))) == "2026-10"


def test_the_last_complete_period_is_the_one_before_today():
    assert last_complete_period("weekly", date(2026, 11, 23)) == Period(date(2026, 11, 16), date(2026, 11, 22))
    assert last_complete_period("weekly", date(2026, 11, 22)) == Period(date(2026, 11, 9), date(2026, 11, 15))
    assert last_complete_period("monthly", date(2027, 1, 1)) == Period(date(2026, 12, 1), date(2026, 12, 31))
    assert period_before("monthly", Period(date(2026, 3, 1), date(2026, 3, 31))) == Period(
        date(2026, 2, 1), date(2026, 2, 28)
    )


@pytest.mark.parametrize(
    ("kind", "text", "says"),
    [
        ("monthly", "2026-13", "such as 2026-10"),
        ("monthly", "October", "such as 2026-10"),
        ("weekly", "2026-W54", "such as 2026-W45"),
        ("weekly", "2026-10", "such as 2026-W45"),
    ],
)
def test_a_name_that_is_no_period_gets_a_message_that_shows_the_form(kind, text, says):
    with pytest.raises(ValueError, match=says):
        period_parse(kind, text)
