"""Report figures equal sums worked out by hand over the same transactions."""

from datetime import date
from decimal import Decimal

import pytest

from banking.models import BalanceSnapshot
from budgets.periods import Period
from budgets.tests.factories import category
from reports.analytics import (
    account_flows,
    balances_history,
    category_spending_by_month,
    category_totals,
    change_percent,
    largest_transactions,
    month_ends,
    monthly_totals,
    net_worth,
    spending_by_category,
    summary,
    top_merchants,
)
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


def test_spending_by_category_rolls_children_into_primaries_beside_the_month_before(month):
    rows = spending_by_category(
        user=month.user,
        period=Period(date(2026, 11, 1), date(2026, 11, 30)),
        previous=Period(date(2026, 10, 1), date(2026, 10, 31)),
        currency="USD",
    )
    food = rows[0]
    assert food.category.code == "FOOD_AND_DRINK"
    assert (food.spent, food.previous) == (Decimal("310.00"), Decimal("50.00"))  # 270 groceries + 40 restaurant
    assert all(row.category is None or row.category.code != "INCOME" for row in rows), "income is not spending"


def test_monthly_totals_give_every_month_even_empty_ones(month):
    months = monthly_totals(user=month.user, first_month=date(2026, 9, 1), last_month=date(2026, 11, 1), currency="USD")
    assert [m.month for m in months] == [date(2026, 9, 1), date(2026, 10, 1), date(2026, 11, 1)]
    assert [(m.income, m.spending) for m in months] == [
        (Decimal(0), Decimal(0)),
        (Decimal(0), Decimal("50.00")),
        (Decimal("3000.00"), Decimal("310.00")),
    ]
    assert months[2].savings_rate == Decimal("89.7")


def test_category_spending_by_month_counts_a_primary_with_its_children(month):
    food = category(month.user, "FOOD_AND_DRINK")
    groceries = category(month.user, "FOOD_AND_DRINK_GROCERIES")
    table = category_spending_by_month(
        user=month.user,
        first_month=date(2026, 10, 1),
        last_month=date(2026, 11, 1),
        currency="USD",
        categories=[food, groceries],
    )
    assert table.loc[date(2026, 11, 1), food.pk] == Decimal("310.00")
    assert table.loc[date(2026, 11, 1), groceries.pk] == Decimal("270.00")
    assert table.loc[date(2026, 10, 1), groceries.pk] == Decimal("50.00")


def test_top_merchants_take_refunds_off_and_leave_income_out(month):
    top = top_merchants(user=month.user, **NOVEMBER)
    assert [(row.merchant, row.spent) for row in top][:2] == [
        ("Safeway", Decimal("200.00")),
        ("Costco", Decimal("100.00")),
    ]
    assert not any("acme" in row.merchant.lower() for row in top), "pay is income, not a merchant paid"
    groceries_only = top_merchants(
        user=month.user, categories=[category(month.user, "FOOD_AND_DRINK_RESTAURANT")], **NOVEMBER
    )
    assert [(row.merchant, row.spent) for row in groceries_only] == [("Costco", Decimal("40.00"))]


def test_account_flows_and_the_largest_payments(month):
    flows = {flow.account.name: flow for flow in account_flows(user=month.user, **NOVEMBER)}
    checking = flows[month.accounts["checking"].name]
    assert (checking.money_in, checking.money_out) == (Decimal("3000.00"), Decimal("310.00"))
    largest = largest_transactions(user=month.user, limit=2, **NOVEMBER)
    assert [txn.description for txn in largest] == ["SAFEWAY", "COSTCO"]


def test_balances_are_worked_back_from_the_bank_balance_through_posted_transactions(bank):
    checking = bank.accounts["checking"]
    checking.current_balance = Decimal("1000.00")
    checking.save()
    bank.add("PAY", "500.00", date=date(2026, 10, 15))
    bank.add("RENT", "-300.00", date=date(2026, 11, 3))
    bank.add("CAFE", "-5.00", date=date(2026, 11, 4), pending=True)  # not in the bank's balance yet
    days = [date(2026, 9, 30), date(2026, 10, 31), date(2026, 11, 20)]
    history = {h.account.pk: h for h in balances_history(user=bank.user, days=days)}
    assert [p.balance for p in history[checking.pk].points] == [
        Decimal("800.00"),
        Decimal("1300.00"),
        Decimal("1000.00"),
    ]


def test_a_recorded_balance_anchors_the_days_before_it(bank):
    savings = bank.accounts["savings"]
    savings.current_balance = Decimal("5000.00")
    savings.save()
    # the balance a sync saw on 31 October, before market moves no transaction explains
    BalanceSnapshot.objects.create(account=savings, date=date(2026, 10, 31), balance=Decimal("4000.00"), currency="USD")
    bank.add("DEPOSIT", "100.00", date=date(2026, 10, 20), account="savings")
    days = [date(2026, 10, 1), date(2026, 10, 31), date(2026, 11, 20)]
    history = {h.account.pk: h for h in balances_history(user=bank.user, days=days)}
    assert [p.balance for p in history[savings.pk].points] == [
        Decimal("3900.00"),
        Decimal("4000.00"),
        Decimal("5000.00"),
    ]


def test_net_worth_subtracts_what_is_owed_and_keeps_to_one_currency(bank):
    for name, balance in [("checking", "1000.00"), ("savings", "500.00"), ("card", "-300.00")]:
        bank.accounts[name].current_balance = Decimal(balance)
        bank.accounts[name].save()
    histories = balances_history(user=bank.user, days=[date(2026, 11, 20)])
    assert net_worth(histories, "USD")[0].balance == Decimal("1200.00")
    assert net_worth(histories, "EUR")[0].balance == 0


def test_month_ends_end_today_and_change_is_relative_to_before():
    assert month_ends(date(2026, 11, 20), 3) == [date(2026, 9, 30), date(2026, 10, 31), date(2026, 11, 20)]
    assert len(month_ends(date(2026, 3, 31), 12)) == 12
    assert change_percent(Decimal("150"), Decimal("100")) == Decimal("50.0")
    assert change_percent(Decimal("-50"), Decimal("-100")) == Decimal("50.0")
    assert change_percent(Decimal("10"), Decimal("0")) is None
