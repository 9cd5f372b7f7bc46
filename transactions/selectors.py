"""Reads of transactions; each takes the owner so nothing leaks across users."""

from django.db.models import QuerySet

from accounts.models import User
from transactions.models import Transaction


def transactions_latest(*, user: User, connection_id: int, limit: int = 20) -> QuerySet[Transaction]:
    """The newest transactions of one connection's visible accounts."""
    return (
        Transaction.objects.filter(
            user=user, account__connection_id=connection_id, account__hidden=False, deleted_at__isnull=True
        )
        .select_related("account")
        .order_by("-date", "-id")[:limit]
    )
