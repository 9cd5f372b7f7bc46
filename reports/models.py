"""Reports: a person's weekly or monthly report, stored as it was made (its page and its PDF)."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.timezone import now

from budgets.periods import Period


class Report(models.Model):
    class Kind(models.TextChoices):
        WEEKLY = "weekly", "Weekly"
        MONTHLY = "monthly", "Monthly"

    # A random id, not a counter: the id is the report's address (/reports/<id>/) and must not be guessable.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reports")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    period_start = models.DateField()
    period_end = models.DateField()  # inclusive
    currency = models.CharField(max_length=3)
    html = models.TextField(help_text="The report's body as it was rendered, shown on its page.")
    pdf = models.BinaryField(help_text="The same report as a PDF.")
    generated_at = models.DateTimeField(default=now)

    class Meta:
        ordering = ["-period_start", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "period_start"], name="report_once_per_period"),
            models.CheckConstraint(condition=models.Q(period_end__gte=models.F("period_start")), name="report_period"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} report, {self.period.label}"

    @property
    def period(self) -> Period:
        return Period(self.period_start, self.period_end)
