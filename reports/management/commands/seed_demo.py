"""The demo: a user with a linked Demo Bank. It lives in `reports`, the app that may read every other one."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accounts.services import demo_user_ensure
from banking.providers.demo import DemoBank
from banking.services import AlreadyLinked, connection_link_demo

DEMO_EMAIL = "demo@finsync.local"
DEMO_PASSWORD = "demo-finsync-2026"  # noqa: S105 (published on purpose: it is the demo)


class Command(BaseCommand):
    help = "Create (or refresh) the demo user and link their Demo Bank. Refuses to run in production."

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("seed_demo makes a user with a published password; it does not run in production.")
        user = demo_user_ensure(email=DEMO_EMAIL, password=DEMO_PASSWORD)
        institution_id, institution_name = DemoBank.INSTITUTIONS[0]
        try:
            connection_link_demo(user=user, institution_id=institution_id)
            self.stdout.write(f"Linked {institution_name}; its first import runs now (or on the worker).")
        except AlreadyLinked:
            pass
        self.stdout.write(f"Demo login: {DEMO_EMAIL} / {DEMO_PASSWORD}")
