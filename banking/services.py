"""Every write to banking data except the sync itself (banking/sync.py): link, relink, disconnect, schedule."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import Notification, User
from accounts.services import notify
from banking.models import BankAccount, Connection, Institution, SyncRun
from banking.providers import provider_for
from banking.providers.base import Link, ProviderError
from banking.providers.demo import DemoBank
from banking.schedule import next_nightly_sync
from finsync.celery import enqueue_on_commit

PENDING_DISCONNECT_NOTICE = timedelta(days=7)  # Plaid's notice before it disconnects a login


class AlreadyLinked(Exception):
    """The person already has a connection at this institution: relink it instead of adding another."""

    def __init__(self, connection: Connection):
        super().__init__(f"Already linked: connection {connection.pk}")
        self.connection = connection


def manual_account_create(
    *, user: User, name: str, currency: str, kind: str = BankAccount.Type.DEPOSITORY
) -> BankAccount:
    """An account kept by hand (cash) or by file import; its name is the person's."""
    account, _ = BankAccount.objects.get_or_create(
        user=user,
        connection=None,
        name=name.strip(),
        defaults={"provider_account_id": "", "type": kind, "currency": currency},
    )
    return account


def connection_existing(*, user: User, provider: str, institution_id: str) -> Connection | None:
    return Connection.objects.filter(
        user=user,
        institution__provider=provider,
        institution__external_id=institution_id,
        disconnected_at__isnull=True,
    ).first()


@transaction.atomic
def connection_create(*, user: User, provider: str, link: Link) -> Connection:
    """Store a new login (its token encrypted) and queue its first import."""
    if existing := connection_existing(user=user, provider=provider, institution_id=link.institution_id):
        raise AlreadyLinked(existing)
    institution, _ = Institution.objects.get_or_create(
        provider=provider, external_id=link.institution_id, defaults={"name": link.institution_name}
    )
    # Due at once: if the first import cannot be queued now (broker down), the next sweep queues it.
    connection = Connection(
        user=user,
        provider=provider,
        institution=institution,
        external_id=link.external_id,
        next_sync_at=timezone.now(),
    )
    connection.access_token = link.access_token
    connection.save()
    connection_sync_enqueue(connection=connection, trigger=SyncRun.Trigger.INITIAL)
    return connection


def connection_link_demo(*, user: User, institution_id: str) -> Connection:
    return connection_create(user=user, provider="demo", link=DemoBank().link(institution_id=institution_id))


def connection_sync_enqueue(*, connection: Connection, trigger: SyncRun.Trigger) -> None:
    from banking.tasks import sync_connection  # tasks call services: import here, not at the top

    enqueue_on_commit(sync_connection, connection.pk, trigger)


@transaction.atomic
def connection_relinked(*, connection: Connection) -> None:
    """The person signed in to their bank again (Plaid's update mode): sync at once."""
    connection.status = Connection.Status.HEALTHY
    connection.error_code = connection.error_message = ""
    connection.new_accounts_available = False
    connection.consent_expires_at = None
    connection.save(
        update_fields=["status", "error_code", "error_message", "new_accounts_available", "consent_expires_at"]
    )
    connection_sync_enqueue(connection=connection, trigger=SyncRun.Trigger.MANUAL)


@transaction.atomic
def connection_disconnect(*, connection: Connection) -> None:
    """Ask the provider to forget the login, then hide the data; purged after the grace period."""
    provider_for(connection.provider).disconnect(access_token=connection.access_token)
    connection.disconnected_at = timezone.now()
    connection.next_sync_at = None
    connection.save(update_fields=["disconnected_at", "next_sync_at"])


@transaction.atomic
def connection_restore(*, connection: Connection) -> None:
    """Undo a disconnect of a Demo Bank connection within the grace period.

    A Plaid login cannot come back: disconnecting removed it at Plaid, and a new login would bring
    the same transactions under new ids. Such a bank is linked anew instead.
    """
    if connection.provider != Institution.Provider.DEMO:
        raise ProviderError("CANNOT_RESTORE", "Plaid forgot this login when you disconnected it: link the bank anew.")
    if existing := connection_existing(
        user=connection.user, provider=connection.provider, institution_id=connection.institution.external_id
    ):
        raise AlreadyLinked(existing)
    connection.disconnected_at = None
    connection.next_sync_at = timezone.now()
    connection.status = Connection.Status.HEALTHY  # forget "disconnected" errors of syncs queued meanwhile
    connection.error_code = connection.error_message = ""
    connection.save(update_fields=["disconnected_at", "next_sync_at", "status", "error_code", "error_message"])


