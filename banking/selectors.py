"""Reads of banking data; each takes the owner so nothing leaks across users."""

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery
from django.shortcuts import get_object_or_404

from accounts.models import User
from banking.models import BankAccount, Connection, SyncRun


def connections_with_accounts(*, user: User, disconnected: bool = False) -> list[Connection]:
    """The person's connections, each with `.visible_accounts` and `.last_run` (None before any)."""
    last_run = SyncRun.objects.filter(connection=OuterRef("pk")).order_by("-started_at", "-id").values("pk")[:1]
    connections = list(
        Connection.objects.filter(user=user, disconnected_at__isnull=not disconnected)
        .select_related("institution")
        .prefetch_related(
            Prefetch("accounts", queryset=BankAccount.objects.filter(hidden=False), to_attr="visible_accounts")
        )
        .annotate(last_run_id=Subquery(last_run))
        .order_by("institution__name", "pk")
    )
    runs = SyncRun.objects.in_bulk([c.last_run_id for c in connections if c.last_run_id])
    for connection in connections:
        connection.last_run = runs.get(connection.last_run_id)
    return connections


def connection_get(*, user: User, connection_id: int, disconnected: bool = False) -> Connection:
    """The person's connection; another person's id (or the wrong state) is a 404."""
    return get_object_or_404(
        Connection.objects.select_related("institution", "user"),
        pk=connection_id,
        user=user,
        disconnected_at__isnull=not disconnected,
    )


def sync_runs_recent(*, connection: Connection, limit: int = 50) -> QuerySet[SyncRun]:
    return connection.sync_runs.all()[:limit]


def accounts_visible(*, connection: Connection) -> QuerySet[BankAccount]:
    return connection.accounts.filter(hidden=False)


def sync_run_latest(*, connection: Connection) -> SyncRun | None:
    return connection.sync_runs.first()


def connection_is_importing(*, connection: Connection, last_run: SyncRun | None) -> bool:
    """True while a sync runs, or while the first one is queued and has not started."""
    if last_run is None:
        return connection.status == Connection.Status.SYNCING
    return last_run.status == SyncRun.Status.RUNNING
