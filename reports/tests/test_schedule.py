"""The hourly schedule: each person's report is made at 07:00 in their own time zone on the due day, once, and
announced by one email that carries a link and no amounts.

These tests are about when reports are made and how they are announced, not about their content (test_document
covers that): the renderer is replaced by one that returns a fixed page, which keeps them quick."""

import re
import threading
from datetime import UTC, date, datetime

import pytest
import time_machine
from celery.schedules import crontab
from django.conf import settings
from django.db import connection as db_connection
from django.db import transaction

from accounts.models import Notification
from accounts.services import has_amount
from accounts.tests.factories import UserFactory
from banking.models import BankAccount
from finsync.celery import app as celery_app
from reports import services
from reports.document import RenderedReport
from reports.models import Report
from reports.tasks import send_due_reports

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def quick_render(monkeypatch):
    """A fixed page in place of the real report, and the people it rendered for (in order)."""
    rendered = []

    def render(*, user, kind, period):
        rendered.append((user.email, kind, period.start))
        return RenderedReport(currency="USD", html="<p>The report</p>", pdf=b"%PDF-1.4 test")

    monkeypatch.setattr(services, "report_render", render)
    return rendered


def person(**fields):
    """Someone with a bank account (people without one have nothing to report)."""
    user = UserFactory(**fields)
    BankAccount.objects.create(user=user, provider_account_id="", name="Checking", type="depository", currency="USD")
    return user


def run_at(moment: datetime) -> int:
    with time_machine.travel(moment, tick=False):
        return send_due_reports()


def reports_of(user) -> list[tuple[str, date, date]]:
    return sorted(Report.objects.filter(user=user).values_list("kind", "period_start", "period_end"))


def announcements_of(user) -> list[str]:
    return list(
        Notification.objects.filter(user=user, kind=Notification.Kind.REPORT_READY).values_list("title", flat=True)
    )


NOVEMBER = ("monthly", date(2026, 11, 1), date(2026, 11, 30))


def test_a_monthly_report_is_made_at_seven_on_the_first_in_tokyo_and_not_in_london_until_its_own_seven():
    tokyo, london = person(timezone="Asia/Tokyo"), person(timezone="Europe/London")
    assert run_at(datetime(2026, 11, 30, 21, 10, tzinfo=UTC)) == 0  # Tokyo: 1 December, 06:10
    assert reports_of(tokyo) == []
    assert run_at(datetime(2026, 11, 30, 22, 10, tzinfo=UTC)) == 1  # Tokyo: 1 December, 07:10
    assert (reports_of(tokyo), reports_of(london)) == ([NOVEMBER], [])
    assert announcements_of(tokyo) == ["Your monthly report is ready"]
    assert run_at(datetime(2026, 12, 1, 6, 10, tzinfo=UTC)) == 0  # London: 1 December, 06:10 (GMT)
    assert reports_of(london) == []
    assert run_at(datetime(2026, 12, 1, 7, 10, tzinfo=UTC)) == 1  # London: 07:10
    assert reports_of(london) == [NOVEMBER]
    assert reports_of(tokyo) == [NOVEMBER], "made once"
    assert announcements_of(tokyo) == announcements_of(london) == ["Your monthly report is ready"]


@pytest.mark.parametrize(
    ("six_local", "seven_local", "week_start"),
    [
        (datetime(2026, 11, 16, 11, 10, tzinfo=UTC), datetime(2026, 11, 16, 12, 10, tzinfo=UTC), date(2026, 11, 9)),
        # the Monday after clocks went forward (8 March 2026): 07:00 is an hour earlier in UTC
        (datetime(2026, 3, 9, 10, 10, tzinfo=UTC), datetime(2026, 3, 9, 11, 10, tzinfo=UTC), date(2026, 3, 2)),
    ],
)
def test_a_weekly_report_is_made_on_monday_at_seven_in_new_york(six_local, seven_local, week_start):
    new_yorker = person(timezone="America/New_York", report_frequency="weekly")
    assert run_at(six_local) == 0
    assert run_at(seven_local) == 1
    (report,) = Report.objects.filter(user=new_yorker)
    assert (report.kind, report.period_start, report.period_end.weekday()) == ("weekly", week_start, 6)
    assert (report.period_end - report.period_start).days == 6, "Monday to Sunday"
    assert announcements_of(new_yorker) == ["Your weekly report is ready"]


