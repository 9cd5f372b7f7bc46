"""Plaid's webhooks at /webhooks/plaid/: only what Plaid signed is believed, and every delivery is harmless twice."""

import json
import time

import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from django.db import transaction

from accounts.models import Notification
from accounts.tests.factories import UserFactory
from banking.models import Connection, SyncRun
from banking.providers.plaid import Plaid
from banking.services import connection_create

pytestmark = pytest.mark.django_db
URL = "/webhooks/plaid/"


@pytest.fixture
def linked(plaid_fake):
    item = plaid_fake.add_item()
    with transaction.atomic():
        connection = connection_create(
            user=UserFactory(), provider="plaid", link=Plaid().exchange_public_token(public_token=item.public_token)
        )
    return connection


def deliver(client, plaid_fake, payload, **signing):
    body = json.dumps(payload).encode()
    header = plaid_fake.sign_webhook(body, **signing)
    return client.post(URL, body, content_type="application/json", HTTP_PLAID_VERIFICATION=header)


def item_webhook(connection, code, **fields):
    return {"webhook_type": "ITEM", "webhook_code": code, "item_id": connection.external_id, **fields}


def test_sync_updates_available_starts_a_sync(client, plaid_fake, linked, django_capture_on_commit_callbacks):
    payload = {"webhook_type": "TRANSACTIONS", "webhook_code": "SYNC_UPDATES_AVAILABLE", "item_id": linked.external_id}
    with django_capture_on_commit_callbacks(execute=True):
        assert deliver(client, plaid_fake, payload).status_code == 200
    assert linked.sync_runs.get().trigger == SyncRun.Trigger.WEBHOOK


@pytest.mark.parametrize(
    "forgery",
    [
        {"key": ec.generate_private_key(ec.SECP256R1())},  # signed by someone else
        {"iat": int(time.time()) - 6 * 60},  # too old: a replay
        {"alg": "none"},
        {"alg": "HS256", "key": b"guessed"},
    ],
)
def test_forged_or_stale_webhooks_are_rejected_and_change_nothing(client, plaid_fake, linked, forgery):
    response = deliver(client, plaid_fake, item_webhook(linked, "USER_PERMISSION_REVOKED"), **forgery)
    assert response.status_code == 401
    linked.refresh_from_db()
    assert linked.status != Connection.Status.REVOKED


def test_a_tampered_body_is_rejected(client, plaid_fake, linked):
    signed_for = json.dumps(item_webhook(linked, "WEBHOOK_UPDATE_ACKNOWLEDGED")).encode()
    tampered = json.dumps(item_webhook(linked, "USER_PERMISSION_REVOKED")).encode()
    header = plaid_fake.sign_webhook(signed_for)
    response = client.post(URL, tampered, content_type="application/json", HTTP_PLAID_VERIFICATION=header)
    assert response.status_code == 401
    linked.refresh_from_db()
    assert linked.status != Connection.Status.REVOKED


def test_an_unsigned_webhook_is_rejected(client, linked):
    response = client.post(URL, item_webhook(linked, "USER_PERMISSION_REVOKED"), content_type="application/json")
    assert response.status_code == 401


def test_a_login_error_asks_for_a_relink_once_however_often_it_arrives(client, plaid_fake, linked):
    error = {"error_code": "ITEM_LOGIN_REQUIRED", "display_message": "Your bank wants you to sign in again."}
    for _ in range(2):
        assert deliver(client, plaid_fake, item_webhook(linked, "ERROR", error=error)).status_code == 200
    linked.refresh_from_db()
    assert (linked.status, linked.error_message) == (
        Connection.Status.NEEDS_RELINK,
        "Your bank wants you to sign in again.",
    )
    assert Notification.objects.filter(user=linked.user).count() == 1


def test_expiring_consent_is_told_once_and_revocation_marks_the_connection(client, plaid_fake, linked):
    expiring = item_webhook(linked, "PENDING_EXPIRATION", consent_expiration_time="2026-12-20T00:00:00Z")
    deliver(client, plaid_fake, expiring)
    deliver(client, plaid_fake, expiring)
    linked.refresh_from_db()
    assert linked.consent_expires_at.date().isoformat() == "2026-12-20"
    assert Notification.objects.filter(user=linked.user).count() == 1

    deliver(client, plaid_fake, item_webhook(linked, "USER_PERMISSION_REVOKED"))
    linked.refresh_from_db()
    assert linked.status == Connection.Status.REVOKED


def test_login_repaired_and_new_accounts(client, plaid_fake, linked, django_capture_on_commit_callbacks):
    Connection.objects.filter(pk=linked.pk).update(status=Connection.Status.NEEDS_RELINK)
    deliver(client, plaid_fake, item_webhook(linked, "NEW_ACCOUNTS_AVAILABLE"))
    linked.refresh_from_db()
    assert linked.new_accounts_available, "the connection page offers to add them"
    with django_capture_on_commit_callbacks(execute=True):
        deliver(client, plaid_fake, item_webhook(linked, "LOGIN_REPAIRED"))
    linked.refresh_from_db()
    assert linked.status == Connection.Status.HEALTHY
    assert linked.sync_runs.filter(status=SyncRun.Status.SUCCEEDED).exists()


def test_a_webhook_for_an_unknown_login_is_ignored(client, plaid_fake, linked):
    payload = {"webhook_type": "TRANSACTIONS", "webhook_code": "SYNC_UPDATES_AVAILABLE", "item_id": "someone-else"}
    assert deliver(client, plaid_fake, payload).status_code == 200
    assert not SyncRun.objects.exists()
