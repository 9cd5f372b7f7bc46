from datetime import UTC, date, datetime, time

import pytest
import time_machine
from django.core.management import CommandError, call_command

from accounts.models import Notification, User
from banking.models import Connection, SyncRun
from banking.services import connection_sync_enqueue
from budgets.models import UnusualCharge
from budgets.selectors import bills_overview, budget_statuses, local_today
from reports.management.commands.seed_demo import DEMO_EMAIL, DEMO_PASSWORD
from reports.models import Report
from reports.periods import last_complete_period
from transactions.models import Transaction

pytestmark = pytest.mark.django_db


def test_the_demo_user_signs_in_to_a_year_of_demo_bank_history(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo")
        call_command("seed_demo")
    (connection,) = Connection.objects.filter(user__email=DEMO_EMAIL)
    assert connection.status == Connection.Status.HEALTHY
    dates = Transaction.objects.filter(user__email=DEMO_EMAIL).values_list("date", flat=True)
    assert (max(dates) - min(dates)).days >= 365
    response = client.post("/accounts/login/", {"login": DEMO_EMAIL, "password": DEMO_PASSWORD})
    assert response.url == "/"
    user = User.objects.get(email=DEMO_EMAIL)
    reports = {report.kind: report for report in Report.objects.filter(user=user)}
    for kind in ("weekly", "monthly"):  # the last full week and month, made once however often seed_demo runs
        last = last_complete_period(kind, local_today(user))
        assert (reports[kind].period_start, reports[kind].period_end) == (last.start, last.end)
        assert reports[kind].pdf.startswith(b"%PDF")
        assert client.get(f"/reports/{reports[kind].pk}/").status_code == 200
    announced = Notification.objects.filter(user=user, kind=Notification.Kind.REPORT_READY)
    assert sorted(announced.values_list("title", flat=True)) == [
        "Your monthly report is ready",
        "Your weekly report is ready",
    ]


def test_seed_demo_refuses_to_run_in_production(settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="does not run in production"):
        call_command("seed_demo")


@pytest.mark.django_db(transaction=True)  # commits for real: the first import runs when the link commits
@pytest.mark.parametrize("day", [date(2026, 11, 16), date(2026, 11, 21)])  # a Monday, a Saturday
def test_the_demo_has_budgets_and_a_sync_now_pushes_one_past_80_percent(day):
    with time_machine.travel(datetime.combine(day, time(9), tzinfo=UTC)):
        call_command("seed_demo")
        user = User.objects.get(email=DEMO_EMAIL)
        statuses = {status.budget.name: status for status in budget_statuses(user=user)}
        assert set(statuses) == {"Groceries", "Eating out", "Shopping", "Day to day"}
        monthly = [status for status in statuses.values() if status.budget.period == "monthly"]
        assert all(status.current.spent > 0 for status in monthly), "realistic progress, not empty bars"
        assert not Notification.objects.filter(user=user, kind=Notification.Kind.BUDGET_ALERT).exists()
        bills = bills_overview(user=user)
        assert {"Netflix", "Spotify", "Comcast", "PG&E"} <= {row.bill.name for row in bills.bills}
        assert [bill.name for bill in bills.suggestions] == ["Apple"], "the cheapest is left to confirm or ignore"
        assert all(row.bill.next_due >= day for row in bills.bills)
        reminders = Notification.objects.filter(user=user, kind=Notification.Kind.BILL_REMINDER)
        assert "A bill is due in 2 days" in {reminder.title for reminder in reminders}
        flagged = UnusualCharge.objects.filter(user=user).first()
        assert flagged is not None
        assert flagged.explanation
        (connection,) = Connection.objects.filter(user=user)
        connection_sync_enqueue(connection=connection, trigger=SyncRun.Trigger.MANUAL)  # "Sync now"
    titles = Notification.objects.filter(user=user, kind=Notification.Kind.BUDGET_ALERT).values_list("title", flat=True)
    # 80%, or 100% when a Monday morning's small spending made the budget small and one purchase passed both
    assert {"Day to day: 80% of this week's budget used", "Day to day: 100% of this week's budget used"} & set(titles)