def test_a_missed_morning_is_caught_up_that_day_but_not_the_next():
    late, later = person(report_frequency="weekly"), person(report_frequency="weekly")
    assert run_at(datetime(2026, 11, 16, 18, 10, tzinfo=UTC)) == 2  # Monday evening: the morning runs did not happen
    assert len(reports_of(late)) == 1
    Report.objects.filter(user=later).delete()  # as if the evening had been missed too
    assert run_at(datetime(2026, 11, 17, 7, 10, tzinfo=UTC)) == 0  # Tuesday: not due any more
    assert reports_of(later) == []


def test_each_person_gets_the_reports_they_chose_and_both_on_a_first_that_is_a_monday(quick_render):
    both = person(report_frequency="both")
    weekly = person(report_frequency="weekly")
    monthly = person(report_frequency="monthly")
    none = person(report_frequency="none")
    no_accounts = UserFactory(report_frequency="both")  # nothing to report
    left = person(report_frequency="both", is_active=False)
    assert date(2026, 6, 1).weekday() == 0
    assert run_at(datetime(2026, 6, 1, 7, 10, tzinfo=UTC)) == 4
    may_week = ("weekly", date(2026, 5, 25), date(2026, 5, 31))
    may = ("monthly", date(2026, 5, 1), date(2026, 5, 31))
    assert reports_of(both) == [may, may_week]
    assert sorted(announcements_of(both)) == ["Your monthly report is ready", "Your weekly report is ready"]
    assert (reports_of(weekly), reports_of(monthly)) == ([may_week], [may])
    assert reports_of(none) == reports_of(no_accounts) == reports_of(left) == []
    assert announcements_of(none) == announcements_of(no_accounts) == announcements_of(left) == []
    assert len(quick_render) == 4


def test_the_task_run_twice_sends_one_email_with_a_link_and_no_amounts(mailoutbox, django_capture_on_commit_callbacks):
    owner = person(timezone="Asia/Tokyo")
    with django_capture_on_commit_callbacks(execute=True):
        assert run_at(datetime(2026, 11, 30, 22, 10, tzinfo=UTC)) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert run_at(datetime(2026, 11, 30, 23, 10, tzinfo=UTC)) == 0
    (email,) = mailoutbox
    (report,) = Report.objects.filter(user=owner)
    assert email.to == [owner.email]
    assert email.subject == "[FinSync] Your monthly report is ready"
    assert f"{settings.SITE_URL}/reports/{report.pk}/" in email.body
    assert f"{settings.SITE_URL}/settings/" in email.body, "links to the notification preferences"
    assert not email.attachments
    assert not email.alternatives, "plain text, no report inside"
    assert not has_amount(email.subject)
    assert not has_amount(email.body)
    assert not re.search(r"\b(USD|EUR|GBP|JPY)\b", email.body)
    assert announcements_of(owner) == ["Your monthly report is ready"]


def test_no_email_for_someone_who_turned_report_emails_off_but_the_report_and_the_bell_are_there(
    mailoutbox, django_capture_on_commit_callbacks
):
    quiet = person(email_reports_ready=False)
    with django_capture_on_commit_callbacks(execute=True):
        run_at(datetime(2026, 12, 1, 7, 10, tzinfo=UTC))
    assert mailoutbox == []
    assert (reports_of(quiet), announcements_of(quiet)) == ([NOVEMBER], ["Your monthly report is ready"])


