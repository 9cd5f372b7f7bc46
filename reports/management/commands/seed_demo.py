"""The demo: a user with a linked Demo Bank. It lives in `reports`, the app that may read every other one."""

from datetime import timedelta
from decimal import ROUND_CEILING, Decimal

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from accounts.services import demo_user_ensure
from banking.models import Connection, SyncRun
from banking.providers.demo import DemoBank
from banking.services import AlreadyLinked, connection_link_demo
from banking.sync import connection_sync
from budgets.bills import bill_confirm, bill_create, bill_reminders_send
from budgets.models import Bill, Budget
from budgets.selectors import budget_status, local_today
from budgets.services import budget_save
from reports.models import Report
from reports.periods import last_complete_period, period_name
from reports.services import report_send
from transactions.models import Category, Rule
from transactions.services import rule_apply, rule_save, tag_for

DEMO_EMAIL = "demo@finsync.local"
DEMO_PASSWORD = "demo-finsync-2026"  # noqa: S105 (published on purpose: it is the demo)


class Command(BaseCommand):
    help = (
        "Create (or refresh) the demo user, link their Demo Bank, and make their budgets, bills and reports for "
        "the last full week and month. Refuses to run in production."
    )

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("seed_demo makes a user with a published password; it does not run in production.")
        user = demo_user_ensure(email=DEMO_EMAIL, password=DEMO_PASSWORD)
        institution_id, institution_name = DemoBank.INSTITUTIONS[0]
        try:
            connection = connection_link_demo(user=user, institution_id=institution_id)
            self.stdout.write(f"Linked {institution_name}; its first import runs now (or on the worker).")
        except AlreadyLinked:
            connection = Connection.objects.get(user=user, provider="demo")
        connection.refresh_from_db()
        if connection.last_synced_at is None:  # a worker has not run the first import yet: the budgets need it
            connection_sync(connection_id=connection.pk, trigger=SyncRun.Trigger.INITIAL)
        if not Rule.objects.filter(user=user).exists():
            self._demo_rules(user)
        if not Budget.objects.filter(user=user).exists():
            self._demo_budgets(user)
        if not Bill.objects.filter(user=user, status=Bill.Status.CONFIRMED).exists():
            self._demo_bills(user)
        bill_reminders_send()
        self._demo_reports(user)
        self.stdout.write(f"Demo login: {DEMO_EMAIL} / {DEMO_PASSWORD}")

    def _demo_reports(self, user) -> None:
        """The reports for the last full week and month, announced as the hourly schedule announces them (so the
        bell shows "Your monthly report is ready"). Made once: a second run finds them and leaves them as made."""
        today = local_today(user)
        for kind in (Report.Kind.WEEKLY, Report.Kind.MONTHLY):
            period = last_complete_period(kind, today)
            report, created = report_send(user=user, kind=kind, period=period)
            if created:
                address = settings.SITE_URL + reverse("report_detail", args=[report.pk])
                self.stdout.write(f"Made the {kind} report {period_name(kind, period)}: {address}")

    def _demo_rules(self, user) -> None:
        """Two rules of the kind people write, so the Rules page and the reasons show them at work."""
        streaming = Category.objects.get(user=user, code="ENTERTAINMENT_TV_AND_MOVIES")
        for rule in (
            Rule(
                name="Apple TV+",
                match_field=Rule.Field.DESCRIPTION,
                match_value="APPLE.COM/BILL",
                set_category=streaming,
            ),
            Rule(name="Online orders", match_value="AMZN", add_tag=tag_for(user=user, name="online")),
        ):
            rule_apply(user=user, rule=rule_save(user=user, rule=rule))

    def _demo_budgets(self, user) -> None:
        """Budgets near what the Demo Bank spends, plus a weekly one sized so that this week's spending sits just
        under 80%: the next "Sync now" brings a purchase that crosses it, and the alert follows at once."""
        codes = {c.code: c for c in Category.objects.filter(user=user).exclude(code="")}
        monthly = (
            ("Groceries", ["FOOD_AND_DRINK_GROCERIES"], "450", Budget.Rollover.SURPLUS),
            (
                "Eating out",
                ["FOOD_AND_DRINK_RESTAURANT", "FOOD_AND_DRINK_COFFEE", "FOOD_AND_DRINK_FAST_FOOD"],
                "1000",
                Budget.Rollover.NONE,
            ),
            ("Shopping", ["GENERAL_MERCHANDISE"], "350", Budget.Rollover.NONE),
        )
        first_day = local_today(user).replace(day=1)
        for name, wanted, amount, rollover in monthly:
            budget = Budget(
                name=name,
                amount=Decimal(amount),
                currency="USD",
                rollover=rollover,
                starts_on=first_day - timedelta(days=60),
            )
            budget_save(user=user, budget=budget, categories=[codes[code] for code in wanted])
        day_to_day = [
            "FOOD_AND_DRINK_COFFEE",
            "FOOD_AND_DRINK_FAST_FOOD",
            "TRANSPORTATION_TAXIS_AND_RIDE_SHARES",
            "TRANSPORTATION_PUBLIC_TRANSIT",
            "GENERAL_MERCHANDISE_CONVENIENCE_STORES",
        ]
        weekly = budget_save(
            user=user,
            budget=Budget(
                name="Day to day",
                period=Budget.Period.WEEKLY,
                amount=Decimal(1000),
                currency="USD",
                starts_on=first_day,
            ),
            categories=[codes[code] for code in day_to_day],
        )
        spent = budget_status(user=user, budget=weekly).current.spent
        # At least $6, not more: the next sync always brings two small purchases of $2.50 or more, which cross
        # 80% of it even when nothing was spent yet this week (a Monday morning).
        weekly.amount = max((spent / Decimal("0.79")).quantize(Decimal(1), rounding=ROUND_CEILING), Decimal(6))
        weekly.save(update_fields=["amount"])

    def _demo_bills(self, user) -> None:
        """Confirm the bills found in the Demo Bank's payments but the cheapest (left as a suggestion to confirm
        or ignore), and add one by hand that is due in two days, so that its reminder is there at once."""
        for bill in Bill.objects.filter(user=user, status=Bill.Status.SUGGESTED).order_by("amount")[1:]:
            bill_confirm(user=user, bill=bill)
        due = local_today(user) + timedelta(days=2)
        bill_create(
            user=user,
            name="Renter's insurance",
            amount=Decimal("18.50"),
            cadence=Bill.Cadence.MONTHLY,
            due_day=due.day,
            next_due=due,
        )
