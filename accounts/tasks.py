"""Thin Celery tasks over accounts services."""

from celery import shared_task

from accounts import services


@shared_task(acks_late=True, soft_time_limit=30, time_limit=60)
def send_notification_email(notification_id: int) -> bool:
    return services.notification_email_send(notification_id=notification_id)


@shared_task(acks_late=True, soft_time_limit=240, time_limit=300)
def retry_notification_emails() -> int:
    return services.notification_emails_retry()
