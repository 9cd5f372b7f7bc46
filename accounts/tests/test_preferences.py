from datetime import UTC, datetime
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from accounts.models import Notification, User
from accounts.services import notify
from accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

VALID = {
    "display_name": "Ada",
    "timezone": "Europe/Berlin",
    "default_currency": "EUR",
    "email_budget_alerts": "on",
    "email_reports_ready": "on",
    "report_frequency": "both",
    "bill_reminder_days": "5",
    "new_merchant_alert_amount": "150",
}


def test_preferences_are_saved(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(reverse("preferences"), VALID, follow=True)
    assert "Your preferences are saved." in response.content.decode()
    user.refresh_from_db()
    assert (user.display_name, user.timezone, user.default_currency) == ("Ada", "Europe/Berlin", "EUR")
    assert user.email_budget_alerts
    assert user.email_reports_ready
    assert not user.email_bill_reminders
    assert not user.email_connection_problems
    assert user.report_frequency == User.ReportFrequency.BOTH
    assert (user.bill_reminder_days, user.new_merchant_alert_amount) == (5, Decimal("150"))


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("timezone", "Mars/Olympus_Mons", "Select a valid choice."),
        ("default_currency", "XYZ", "Select a valid choice."),
        ("report_frequency", "daily", "Select a valid choice."),
        ("bill_reminder_days", "31", "less than or equal to 30"),
        ("new_merchant_alert_amount", "0", "greater than or equal to 0.01"),
    ],
)
def test_invalid_preferences_are_refused_and_nothing_is_saved(client, field, value, error):
    user = UserFactory()
    client.force_login(user)
    response = client.post(reverse("preferences"), {**VALID, field: value})
    assert response.status_code == 200
    assert error in response.content.decode()
    user.refresh_from_db()
    assert user.display_name == ""
    assert user.timezone == "UTC"


def test_times_are_shown_in_the_persons_time_zone(client):
    user = UserFactory(timezone="Asia/Tokyo", email_budget_alerts=False)
    with time_machine.travel(datetime(2026, 3, 1, 23, 30, tzinfo=UTC)):
        notify(user=user, kind=Notification.Kind.BUDGET_ALERT, title="Groceries reached 80%", url="/budgets/")
    client.force_login(user)
    assert 'title="2 Mar 2026, 08:30"' in client.get(reverse("notifications")).content.decode()
