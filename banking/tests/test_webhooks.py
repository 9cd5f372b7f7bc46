"""Plaid's webhooks at /webhooks/plaid/: only what Plaid signed is believed, and every delivery is harmless twice."""

import json
import time

import pytest
from cryptography.hazmat.primitives.asymmetric import ec

from accounts.models import Notification
from banking.models import Connection, SyncRun

pytestmark = pytest.mark.django_db
URL = "/webhooks/plaid/"


@pytest.fixture
def connection(linked):
    return linked[0]


def deliver(client, plaid_fake, payload, **signing):
    body = json.dumps(payload).encode()
    header = plaid_fake.sign_webhook(body, **signing)
    return client.post(URL, body, content_type="application/json", HTTP_PLAID_VERIFICATION=header)


def item_webhook(connection, code, **fields):
    return {"webhook_type": "ITEM", "webhook_code": code, "item_id": connection.external_id, **fields}


def test_sync_updates_available_starts_a_sync(client, plaid_fake, connection, django_capture_on_commit_callbacks):
    payload = {
        "webhook_type": "TRANSACTIONS",
        "webhook_code": "SYNC_UPDATES_AVAILABLE",
        "item_id": connection.external_id,
    }
    with django_capture_on_commit_callbacks(execute=True):
        assert deliver(client, plaid_fake, payload).status_code == 200
    assert connection.sync_runs.get().trigger == SyncRun.Trigger.WEBHOOK


@pytest.mark.parametrize(
    "forgery",
    [
        {"key": ec.generate_private_key(ec.SECP256R1())},  # signed by someone else
        {"iat": int(time.time()) - 6 * 60},  # too old: a replay
        {"alg": "none"},
        {"alg": "HS256", "key": b"guessed"},
    ],
)
def test_forged_or_stale_webhooks_are_rejected_and_change_nothing(client, plaid_fake, connection, forgery):
    response = deliver(client, plaid_fake, item_webhook(connection, "USER_PERMISSION_REVOKED"), **forgery)
    assert response.status_code == 401
    connection.refresh_from_db()
    assert connection.status != Connection.Status.REVOKED


def test_a_tampered_body_is_rejected(client, plaid_fake, connection):
    signed_for = json.dumps(item_webhook(connection, "WEBHOOK_UPDATE_ACKNOWLEDGED")).encode()
    tampered = json.dumps(item_webhook(connection, "USER_PERMISSION_REVOKED")).encode()
    header = plaid_fake.sign_webhook(signed_for)
    response = client.post(URL, tampered, content_type="application/json", HTTP_PLAID_VERIFICATION=header)
    assert response.status_code == 401
    connection.refresh_from_db()
    assert connection.status != Connection.Status.REVOKED


def test_an_unsigned_webhook_is_rejected(client, connection):
    response = client.post(URL, item_webhook(connection, "USER_PERMISSION_REVOKED"), content_type="application/json")
    assert response.status_code == 401


def test_a_login_error_asks_for_a_relink_once_however_often_it_arrives(client, plaid_fake, connection):
    error = {"error_code": "ITEM_LOGIN_REQUIRED", "display_message": "Your bank wants you to sign in again."}
    for _ in range(2):
        assert deliver(client, plaid_fake, item_webhook(connection, "ERROR", error=error)).status_code == 200
    connection.refresh_from_db()
    assert (connection.status, connection.error_message) == (
        Connection.Status.NEEDS_RELINK,
        "Your bank wants you to sign in again.",
    )
    assert Notification.objects.filter(user=connection.user).count() == 1


def test_expiring_consent_is_told_once_and_revocation_marks_the_connection(client, plaid_fake, connection):
    expiring = item_webhook(connection, "PENDING_EXPIRATION", consent_expiration_time="2026-12-20T00:00:00Z")
    deliver(client, plaid_fake, expiring)
    deliver(client, plaid_fake, expiring)
    connection.refresh_from_db()
    assert connection.consent_expires_at.date().isoformat() == "2026-12-20"
    assert Notification.objects.filter(user=connection.user).count() == 1

    deliver(client, plaid_fake, item_webhook(connection, "USER_PERMISSION_REVOKED"))
    connection.refresh_from_db()
    assert connection.status == Connection.Status.REVOKED


def test_login_repaired_and_new_accounts(client, plaid_fake, connection, django_capture_on_commit_callbacks):
    Connection.objects.filter(pk=connection.pk).update(status=Connection.Status.NEEDS_RELINK)
    deliver(client, plaid_fake, item_webhook(connection, "NEW_ACCOUNTS_AVAILABLE"))
    connection.refresh_from_db()
    assert connection.new_accounts_available, "the connection page offers to add them"
    with django_capture_on_commit_callbacks(execute=True):
        deliver(client, plaid_fake, item_webhook(connection, "LOGIN_REPAIRED"))
    connection.refresh_from_db()
    assert connection.status == Connection.Status.HEALTHY
    assert connection.sync_runs.filter(status=SyncRun.Status.SUCCEEDED).exists()


def test_a_webhook_for_an_unknown_login_is_ignored(client, plaid_fake, connection):
    payload = {"webhook_type": "TRANSACTIONS", "webhook_code": "SYNC_UPDATES_AVAILABLE", "item_id": "someone-else"}
    assert deliver(client, plaid_fake, payload).status_code == 200
    assert not SyncRun.objects.exists()


def test_pending_expiration_without_a_date_still_warns(client, plaid_fake, connection):
    assert deliver(client, plaid_fake, item_webhook(connection, "PENDING_EXPIRATION")).status_code == 200
    connection.refresh_from_db()
    assert connection.consent_expires_at is not None
    assert Notification.objects.filter(user=connection.user).count() == 1
