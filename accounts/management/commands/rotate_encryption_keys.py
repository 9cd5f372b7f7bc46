from django.core.management.base import BaseCommand
from django.db import transaction

from accounts import encryption


class Command(BaseCommand):
    help = "Re-encrypt every stored secret with the first key of FINSYNC_ENCRYPTION_KEYS (then old keys can go)."

    @transaction.atomic
    def handle(self, *args, **options):
        count = 0
        for token, write in list(encryption.stored_secrets()):
            write(encryption.reencrypt(token))
            count += 1
        self.stdout.write(f"re-encrypted {count} secret(s) with the first key")
