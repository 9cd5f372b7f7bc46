"""Linking the Demo Bank, syncing, relinking, disconnecting: as the owner and as an outsider."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
import time_machine
from django import db
from django.core.cache import cache
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from accounts.models import Notification
from accounts.tests.factories import UserFactory
from banking.models import BankAccount, Connection, SyncRun
from banking.providers.demo import DemoBank
from banking.services import connection_needs_relink, connections_purge
from banking.sync import connection_sync
from banking.tests.factories import ConnectionFactory
from transactions.models import Transaction

pytestmark = pytest.mark.django_db
INSTITUTION_ID, INSTITUTION_NAME = DemoBank.INSTITUTIONS[0]


@pytest.fixture
def owner(client):
    user = UserFactory()
    client.force_login(user)
    return user


def link_demo(client, institution_id=INSTITUTION_ID):
    return client.post(reverse("demo_link"), {"institution_id": institution_id})


def test_linking_the_demo_bank_imports_a_year_of_history(client, owner, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = link_demo(client)
    connection = Connection.objects.get(user=owner)
    assert response.url == reverse("connection_detail", args=[connection.pk])
    assert connection.status == Connection.Status.HEALTHY
    assert connection.accounts.count() == 3
    dates = Transaction.objects.filter(user=owner).values_list("date", flat=True)
    assert (max(dates) - min(dates)).days >= 365
    run = connection.sync_runs.get()
    assert (run.trigger, run.status) == (SyncRun.Trigger.INITIAL, SyncRun.Status.SUCCEEDED)
    assert run.added == len(dates)
    page = client.get(response.url).content.decode()
    assert INSTITUTION_NAME in page
    newest = Transaction.objects.filter(user=owner).order_by("-date", "-id").first()
    assert escape(newest.merchant_name or newest.description) in page, "the latest transactions are listed"
    assert connection.access_token not in page
    assert connection.encrypted_access_token not in page


def test_the_connection_page_shows_when_the_card_payment_is_due(client, owner, django_capture_on_commit_callbacks):
    with time_machine.travel(datetime(2025, 6, 4, 12, tzinfo=UTC)), django_capture_on_commit_callbacks(execute=True):
        link_demo(client)
    connection = Connection.objects.get(user=owner)
    card = connection.accounts.get(type=BankAccount.Type.CREDIT)
    assert card.payment_due_date.month == 6
    assert card.minimum_payment >= Decimal("25.00")

    page = client.get(reverse("connection_detail", args=[connection.pk])).content.decode()

    assert f'Payment due <time datetime="{card.payment_due_date:%Y-%m-%d}">{card.payment_due_date:%-d} Jun 2025' in page
    assert f'minimum <span class="money">{card.minimum_payment:,}&nbsp;USD</span>' in page
    assert page.count("Payment due") == 1, "only the card has one"
    client.force_login(UserFactory())
    assert client.get(reverse("connection_detail", args=[connection.pk])).status_code == 404


def test_linking_the_same_bank_twice_keeps_one_connection(client, owner, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        link_demo(client)
        response = link_demo(client)
    (connection,) = Connection.objects.filter(user=owner)
    assert response.url == reverse("connection_detail", args=[connection.pk])
    assert "You already linked this bank" in client.get(response.url).content.decode()


def test_sync_now_brings_new_activity_and_is_rate_limited(client, owner, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        link_demo(client)
    connection = Connection.objects.get(user=owner)
    before = Transaction.objects.filter(user=owner).count()
    with time_machine.travel(timezone.now() + timedelta(days=2)), django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("connection_sync_now", args=[connection.pk]))
        response = client.post(reverse("connection_sync_now", args=[connection.pk]), follow=True)
    assert "synced a moment ago" in response.content.decode()
    runs = connection.sync_runs.filter(trigger=SyncRun.Trigger.MANUAL)
    assert runs.count() == 1
    assert runs.get().added > 0
    assert Transaction.objects.filter(user=owner).count() > before


def test_a_connection_that_needs_relinking_says_so_once_and_relinking_fixes_it(client, owner):
    connection = ConnectionFactory(user=owner)
    for _ in range(3):  # three failed nights
        connection_needs_relink(connection_id=connection.pk, code="ITEM_LOGIN_REQUIRED", message="Sign in again.")
    assert Notification.objects.filter(user=owner, kind=Notification.Kind.CONNECTION_PROBLEM).count() == 1
    page = client.get(reverse("connection_detail", args=[connection.pk])).content.decode()
    assert "Sign in again." in page

    client.post(reverse("connection_relink", args=[connection.pk]))
    connection.refresh_from_db()
    assert connection.status == Connection.Status.HEALTHY
    assert Connection.objects.filter(user=owner).count() == 1


def test_disconnect_hides_then_purges_after_the_grace_period(client, owner, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        link_demo(client)
    connection = Connection.objects.get(user=owner)
    confirm = client.get(reverse("connection_disconnect", args=[connection.pk])).content.decode()
    assert "deleted for good after 30 days" in confirm
    client.post(reverse("connection_disconnect", args=[connection.pk]))
    assert client.get(reverse("connection_detail", args=[connection.pk])).status_code == 404
    restore = reverse("connection_restore", args=[connection.pk])
    assert restore in client.get(reverse("connection_list")).content.decode()

    client.post(restore)
    assert client.get(reverse("connection_detail", args=[connection.pk])).status_code == 200
    client.post(reverse("connection_disconnect", args=[connection.pk]))

    assert connections_purge() == 0
    with time_machine.travel(timezone.now() + timedelta(days=31)):
        assert connections_purge() == 1
    assert not Transaction.objects.filter(user=owner).exists()


@pytest.mark.parametrize(
    ("method", "name"),
    [
        ("get", "connection_detail"),
        ("get", "connection_progress"),
        ("post", "connection_sync_now"),
        ("post", "connection_relink"),
        ("get", "connection_disconnect"),
        ("post", "connection_disconnect"),
    ],
)
def test_another_persons_connection_is_a_404(client, owner, method, name):
    theirs = ConnectionFactory()
    response = getattr(client, method)(reverse(name, args=[theirs.pk]))
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.disconnected_at is None
    assert not theirs.sync_runs.exists()


def test_another_persons_disconnected_connection_cannot_be_restored(client, owner):
    theirs = ConnectionFactory(disconnected_at=timezone.now())
    assert client.post(reverse("connection_restore", args=[theirs.pk])).status_code == 404
    assert (
        reverse("connection_restore", args=[theirs.pk]) not in client.get(reverse("connection_list")).content.decode()
    )


def test_a_sync_cut_off_by_a_killed_worker_is_recorded_as_interrupted(owner):
    connection = ConnectionFactory(user=owner)
    with time_machine.travel(timezone.now() - timedelta(minutes=20)):
        stuck = SyncRun.objects.create(connection=connection, trigger=SyncRun.Trigger.SCHEDULED)
    connection_sync(connection_id=connection.pk, trigger=SyncRun.Trigger.MANUAL)
    stuck.refresh_from_db()
    assert (stuck.status, stuck.error_code) == (SyncRun.Status.FAILED, "INTERRUPTED")
    assert connection.sync_runs.filter(status=SyncRun.Status.SUCCEEDED).count() == 1


def queries_for(client, url) -> int:
    with CaptureQueriesContext(db.connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_pages_cost_the_same_queries_however_much_there_is(client, owner):
    """No query per transaction, account, run or connection."""
    first = ConnectionFactory(user=owner)
    connection_sync(connection_id=first.pk, trigger=SyncRun.Trigger.INITIAL)
    detail = reverse("connection_detail", args=[first.pk])
    client.get(detail)  # the first request of a session also records the session
    one = queries_for(client, detail), queries_for(client, reverse("connection_list"))

    for institution_id, _ in DemoBank.INSTITUTIONS[1:]:
        other = ConnectionFactory(user=owner, institution__external_id=institution_id)
        connection_sync(connection_id=other.pk, trigger=SyncRun.Trigger.INITIAL)
    with time_machine.travel(timezone.now() + timedelta(days=3)):
        connection_sync(connection_id=first.pk, trigger=SyncRun.Trigger.MANUAL)
    assert (queries_for(client, detail), queries_for(client, reverse("connection_list"))) == one


def test_sync_now_is_capped_per_person(client, owner, settings):
    connection = ConnectionFactory(user=owner)
    for minute in range(21):  # one a minute is allowed per connection; twenty an hour per person
        with time_machine.travel(timezone.now() + timedelta(minutes=minute)):
            cache.delete(f"sync-now:{connection.pk}")
            response = client.post(reverse("connection_sync_now", args=[connection.pk]), follow=True)
    assert "You asked for many syncs this hour." in response.content.decode()
