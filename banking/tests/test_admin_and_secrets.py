"""Access tokens: encrypted at rest, re-encrypted by key rotation, never shown, even to admins."""

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.urls import reverse

from accounts.checks import encryption_keys_check
from accounts.tests.factories import UserFactory
from banking.models import Connection
from banking.tests.factories import ConnectionFactory

pytestmark = pytest.mark.django_db


def test_tokens_are_encrypted_and_rotated_with_the_keys(settings):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.ENCRYPTION_KEYS = [old]
    connection = ConnectionFactory()
    token = connection.access_token
    assert token not in Connection.objects.values_list("encrypted_access_token", flat=True).get()

    settings.ENCRYPTION_KEYS = [new]
    assert encryption_keys_check(None)[0].id == "accounts.E002", "startup refuses keys that cannot read tokens"

    settings.ENCRYPTION_KEYS = [new, old]
    call_command("rotate_encryption_keys")
    settings.ENCRYPTION_KEYS = [new]
    assert encryption_keys_check(None) == []
    assert Connection.objects.get().access_token == token


def test_the_admin_shows_connections_without_their_tokens(client):
    connection = ConnectionFactory()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    listing = client.get(reverse("admin:banking_connection_changelist"), {"status": "syncing"}).content.decode()
    assert str(connection.institution) in listing
    page = client.get(reverse("admin:banking_connection_change", args=[connection.pk])).content.decode()
    assert connection.access_token not in page
    assert connection.encrypted_access_token not in page


def test_admin_can_queue_a_sync(client, django_capture_on_commit_callbacks):
    connection = ConnectionFactory()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:banking_connection_changelist"),
            {"action": "sync_now", "_selected_action": [connection.pk]},
        )
    assert connection.sync_runs.get().status == "succeeded"
