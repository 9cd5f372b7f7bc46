"""The demo: a user with a linked Demo Bank. It lives in `reports`, the app that may read every other one."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accounts.services import demo_user_ensure
from banking.providers.demo import DemoBank
from banking.services import AlreadyLinked, connection_link_demo
from transactions.models import Category, Rule
from transactions.services import rule_apply, rule_save, tag_for

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
        if not Rule.objects.filter(user=user).exists():
            self._demo_rules(user)
        self.stdout.write(f"Demo login: {DEMO_EMAIL} / {DEMO_PASSWORD}")

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
