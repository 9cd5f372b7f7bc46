"""Thin Celery tasks over reports services."""

from celery import shared_task

from reports import services


@shared_task(acks_late=True, soft_time_limit=50 * 60, time_limit=55 * 60)
def send_due_reports() -> int:
    """Hourly, so that each person's report is made and announced at 07:00 in their own time zone; a second run
    (or a retry) finds the reports already made and announces nothing. The time limits end a run (a report
    takes about a second to render) before the next hourly one starts; that run takes the rest."""
    return services.reports_send_due()