def test_one_persons_failure_does_not_stop_the_others_and_is_tried_again_next_hour(monkeypatch, caplog):
    broken, fine = person(), person()
    failing = {broken.pk}
    render = services.report_render

    def render_or_fail(*, user, kind, period):
        if user.pk in failing:
            raise RuntimeError("the renderer fell over")
        return render(user=user, kind=kind, period=period)

    monkeypatch.setattr(services, "report_render", render_or_fail)
    assert run_at(datetime(2026, 12, 1, 7, 10, tzinfo=UTC)) == 1
    assert (reports_of(broken), reports_of(fine)) == ([], [NOVEMBER])
    assert announcements_of(broken) == []
    (logged,) = [record for record in caplog.records if record.levelname == "ERROR"]
    expected = f"The monthly report 2026-11 of user {broken.pk} was not made; the next hourly run tries again"
    assert logged.getMessage() == expected
    assert logged.exc_info is not None
    failing.clear()  # fixed by the next hour
    assert run_at(datetime(2026, 12, 1, 8, 10, tzinfo=UTC)) == 1
    assert (reports_of(broken), announcements_of(broken)) == ([NOVEMBER], ["Your monthly report is ready"])
    assert announcements_of(fine) == ["Your monthly report is ready"], "not announced twice"


def test_a_report_whose_announcement_failed_is_not_kept_so_the_next_run_makes_and_announces_it(monkeypatch):
    owner = person()

    def notify_fails(**_):
        raise ConnectionError("the database went away mid-way")

    notify = services.notify
    monkeypatch.setattr(services, "notify", notify_fails)
    assert run_at(datetime(2026, 12, 1, 7, 10, tzinfo=UTC)) == 0
    assert reports_of(owner) == [], "no report that nobody was told of"
    monkeypatch.setattr(services, "notify", notify)
    assert run_at(datetime(2026, 12, 1, 8, 10, tzinfo=UTC)) == 1
    assert (reports_of(owner), announcements_of(owner)) == ([NOVEMBER], ["Your monthly report is ready"])


def test_reports_already_made_cost_two_queries_and_days_with_nothing_due_cost_none(
    django_assert_num_queries, quick_render
):
    people = [person(report_frequency="both") for _ in range(5)]
    run_at(datetime(2026, 6, 1, 7, 10, tzinfo=UTC))
    assert len(quick_render) == 10
    with django_assert_num_queries(2):  # the people, the reports they have
        assert run_at(datetime(2026, 6, 1, 8, 10, tzinfo=UTC)) == 0
    with django_assert_num_queries(0):  # a Wednesday the 10th: no one anywhere is on a Monday or a 1st
        assert run_at(datetime(2026, 6, 10, 7, 10, tzinfo=UTC)) == 0
    assert len(quick_render) == 10
    assert all(len(reports_of(someone)) == 2 for someone in people)


def test_the_schedule_runs_the_task_every_hour():
    entry = settings.CELERY_BEAT_SCHEDULE["send-due-reports"]
    assert entry["schedule"] == crontab(minute=10)
    assert entry["task"] == send_due_reports.name
    assert entry["task"] in celery_app.tasks, "a worker knows the task by that name"


@pytest.mark.skipif(db_connection.vendor != "postgresql", reason="runs at the same moment need PostgreSQL (CI runs it)")
@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_make_one_report_and_one_announcement():
    owner = person()
    barrier, errors = threading.Barrier(2), []

    def run() -> None:
        try:
            with transaction.atomic():
                barrier.wait(timeout=10)  # both runs are inside their database transactions
                services.reports_send_due(now=datetime(2026, 12, 1, 7, 10, tzinfo=UTC))
        except Exception as error:  # surfaced by the assertion below
            errors.append(error)
        finally:
            db_connection.close()

    with time_machine.travel(datetime(2026, 12, 1, 7, 10, tzinfo=UTC)):
        threads = [threading.Thread(target=run) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    assert errors == []
    assert (reports_of(owner), announcements_of(owner)) == ([NOVEMBER], ["Your monthly report is ready"])
