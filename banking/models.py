"""Banks a person has linked: institutions, connections (one login at a bank), accounts, sync runs, balances."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.timezone import now

from accounts import encryption


class Institution(models.Model):
    class Provider(models.TextChoices):
        PLAID = "plaid", "Plaid"
        DEMO = "demo", "Demo Bank"

    provider = models.CharField(max_length=20, choices=Provider.choices)
    external_id = models.CharField(max_length=100)
    name = models.CharField(max_length=200)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["provider", "external_id"], name="institution_unique_per_provider")
        ]

    def __str__(self) -> str:
        return self.name


class Connection(models.Model):
    """One login at one institution, through one provider, owned by one person."""

    class Status(models.TextChoices):
        HEALTHY = "healthy", "Up to date"
        SYNCING = "syncing", "Syncing"
        NEEDS_RELINK = "needs_relink", "Needs you to sign in to your bank again"
        REVOKED = "revoked", "Access revoked"
        ERROR = "error", "Error"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="connections")
    provider = models.CharField(max_length=20, choices=Institution.Provider.choices)
    institution = models.ForeignKey(Institution, on_delete=models.PROTECT, related_name="connections")
    encrypted_access_token = models.TextField(editable=False)
    external_id = models.CharField(max_length=100, help_text="The provider's id for this login (Plaid's item id).")
    cursor = models.TextField(blank=True, editable=False)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SYNCING)
    last_synced_at = models.DateTimeField(null=True, blank=True)
    next_sync_at = models.DateTimeField(null=True, blank=True)
    consent_expires_at = models.DateTimeField(null=True, blank=True)
    new_accounts_available = models.BooleanField(default=False)
    error_code = models.CharField(max_length=100, blank=True)
    error_message = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=now)
    disconnected_at = models.DateTimeField(
        null=True, blank=True, help_text="Hidden since then; purged after FINSYNC_PURGE_AFTER_DAYS."
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "institution"],
                condition=Q(disconnected_at__isnull=True),
                name="connection_one_per_institution",
            ),
            models.UniqueConstraint(fields=["provider", "external_id"], name="connection_unique_external_id"),
        ]
        indexes = [
            models.Index(fields=["next_sync_at"], condition=Q(disconnected_at__isnull=True), name="connection_due")
        ]

    def __str__(self) -> str:
        return f"{self.institution} ({self.user})"

    @property
    def access_token(self) -> str:
        return encryption.decrypt(self.encrypted_access_token)

    @access_token.setter
    def access_token(self, token: str) -> None:
        self.encrypted_access_token = encryption.encrypt(token)

    @property
    def is_disconnected(self) -> bool:
        return self.disconnected_at is not None


class BankAccount(models.Model):
    class Type(models.TextChoices):
        DEPOSITORY = "depository", "Cash"
        CREDIT = "credit", "Credit"
        LOAN = "loan", "Loan"
        INVESTMENT = "investment", "Investment"
        OTHER = "other", "Other"

    connection = models.ForeignKey(
        Connection,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="accounts",
        help_text="Empty for a manual account, kept by hand or by file import.",
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="bank_accounts")
    provider_account_id = models.CharField(max_length=100)
    name = models.CharField(max_length=200)
    official_name = models.CharField(max_length=200, blank=True)
    mask = models.CharField(max_length=8, blank=True)
    type = models.CharField(max_length=20, choices=Type.choices)
    subtype = models.CharField(max_length=50, blank=True)
    currency = models.CharField(max_length=3)
    current_balance = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    available_balance = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    credit_limit = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    payment_due_date = models.DateField(
        null=True, blank=True, help_text="A card's next payment due date, when the provider tells it."
    )
    minimum_payment = models.DecimalField(
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="The least to pay by the due date: a positive amount (what is owed), in the account's currency.",
    )
    hidden = models.BooleanField(default=False)

    class Meta:
        ordering = ["type", "name"]
        constraints = [
            models.UniqueConstraint(fields=["connection", "provider_account_id"], name="bank_account_unique")
        ]

    def __str__(self) -> str:
        return f"{self.name} ··{self.mask}" if self.mask else self.name

    @property
    def is_manual(self) -> bool:
        return self.connection_id is None


class BalanceSnapshot(models.Model):
    """An account's balance at the end of a day (in its owner's time zone): net-worth history."""

    account = models.ForeignKey(BankAccount, on_delete=models.CASCADE, related_name="balance_snapshots")
    date = models.DateField()
    balance = models.DecimalField(max_digits=14, decimal_places=2)
    currency = models.CharField(max_length=3)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["account", "date"], name="balance_snapshot_daily")]

    def __str__(self) -> str:
        return f"{self.account} on {self.date}"


class SyncRun(models.Model):
    class Trigger(models.TextChoices):
        INITIAL = "initial", "First import"
        SCHEDULED = "scheduled", "Nightly"
        WEBHOOK = "webhook", "Bank notice"
        MANUAL = "manual", "Sync now"

    class Status(models.TextChoices):
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Failed"

    connection = models.ForeignKey(Connection, on_delete=models.CASCADE, related_name="sync_runs")
    trigger = models.CharField(max_length=20, choices=Trigger.choices)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RUNNING)
    started_at = models.DateTimeField(default=now)
    finished_at = models.DateTimeField(null=True, blank=True)
    pages = models.PositiveIntegerField(default=0)
    added = models.PositiveIntegerField(default=0)
    modified = models.PositiveIntegerField(default=0)
    removed = models.PositiveIntegerField(default=0)
    error_code = models.CharField(max_length=100, blank=True)
    error_message = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["connection", "-started_at"], name="sync_run_recent")]

    def __str__(self) -> str:
        return f"{self.get_trigger_display()} sync of {self.connection_id} at {self.started_at:%Y-%m-%d %H:%M}"
