"""What a budget counts, what it carries from one period to the next, and what it says today."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError

from budgets.models import Budget
from budgets.selectors import budget_status
from budgets.services import budget_save
from budgets.tests.factories import budget_for, category
from transactions.services import SplitInput, transaction_split, transaction_update

GROCERIES = "FOOD_AND_DRINK_GROCERIES"
RESTAURANTS = "FOOD_AND_DRINK_RESTAURANT"


def spend(bank, amount: str, day: date, code: str = GROCERIES, **fields):
    primary = "FOOD_AND_DRINK" if code.startswith("FOOD") else code.rsplit("_", 1)[0]
    fields.setdefault("account", "card")
    return bank.add("SAFEWAY #1490", amount, date=day, category_detailed=code, category_primary=primary, **fields)


def status(budget, day: date):
    return budget_status(user=budget.user, budget=budget, today=day)


@time_machine.travel(datetime(2026, 11, 20, 12, tzinfo=UTC))
def test_spending_is_money_out_less_refunds_in_the_budgets_categories(bank):
    budget = budget_for(bank.user, GROCERIES, amount="300")
    spend(bank, "-120.00", date(2026, 11, 3))
    spend(bank, "-80.50", date(2026, 11, 12))
    spend(bank, "25.00", date(2026, 11, 14))  # a refund
    spend(bank, "-40.00", date(2026, 11, 15), RESTAURANTS)  # another category
    spend(bank, "-99.00", date(2026, 10, 31))  # last month
    spend(bank, "-60.00", date(2026, 11, 16), currency="EUR")  # another currency
    now = status(budget, date(2026, 11, 20)).current
    assert now.spent == Decimal("175.50")
    assert (now.remaining, now.percent) == (Decimal("124.50"), 58)


@time_machine.travel(datetime(2026, 11, 20, 12, tzinfo=UTC))
def test_transfers_and_excluded_transactions_do_not_count(bank):
    budget = budget_for(bank.user, GROCERIES)
    spend(bank, "-30.00", date(2026, 11, 3))
    moved = spend(bank, "-50.00", date(2026, 11, 4))
    left_out = spend(bank, "-70.00", date(2026, 11, 5))
    transaction_update(user=bank.user, transaction=moved, changes={"is_transfer": True})
    transaction_update(user=bank.user, transaction=left_out, changes={"is_excluded": True})
    assert status(budget, date(2026, 11, 20)).current.spent == Decimal("30.00")


@time_machine.travel(datetime(2026, 11, 20, 12, tzinfo=UTC))
def test_a_split_counts_each_line_in_its_own_category(bank):
    groceries = budget_for(bank.user, GROCERIES, name="Groceries")
    eating_out = budget_for(bank.user, RESTAURANTS, name="Eating out")
    txn = spend(bank, "-100.00", date(2026, 11, 6))
    transaction_split(
        user=bank.user,
        transaction=txn,
        lines=[
            SplitInput(category(bank.user, GROCERIES), Decimal("-65.00")),
            SplitInput(category(bank.user, RESTAURANTS), Decimal("-35.00")),
        ],
    )
    assert status(groceries, date(2026, 11, 20)).current.spent == Decimal("65.00")
    assert status(eating_out, date(2026, 11, 20)).current.spent == Decimal("35.00")


@time_machine.travel(datetime(2026, 11, 20, 12, tzinfo=UTC))
def test_a_main_category_includes_everything_under_it(bank):
    food = budget_for(bank.user, "FOOD_AND_DRINK", name="Food")
    spend(bank, "-10.00", date(2026, 11, 3))
    spend(bank, "-20.00", date(2026, 11, 4), RESTAURANTS)
    assert status(food, date(2026, 11, 20)).current.spent == Decimal("30.00")


@pytest.mark.parametrize(
    ("rollover", "carried", "available"),
    [
        # Spent 70 of 100 in September, 150 in October, 20 so far in November.
        (Budget.Rollover.NONE, ["0", "0", "0"], ["100", "100", "100"]),
        (Budget.Rollover.SURPLUS, ["0", "30", "0"], ["100", "130", "100"]),
        (Budget.Rollover.BOTH, ["0", "30", "-20"], ["100", "130", "80"]),
    ],
)
@time_machine.travel(datetime(2026, 11, 20, 12, tzinfo=UTC))
def test_rollover_over_three_periods(bank, rollover, carried, available):
    budget = budget_for(bank.user, GROCERIES, rollover=rollover, starts_on=date(2026, 9, 10))
    spend(bank, "-70.00", date(2026, 9, 15))
    spend(bank, "-150.00", date(2026, 10, 2))
    spend(bank, "-20.00", date(2026, 11, 2))
    spend(bank, "-500.00", date(2026, 8, 30))  # before the budget began: never carried
    today = status(budget, date(2026, 11, 20))
    periods = [*reversed(today.history), today.current]
    assert [p.period.label for p in periods] == ["September 2026", "October 2026", "November 2026"]
    assert [p.rollover for p in periods] == [Decimal(x) for x in carried]
    assert [p.available for p in periods] == [Decimal(x) for x in available]
    assert [p.spent for p in periods] == [Decimal("70"), Decimal("150"), Decimal("20")]


@time_machine.travel(datetime(2026, 11, 20, 12, tzinfo=UTC))
def test_a_payday_month_and_its_pace(bank):
    budget = budget_for(bank.user, GROCERIES, amount="600", month_start_day=25)
    spend(bank, "-99.00", date(2026, 10, 24))  # the period before
    spend(bank, "-300.00", date(2026, 10, 26))
    today = status(budget, date(2026, 11, 20))
    assert today.current.period.label == "25 Oct – 24 Nov 2026"
    assert today.days_left == 5
    # 300 in 27 of 31 days: about 344 by the end, within the 600.
    assert today.pace == Decimal("344.44")
    assert not today.on_pace_to_exceed


@time_machine.travel(datetime(2026, 11, 20, 12, tzinfo=UTC))
def test_the_pace_waits_for_a_quarter_of_the_period(bank):
    budget = budget_for(bank.user, GROCERIES, amount="100")
    spend(bank, "-60.00", date(2026, 11, 1))
    assert status(budget, date(2026, 11, 5)).pace is None  # one big shop on day one says little
    assert status(budget, date(2026, 11, 10)).pace == Decimal("180.00")
    assert status(budget, date(2026, 11, 10)).on_pace_to_exceed


def test_bad_budgets_are_refused_with_the_reason(bank):
    budget_for(bank.user, GROCERIES, name="Groceries")
    cases = {
        "amount": Budget(name="Zero", amount=Decimal("0"), currency="USD", starts_on=date(2026, 1, 1)),
        "thresholds": Budget(name="T", amount=Decimal(5), currency="USD", starts_on=date(2026, 1, 1), thresholds=[0]),
        "name": Budget(name="Food 12.50", amount=Decimal(5), currency="USD", starts_on=date(2026, 1, 1)),
    }
    for field, budget in cases.items():
        with pytest.raises(ValidationError) as error:
            budget_save(user=bank.user, budget=budget, categories=[category(bank.user, RESTAURANTS)])
        assert field in error.value.error_dict
    again = Budget(name="More groceries", amount=Decimal(5), currency="USD", starts_on=date(2026, 1, 1))
    with pytest.raises(ValidationError, match="Groceries already has a monthly budget"):
        budget_save(user=bank.user, budget=again, categories=[category(bank.user, GROCERIES)])
    weekly = Budget(name="Weekly groceries", amount=Decimal(5), currency="USD", starts_on=date(2026, 1, 1))
    weekly.period = Budget.Period.WEEKLY
    budget_save(user=bank.user, budget=weekly, categories=[category(bank.user, GROCERIES)])  # another period: fine
