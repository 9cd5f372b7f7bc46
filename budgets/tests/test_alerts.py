"""Budget alerts: each threshold once per period, right after the spending that crossed it."""

import threading
from datetime import UTC, date, datetime

import pytest
import time_machine
from django.db import connection as db_connection
from django.db import transaction

from accounts.models import Notification
from budgets.models import Budget, BudgetAlert
from budgets.selectors import budget_status
from budgets.tests.factories import budget_for, category
from budgets.tests.test_budgets import GROCERIES, RESTAURANTS, spend
from transactions.services import transaction_update

NOV_20 = datetime(2026, 11, 20, 12, tzinfo=UTC)


def alerts(budget) -> list[tuple[str, int, date]]:
    return sorted(budget.alerts.values_list("kind", "threshold", "period_start"))


def budget_notifications(user) -> list[str]:
    return list(
        Notification.objects.filter(user=user, kind=Notification.Kind.BUDGET_ALERT)
        .order_by("created_at", "id")
        .values_list("title", flat=True)
    )


@time_machine.travel(NOV_20)
def test_each_threshold_alerts_once_per_period(bank, mailoutbox, django_capture_on_commit_callbacks):
    budget = budget_for(bank.user, GROCERIES, amount="100", alert_projected=False)
    with django_capture_on_commit_callbacks(execute=True):
        spend(bank, "-50.00", date(2026, 11, 2))
        assert alerts(budget) == []
        spend(bank, "-35.00", date(2026, 11, 3))  # 85%
        spend(bank, "-5.00", date(2026, 11, 4))  # 90%: 80% was told already
        spend(bank, "-20.00", date(2026, 11, 5))  # 110%
        spend(bank, "-20.00", date(2026, 11, 6))
    november = date(2026, 11, 1)
    assert alerts(budget) == [("threshold", 80, november), ("threshold", 100, november)]
    assert budget_notifications(bank.user) == [
        "Groceries: 80% of this month's budget used",
        "Groceries: 100% of this month's budget used",
    ]
    email = mailoutbox[-1]
    assert "Groceries: 100% of this month's budget used" in email.subject
    assert f"/budgets/{budget.pk}/" in email.body
    assert not any(figure in email.body for figure in ("110", "20.00", "$")), "emails carry no amounts"


@time_machine.travel(NOV_20)
def test_a_jump_past_both_thresholds_tells_the_highest_once(bank):
    budget = budget_for(bank.user, GROCERIES, amount="100", alert_projected=False)
    spend(bank, "-130.00", date(2026, 11, 2))
    assert [threshold for _, threshold, _ in alerts(budget)] == [80, 100]
    assert budget_notifications(bank.user) == ["Groceries: 100% of this month's budget used"]


def test_a_new_period_alerts_again(bank):
    budget = budget_for(bank.user, GROCERIES, amount="100", alert_projected=False)
    with time_machine.travel(datetime(2026, 10, 20, 12, tzinfo=UTC)):
        spend(bank, "-90.00", date(2026, 10, 19))
    with time_machine.travel(NOV_20):
        spend(bank, "-90.00", date(2026, 11, 19))
    assert alerts(budget) == [("threshold", 80, date(2026, 10, 1)), ("threshold", 80, date(2026, 11, 1))]


@time_machine.travel(NOV_20)
def test_spending_dated_in_a_past_period_does_not_alert(bank):
    budget = budget_for(bank.user, GROCERIES, amount="100")
    spend(bank, "-150.00", date(2026, 10, 28))  # posted late, in October's period
    assert alerts(budget) == []


@time_machine.travel(NOV_20)
def test_only_budgets_of_the_touched_categories_are_evaluated(bank):
    eating_out = budget_for(bank.user, RESTAURANTS, amount="100", name="Eating out", alert_projected=False)
    spend(bank, "-15.00", date(2026, 11, 1), RESTAURANTS)
    Budget.objects.filter(pk=eating_out.pk).update(amount=10)  # now over, with nothing evaluated since
    groceries = budget_for(bank.user, GROCERIES, amount="100", alert_projected=False)
    spend(bank, "-90.00", date(2026, 11, 2))
    assert [t for _, t, _ in alerts(groceries)] == [80]
    assert alerts(eating_out) == [], "already over, but no new spending of its own"
    spend(bank, "-1.00", date(2026, 11, 3), RESTAURANTS)
    assert [t for _, t, _ in alerts(eating_out)] == [80, 100]


@time_machine.travel(NOV_20)
def test_the_alert_exists_in_the_same_database_transaction_as_the_spending(bank):
    budget = budget_for(bank.user, GROCERIES, amount="100", alert_projected=False)
    with transaction.atomic():
        spend(bank, "-95.00", date(2026, 11, 2))
        assert budget.alerts.filter(threshold=80).exists(), "no waiting for a later job"
        transaction.set_rollback(True)
    assert not budget.alerts.exists(), "and it goes if the sync does not commit"


