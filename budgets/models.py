"""Budgets and their alerts, bills and subscriptions, and unusual charges."""

from datetime import date, timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.timezone import now

from budgets import periods

DEFAULT_THRESHOLDS = (80, 100)


def default_thresholds() -> list[int]:
    return list(DEFAULT_THRESHOLDS)


class Budget(models.Model):
    """How much a person means to spend in some categories each week or month."""

    class Period(models.TextChoices):
        WEEKLY = "weekly", "Weekly"
        MONTHLY = "monthly", "Monthly"

    class Rollover(models.TextChoices):
        NONE = "none", "Start each period afresh"
        SURPLUS = "surplus", "Carry over what is left"
        BOTH = "both", "Carry over what is left and what is overspent"

    class Weekday(models.IntegerChoices):
        MONDAY = 0, "Monday"
        TUESDAY = 1, "Tuesday"
        WEDNESDAY = 2, "Wednesday"
        THURSDAY = 3, "Thursday"
        FRIDAY = 4, "Friday"
        SATURDAY = 5, "Saturday"
        SUNDAY = 6, "Sunday"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="budgets")
    name = models.CharField(max_length=100)
    categories = models.ManyToManyField(
        "transactions.Category", related_name="budgets", help_text="A primary category includes its children."
    )
    period = models.CharField(max_length=10, choices=Period.choices, default=Period.MONTHLY)
    month_start_day = models.PositiveSmallIntegerField(
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(31)],
        help_text="A monthly budget's period starts on this day (or the month's last day, when shorter).",
    )
    week_start_day = models.PositiveSmallIntegerField(choices=Weekday.choices, default=Weekday.MONDAY)
    amount = models.DecimalField(max_digits=14, decimal_places=2)
    currency = models.CharField(max_length=3)
    rollover = models.CharField(max_length=10, choices=Rollover.choices, default=Rollover.NONE)
    thresholds = models.JSONField(
        default=default_thresholds, help_text="Percentages of the budget that alert, once per period each."
    )
    alert_projected = models.BooleanField(
        "warn when the pace will exceed it", default=True, help_text="Once per period, from spending so far."
    )
    starts_on = models.DateField(help_text="The budget counts from the period that holds this date.")
    created_at = models.DateTimeField(default=now)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="budget_amount_positive"),
            models.CheckConstraint(
                condition=Q(month_start_day__gte=1, month_start_day__lte=31), name="budget_month_day"
            ),
            models.CheckConstraint(condition=Q(week_start_day__lte=6), name="budget_week_day"),
        ]

    def __str__(self) -> str:
        return self.name

    def period_containing(self, day: date) -> periods.Period:
        if self.period == self.Period.WEEKLY:
            return periods.week_containing(day, week_start_day=self.week_start_day)
        return periods.month_containing(day, month_start_day=self.month_start_day)


class BudgetAlert(models.Model):
    """A budget passed a threshold (or is on pace to exceed) in one period. One row per crossing, ever:
    the unique constraint is what makes a second alert impossible, even from two syncs at once."""

    class Kind(models.TextChoices):
        THRESHOLD = "threshold", "Threshold reached"
        PROJECTED = "projected", "On pace to exceed"

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="alerts")
    period_start = models.DateField()
    kind = models.CharField(max_length=10, choices=Kind.choices)
    threshold = models.PositiveSmallIntegerField(help_text="The percentage passed; 100 for a projection.")
    notification = models.ForeignKey(
        "accounts.Notification", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=now)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["budget", "period_start", "kind", "threshold"], name="budget_alert_once_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.budget}: {self.get_kind_display()} {self.threshold}% ({self.period_start})"


class UnusualCharge(models.Model):
    """A charge that looks out of the ordinary, and why. One row per (transaction, reason), ever: screening
    the same transaction again never flags it twice, and a dismissal stays remembered."""

    class Reason(models.TextChoices):
        AMOUNT = "amount", "Far above the usual amount"
        NEW_MERCHANT = "new_merchant", "First charge from a new merchant"
        DUPLICATE = "duplicate", "Likely charged twice"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="unusual_charges")
    transaction = models.ForeignKey(
        "transactions.Transaction", on_delete=models.CASCADE, related_name="unusual_charges"
    )
    reason = models.CharField(max_length=20, choices=Reason.choices)
    explanation = models.CharField(max_length=200, help_text="In plain words, e.g. “3.4x your usual at this merchant”.")
    other_transaction = models.ForeignKey(
        "transactions.Transaction",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="For a likely duplicate: the charge it repeats.",
    )
    detected_at = models.DateTimeField(default=now)
    dismissed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-detected_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["transaction", "reason"], name="unusual_charge_once_per_reason"),
            models.CheckConstraint(
                condition=Q(reason="duplicate") | Q(other_transaction__isnull=True),
                name="unusual_charge_other_only_for_duplicate",
            ),
        ]
        indexes = [models.Index(fields=["user"], condition=Q(dismissed_at__isnull=True), name="unusual_charge_open")]

    def __str__(self) -> str:
        return self.explanation


