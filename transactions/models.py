"""Transactions as the bank reported them, the person's own edits beside them, and every change."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.timezone import now


class Transaction(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="transactions")
    account = models.ForeignKey("banking.BankAccount", on_delete=models.CASCADE, related_name="transactions")
    provider_transaction_id = models.CharField(max_length=100)
    date = models.DateField(help_text="The bank's posting date.")
    authorized_date = models.DateField(null=True, blank=True)
    amount = models.DecimalField(max_digits=14, decimal_places=2, help_text="Negative = money out.")
    currency = models.CharField(max_length=3)
    description = models.CharField(max_length=500, help_text="The raw bank descriptor.")
    merchant_name = models.CharField(max_length=200, blank=True)
    pending = models.BooleanField(default=False)
    pending_transaction_id = models.CharField(
        max_length=100, blank=True, help_text="The pending transaction this posted one replaced."
    )
    provider_category_primary = models.CharField(max_length=100, blank=True)
    provider_category_detailed = models.CharField(max_length=100, blank=True)
    provider_data = models.JSONField(default=dict, help_text="What the provider sent, unchanged.")
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(default=now)
    updated_at = models.DateTimeField(default=now)
    deleted_at = models.DateTimeField(null=True, blank=True)

    # What the person set on a transaction: carried from a pending transaction to the posted one.
    USER_FIELDS = ("notes",)

    class Meta:
        ordering = ["-date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["account", "provider_transaction_id"], name="transaction_unique_per_account"
            )
        ]
        indexes = [
            models.Index(fields=["user", "-date", "-id"], condition=Q(deleted_at__isnull=True), name="txn_user_recent"),
            models.Index(fields=["account", "-date"], name="txn_account_recent"),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.description} {self.amount} {self.currency}"


class TransactionChange(models.Model):
    """One field of one transaction changed: by a sync, a rule, learning, the person, or an import."""

    class Source(models.TextChoices):
        SYNC = "sync", "Bank sync"
        RULE = "rule", "Rule"
        LEARNED = "learned", "Learned"
        USER = "user", "You"
        IMPORT = "import", "Import"

    transaction = models.ForeignKey(Transaction, on_delete=models.CASCADE, related_name="changes")
    field = models.CharField(max_length=50)
    old_value = models.TextField(blank=True)
    new_value = models.TextField(blank=True)
    source = models.CharField(max_length=20, choices=Source.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(default=now)

    class Meta:
        ordering = ["-changed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.field}: {self.old_value} -> {self.new_value} ({self.source})"
