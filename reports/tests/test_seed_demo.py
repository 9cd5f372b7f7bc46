import pytest
from django.core.management import CommandError, call_command

from reports.management.commands.seed_demo import DEMO_EMAIL, DEMO_PASSWORD

pytestmark = pytest.mark.django_db


def test_the_demo_login_works_and_seeding_twice_is_harmless(client):
    call_command("seed_demo")
    call_command("seed_demo")
    response = client.post("/accounts/login/", {"login": DEMO_EMAIL, "password": DEMO_PASSWORD})
    assert response.url == "/"


def test_seed_demo_refuses_to_run_in_production(settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="does not run in production"):
        call_command("seed_demo")