@time_machine.travel(NOV_20)
def test_an_edit_that_moves_spending_into_a_budget_alerts(bank):
    budget = budget_for(bank.user, GROCERIES, amount="100", alert_projected=False)
    txn = spend(bank, "-95.00", date(2026, 11, 2), RESTAURANTS)
    assert alerts(budget) == []
    transaction_update(user=bank.user, transaction=txn, changes={"category": category(bank.user, GROCERIES)})
    assert [t for _, t, _ in alerts(budget)] == [80]


@time_machine.travel(NOV_20)
def test_leaving_a_transaction_out_and_back_in(bank):
    budget = budget_for(bank.user, GROCERIES, amount="100", alert_projected=False)
    txn = spend(bank, "-50.00", date(2026, 11, 2))
    transaction_update(user=bank.user, transaction=txn, changes={"is_excluded": True})
    spend(bank, "-45.00", date(2026, 11, 3))
    assert alerts(budget) == []  # 45%: the excluded 50 does not count
    transaction_update(user=bank.user, transaction=txn, changes={"is_excluded": False})
    assert [t for _, t, _ in alerts(budget)] == [80]


@time_machine.travel(datetime(2026, 11, 12, 12, tzinfo=UTC))
def test_on_pace_to_exceed_alerts_once(bank):
    budget = budget_for(bank.user, GROCERIES, amount="300", thresholds=[100])
    spend(bank, "-150.00", date(2026, 11, 10))  # 150 in 12 of 30 days: 375 by the month's end
    spend(bank, "-10.00", date(2026, 11, 11))
    assert alerts(budget) == [("projected", 100, date(2026, 11, 1))]
    assert budget_notifications(bank.user) == ["Groceries: at this pace you will exceed this month's budget"]


@time_machine.travel(datetime(2026, 11, 12, 12, tzinfo=UTC))
def test_no_pace_alert_when_it_is_turned_off(bank):
    budget = budget_for(bank.user, GROCERIES, amount="300", thresholds=[100], alert_projected=False)
    spend(bank, "-150.00", date(2026, 11, 10))
    assert alerts(budget) == []


@pytest.mark.parametrize(("zone", "alerted"), [("America/Los_Angeles", True), ("Asia/Tokyo", False)])
def test_the_current_period_is_the_persons_own(bank, zone, alerted):
    bank.user.timezone = zone
    bank.user.save()
    budget = budget_for(bank.user, GROCERIES, amount="100", alert_projected=False)
    # 30 November 20:00 UTC: still November in Los Angeles, already 1 December in Tokyo.
    with time_machine.travel(datetime(2026, 11, 30, 20, tzinfo=UTC)):
        spend(bank, "-90.00", date(2026, 11, 30))
    assert bool(alerts(budget)) is alerted


@pytest.mark.parametrize(
    ("moment", "week", "days_left"),
    [
        # Los Angeles moves its clocks forward at 02:00 on Sunday 8 March 2026 (10:00 UTC).
        (datetime(2026, 3, 8, 7, 30, tzinfo=UTC), "1 Mar – 7 Mar 2026", 1),  # 23:30 on Saturday
        (datetime(2026, 3, 8, 10, 30, tzinfo=UTC), "8 Mar – 14 Mar 2026", 7),  # 03:30 on Sunday
    ],
)
def test_a_weekly_budget_over_a_clock_change(bank, moment, week, days_left):
    bank.user.timezone = "America/Los_Angeles"
    bank.user.save()
    budget = budget_for(bank.user, GROCERIES, period="weekly", week_start_day=6)
    with time_machine.travel(moment):
        today = budget_status(user=bank.user, budget=budget)
    assert (today.current.period.label, today.days_left) == (week, days_left)


@pytest.mark.skipif(db_connection.vendor != "postgresql", reason="concurrent syncs need PostgreSQL (CI runs it)")
@pytest.mark.django_db(transaction=True)
@time_machine.travel(NOV_20, tick=True)
def test_two_syncs_at_once_alert_once(bank):
    budget = budget_for(bank.user, GROCERIES, amount="100", alert_projected=False)
    spend(bank, "-70.00", date(2026, 11, 2))
    barrier, errors = threading.Barrier(2), []

    def sync(amount: str, day: int) -> None:
        try:
            with transaction.atomic():
                barrier.wait(timeout=10)  # both syncs are inside their database transactions
                spend(bank, amount, date(2026, 11, day))
        except Exception as error:  # surfaced by the assertion below
            errors.append(error)
        finally:
            db_connection.close()

    threads = [threading.Thread(target=sync, args=args) for args in (("-15.00", 3), ("-12.00", 4))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert BudgetAlert.objects.filter(budget=budget, threshold=80).count() == 1
    assert budget_notifications(bank.user) == ["Groceries: 80% of this month's budget used"]


@time_machine.travel(NOV_20)
def test_a_budget_made_past_a_threshold_tells_only_what_comes_after(bank):
    spend(bank, "-85.00", date(2026, 11, 2))
    budget_for(bank.user, GROCERIES, amount="100", alert_projected=False)
    assert budget_notifications(bank.user) == [], "the person sees the 85% as they make it"
    spend(bank, "-5.00", date(2026, 11, 3))
    assert budget_notifications(bank.user) == []
    spend(bank, "-15.00", date(2026, 11, 4))
    assert budget_notifications(bank.user) == ["Groceries: 100% of this month's budget used"]
