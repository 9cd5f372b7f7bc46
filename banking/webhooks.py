"""What Plaid's webhooks change. Each handler is safe to run twice: Plaid may deliver a webhook again."""

import logging
from datetime import datetime

from django.db import transaction

from banking import services
from banking.models import Connection, SyncRun

logger = logging.getLogger(__name__)

NEEDS_RELINK_CODES = {"ITEM_LOGIN_REQUIRED", "PENDING_EXPIRATION", "ACCESS_NOT_GRANTED", "INVALID_CREDENTIALS"}


@transaction.atomic
def plaid_webhook_apply(*, payload: dict) -> None:
    """Apply one verified Plaid webhook to the connection it names (unknown items are logged and ignored)."""
    webhook = (payload.get("webhook_type"), payload.get("webhook_code"))
    connection = (
        Connection.objects.select_for_update()
        .select_related("user")
        .filter(provider="plaid", external_id=str(payload.get("item_id", "")), disconnected_at__isnull=True)
        .first()
    )
    if connection is None:
        logger.info("Plaid webhook %s for an item we do not hold; ignored", webhook)
        return
    handler = HANDLERS.get(webhook)
    if handler is None:
        logger.info("Plaid webhook %s needs nothing from us", webhook)
        return
    handler(connection, payload)


def _sync_updates_available(connection: Connection, payload: dict) -> None:
    services.connection_sync_enqueue(connection=connection, trigger=SyncRun.Trigger.WEBHOOK)


def _item_error(connection: Connection, payload: dict) -> None:
    error = payload.get("error") or {}
    code = error.get("error_code", "")
    message = error.get("display_message") or "Your bank needs you to sign in again."
    if code in NEEDS_RELINK_CODES:
        services.connection_needs_relink(connection_id=connection.pk, code=code, message=message)
    else:
        logger.warning("Plaid reported item error %s for connection %s", code, connection.pk)


def _pending_expiration(connection: Connection, payload: dict) -> None:
    when = payload.get("consent_expiration_time")
    expires = datetime.fromisoformat(when.replace("Z", "+00:00")) if isinstance(when, str) else None
    services.connection_consent_expiring(connection=connection, expires_at=expires)


def _pending_disconnect(connection: Connection, payload: dict) -> None:
    services.connection_consent_expiring(connection=connection, expires_at=None)


def _permission_revoked(connection: Connection, payload: dict) -> None:
    services.connection_revoked(connection=connection)


def _login_repaired(connection: Connection, payload: dict) -> None:
    services.connection_relinked(connection=connection)


def _new_accounts_available(connection: Connection, payload: dict) -> None:
    services.connection_new_accounts_available(connection=connection)


HANDLERS = {
    ("TRANSACTIONS", "SYNC_UPDATES_AVAILABLE"): _sync_updates_available,
    ("ITEM", "ERROR"): _item_error,
    ("ITEM", "PENDING_EXPIRATION"): _pending_expiration,
    ("ITEM", "PENDING_DISCONNECT"): _pending_disconnect,
    ("ITEM", "USER_PERMISSION_REVOKED"): _permission_revoked,
    ("ITEM", "LOGIN_REPAIRED"): _login_repaired,
    ("ITEM", "NEW_ACCOUNTS_AVAILABLE"): _new_accounts_available,
}
