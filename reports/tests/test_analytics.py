"""Report figures equal sums worked out by hand over the same transactions."""

from datetime import date
from decimal import Decimal

import pytest

from budgets.tests.factories import category
from reports.analytics import category_totals, summary
from transactions.services import SplitInput, transaction_split, transaction_update

NOVEMBER = {"start": date(2026, 11, 1), "end": date(2026, 11, 30), "currency": "USD"}


@pytest.fixture
def month(bank):
    """A month of a person's money: pay, shopping with a refund, a split, a transfer, one left out, pending."""
    add = bank.add
    add("ACME CORP PAYROLL", "3000.00", date=date(2026, 11, 5), category_detailed="INCOME_SALARY")
    add("SAFEWAY", "-200.00", date=date(2026, 11, 6), category_detailed="FOOD_AND_DRINK_GROCERIES")
    add("SAFEWAY REFUND", "20.00", date=date(2026, 11, 7), category_detailed="FOOD_AND_DRINK_GROCERIES")
    split = add("COSTCO", "-100.00", date=date(2026, 11, 8), category_detailed="FOOD_AND_DRINK_GROCERIES")
    transaction_split(
        user=bank.user,
        transaction=split,
        lines=[
            SplitInput(category(bank.user, "FOOD_AND_DRINK_GROCERIES"), Decimal("-60.00")),
            SplitInput(category(bank.user, "FOOD_AND_DRINK_RESTAURANT"), Decimal("-40.00")),
        ],
    )
    moved = add("TO SAVINGS", "-500.00", date=date(2026, 11, 9))
    transaction_update(user=bank.user, transaction=moved, changes={"is_transfer": True})
    left_out = add("BIRTHDAY GIFT FOR MOM", "-100.00", date=date(2026, 11, 10))
    transaction_update(user=bank.user, transaction=left_out, changes={"is_excluded": True})
    add("TRADER JOE'S", "-30.00", date=date(2026, 11, 11), pending=True, category_detailed="FOOD_AND_DRINK_GROCERIES")
    add("HOTEL PARIS", "-999.00", date=date(2026, 11, 12), currency="EUR", category_detailed="TRAVEL_LODGING")
    add("SAFEWAY", "-50.00", date=date(2026, 10, 31), category_detailed="FOOD_AND_DRINK_GROCERIES")
    return bank


def test_the_summary_counts_income_and_spending_as_documented(month):
    result = summary(user=month.user, **NOVEMBER)
    assert result.income == Decimal("3000.00")
    assert result.spending == Decimal("310.00")  # 200 - 20 refunded + 100 split + 30 pending
    assert result.net == Decimal("2690.00")
    assert result.savings_rate == Decimal("89.7")


def test_categories_total_split_lines_in_their_own_category(month):
    totals = category_totals(user=month.user, **NOVEMBER).set_index("category_id")["amount"].to_dict()
    assert totals[category(month.user, "FOOD_AND_DRINK_GROCERIES").pk] == Decimal("-270.00")
    assert totals[category(month.user, "FOOD_AND_DRINK_RESTAURANT").pk] == Decimal("-40.00")
    assert totals[category(month.user, "INCOME_SALARY").pk] == Decimal("3000.00")
    assert sum(totals.values()) == Decimal("2690.00"), "the breakdown adds up to the net"


def test_a_month_without_income_has_no_savings_rate(bank):
    bank.add("SAFEWAY", "-20.00", date=date(2026, 11, 6), category_detailed="FOOD_AND_DRINK_GROCERIES")
    result = summary(user=bank.user, **NOVEMBER)
    assert (result.spending, result.savings_rate) == (Decimal("20.00"), None)
    assert category_totals(user=bank.user, start=date(2026, 1, 1), end=date(2026, 1, 31), currency="USD").empty
