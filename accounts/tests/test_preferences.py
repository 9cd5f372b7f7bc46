import pytest
from django.urls import reverse

from accounts.models import User
from accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

VALID = {
    "display_name": "Ada",
    "timezone": "Europe/Berlin",
    "default_currency": "EUR",
    "email_budget_alerts": "on",
    "email_reports_ready": "on",
    "report_frequency": "both",
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


@pytest.mark.parametrize(
    ("field", "value"),
    [("timezone", "Mars/Olympus_Mons"), ("default_currency", "XYZ"), ("report_frequency", "daily")],
)
def test_invalid_preferences_are_refused_and_nothing_is_saved(client, field, value):
    user = UserFactory()
    client.force_login(user)
    response = client.post(reverse("preferences"), {**VALID, field: value})
    assert response.status_code == 200
    assert "Select a valid choice." in response.content.decode()
    user.refresh_from_db()
    assert user.display_name == ""
    assert user.timezone == "UTC"
