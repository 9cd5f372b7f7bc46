"""The Reports page, a report's page and its PDF: the owner's alone; making a report for a past period."""

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.tests.factories import PASSWORD, UserFactory
from reports.models import Report

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _december():
    with time_machine.travel(datetime(2026, 12, 2, 9, 0, tzinfo=UTC), tick=False):
        yield


def a_report(user, start=date(2026, 10, 1), end=date(2026, 10, 31), kind="monthly") -> Report:
    return Report.objects.create(
        user=user,
        kind=kind,
        period_start=start,
        period_end=end,
        currency="USD",
        html='<section class="report"><p>Income 1,234.56&nbsp;USD</p></section>',
        pdf=b"%PDF-1.7 the report",
    )


@pytest.fixture
def owner():
    return UserFactory()


@pytest.fixture
def report(owner):
    return a_report(owner)


def test_the_owner_sees_their_reports_with_view_and_download(client, owner, report):
    client.force_login(owner)
    page = client.get(reverse("report_list")).content.decode()
    assert "October 2026" in page
    assert reverse("report_detail", args=[report.pk]) in page
    assert reverse("report_pdf", args=[report.pk]) in page
    assert "No reports yet" not in page


def test_without_reports_the_page_says_so_and_offers_to_make_one(client, owner):
    client.force_login(owner)
    page = client.get(reverse("report_list")).content.decode()
    assert "No reports yet" in page
    assert 'value="2026-11"' in page, "the last month that has ended is offered"
    assert 'value="2026-W48"' in page, "and the last week (Monday 23 to Sunday 29 November)"
    assert '<input type="month" name="period"' in page
    assert '<input type="week" name="period"' in page
    assert "Make a monthly report</button>" in page
    assert "Make a weekly report</button>" in page


def test_the_owner_opens_the_report_and_downloads_its_pdf(client, owner, report):
    client.force_login(owner)
    page = client.get(reverse("report_detail", args=[report.pk])).content.decode()
    assert "Monthly report" in page
    assert "Income 1,234.56&nbsp;USD" in page, "the report as it was made"
    assert "Download PDF" in page

    response = client.get(reverse("report_pdf", args=[report.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="finsync-monthly-2026-10.pdf"'
    assert response.content == b"%PDF-1.7 the report"


def test_a_weekly_pdf_is_named_by_its_iso_week(client, owner):
    weekly = a_report(owner, date(2026, 11, 2), date(2026, 11, 8), kind="weekly")
    client.force_login(owner)
    response = client.get(reverse("report_pdf", args=[weekly.pk]))
    assert response["Content-Disposition"] == 'attachment; filename="finsync-weekly-2026-W45.pdf"'


def test_an_outsider_gets_404_for_the_report_and_its_pdf(client, report):
    client.force_login(UserFactory())
    assert client.get(reverse("report_detail", args=[report.pk])).status_code == 404
    assert client.get(reverse("report_pdf", args=[report.pk])).status_code == 404
    assert "October 2026" not in client.get(reverse("report_list")).content.decode()


def test_an_anonymous_visitor_signs_in_and_lands_on_the_report(client, owner, report):
    url = reverse("report_detail", args=[report.pk])
    response = client.get(url)
    assert response.status_code == 302
    assert response.url == f"{reverse('account_login')}?next={url}"

    signed_in = client.post(response.url, {"login": owner.email, "password": PASSWORD})
    assert signed_in.status_code == 302
    assert signed_in.url == url
    assert "Income 1,234.56" in client.get(signed_in.url).content.decode()


def test_the_list_does_not_ask_more_of_the_database_with_more_reports(client, owner):
    client.force_login(owner)
    a_report(owner)
    client.get(reverse("report_list"))  # the first page of a session does more (the session, the time zone)
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("report_list"))
    for month in range(1, 9):
        a_report(owner, date(2026, month, 1), date(2026, month, 28))
    with CaptureQueriesContext(connection) as nine:
        page = client.get(reverse("report_list")).content.decode()
    assert page.count("Download PDF<") == 9
    assert len(nine) == len(one)
    listed = next(query["sql"] for query in nine.captured_queries if 'FROM "reports_report"' in query["sql"])
    assert '"pdf"' not in listed, "the list never loads the PDFs"


@pytest.fixture
def spender(bank):
    bank.add("ACME CORP PAYROLL", "2000.00", date=date(2026, 10, 5), category_detailed="INCOME_SALARY")
    bank.add("SAFEWAY", "-123.45", date=date(2026, 10, 6), category_detailed="FOOD_AND_DRINK_GROCERIES")
    return bank.user


def test_making_a_report_for_a_past_month(client, spender, mailoutbox, django_capture_on_commit_callbacks):
    """It is announced once, like a scheduled one: the schedule then finds it made and sends nothing."""
    client.force_login(spender)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("report_new"), {"kind": "monthly", "period": "2026-10"}, follow=True)
    report = Report.objects.get(user=spender)
    assert (report.kind, report.period_start, report.period_end) == ("monthly", date(2026, 10, 1), date(2026, 10, 31))
    assert response.redirect_chain[-1][0] == reverse("report_detail", args=[report.pk])
    page = response.content.decode()
    assert "Report made for October 2026." in page
    assert "123.45&nbsp;USD" in page
    assert bytes(report.pdf).startswith(b"%PDF")
    (announcement,) = mailoutbox
    assert announcement.subject == "[FinSync] Your monthly report is ready"
    assert reverse("report_detail", args=[report.pk]) in announcement.body

    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(reverse("report_new"), {"kind": "monthly", "period": "2026-10"}, follow=True)
    assert "made again with today&#x27;s figures" in again.content.decode()
    assert len(mailoutbox) == 1, "made again, not announced again"
    assert Report.objects.filter(user=spender).count() == 1, "made again at the same address"
    assert again.redirect_chain[-1][0] == reverse("report_detail", args=[report.pk])


def test_making_a_report_for_a_past_week(client, spender):
    client.force_login(spender)
    client.post(reverse("report_new"), {"kind": "weekly", "period": "2026-W41"})
    report = Report.objects.get(user=spender)
    assert (report.period_start, report.period_end) == (date(2026, 10, 5), date(2026, 10, 11))
    assert report.period_start.weekday() == 0


@pytest.mark.parametrize(
    ("kind", "period", "error"),
    [
        ("monthly", "2026-12", "December 2026 has not ended yet"),
        ("monthly", "2027-03", "March 2027 has not ended yet"),
        ("weekly", "2026-W49", "has not ended yet"),
        ("monthly", "banana", "is not a month: write the year and month, such as 2026-10."),
        ("monthly", "2026-13", "is not a month"),
        ("weekly", "2026-10", "is not a week: write the ISO year and week, such as 2026-W45."),
        ("monthly", "", "Choose the month to report on."),
    ],
)
def test_a_period_that_is_not_over_or_not_a_period_is_refused_clearly(client, owner, kind, period, error):
    client.force_login(owner)
    response = client.post(reverse("report_new"), {"kind": kind, "period": period})
    assert response.status_code == 200
    page = response.content.decode().replace("&#x27;", "'")
    assert error in page
    assert 'role="alert"' in page or "errorlist" in page
    assert not Report.objects.exists()


def test_the_form_only_posts(client, owner):
    client.force_login(owner)
    assert client.get(reverse("report_new")).status_code == 405
