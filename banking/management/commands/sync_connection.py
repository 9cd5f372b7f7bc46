from django.core.management.base import BaseCommand, CommandError

from banking.models import Connection, SyncRun
from banking.providers.base import TransientError
from banking.sync import connection_sync


class Command(BaseCommand):
    help = "Sync one connection now, in this process, and print what changed."

    def add_arguments(self, parser):
        parser.add_argument("connection_id", type=int)

    def handle(self, *args, connection_id, **options):
        if not Connection.objects.filter(pk=connection_id, disconnected_at__isnull=True).exists():
            raise CommandError(f"No connected connection with id {connection_id}.")
        try:
            run = connection_sync(connection_id=connection_id, trigger=SyncRun.Trigger.MANUAL)
        except TransientError as error:
            raise CommandError(f"{error.code}: {error.message}") from None
        self.stdout.write(describe(run))


def describe(run: SyncRun) -> str:
    if run.status == SyncRun.Status.FAILED:
        return f"connection {run.connection_id}: failed: {run.error_code}: {run.error_message}"
    return (
        f"connection {run.connection_id}: {run.added} added, {run.modified} modified, "
        f"{run.removed} removed in {run.pages} page(s)"
    )