@transaction.atomic
def connections_purge() -> int:
    """Delete the data of connections disconnected longer ago than the grace period."""
    cutoff = timezone.now() - timedelta(days=settings.FINSYNC_PURGE_AFTER_DAYS)
    doomed = Connection.objects.filter(disconnected_at__lt=cutoff)
    count = doomed.count()
    doomed.delete()
    return count


def connections_due(*, now=None) -> list[int]:
    """Connections whose nightly sync is due, moved on to their next night, as one atomic step."""
    now = now or timezone.now()
    with transaction.atomic():
        due = list(
            Connection.objects.select_for_update(skip_locked=True)
            .select_related("user")
            .filter(disconnected_at__isnull=True, next_sync_at__lte=now)
            .exclude(status__in=[Connection.Status.NEEDS_RELINK, Connection.Status.REVOKED])
        )
        for connection in due:
            connection.next_sync_at = next_nightly_sync(connection, after=now)
            connection.save(update_fields=["next_sync_at"])
            connection_sync_enqueue(connection=connection, trigger=SyncRun.Trigger.SCHEDULED)
    return [c.pk for c in due]


def _tell_owner(connection: Connection, title: str) -> None:
    notify(
        user=connection.user,
        kind=Notification.Kind.CONNECTION_PROBLEM,
        title=title,
        url=reverse("connection_detail", args=[connection.pk]),
    )


@transaction.atomic
def connection_needs_relink(*, connection_id: int, code: str, message: str) -> None:
    """Mark the connection broken until the person signs in to their bank again; tell them once."""
    connection = Connection.objects.select_for_update().select_related("user").get(pk=connection_id)
    was_broken = connection.status == Connection.Status.NEEDS_RELINK
    connection.status = Connection.Status.NEEDS_RELINK
    connection.error_code, connection.error_message = code, message[:500]
    connection.save(update_fields=["status", "error_code", "error_message"])
    if not was_broken:
        _tell_owner(connection, "A bank connection needs you to sign in to your bank again")


@transaction.atomic
def connection_consent_expiring(*, connection: Connection, expires_at: datetime | None) -> None:
    """The bank stops sharing at `expires_at` (a week from now when unknown) unless the person relinks.

    They are told once; relinking clears the date.
    """
    if connection.consent_expires_at is not None and expires_at in (None, connection.consent_expires_at):
        return
    connection.consent_expires_at = expires_at or timezone.now() + PENDING_DISCONNECT_NOTICE
    connection.save(update_fields=["consent_expires_at"])
    _tell_owner(connection, "A bank connection will stop syncing soon unless you sign in to your bank again")


@transaction.atomic
def connection_revoked(*, connection: Connection) -> None:
    if connection.status == Connection.Status.REVOKED:
        return
    connection.status = Connection.Status.REVOKED
    connection.error_code = "USER_PERMISSION_REVOKED"
    connection.error_message = "Access was revoked at your bank. Relink to resume syncing."
    connection.save(update_fields=["status", "error_code", "error_message"])
    _tell_owner(connection, "A bank connection's access was revoked")


@transaction.atomic
def connection_new_accounts_available(*, connection: Connection) -> None:
    connection.new_accounts_available = True
    connection.save(update_fields=["new_accounts_available"])


def connection_tokens():
    """Every stored access token, for the encryption startup check and key rotation."""
    for connection in Connection.objects.only("pk", "encrypted_access_token").iterator():
        yield connection.encrypted_access_token, _token_writer(connection)


def _token_writer(connection: Connection):
    def write(token: str) -> None:
        connection.encrypted_access_token = token
        connection.save(update_fields=["encrypted_access_token"])

    return write
