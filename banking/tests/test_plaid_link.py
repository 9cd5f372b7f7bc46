"""Linking through Plaid: Link's token, the exchange, update mode, and the shell command for sandbox."""

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from accounts.tests.factories import UserFactory
from banking.models import Connection

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(client):
    user = UserFactory()
    client.force_login(user)
    return user


def test_link_token_then_exchange_stores_one_encrypted_connection(client, owner, plaid_fake):
    assert client.post(reverse("plaid_link_token")).json()["link_token"]
    item = plaid_fake.add_item()
    form = {"public_token": item.public_token, "institution_id": item.institution_id}
    response = client.post(reverse("plaid_link_complete"), form)
    connection = Connection.objects.get(user=owner)
    assert response.json() == {"redirect": reverse("connection_detail", args=[connection.pk])}
    assert connection.access_token == item.access_token
    assert item.access_token not in connection.encrypted_access_token

    again = plaid_fake.add_item()
    response = client.post(
        reverse("plaid_link_complete"), {"public_token": again.public_token, "institution_id": again.institution_id}
    )
    assert response.json()["redirect"] == reverse("connection_detail", args=[connection.pk])
    assert Connection.objects.filter(user=owner).count() == 1, "the same bank twice: relink, not a duplicate"
    assert len(plaid_fake.received("/item/public_token/exchange")) == 1


def test_relink_uses_update_mode_and_keeps_the_connection(client, owner, plaid_fake):
    item = plaid_fake.add_item()
    client.post(
        reverse("plaid_link_complete"), {"public_token": item.public_token, "institution_id": item.institution_id}
    )
    connection = Connection.objects.get(user=owner)
    client.post(reverse("plaid_link_token"), {"connection_id": connection.pk})
    sent = plaid_fake.received("/link/token/create")[-1]
    assert sent["access_token"] == item.access_token
    assert not sent.get("products")
    assert "update" not in sent

    Connection.objects.filter(pk=connection.pk).update(new_accounts_available=True)  # Plaid's webhook said so
    client.post(reverse("plaid_link_token"), {"connection_id": connection.pk})
    assert plaid_fake.received("/link/token/create")[-1]["update"] == {"account_selection_enabled": True}
    client.post(reverse("connection_relink", args=[connection.pk]))
    assert Connection.objects.filter(user=owner).count() == 1


def test_nobody_gets_an_update_mode_token_for_someone_elses_login(client, owner, plaid_fake):
    theirs = UserFactory()
    item = plaid_fake.add_item()
    client.force_login(theirs)
    client.post(
        reverse("plaid_link_complete"), {"public_token": item.public_token, "institution_id": item.institution_id}
    )
    client.force_login(owner)
    connection = Connection.objects.get(user=theirs)
    assert client.post(reverse("plaid_link_token"), {"connection_id": connection.pk}).status_code == 404
    assert not any(body.get("access_token") for body in plaid_fake.received("/link/token/create"))


def test_plaid_being_down_while_linking_is_said_plainly(client, owner, plaid_fake):
    plaid_fake.fail("/link/token/create", "INTERNAL_SERVER_ERROR")
    response = client.post(reverse("plaid_link_token"))
    assert response.status_code == 502
    assert response.json()["error"].startswith("Plaid is not answering right now.")


def test_sandbox_link_command_then_sync_commands(plaid_fake, capsys):
    person = UserFactory()
    call_command("plaid_sandbox_link", "--user", person.email)
    connection = Connection.objects.get(user=person)
    item = plaid_fake.items[connection.access_token]
    item.push_update(added=[item.transaction() for _ in range(3)])
    call_command("sync_connection", str(connection.pk))
    assert f"connection {connection.pk}: 3 added, 0 modified, 0 removed in 1 page(s)" in capsys.readouterr().out
    call_command("sync_all")
    assert f"connection {connection.pk}: 0 added" in capsys.readouterr().out
    with pytest.raises(CommandError, match="already has this institution linked"):
        call_command("plaid_sandbox_link", "--user", person.email)


def test_sandbox_link_is_refused_against_production(plaid_fake, settings):
    settings.PLAID_ENV, settings.PLAID_HOST = "production", ""
    with pytest.raises(CommandError):
        call_command("plaid_sandbox_link", "--user", UserFactory().email)
    assert not Connection.objects.exists()


def test_a_malformed_connection_id_is_a_404_not_an_error(client, owner, plaid_fake):
    assert client.post(reverse("plaid_link_token"), {"connection_id": "1 OR 1=1"}).status_code == 404
    assert not plaid_fake.received("/link/token/create")
