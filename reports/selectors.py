"""Reads of reports; every selector takes the owner so nothing leaks across users."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from accounts.models import User
from reports.models import Report


def reports_of(*, user: User) -> QuerySet[Report]:
    """The person's reports, newest period first, without their bodies (a list needs neither page nor PDF)."""
    return Report.objects.filter(user=user).defer("html", "pdf").order_by("-period_start", "kind")


def report_get(*, user: User, report_id) -> Report:
    """The person's report with its page and PDF; another person's id is a 404."""
    return get_object_or_404(Report.objects.filter(user=user), pk=report_id)
