import pytest
from django.core.cache import cache

from finsync.celery import app as celery_app

pytest_plugins = [
    "banking.tests.plaid_fake",  # the `plaid_fake` fixture: Plaid's API, over HTTP
    "transactions.tests.bank",  # the `bank` fixture: a person's accounts, fed like a sync feeds them
]


@pytest.fixture(autouse=True)
def _isolated(settings):
    """Fast hashing, a clean cache (rate limits, one-time codes) and in-process tasks for every test."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    cache.clear()
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = eager
