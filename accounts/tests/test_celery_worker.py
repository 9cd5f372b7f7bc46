"""A real Celery worker, over Redis, sends a notification email queued by notify()."""

import os
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.db import connection

from accounts.models import Notification
from accounts.services import notify
from accounts.tests.factories import UserFactory
from finsync.celery import app as celery_app
from finsync.settings import BASE_DIR

pytestmark = [
    pytest.mark.skipif(not settings.REDIS_URL, reason="needs REDIS_URL (CI always sets it)"),
    pytest.mark.django_db(transaction=True),
]


def database_url() -> str:
    """The test database, as a URL the worker process can open."""
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def worker(tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "EMAIL_URL": f"filemail:///{tmp_path}",  # django-environ drops one leading slash
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "finsync", "worker", "--pool", "solo", "--loglevel", "WARNING"],
        cwd=BASE_DIR,
        env=env,
    )
    celery_app.conf.task_always_eager = False
    yield tmp_path
    process.terminate()
    process.wait(timeout=30)


def test_a_real_worker_sends_the_email_and_records_it(worker):
    user = UserFactory()
    notification = notify(user=user, kind=Notification.Kind.REPORT_READY, title="Your report is ready", url="/reports/")

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        notification.refresh_from_db()
        if notification.email_status == Notification.EmailStatus.SENT:
            break
        time.sleep(0.2)
    assert notification.email_status == Notification.EmailStatus.SENT
    assert notification.emailed_at is not None
    (mail_file,) = worker.iterdir()
    assert "Your report is ready" in mail_file.read_text()
