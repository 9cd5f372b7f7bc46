from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from banking import services
from banking.providers.base import ProviderError
from banking.providers.plaid import Plaid


class Command(BaseCommand):
    help = "Link a Plaid sandbox institution for a user without the Link UI (sandbox or a custom PLAID_HOST only)."

    def add_arguments(self, parser):
        parser.add_argument("--user", required=True, help="the user's email")
        parser.add_argument("--institution", default="ins_109508", help="a sandbox institution id")

    def handle(self, *args, user, institution, **options):
        owner = User.objects.filter(email__iexact=user).first()
        if owner is None:
            raise CommandError(f"No user with email {user}.")
        if existing := services.connection_existing(user=owner, provider="plaid", institution_id=institution):
            raise CommandError(f"{user} already has this institution linked (connection {existing.pk}).")
        plaid = Plaid()
        try:
            link = plaid.exchange_public_token(public_token=plaid.sandbox_public_token(institution_id=institution))
            connection = services.connection_create(user=owner, provider="plaid", link=link)
        except ProviderError as error:
            raise CommandError(f"{error.code}: {error.message}") from None
        self.stdout.write(f"linked {connection.institution} as connection {connection.pk}; first import queued")
