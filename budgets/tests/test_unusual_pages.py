"""Flagged charges where the person looks: the Transactions list, a transaction's page (with Dismiss) and the
dashboard; as the owner and as an outsider. And a Demo Bank link that brings flags of its own."""

from datetime import UTC, date, datetime
from html import unescape

import pytest
import time_machine
from django import db
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Notification
from accounts.tests.factories import UserFactory
from banking.models import SyncRun
from banking.sync import connection_sync
from banking.tests.factories import ConnectionFactory
from budgets.models import UnusualCharge
from budgets.tests.test_unusual import FAR_ABOVE, TRADER_JOES, charge, txn_of, usual
from transactions.tests.factories import TransactionFactory

NOV_20 = datetime(2026, 11, 20, 12, tzinfo=UTC)
LIST = reverse("transaction_list")
DEMO_TOKEN = "demo-20261120-Qx3vTz0JmB4kYp7w9Lr2sN5d"  # a fixed link: the same history every run

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_today")]


@pytest.fixture
def _today():
    with time_machine.travel(NOV_20, tick=False):
        yield


@pytest.fixture
def flagged(bank, client):
    """The owner (signed in) with a charge far above their usual at Trader Joe's."""
    client.force_login(bank.user)
    usual(bank, "Trader Joe's", TRADER_JOES)
    big = charge(bank, "Trader Joe's", "137.70", date(2026, 11, 18))
    bank.sync(big)
    return UnusualCharge.objects.get(transaction=txn_of(big))


def text_of(response) -> str:
    assert response.status_code == 200
    return unescape(response.content.decode())


def dismiss(client, flag, **data):
    return client.post(reverse("unusual_charge_dismiss", args=[flag.pk]), data)


def test_the_owner_sees_the_flag_and_its_reason_on_the_list_and_the_transactions_page(client, flagged):
    assert FAR_ABOVE in text_of(client.get(LIST))
    page = text_of(client.get(reverse("transaction_detail", args=[flagged.transaction_id])))
    assert FAR_ABOVE in page
    assert reverse("unusual_charge_dismiss", args=[flagged.pk]) in page


def test_the_owner_dismisses_a_flag_and_it_stays_dismissed(client, flagged):
    response = dismiss(client, flagged)
    assert response.status_code == 302
    assert response.url == reverse("transaction_detail", args=[flagged.transaction_id])
    flagged.refresh_from_db()
    assert flagged.dismissed_at is not None
    page = text_of(client.get(response.url))
    assert "You dismissed this on 20 Nov 2026" in page
    assert reverse("unusual_charge_dismiss", args=[flagged.pk]) not in page
    assert FAR_ABOVE not in text_of(client.get(LIST))


def test_dismissing_from_the_dashboard_goes_back_to_it(client, flagged):
    response = dismiss(client, flagged, back="dashboard")
    assert response.url == reverse("dashboard")
    assert FAR_ABOVE not in text_of(client.get(reverse("dashboard")))


def test_an_outsider_cannot_dismiss_or_see_a_flag(client, flagged):
    outsider = UserFactory()
    client.force_login(outsider)
    assert dismiss(client, flagged).status_code == 404
    flagged.refresh_from_db()
    assert flagged.dismissed_at is None
    assert client.get(reverse("transaction_detail", args=[flagged.transaction_id])).status_code == 404
    assert FAR_ABOVE not in text_of(client.get(reverse("dashboard")))


def test_dismissing_takes_a_post(client, flagged):
    assert client.get(reverse("unusual_charge_dismiss", args=[flagged.pk])).status_code == 405


def test_the_dashboard_lists_the_last_90_days_flags_with_their_reasons_and_links(bank, client, flagged):
    old = charge(bank, "Trader Joe's", "140.00", date(2026, 8, 15))  # 97 days ago: flagged, not listed
    bank.sync(old)
    assert UnusualCharge.objects.filter(transaction=txn_of(old)).exists()
    page = text_of(client.get(reverse("dashboard")))
    assert "Flagged charges" in page
    assert FAR_ABOVE in page
    assert reverse("transaction_detail", args=[flagged.transaction_id]) in page
    assert reverse("transaction_detail", args=[txn_of(old).pk]) not in page


def test_the_dashboard_without_flags_shows_no_flagged_section(client):
    client.force_login(UserFactory())
    assert "Flagged charges" not in text_of(client.get(reverse("dashboard")))


def test_the_list_filters_to_unusual_charges_only(bank, client, flagged):
    page = text_of(client.get(LIST, {"unusual": "on"}))
    assert reverse("transaction_detail", args=[flagged.transaction_id]) in page
    ordinary = bank.user.transactions.exclude(pk=flagged.transaction_id).first()
    assert reverse("transaction_detail", args=[ordinary.pk]) not in page
    dismiss(client, flagged)
    assert reverse("transaction_detail", args=[flagged.transaction_id]) not in text_of(
        client.get(LIST, {"unusual": "on"})
    )


def test_the_list_costs_the_same_queries_for_few_or_many_flagged_rows(client):
    owner = UserFactory()
    client.force_login(owner)

    def add(n):
        for _ in range(n):
            txn = TransactionFactory(user=owner)
            UnusualCharge.objects.create(user=owner, transaction=txn, reason="amount", explanation="2.5x your usual")
            UnusualCharge.objects.create(
                user=owner, transaction=txn, reason="new_merchant", explanation="First", dismissed_at=timezone.now()
            )

    def queries() -> int:
        with CaptureQueriesContext(db.connection) as captured:
            assert "2.5x your usual" in text_of(client.get(LIST))
        return len(captured)

    add(3)
    client.get(LIST)  # the first request of a session also records the session
    few = queries()
    add(30)
    assert queries() == few


def test_a_demo_bank_link_brings_flagged_charges_with_their_reasons(client):
    connection = ConnectionFactory(access_token=DEMO_TOKEN)
    connection_sync(connection_id=connection.pk, trigger=SyncRun.Trigger.INITIAL)
    owner = connection.user
    reasons = set(UnusualCharge.objects.filter(user=owner).values_list("reason", flat=True))
    assert {UnusualCharge.Reason.NEW_MERCHANT, UnusualCharge.Reason.DUPLICATE} <= reasons
    assert not Notification.objects.filter(user=owner, kind=Notification.Kind.UNUSUAL_SPENDING).exists(), (
        "a first sync's year of history is flagged, not told"
    )
    client.force_login(owner)
    page = text_of(client.get(LIST, {"unusual": "on"}))
    assert "Your first charge from this merchant" in page
    assert "Charged twice: the same amount at the same merchant on" in page
