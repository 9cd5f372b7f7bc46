"""Writes of reports: making a person's report for a period, and announcing the ones that fall due."""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from celery.exceptions import SoftTimeLimitExceeded
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from accounts.models import Notification, User
from accounts.services import notify
from banking.models import BankAccount
from budgets.periods import Period
from budgets.selectors import local_today
from reports.document import report_render
from reports.models import Report
from reports.periods import last_complete_period, period_name

logger = logging.getLogger(__name__)

REPORT_HOUR = 7  # a report falls due at 07:00 in the person's time zone: waiting in the inbox at breakfast


def report_generate(*, user: User, kind: str, period: Period, remake: bool = False) -> tuple[Report, bool]:
    """The person's report for a period that has ended, and whether it was made now.

    A report is made once per person, kind and period; asking again returns the one there is, unless `remake`,
    which renders it again with today's figures at the same address. Two runs at once make one report.
    """
    if period.end >= local_today(user):
        raise ValueError(f"{period.label} has not ended yet; a report covers a period that has ended.")
    existing = Report.objects.filter(user=user, kind=kind, period_start=period.start).first()
    if existing is not None and not remake:
        return existing, False
    rendered = report_render(user=user, kind=kind, period=period)
    fields = {"period_end": period.end, "currency": rendered.currency, "html": rendered.html, "pdf": rendered.pdf}
    if existing is not None:
        for name, value in fields.items():
            setattr(existing, name, value)
        existing.generated_at = timezone.now()
        existing.save(update_fields=[*fields, "generated_at"])
        return existing, False
    try:
        with transaction.atomic():
            return Report.objects.create(user=user, kind=kind, period_start=period.start, **fields), True
    except IntegrityError:  # made by another run meanwhile
        return Report.objects.get(user=user, kind=kind, period_start=period.start), False


@transaction.atomic
def report_send(*, user: User, kind: str, period: Period, remake: bool = False) -> tuple[Report, bool]:
    """`report_generate`, and when the report is new, its announcement ("Your monthly report is ready", in-app
    and by email as the person chose) in the same transaction: a report is never there unannounced, nor
    announced twice. A report made again (`remake`) keeps its address and is not announced again."""
    report, created = report_generate(user=user, kind=kind, period=period, remake=remake)
    if created:
        notify(
            user=user,
            kind=Notification.Kind.REPORT_READY,
            title=f"Your {Report.Kind(kind).label.lower()} report is ready",
            url=reverse("report_detail", args=[report.pk]),
        )
    return report, created


def reports_send_due(*, now: datetime | None = None) -> int:
    """Make and announce the reports that have fallen due; returns how many were made. Runs hourly.

    Per `User.report_frequency`, a weekly report (the Monday-to-Sunday week that just ended) falls due on Monday
    at 07:00 in the person's time zone and a monthly one (the month that just ended) on the 1st at 07:00; a run
    missed at 07:xx is caught up by a later run that same local day. Only active people with at least one bank
    account (else there is nothing to report). A report that exists is skipped, so a second run, a retry or a run
    at the same moment makes nothing more. One person's failure is logged and the others go on; their report is
    still missing, so the next hourly run tries it again.
    """
    now = now or timezone.now()
    wanted = _periods_possibly_due(now)
    if not wanted:  # no one anywhere is on a Monday or a 1st: no query at all
        return 0
    frequencies = {frequency for kind in {kind for kind, _ in wanted} for frequency in _FREQUENCIES[kind]}
    people = (
        User.objects.filter(is_active=True, report_frequency__in=frequencies)
        .filter(Exists(BankAccount.objects.filter(user=OuterRef("pk"))))
        .order_by("pk")
    )
    made = set(
        Report.objects.filter(period_start__in={period.start for _, period in wanted}).values_list(
            "user_id", "kind", "period_start"
        )
    )
    sent = 0
    for user in people.iterator(chunk_size=500):
        for kind, period in _due(user, now):
            if (user.pk, kind, period.start) in made:
                continue
            try:
                sent += report_send(user=user, kind=kind, period=period)[1]
            except SoftTimeLimitExceeded:
                raise  # the task's time is up: the next hourly run takes the rest
            except Exception:
                logger.exception(
                    "The %s report %s of user %s was not made; the next hourly run tries again",
                    kind,
                    period_name(kind, period),
                    user.pk,
                )
    return sent


_FREQUENCIES = {
    Report.Kind.WEEKLY: (User.ReportFrequency.WEEKLY, User.ReportFrequency.BOTH),
    Report.Kind.MONTHLY: (User.ReportFrequency.MONTHLY, User.ReportFrequency.BOTH),
}


def _kinds_due_on(day: date) -> list[str]:
    """The kinds of report that fall due on this local day (from REPORT_HOUR on)."""
    return [
        kind for kind, due in ((Report.Kind.WEEKLY, day.weekday() == 0), (Report.Kind.MONTHLY, day.day == 1)) if due
    ]


def _periods_possibly_due(now: datetime) -> set[tuple[str, Period]]:
    """The (kind, period) that may be due somewhere on Earth now: local dates are at most a day from UTC's."""
    utc_today = now.astimezone(ZoneInfo("UTC")).date()
    days = (utc_today + timedelta(days=shift) for shift in (-1, 0, 1))
    return {(kind, last_complete_period(kind, day)) for day in days for kind in _kinds_due_on(day)}


def _due(user: User, now: datetime) -> list[tuple[str, Period]]:
    """The person's reports due now: on the due day in their time zone, from REPORT_HOUR on."""
    local = now.astimezone(ZoneInfo(user.timezone))
    if local.hour < REPORT_HOUR:
        return []
    today = local.date()
    return [
        (kind, last_complete_period(kind, today))
        for kind in _kinds_due_on(today)
        if user.report_frequency in _FREQUENCIES[kind]
    ]
