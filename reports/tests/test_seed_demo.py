import pytest
from django.core.management import CommandError, call_command

from banking.models import Connection
from reports.management.commands.seed_demo import DEMO_EMAIL, DEMO_PASSWORD
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


def test_seed_demo_refuses_to_run_in_production(settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="does not run in production"):
        call_command("seed_demo")
