"""`manage.py generate_report --user EMAIL --kind monthly --period 2026-10`: make a person's report from the shell.

It is the same report the hourly schedule makes, made by the same function: once per person, kind and period
(asking again prints the one there is; --remake renders it again with today's figures at the same address). A
report made new is announced as the schedule announces it ("Your monthly report is ready", in-app, and by email
when the person asked for report emails), so a report made from the shell is not one the person never hears of.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from accounts.models import User
from budgets.selectors import local_today
from reports.models import Report
from reports.periods import last_complete_period, period_name, period_parse
from reports.services import report_send


class Command(BaseCommand):
    help = (
        "Make a person's weekly or monthly report for a period that has ended, and print its address. --period is "
        "a month such as 2026-10 or an ISO week such as 2026-W45 (default: the last one that has ended in the "
        "person's time zone). A report is made once per period: asking again prints the one there is, unless "
        "--remake, which renders it again with today's figures at the same address. A new report is announced like "
        "a scheduled one (a notification, and an email to those who asked for report emails); one made again is "
        "not announced again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--user", required=True, metavar="EMAIL", help="the email address of the report's owner")
        parser.add_argument("--kind", required=True, choices=Report.Kind.values, help="weekly or monthly")
        parser.add_argument(
            "--period", metavar="PERIOD", help="2026-10 (monthly) or 2026-W45 (weekly); default: the last one ended"
        )
        parser.add_argument(
            "--remake", action="store_true", help="render the report again if there is one (not announced again)"
        )

    def handle(self, *args, **options):
        user = _user(options["user"])
        kind: str = options["kind"]
        if options["period"] is None:
            period = last_complete_period(kind, local_today(user))
        else:
            try:
                period = period_parse(kind, options["period"])
            except ValueError as error:
                raise CommandError(str(error)) from None
        try:
            report, created = report_send(user=user, kind=kind, period=period, remake=options["remake"])
        except ValueError as error:  # the period has not ended yet (in the person's time zone)
            raise CommandError(str(error)) from None
        name = f"{report.get_kind_display().lower()} report for {period.label} ({period_name(kind, period)})"
        if created:
            said = f"made the {name}; {user.email} is told it is ready"
        elif options["remake"]:
            said = f"made the {name} again, at the same address (not announced again)"
        else:
            said = f"the {name} was already there, made {report.generated_at:%Y-%m-%d %H:%M} UTC (--remake to redo)"
        self.stdout.write(said)
        self.stdout.write(settings.SITE_URL + reverse("report_detail", args=[report.pk]))


def _user(email: str) -> User:
    user = User.objects.filter(email__iexact=email.strip()).first()
    if user is None:
        raise CommandError(f"No user has the email address {email}")
    if not user.is_active:
        raise CommandError(f"{user.email} is not active: they could not sign in to read the report")
    return user
