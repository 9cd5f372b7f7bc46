"""Nightly syncs fall in each owner's local night, spread over the window."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import transaction

from accounts.tests.factories import UserFactory
from banking.providers.demo import DemoBank
from banking.schedule import next_nightly_sync
from banking.services import connection_create, connections_due
from banking.tests.factories import ConnectionFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("zone", ["America/Los_Angeles", "Europe/Berlin", "Asia/Tokyo", "Australia/Sydney"])
def test_nightly_syncs_fall_between_two_and_five_in_the_owners_night(zone):
    after = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
    for connection in ConnectionFactory.create_batch(20, user__timezone=zone):
        moment = next_nightly_sync(connection, after=after)
        local = moment.astimezone(ZoneInfo(zone))
        assert 2 <= local.hour < 5
        assert after < moment <= after + timedelta(days=1)


def test_nightly_syncs_are_spread_not_piled_up():
    after = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
    minutes = {next_nightly_sync(c, after=after).minute for c in ConnectionFactory.create_batch(40)}
    assert len(minutes) > 15


def test_the_schedule_holds_across_a_daylight_saving_change():
    connection = ConnectionFactory(user__timezone="America/New_York")
    before_change = datetime(2026, 3, 7, 12, 0, tzinfo=UTC)  # clocks spring forward on 8 March
    for day in range(3):
        moment = next_nightly_sync(connection, after=before_change + timedelta(days=day))
        assert 2 <= moment.astimezone(ZoneInfo("America/New_York")).hour < 6


def test_due_connections_are_queued_once_and_moved_to_the_next_night(django_capture_on_commit_callbacks):
    due = ConnectionFactory(next_sync_at=datetime(2026, 11, 20, 10, 0, tzinfo=UTC))
    ConnectionFactory(next_sync_at=datetime(2026, 11, 21, 10, 0, tzinfo=UTC))
    with time_machine.travel(datetime(2026, 11, 20, 10, 5, tzinfo=UTC)), django_capture_on_commit_callbacks() as queued:
        assert connections_due() == [due.pk]
        assert connections_due() == []
    assert len(queued) == 1
    due.refresh_from_db()
    assert due.next_sync_at > datetime(2026, 11, 20, 10, 5, tzinfo=UTC)


def test_a_first_import_that_could_not_be_queued_is_picked_up_by_the_next_sweep():
    with transaction.atomic():  # its on-commit enqueue never runs here, as if the broker were down
        link = DemoBank().link(institution_id=DemoBank.INSTITUTIONS[1][0])
        connection = connection_create(user=UserFactory(), provider="demo", link=link)
    assert connections_due() == [connection.pk]
