"""`manage.py generate_report`: a person's report from the shell, made once, announced when new, and clear
refusals for an unknown person, a period that is not one, and a period that has not ended."""

import re
from datetime import UTC, date, datetime
from io import StringIO

import pytest
import time_machine
from django.conf import settings
from django.core.management import CommandError, call_command

from accounts.models import Notification
from accounts.services import has_amount
from accounts.tests.factories import UserFactory
from reports.models import Report

pytestmark = pytest.mark.django_db

NOV_20 = datetime(2026, 11, 20, 12, tzinfo=UTC)  # a Friday


def generate_report(*args: str) -> list[str]:
    out = StringIO()
    call_command("generate_report", *args, stdout=out)
    return out.getvalue().splitlines()


def announcements_of(user) -> list[str]:
    return list(
        Notification.objects.filter(user=user, kind=Notification.Kind.REPORT_READY).values_list("title", flat=True)
    )


@time_machine.travel(NOV_20)
def test_a_monthly_report_is_made_announced_once_and_printed_with_its_address(
    bank, mailoutbox, django_capture_on_commit_callbacks
):
    bank.add("SAFEWAY #1234", "-84.20", date=date(2026, 10, 14), merchant_name="Safeway")
    bank.add("ACME PAYROLL", "2500.00", date=date(2026, 10, 15))
    bank.add("SAFEWAY #1234", "-31.00", date=date(2026, 11, 3), merchant_name="Safeway")  # November's: not in it
    with django_capture_on_commit_callbacks(execute=True):
        said = generate_report("--user", bank.user.email.upper(), "--kind", "monthly", "--period", "2026-10")
    (report,) = Report.objects.filter(user=bank.user)
    assert (report.kind, report.period_start, report.period_end) == ("monthly", date(2026, 10, 1), date(2026, 10, 31))
    assert said == [
        f"made the monthly report for October 2026 (2026-10); {bank.user.email} is told it is ready",
        f"{settings.SITE_URL}/reports/{report.pk}/",
    ]
    assert "84.20" in report.html
    assert "2,500.00" in report.html
    assert "31.00" not in report.html
    assert report.pdf.startswith(b"%PDF")
    assert announcements_of(bank.user) == ["Your monthly report is ready"]
    (email,) = mailoutbox
    assert f"/reports/{report.pk}/" in email.body
    assert not has_amount(email.body)
    assert not email.attachments

    with django_capture_on_commit_callbacks(execute=True):
        again = generate_report("--user", bank.user.email, "--kind", "monthly", "--period", "2026-10")
    assert again[0].startswith("the monthly report for October 2026 (2026-10) was already there, made 2026-11-20")
    assert again[1] == said[1]
    assert Report.objects.filter(user=bank.user).count() == 1
    assert len(mailoutbox) == 1


def test_remake_renders_the_report_again_at_the_same_address_without_a_second_announcement(bank):
    bank.add("SAFEWAY #1234", "-84.20", date=date(2026, 10, 14), merchant_name="Safeway")
    with time_machine.travel(NOV_20):
        first = generate_report("--user", bank.user.email, "--kind", "monthly", "--period", "2026-10")
    bank.add("TRADER JOE'S #552", "-47.35", date=date(2026, 10, 20), merchant_name="Trader Joe's")  # arrived late
    with time_machine.travel(datetime(2026, 11, 21, 12, tzinfo=UTC)):
        remade = generate_report("--user", bank.user.email, "--kind", "monthly", "--period", "2026-10", "--remake")
    (report,) = Report.objects.filter(user=bank.user)
    assert remade == [
        "made the monthly report for October 2026 (2026-10) again, at the same address (not announced again)",
        first[1],
    ]
    assert "47.35" in report.html
    assert report.generated_at.date() == date(2026, 11, 21)
    assert announcements_of(bank.user) == ["Your monthly report is ready"]


@time_machine.travel(NOV_20)
def test_a_weekly_report_for_an_iso_week_and_the_last_week_by_default(bank):
    bank.add("BLUE BOTTLE COFFEE", "-6.50", date=date(2026, 11, 4), merchant_name="Blue Bottle Coffee")
    said = generate_report("--user", bank.user.email, "--kind", "weekly", "--period", "2026-W45")
    assert said[0] == f"made the weekly report for 2 Nov – 8 Nov 2026 (2026-W45); {bank.user.email} is told it is ready"
    (report,) = Report.objects.filter(user=bank.user)
    assert (report.period_start, report.period_end) == (date(2026, 11, 2), date(2026, 11, 8))
    assert "6.50" in report.html
    latest = generate_report("--user", bank.user.email, "--kind", "weekly")
    assert "(2026-W46)" in latest[0], "the last week that has ended: 9 to 15 November"
    assert announcements_of(bank.user) == ["Your weekly report is ready"] * 2


@time_machine.travel(NOV_20)
@pytest.mark.parametrize(
    ("args", "complaint"),
    [
        (["--user", "nobody@example.com", "--kind", "monthly", "--period", "2026-10"], "No user has the email address"),
        (["--kind", "monthly", "--period", "2026-13"], "'2026-13' is not a month: write the year and month, such as"),
        (["--kind", "weekly", "--period", "2026-10"], "'2026-10' is not a week: write the ISO year and week, such as"),
        (["--kind", "weekly", "--period", "2026-W54"], "'2026-W54' is not a week"),
        (["--kind", "daily", "--period", "2026-10"], "invalid choice: 'daily' (choose from 'weekly', 'monthly')"),
        (["--kind", "monthly", "--period", "2026-11"], "November 2026 has not ended yet"),
        (["--kind", "weekly", "--period", "2026-W47"], "16 Nov – 22 Nov 2026 has not ended yet"),
        (["--kind", "monthly", "--period", "2027-01"], "January 2027 has not ended yet"),
    ],
)
def test_refusals_say_what_is_wrong_and_make_nothing(args, complaint):
    owner = UserFactory()
    if "--user" not in args:
        args = ["--user", owner.email, *args]
    with pytest.raises(CommandError, match=re.escape(complaint)):
        generate_report(*args)
    assert not Report.objects.exists()
    assert announcements_of(owner) == []


def test_a_month_has_ended_when_it_has_ended_where_the_person_lives(bank):
    bank.user.timezone = "Asia/Tokyo"
    bank.user.save(update_fields=["timezone"])
    london = UserFactory(timezone="Europe/London")
    with time_machine.travel(datetime(2026, 11, 30, 20, tzinfo=UTC)):  # Tokyo: 1 December, 05:00
        said = generate_report("--user", bank.user.email, "--kind", "monthly", "--period", "2026-11")
        assert said[0].startswith("made the monthly report for November 2026")
        with pytest.raises(CommandError, match="November 2026 has not ended yet"):
            generate_report("--user", london.email, "--kind", "monthly", "--period", "2026-11")


def test_someone_who_cannot_sign_in_gets_no_report():
    gone = UserFactory(is_active=False)
    with pytest.raises(CommandError, match="is not active"):
        generate_report("--user", gone.email, "--kind", "monthly", "--period", "2026-10")
