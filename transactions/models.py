"""Transactions as the bank reported them, the person's own edits beside them, and every change.

Also what categorizes them: each person's copy of the category taxonomy, their tags and their rules.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.timezone import now


class Category(models.Model):
    """One of a person's categories: a primary, a detailed category under it, or one they added.

    Every person has their own copy of Plaid's taxonomy (`code` set), so renaming or hiding one is theirs
    alone; categories they add have no code.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="categories")
    code = models.CharField(max_length=100, blank=True, help_text="Plaid's code; empty for one the person added.")
    name = models.CharField(max_length=100)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children", help_text="Its primary."
    )
    color = models.CharField(max_length=7, help_text="Hex color; a primary's color is shared by its children.")
    hidden = models.BooleanField(default=False)

    class Meta:
        verbose_name_plural = "categories"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "code"], condition=~Q(code=""), name="category_code_per_user"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_primary(self) -> bool:
        return self.parent_id is None


class Tag(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="tags")
    name = models.CharField(max_length=50)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint("user", Lower("name"), name="tag_name_per_user")]

    def __str__(self) -> str:
        return self.name


class CategorySource(models.TextChoices):
    USER = "user", "You"
    RULE = "rule", "Rule"
    LEARNED = "learned", "Learned"
    PROVIDER = "provider", "Bank"
    BUILTIN = "builtin", "FinSync"
    DEFAULT = "default", "Default"


class Reimbursement(models.TextChoices):
    EXPECTED = "expected", "Reimbursable"
    REIMBURSED = "reimbursed", "Reimbursed"


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

    merchant = models.CharField(max_length=200, blank=True, help_text="The merchant as shown: cleaned or renamed.")
    category = models.ForeignKey(Category, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    category_source = models.CharField(max_length=20, choices=CategorySource.choices, blank=True)
    category_reason = models.CharField(max_length=300, blank=True)
    rule = models.ForeignKey(
        "Rule", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", help_text="The rule that set it."
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="transactions")
    is_transfer = models.BooleanField(default=False, help_text="Money moving between the person's own accounts.")
    is_excluded = models.BooleanField(default=False, help_text="Left out of spending, budgets and reports.")
    is_flagged = models.BooleanField(default=False)
    transfer_pair = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    reimbursement = models.CharField(max_length=20, choices=Reimbursement.choices, blank=True)
    reimbursed_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="reimburses"
    )
    locked_fields = models.JSONField(default=list, help_text="Fields the person set: rules and syncs leave them.")
    statement_import = models.ForeignKey(
        "StatementImport", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", help_text="Its file."
    )

    created_at = models.DateTimeField(default=now)
    updated_at = models.DateTimeField(default=now)
    deleted_at = models.DateTimeField(null=True, blank=True)

    # Fields a person's edit locks against rules and syncs.
    LOCKABLE_FIELDS = ("category", "merchant", "tags", "is_transfer", "is_excluded")
    # What the person set on a transaction: carried from a pending transaction to the posted one.
    USER_FIELDS = ("notes", "is_flagged", "reimbursement", "reimbursed_by_id", "locked_fields")

    class Meta:
        ordering = ["-date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["account", "provider_transaction_id"], name="transaction_unique_per_account"
            )
        ]
        indexes = [
            # Covering what the dashboard's, budgets' and reports' sums over a date range read, so that PostgreSQL
            # answers them from the index alone (SQLite ignores `include`).
            models.Index(
                fields=["user", "-date", "-id"],
                include=["account", "category", "amount", "currency", "is_transfer", "is_excluded", "pending"],
                condition=Q(deleted_at__isnull=True),
                name="txn_user_recent",
            ),
            models.Index(fields=["account", "-date"], name="txn_account_recent"),
            models.Index(fields=["category", "-date"], name="txn_category_recent"),
            models.Index(fields=["user", "amount"], name="txn_user_amount"),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.description} {self.amount} {self.currency}"

    def is_locked(self, field: str) -> bool:
        return field in self.locked_fields

    @property
    def is_manual(self) -> bool:
        return self.provider_transaction_id.startswith(MANUAL_PREFIX)


MANUAL_PREFIX = "manual-"
IMPORT_PREFIX = "file-"  # imported transactions: "file-" and the file's own id, so no bank's id can collide


class SplitLine(models.Model):
    """A part of a transaction in its own category; a transaction's lines sum to its amount."""

    transaction = models.ForeignKey(Transaction, on_delete=models.CASCADE, related_name="splits")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="+")
    amount = models.DecimalField(max_digits=14, decimal_places=2)
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.category}: {self.amount}"


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


