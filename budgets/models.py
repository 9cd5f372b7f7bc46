"""Budgets and their alerts, bills and subscriptions, and unusual charges."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.timezone import now

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
            models.CheckConstraint(condition=Q(month_start_day__gte=1, month_start_day__lte=31), name="budget_month_day"),
            models.CheckConstraint(condition=Q(week_start_day__lte=6), name="budget_week_day"),
        ]

    def __str__(self) -> str:
        return self.name


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
