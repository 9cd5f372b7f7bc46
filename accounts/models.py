"""People who use FinSync (email is the login), their preferences, and their notifications."""

import zoneinfo
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils.timezone import now

# ISO 4217 codes offered as a default currency; amounts elsewhere carry their own code.
CURRENCIES = {
    "AUD": "Australian dollar",
    "BRL": "Brazilian real",
    "CAD": "Canadian dollar",
    "CHF": "Swiss franc",
    "CNY": "Chinese yuan",
    "CZK": "Czech koruna",
    "DKK": "Danish krone",
    "EUR": "Euro",
    "GBP": "Pound sterling",
    "HKD": "Hong Kong dollar",
    "HUF": "Hungarian forint",
    "ILS": "Israeli new shekel",
    "INR": "Indian rupee",
    "JPY": "Japanese yen",
    "KRW": "South Korean won",
    "MXN": "Mexican peso",
    "NOK": "Norwegian krone",
    "NZD": "New Zealand dollar",
    "PLN": "Polish zloty",
    "SEK": "Swedish krona",
    "SGD": "Singapore dollar",
    "TRY": "Turkish lira",
    "USD": "US dollar",
    "ZAR": "South African rand",
}


def validate_timezone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(f"“{value}” is not a time zone FinSync knows.")


def validate_currency(value: str) -> None:
    if value not in CURRENCIES:
        raise ValidationError(f"“{value}” is not a currency FinSync supports.")


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields) -> "User":
        if not email:
            raise ValueError("A user needs an email address.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields) -> "User":
        return self.create_user(email, password, is_staff=True, is_superuser=True, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    class ReportFrequency(models.TextChoices):
        WEEKLY = "weekly", "Weekly"
        MONTHLY = "monthly", "Monthly"
        BOTH = "both", "Weekly and monthly"
        NONE = "none", "None"

    email = models.EmailField("email address", unique=True)
    display_name = models.CharField(max_length=100, blank=True)
    timezone = models.CharField("time zone", max_length=64, default="UTC", validators=[validate_timezone])
    default_currency = models.CharField(max_length=3, default="USD", validators=[validate_currency])
    email_budget_alerts = models.BooleanField("budget alerts", default=True)
    email_bill_reminders = models.BooleanField("bill reminders", default=True)
    email_connection_problems = models.BooleanField("connection problems", default=True)
    email_reports_ready = models.BooleanField("reports ready", default=True)
    email_unusual_spending = models.BooleanField("unusual charges", default=False)
    bill_reminder_days = models.PositiveSmallIntegerField(
        "remind me of bills this many days before",
        default=3,
        validators=[MinValueValidator(0), MaxValueValidator(30)],
        help_text="0 reminds you on the day a bill is due.",
    )
    new_merchant_alert_amount = models.DecimalField(
        "flag a first charge from a new merchant above",
        max_digits=14,
        decimal_places=2,
        default=Decimal("200.00"),
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text="In your default currency.",
    )
    report_frequency = models.CharField(max_length=10, choices=ReportFrequency.choices, default=ReportFrequency.MONTHLY)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField("staff", default=False, help_text="Can sign in to the admin.")
    date_joined = models.DateTimeField(default=now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        constraints = [models.UniqueConstraint(Lower("email"), name="user_email_unique_ignoring_case")]

    def __str__(self) -> str:
        return self.email

    @property
    def name(self) -> str:
        return self.display_name or self.email.split("@")[0]

    def get_full_name(self) -> str:
        return self.display_name

    def get_short_name(self) -> str:
        return self.name


class Notification(models.Model):
    """Something a person should know: shown in-app, and emailed (a link, no amounts) when they opted in."""

    class Kind(models.TextChoices):
        BUDGET_ALERT = "budget_alert", "Budget alert"
        BILL_REMINDER = "bill_reminder", "Bill reminder"
        CONNECTION_PROBLEM = "connection_problem", "Connection problem"
        REPORT_READY = "report_ready", "Report ready"
        UNUSUAL_SPENDING = "unusual_spending", "Unusual charge"

    class EmailStatus(models.TextChoices):
        NOT_WANTED = "not_wanted", "Not wanted"
        PENDING = "pending", "Pending"
        SENT = "sent", "Sent"

    # The preference on User that decides whether a kind also goes by email.
    EMAIL_PREFERENCE = {
        Kind.BUDGET_ALERT: "email_budget_alerts",
        Kind.BILL_REMINDER: "email_bill_reminders",
        Kind.CONNECTION_PROBLEM: "email_connection_problems",
        Kind.REPORT_READY: "email_reports_ready",
        Kind.UNUSUAL_SPENDING: "email_unusual_spending",
    }

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    title = models.CharField(max_length=200)
    url = models.CharField(max_length=500, help_text="A page of FinSync, behind login.")
    created_at = models.DateTimeField(default=now)
    read_at = models.DateTimeField(null=True, blank=True)
    email_status = models.CharField(max_length=12, choices=EmailStatus.choices)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["user", "-created_at"], name="notification_user_recent"),
            models.Index(
                fields=["user"],
                condition=models.Q(read_at__isnull=True),
                name="notification_user_unread",
            ),
            models.Index(
                fields=["created_at"],
                condition=models.Q(email_status="pending"),
                name="notification_email_pending",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None
