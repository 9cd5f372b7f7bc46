"""Reads of accounts data; each takes the owner so nothing leaks across users."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from accounts.models import Notification, User


def notifications_recent(*, user: User, limit: int = 50) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user)[:limit]


def notification_get(*, user: User, notification_id: int) -> Notification:
    """The user's notification; another user's id is a 404."""
    return get_object_or_404(Notification, user=user, pk=notification_id)


def unread_notification_count(*, user: User) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()
