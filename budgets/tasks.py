"""Thin Celery tasks over budgets services."""

from celery import shared_task

from budgets import bills


@shared_task(acks_late=True, soft_time_limit=240, time_limit=300)
def send_bill_reminders() -> int:
    """Hourly, so that each person's reminders go out in their own morning, whatever their time zone; a
    second run (or a retry) finds the reminders already sent and sends nothing."""
    return bills.bill_reminders_send()
