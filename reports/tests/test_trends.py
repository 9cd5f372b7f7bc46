"""The Trends page: figures worked out by hand over the same transactions, narrowed by category, owner only."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.tests.factories import UserFactory
from budgets.tests.factories import category
from reports.links import transactions_url
from transactions.services import SplitInput, category_create, transaction_split, transaction_update
from transactions.tests.factories import TransactionFactory

URL = "/trends/"
SEP, OCT, NOV = date(2026, 9, 1), date(2026, 10, 1), date(2026, 11, 1)


@pytest.fixture(autouse=True)
def _mid_december():
    with time_machine.travel(datetime(2026, 12, 15, 12, tzinfo=UTC), tick=False):
        yield


@pytest.fixture
def money(bank):
    """Three months of a person's money: pay, shopping with a refund, a split across two primaries, a transfer,
    one left out, a pending one, one in their own category, one in another currency, and one long before."""
    add, user = bank.add, bank.user
    add("ACME CORP PAYROLL", "3000.00", date=date(2026, 10, 5), category_detailed="INCOME_SALARY")
    add("SAFEWAY", "-50.00", date=date(2026, 10, 31), category_detailed="FOOD_AND_DRINK_GROCERIES")
    add("ACME CORP PAYROLL", "3000.00", date=date(2026, 11, 5), category_detailed="INCOME_SALARY")
    add("SAFEWAY", "-200.00", date=date(2026, 11, 6), category_detailed="FOOD_AND_DRINK_GROCERIES")
    add("SAFEWAY", "20.00", date=date(2026, 11, 7), category_detailed="FOOD_AND_DRINK_GROCERIES")
    split = add("COSTCO", "-100.00", date=date(2026, 11, 8), category_detailed="FOOD_AND_DRINK_GROCERIES")
    transaction_split(
        user=user,
        transaction=split,
        lines=[
            SplitInput(category(user, "FOOD_AND_DRINK_GROCERIES"), Decimal("-60.00")),
            SplitInput(category(user, "GENERAL_MERCHANDISE_SUPERSTORES"), Decimal("-40.00")),
        ],
    )
    moved = add("TO SAVINGS", "-500.00", date=date(2026, 11, 9))
    transaction_update(user=user, transaction=moved, changes={"is_transfer": True})
    left_out = add(
        "BIRTHDAY GIFT", "-100.00", date=date(2026, 11, 10), category_detailed="GENERAL_MERCHANDISE_GIFTS_AND_NOVELTIES"
    )
    transaction_update(user=user, transaction=left_out, changes={"is_excluded": True})
    add(
        "TRADER JOE'S",
        "-30.00",
        date=date(2026, 11, 11),
        account="card",
        pending=True,
        category_detailed="FOOD_AND_DRINK_GROCERIES",
    )
    market = category_create(user=user, parent=category(user, "FOOD_AND_DRINK"), name="Farmers market")
    stall = add("GREEN STALL", "-25.00", date=date(2026, 11, 20))
    transaction_update(user=user, transaction=stall, changes={"category": market})
    add("HOTEL PARIS", "-999.00", date=date(2026, 11, 12), currency="EUR", category_detailed="TRAVEL_LODGING")
    add(
        "SAFEWAY", "-100.00", date=date(2026, 6, 1), category_detailed="FOOD_AND_DRINK_GROCERIES"
    )  # the 3 months before, the first day of the history
    return bank


def _page(client, user, **params):
    client.force_login(user)
    return client.get(URL, params)


def test_the_figures_are_the_sums_of_the_counted_transactions(client, money):
    response = _page(client, money.user, period="3m")
    trends = response.context["trends"]
    assert trends.months == [SEP, OCT, NOV]
    assert trends.summary.income == Decimal("6000.00")
    # October 50; November 200 - 20 refunded + 100 split + 30 pending + 25 in their own category; the transfer,
    # the one left out and the euros are not counted.
    assert trends.summary.spending == Decimal("385.00")
    assert trends.summary.net == Decimal("5615.00")
    assert trends.summary.savings_rate == Decimal("93.6")
    assert trends.average_spending == Decimal("128.33")  # 385 / 3 months
    assert trends.spending_change == Decimal("285.0")  # 100 spent from June to August
    food = trends.category_rows[0]
    assert food.category == category(money.user, "FOOD_AND_DRINK")
    assert [f.amount for f in food.months] == [Decimal(0), Decimal("50.00"), Decimal("295.00")]
    assert food.total.amount == Decimal("345.00")
    assert food.average == Decimal("115.00")  # the total over 3 months
    merchandise = trends.category_rows[1]
    assert [f.amount for f in merchandise.months] == [Decimal(0), Decimal(0), Decimal("40.00")]
    assert len(trends.category_rows) == 2
    assert [f.amount for f in trends.total_row.months] == [Decimal(0), Decimal("50.00"), Decimal("335.00")]
    assert [(row.totals.income, row.totals.spending, row.totals.savings_rate) for row in trends.month_rows] == [
        (Decimal(0), Decimal(0), None),
        (Decimal("3000.00"), Decimal("50.00"), Decimal("98.3")),
        (Decimal("3000.00"), Decimal("335.00"), Decimal("88.8")),
    ]
    page = response.content.decode()
    for shown in ("6,000.00", "385.00", "5,615.00", "93.6%", "128.33", "345.00", "115.00", "285.0% more than before"):
        assert shown in page


def test_top_merchants_and_accounts_link_to_their_transactions(client, money):
    response = _page(client, money.user, period="3m")
    trends = response.context["trends"]
    merchants = {row.spending.merchant.upper(): row.spending.spent for row in trends.merchants}
    assert merchants["SAFEWAY"] == Decimal("230.00")  # 50 + 200 - 20 refunded
    assert merchants["COSTCO"] == Decimal("100.00")  # both split lines
    assert "HOTEL PARIS" not in merchants
    assert "BIRTHDAY GIFT" not in merchants
    safeway = next(row for row in trends.merchants if row.spending.merchant.upper() == "SAFEWAY")
    assert safeway.url == transactions_url(start=SEP, end=date(2026, 11, 30), text=safeway.spending.merchant)
    flows = {row.flow.account.name: (row.flow.money_in, row.flow.money_out) for row in trends.accounts}
    assert flows == {
        "Everyday Checking": (Decimal("6000.00"), Decimal("355.00")),
        "Rewards Card": (Decimal(0), Decimal("30.00")),
    }
    card = money.accounts["card"]
    page = response.content.decode()
    assert transactions_url(start=SEP, end=date(2026, 11, 30), account_id=card.pk).replace("&", "&amp;") in page


def test_choosing_a_category_narrows_the_chart_the_table_and_the_merchants(client, money):
    merchandise = category(money.user, "GENERAL_MERCHANDISE")
    response = _page(client, money.user, period="3m", category=[merchandise.pk])
    trends = response.context["trends"]
    assert [row.category for row in trends.category_rows] == [merchandise]
    assert [f.amount for f in trends.category_rows[0].months] == [Decimal(0), Decimal(0), Decimal("40.00")]
    assert [row.spending.merchant.upper() for row in trends.merchants] == ["COSTCO"]
    assert [row.spending.spent for row in trends.merchants] == [Decimal("40.00")]
    chart = str(response.context["chart"])
    assert f"Spending per month on {merchandise.name}" in chart
    assert merchandise.color.lower() in chart.lower()
    assert category(money.user, "FOOD_AND_DRINK").name not in chart
    assert response.context["form"]["category"].value() == [str(merchandise.pk)]


def test_a_primary_includes_the_persons_own_categories_under_it(client, money):
    food = category(money.user, "FOOD_AND_DRINK")
    trends = _page(client, money.user, period="3m", category=[food.pk]).context["trends"]
    assert trends.category_rows[0].total.amount == Decimal("345.00")  # with the 25 at the Farmers market
    assert trends.chosen_spent == Decimal("345.00")
    assert trends.chosen_change == Decimal("245.0")  # against the 100 from June to August
    assert trends.chosen_average == Decimal("115.00")
    assert trends.summary.spending == Decimal("385.00"), "the summary still shows all spending beside it"


def test_a_figure_links_to_its_category_and_month(client, money):
    food = category(money.user, "FOOD_AND_DRINK")
    response = _page(client, money.user, period="3m", category=[food.pk])
    november = response.context["trends"].category_rows[0].months[2]
    assert november.url == f"/transactions/?date_from=2026-11-01&date_to=2026-11-30&category={food.pk}&transfers=hide"
    assert november.url.replace("&", "&amp;") in response.content.decode()
    listing = client.get(november.url)
    shown = {txn.description for txn in listing.context["page"].rows}
    assert {"SAFEWAY", "COSTCO", "TRADER JOE'S", "GREEN STALL"} <= shown
    assert "TO SAVINGS" not in shown


def test_custom_months_and_presets(client, money):
    custom = _page(client, money.user, period="custom", start="2026-11", end="2026-11").context["trends"]
    assert custom.months == [NOV]
    assert custom.summary.spending == Decimal("335.00")
    assert (custom.previous_start, custom.previous_end) == (OCT, date(2026, 10, 31))
    assert custom.spending_change == Decimal("570.0")  # 335 against October's 50
    this_year = _page(client, money.user, period="this_year").context["trends"]
    assert (this_year.months[0], this_year.months[-1], this_year.end) == (
        date(2026, 1, 1),
        date(2026, 12, 1),
        date(2026, 12, 15),
    )
    assert this_year.summary.spending == Decimal("485.00")
    last_year = _page(client, money.user, period="last_year").context["trends"]
    assert (last_year.start, last_year.end) == (date(2025, 1, 1), date(2025, 12, 31))
    default = _page(client, money.user).context["trends"]
    assert (default.months[0], default.months[-1]) == (date(2025, 12, 1), NOV)  # the last 12 full months


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"period": "custom", "start": "2026-11", "end": "2026-10"}, "The last month is before the first one."),
        ({"period": "custom", "start": "2020-01", "end": "2026-11"}, "Choose at most 60 months"),
        ({"period": "custom", "start": "2026-13"}, "Enter a month as YYYY-MM"),
        ({"period": "custom"}, "Choose the first month"),
        ({"period": "forever"}, "Select a valid choice"),
        ({"category": "x"}, "That category is not one of yours."),
    ],
)
def test_bad_input_is_a_clear_error_not_a_page_of_figures(client, money, params, message):
    response = _page(client, money.user, **params)
    assert response.status_code == 200
    assert response.context["trends"] is None
    assert message in response.content.decode()


def test_another_persons_category_is_refused_and_their_money_never_shows(client, money):
    outsider = UserFactory()
    theirs = category(outsider, "FOOD_AND_DRINK")
    TransactionFactory(
        user=outsider, date=date(2026, 11, 3), amount=Decimal("-777.00"), description="OUTSIDER SECRET", category=theirs
    )
    refused = _page(client, money.user, period="3m", category=[theirs.pk])
    assert refused.context["trends"] is None
    assert "That category is not one of yours." in refused.content.decode()
    mine = _page(client, money.user, period="3m").content.decode()
    assert "OUTSIDER" not in mine
    assert "777" not in mine
    theirs_page = _page(client, outsider, period="3m")
    assert theirs_page.context["trends"].summary.spending == Decimal("777.00")
    assert "SAFEWAY" not in theirs_page.content.decode().upper()


def test_nothing_in_the_months_shows_an_empty_state(client, db):
    response = _page(client, UserFactory(), period="3m")
    assert response.context["trends"].has_data is False
    assert "Nothing in these months" in response.content.decode()


def test_an_anonymous_visitor_is_sent_to_log_in(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/login" in response["Location"]


def test_the_query_count_does_not_grow_with_transactions_or_categories(client, bank):
    user = bank.user
    bank.add("SAFEWAY", "-10.00", date=date(2026, 11, 6), category_detailed="FOOD_AND_DRINK_GROCERIES")
    food = category(user, "FOOD_AND_DRINK")
    client.force_login(user)

    def queries(params) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(URL, params).status_code == 200
        return len(captured)

    queries({"period": "3m"})  # the first request of a session does more (the session, the user's categories)
    few = queries({"period": "3m", "category": [food.pk]})
    few_all = queries({"period": "3m"})
    codes = {
        "GENERAL_MERCHANDISE": "GENERAL_MERCHANDISE_SUPERSTORES",
        "TRANSPORTATION": "TRANSPORTATION_GAS",
        "ENTERTAINMENT": "ENTERTAINMENT_TV_AND_MOVIES",
        "TRAVEL": "TRAVEL_FLIGHTS",
    }
    for day in range(1, 29):
        for index, code in enumerate(codes.values()):
            bank.add(f"SHOP {index}", f"-{day}.00", date=date(2026, 10, day), category_detailed=code)
    more = [category(user, primary).pk for primary in codes]
    many = queries({"period": "3m", "category": [food.pk, *more]})
    many_all = queries({"period": "3m"})
    assert many == few
    assert many_all == few_all
    assert many_all < 40


def test_months_before_the_history_starts_are_not_compared_with(client, bank):
    """A history that starts within the months compared with would show growth that is only its start."""
    bank.add("SAFEWAY", "-10.00", date=date(2026, 8, 20), category_detailed="FOOD_AND_DRINK_GROCERIES")
    bank.add("SAFEWAY", "-300.00", date=date(2026, 10, 20), category_detailed="FOOD_AND_DRINK_GROCERIES")

    response = _page(client, bank.user, period="3m")  # September to November, against June to August

    trends = response.context["trends"]
    assert trends.summary.spending == Decimal("300.00")
    assert trends.previous.spending == Decimal("10.00")
    assert trends.spending_change is None
    page = response.content.decode()
    assert "more than before" not in page
    assert "not compared: your history starts on 20 Aug 2026, after 1 Jun 2026." in page
    assert "nothing to compare before" in page
