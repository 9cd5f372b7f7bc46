from django.core.management.base import BaseCommand

from banking.management.commands.sync_connection import describe
from banking.models import Connection, SyncRun
from banking.providers.base import TransientError
from banking.sync import connection_sync


class Command(BaseCommand):
    help = "Sync every connected connection now, one after another, in this process."

    def handle(self, *args, **options):
        connected = Connection.objects.filter(disconnected_at__isnull=True).exclude(
            status__in=[Connection.Status.NEEDS_RELINK, Connection.Status.REVOKED]
        )
        for connection_id in connected.values_list("pk", flat=True):
            try:
                self.stdout.write(
                    describe(connection_sync(connection_id=connection_id, trigger=SyncRun.Trigger.MANUAL))
                )
            except TransientError as error:
                self.stdout.write(f"connection {connection_id}: will retry later: {error.message}")