class Rule(models.Model):
    """If a transaction matches the conditions, do the actions. Learned rules come from the person's corrections."""

    class Kind(models.TextChoices):
        USER = "user", "Rule"
        LEARNED = "learned", "Learned"

    class Field(models.TextChoices):
        EITHER = "either", "Description or merchant"
        DESCRIPTION = "description", "Description"
        MERCHANT = "merchant", "Merchant"

    class Operator(models.TextChoices):
        CONTAINS = "contains", "contains"
        EQUALS = "equals", "equals"
        STARTS_WITH = "starts_with", "starts with"
        REGEX = "regex", "matches the pattern"

    class Direction(models.TextChoices):
        ANY = "", "In or out"
        OUT = "out", "Money out"
        IN = "in", "Money in"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="rules")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.USER)
    name = models.CharField(max_length=100, blank=True)
    position = models.PositiveIntegerField(default=0, help_text="Rules run in this order, lowest first.")
    is_active = models.BooleanField(default=True)
    # Conditions: every one given must hold.
    match_field = models.CharField(max_length=20, choices=Field.choices, default=Field.EITHER)
    match_operator = models.CharField(max_length=20, choices=Operator.choices, default=Operator.CONTAINS)
    match_value = models.CharField(max_length=200, blank=True)
    amount_min = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    amount_max = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    direction = models.CharField(max_length=3, choices=Direction.choices, blank=True)
    account = models.ForeignKey("banking.BankAccount", null=True, blank=True, on_delete=models.CASCADE)
    # Actions.
    set_category = models.ForeignKey(Category, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    rename_merchant = models.CharField(max_length=200, blank=True)
    add_tag = models.ForeignKey(Tag, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    mark_transfer = models.BooleanField(default=False)
    mark_excluded = models.BooleanField(default=False)
    stop_processing = models.BooleanField(default=False, help_text="Later rules do not run on what this one matched.")
    created_at = models.DateTimeField(default=now)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_min__isnull=True)
                | Q(amount_max__isnull=True)
                | Q(amount_min__lte=models.F("amount_max")),
                name="rule_amount_range_ordered",
            ),
            models.UniqueConstraint(
                "user", Lower("match_value"), condition=Q(kind="learned"), name="learned_rule_per_merchant"
            ),
        ]

    def __str__(self) -> str:
        return self.name or f"{self.get_match_field_display()} {self.get_match_operator_display()} “{self.match_value}”"


class StatementImport(models.Model):
    """A statement file a person uploaded into one of their accounts: first a preview, then (when they confirm)
    an import. The file's bytes are kept only until then."""

    class Status(models.TextChoices):
        PREVIEW = "preview", "Waiting for you to confirm"
        IMPORTED = "imported", "Imported"
        UNDONE = "undone", "Undone"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="statement_imports")
    account = models.ForeignKey(
        "banking.BankAccount",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="statement_imports",
        help_text="Empty until a new manual account made from this file exists (on confirm).",
    )
    new_account_name = models.CharField(max_length=200, blank=True)
    file_name = models.CharField(max_length=255)
    file_size = models.PositiveIntegerField()
    content = models.BinaryField(editable=False, help_text="The file, kept until it is imported.")
    format = models.CharField(max_length=20)
    csv_mapping = models.JSONField(null=True, blank=True, help_text="How the CSV's columns are read.")
    statement_account = models.PositiveSmallIntegerField(
        default=0, help_text="Which of the file's accounts is imported (a file can hold several)."
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PREVIEW)
    imported = models.PositiveIntegerField(default=0)
    duplicates = models.PositiveIntegerField(default=0, help_text="Lines already in FinSync (the same file id).")
    skipped = models.PositiveIntegerField(default=0, help_text="Lines that are not transactions.")
    to_review = models.PositiveIntegerField(default=0, help_text="Lines that look like transactions FinSync has.")
    period_start = models.DateField(null=True, blank=True)
    period_end = models.DateField(null=True, blank=True)
    balance = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    balance_date = models.DateField(null=True, blank=True)
    currency = models.CharField(max_length=3, blank=True)
    created_at = models.DateTimeField(default=now)
    imported_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "-created_at"], name="statement_import_recent")]

    def __str__(self) -> str:
        return self.file_name


class CsvPreset(models.Model):
    """How one account's CSV files are read, saved when a CSV is imported into it."""

    account = models.OneToOneField("banking.BankAccount", on_delete=models.CASCADE, related_name="csv_preset")
    mapping = models.JSONField()
    updated_at = models.DateTimeField(default=now)

    def __str__(self) -> str:
        return f"CSV columns of {self.account}"


class LikelyDuplicate(models.Model):
    """A line of an imported file that looks like a transaction FinSync already has (same amount, a date within
    three days, a similar description). It waits here until the person merges it or keeps both."""

    class Decision(models.TextChoices):
        PENDING = "", "To review"
        MERGED = "merged", "Merged"
        KEPT = "kept", "Kept both"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    account = models.ForeignKey("banking.BankAccount", on_delete=models.CASCADE, related_name="+")
    statement_import = models.ForeignKey(StatementImport, on_delete=models.CASCADE, related_name="likely_duplicates")
    provider_transaction_id = models.CharField(max_length=100, help_text="The id the line has as a transaction.")
    date = models.DateField()
    amount = models.DecimalField(max_digits=14, decimal_places=2)
    currency = models.CharField(max_length=3)
    description = models.CharField(max_length=500)
    provider_data = models.JSONField(default=dict, help_text="The line as the file has it.")
    duplicate_of = models.ForeignKey(
        Transaction, null=True, on_delete=models.SET_NULL, related_name="+", help_text="Empty once it is gone."
    )
    decision = models.CharField(max_length=10, choices=Decision.choices, blank=True)
    kept = models.ForeignKey(
        Transaction, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", help_text="Made on keep."
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["date", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["account", "provider_transaction_id"], name="likely_duplicate_unique_per_account"
            )
        ]
        indexes = [models.Index(fields=["user"], condition=Q(decision=""), name="likely_duplicate_pending")]

    def __str__(self) -> str:
        return f"{self.date} {self.description} {self.amount} {self.currency}"
