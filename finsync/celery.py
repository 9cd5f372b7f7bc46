"""The Celery app, and the one way FinSync sends work to it: after the surrounding transaction commits."""

import logging
import os

from celery import Celery
from django.db import transaction
from kombu.exceptions import OperationalError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "finsync.settings")

app = Celery("finsync")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

logger = logging.getLogger(__name__)


def enqueue_on_commit(task, *args) -> None:
    """Queue `task(*args)` once the current transaction commits.

    An unreachable broker is logged, not raised: the caller's work is already saved, and every
    task FinSync queues has a periodic sweep (Celery beat) that picks up what was not sent.
    """

    def send() -> None:
        try:
            task.delay(*args)
        except OperationalError:
            logger.warning("Broker unreachable; %s%r will be retried by its periodic sweep", task.name, args)

    # robust: with eager tasks (no broker) a failing task is logged; it must not fail the saved request.
    transaction.on_commit(send, robust=True)