class Bill(models.Model):
    """A bill or subscription that comes back at a regular cadence: found in the person's payments (a
    suggestion until they confirm or ignore it) or added by hand. Its payments are the transactions whose
    merchant gives its merchant key; one bill per key, so a series is never suggested twice and an ignored
    suggestion stays ignored."""

    class Cadence(models.TextChoices):
        WEEKLY = "weekly", "Weekly"
        BIWEEKLY = "biweekly", "Every two weeks"
        MONTHLY = "monthly", "Monthly"
        QUARTERLY = "quarterly", "Every three months"
        ANNUAL = "annual", "Yearly"

    class Status(models.TextChoices):
        SUGGESTED = "suggested", "Suggested"
        CONFIRMED = "confirmed", "Confirmed"
        IGNORED = "ignored", "Ignored"

    class Source(models.TextChoices):
        DETECTED = "detected", "Found in your transactions"
        MANUAL = "manual", "Set by you"  # added by hand, or edited: its amount is the person's

    LATE_AFTER_DAYS = 3  # a payment may post this many days after the due date before the bill is late

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="bills")
    name = models.CharField(max_length=100)
    merchant = models.CharField(max_length=200, blank=True, help_text="The merchant as shown on its payments.")
    merchant_key = models.CharField(
        max_length=200, blank=True, help_text="Transactions whose merchant gives this key are its payments."
    )
    account = models.ForeignKey(
        "banking.BankAccount", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    amount = models.DecimalField(max_digits=14, decimal_places=2, help_text="What is due: the typical payment.")
    currency = models.CharField(max_length=3)
    cadence = models.CharField(max_length=10, choices=Cadence.choices, default=Cadence.MONTHLY)
    due_day = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(31)],
        help_text="The day of the month it is due (a day the month lacks: its last day); none for weekly bills.",
    )
    next_due = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SUGGESTED)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.DETECTED)
    last_paid_on = models.DateField(null=True, blank=True)
    last_amount = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    previous_amount = models.DecimalField(
        max_digits=14, decimal_places=2, null=True, blank=True, help_text="The price before a recent rise."
    )
    created_at = models.DateTimeField(default=now)
    updated_at = models.DateTimeField(default=now)

    class Meta:
        ordering = ["next_due", "name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "merchant_key"], condition=~Q(merchant_key=""), name="bill_one_per_merchant"
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="bill_amount_positive"),
            models.CheckConstraint(
                condition=Q(due_day__isnull=True) | Q(due_day__gte=1, due_day__lte=31), name="bill_due_day"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def price_rose(self) -> bool:
        """Its price went up lately (the detector keeps the earlier price while the rise is recent)."""
        return self.previous_amount is not None

    def is_late(self, today: date) -> bool:
        """A confirmed bill whose due date passed, grace days included, with no payment seen for it."""
        late_from = self.next_due + timedelta(days=self.LATE_AFTER_DAYS)
        return self.status == self.Status.CONFIRMED and today > late_from


class BillReminder(models.Model):
    """A reminder sent before a due date: of a bill, or of a card's payment. One row per (bill or card, due
    date), ever: the hourly task may run twice, or twice at once, and still reminds once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    bill = models.ForeignKey(Bill, null=True, blank=True, on_delete=models.CASCADE, related_name="reminders")
    account = models.ForeignKey(
        "banking.BankAccount", null=True, blank=True, on_delete=models.CASCADE, related_name="+", help_text="A card."
    )
    due_on = models.DateField()
    notification = models.ForeignKey(
        "accounts.Notification", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(bill__isnull=False, account__isnull=True) | Q(bill__isnull=True, account__isnull=False),
                name="bill_reminder_of_bill_or_card",
            ),
            models.UniqueConstraint(
                fields=["bill", "due_on"], condition=Q(bill__isnull=False), name="bill_reminder_once_per_due_date"
            ),
            models.UniqueConstraint(
                fields=["account", "due_on"], condition=Q(account__isnull=False), name="card_reminder_once_per_due_date"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.bill or self.account}: due {self.due_on}"
