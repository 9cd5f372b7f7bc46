"""Admins see which reports were made, never what they say."""

from datetime import date

import pytest

from accounts.tests.factories import UserFactory
from reports.models import Report


@pytest.mark.django_db
def test_an_admin_sees_a_report_was_made_but_not_its_figures(client):
    admin = UserFactory(is_staff=True, is_superuser=True)
    report = Report.objects.create(
        user=UserFactory(email="ann@example.com"),
        kind="monthly",
        period_start=date(2026, 10, 1),
        period_end=date(2026, 10, 31),
        currency="USD",
        html="<p>Spending 1,234.56 USD</p>",
        pdf=b"%PDF",
    )
    client.force_login(admin)
    listing = client.get("/admin/reports/report/")
    page = client.get(f"/admin/reports/report/{report.pk}/change/")
    assert "ann@example.com" in listing.content.decode()
    assert page.status_code == 200
    assert "1,234.56" not in page.content.decode()
    assert client.get("/admin/reports/report/add/").status_code == 403
