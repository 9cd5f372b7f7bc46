"""The demo: a user to sign in as. It lives in `reports`, the app that may read every other one."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accounts.services import demo_user_ensure

DEMO_EMAIL = "demo@finsync.local"
DEMO_PASSWORD = "demo-finsync-2026"  # noqa: S105 (published on purpose: it is the demo)


class Command(BaseCommand):
    help = "Create (or refresh) the demo user. Refuses to run in production."

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("seed_demo makes a user with a published password; it does not run in production.")
        demo_user_ensure(email=DEMO_EMAIL, password=DEMO_PASSWORD)
        self.stdout.write(f"Demo login: {DEMO_EMAIL} / {DEMO_PASSWORD}")
