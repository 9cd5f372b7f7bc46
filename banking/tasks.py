"""Thin Celery tasks over the sync engine and banking services."""

from celery import shared_task

from banking import services
from banking.providers.base import TransientError
from banking.sync import connection_sync


@shared_task(
    acks_late=True,
    autoretry_for=(TransientError,),
    retry_backoff=30,  # 30 s, 60 s, 120 s ... with jitter, up to an hour apart
    retry_backoff_max=3600,
    retry_jitter=True,
    max_retries=6,
    soft_time_limit=540,
    time_limit=600,
)
def sync_connection(connection_id: int, trigger: str) -> int:
    return connection_sync(connection_id=connection_id, trigger=trigger).pk


@shared_task(acks_late=True, soft_time_limit=240, time_limit=300)
def sync_due_connections() -> int:
    return len(services.connections_due())


@shared_task(acks_late=True, soft_time_limit=240, time_limit=300)
def purge_disconnected_connections() -> int:
    return services.connections_purge()
