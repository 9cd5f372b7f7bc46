"""The Budgets page, a budget's page and the budget form, for the owner and for anyone else."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.tests.factories import UserFactory
from budgets.models import Budget
from budgets.tests.factories import budget_for, category
from budgets.tests.test_budgets import GROCERIES, RESTAURANTS, spend


@pytest.fixture(autouse=True)
def _november_20():
    with time_machine.travel(datetime(2026, 11, 20, 12, tzinfo=UTC)):
        yield


def form_data(user, **changes) -> dict:
    data = {
        "name": "Eating out",
        "categories": [category(user, RESTAURANTS).pk],
        "amount": "250",
        "currency": "USD",
        "period": "monthly",
        "month_start_day": "1",
        "week_start_day": "0",
        "rollover": "surplus",
        "thresholds": "50, 90",
        "alert_projected": "on",
        "starts_on": "2026-11-01",
    }
    return {**data, **changes}


def test_the_budgets_page_shows_each_budget_with_its_progress(bank, client):
    budget_for(bank.user, GROCERIES, amount="400", rollover="surplus", starts_on=date(2026, 10, 1))
    spend(bank, "-300.00", date(2026, 10, 5))
    spend(bank, "-260.00", date(2026, 11, 5))
    client.force_login(bank.user)
    page = client.get(reverse("budget_list")).content.decode()
    assert "Groceries" in page
    assert "November 2026" in page
    assert "260.00&nbsp;USD</strong> spent of 500.00&nbsp;USD" in page  # 400 plus 100 carried from October
    assert "+100.00&nbsp;USD" in page
    assert "left before" in page
    assert "11 days left" in page
    assert 'value="52"' in page  # the progress bar


def test_the_budgets_page_asks_the_same_number_of_queries_for_more_budgets_and_spending(bank, client):
    client.force_login(bank.user)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("budget_list")).status_code == 200
        return len(captured)

    budget_for(bank.user, GROCERIES, rollover="both", starts_on=date(2025, 1, 1))
    spend(bank, "-5.00", date(2026, 11, 1))
    queries()  # the first request of a session also records the session
    few = queries()
    budget_for(bank.user, RESTAURANTS, name="Eating out", rollover="both", starts_on=date(2025, 1, 1))
    budget_for(bank.user, "TRANSPORTATION_GAS", name="Fuel", starts_on=date(2025, 1, 1))
    for day in range(1, 20):
        spend(bank, "-5.00", date(2026, 10, day), RESTAURANTS)
    assert queries() == few


def test_a_budgets_page_lists_what_counts_and_adds_up_to_the_spending(bank, client):
    budget = budget_for(bank.user, GROCERIES, amount="400")
    spend(bank, "-120.00", date(2026, 11, 3), merchant_name="Safeway")
    spend(bank, "20.00", date(2026, 11, 4), merchant_name="Safeway")
    spend(bank, "-99.00", date(2026, 11, 5), RESTAURANTS, merchant_name="Nopa")
    spend(bank, "-55.00", date(2026, 10, 5), merchant_name="Trader Joe's")
    client.force_login(bank.user)
    page = client.get(reverse("budget_detail", args=[budget.pk])).content.decode()
    assert "Safeway" in page
    assert "Nopa" not in page
    assert "refund" in page
    assert "<strong>100.00&nbsp;USD</strong>" in page
    october = client.get(reverse("budget_detail", args=[budget.pk]), {"period": "2026-10-01"}).content.decode()
    assert "Trader Joe" in october
    assert "October 2026" in october
    assert client.get(reverse("budget_detail", args=[budget.pk]), {"period": "2026-10-02"}).status_code == 404


def test_creating_a_budget(bank, client):
    client.force_login(bank.user)
    response = client.post(reverse("budget_create"), form_data(bank.user), follow=True)
    budget = Budget.objects.get(user=bank.user)
    assert "Budget “Eating out” created." in response.content.decode()
    assert (budget.amount, budget.thresholds, budget.rollover) == (Decimal("250"), [50, 90], "surplus")
    assert [c.code for c in budget.categories.all()] == [RESTAURANTS]


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"amount": "0"}, "Enter an amount above zero."),
        ({"amount": "-5"}, "Enter an amount above zero."),
        ({"thresholds": "80, 250"}, "whole percentages from 1 to 200"),
        ({"thresholds": "eighty"}, "whole percentages from 1 to 200"),
        ({"month_start_day": "32"}, "less than or equal to 31"),
        ({"categories": []}, "Choose at least one category."),
        ({"name": "Food 12.50"}, "leave the amount out"),
    ],
)
def test_a_bad_budget_gets_a_clear_error_and_nothing_is_saved(bank, client, changes, error):
    client.force_login(bank.user)
    response = client.post(reverse("budget_create"), form_data(bank.user, **changes))
    assert response.status_code == 200
    assert error in response.content.decode()
    assert not Budget.objects.exists()


def test_a_second_budget_for_the_same_category_and_period_is_refused(bank, client):
    budget_for(bank.user, RESTAURANTS, name="Restaurants")
    client.force_login(bank.user)
    response = client.post(reverse("budget_create"), form_data(bank.user))
    assert "already has a monthly budget: “Restaurants”." in response.content.decode()
    assert Budget.objects.count() == 1


def test_someone_elses_category_is_not_accepted(bank, client):
    client.force_login(bank.user)
    other = category(UserFactory(), RESTAURANTS)
    response = client.post(reverse("budget_create"), form_data(bank.user, categories=[other.pk]))
    assert "Choose your own categories." in response.content.decode() or "valid choice" in response.content.decode()
    assert not Budget.objects.exists()


def test_editing_and_deleting(bank, client):
    budget = budget_for(bank.user, GROCERIES, amount="100")
    client.force_login(bank.user)
    changes = {"name": "Food shopping", "categories": [category(bank.user, GROCERIES).pk], "amount": "120"}
    client.post(reverse("budget_edit", args=[budget.pk]), form_data(bank.user, **changes))
    budget.refresh_from_db()
    assert (budget.name, budget.amount) == ("Food shopping", Decimal("120"))
    client.post(reverse("budget_delete", args=[budget.pk]))
    assert not Budget.objects.exists()


def test_an_outsider_gets_404_everywhere(bank, client):
    budget = budget_for(bank.user, GROCERIES)
    client.force_login(UserFactory())
    for name in ("budget_detail", "budget_edit", "budget_delete"):
        assert client.get(reverse(name, args=[budget.pk])).status_code == 404
    assert client.post(reverse("budget_delete", args=[budget.pk])).status_code == 404
    assert client.post(reverse("budget_edit", args=[budget.pk]), form_data(bank.user)).status_code == 404
    assert Budget.objects.filter(pk=budget.pk, name="Groceries").exists()
    assert "Groceries" not in client.get(reverse("budget_list")).content.decode()


def test_an_empty_budgets_page_says_what_budgets_do(db, client):
    client.force_login(UserFactory())
    page = client.get(reverse("budget_list")).content.decode()
    assert "No budgets yet" in page
    assert reverse("budget_create") in page
