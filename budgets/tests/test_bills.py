"""Bills found after each sync, the person's choices about them, late bills, price rises, and reminders on the
right day in each person's time zone."""

import threading
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection as db_connection
from django.db import transaction

from accounts.models import Notification
from accounts.tests.factories import UserFactory
from banking.models import BankAccount
from banking.providers.demo import BILLS, CARD, DemoBank, _profile
from banking.services import connection_link_demo
from budgets import bills
from budgets.models import Bill, BillReminder
from budgets.recurring import months_later
from budgets.selectors import bills_overview
from budgets.tasks import send_bill_reminders
from transactions.models import Transaction

pytestmark = pytest.mark.django_db

MAY_1 = datetime(2026, 5, 1, 12, tzinfo=UTC)
MONTHLY_27TH = [date(2026, 1, 27), date(2026, 2, 27), date(2026, 3, 27), date(2026, 4, 27)]


def charge(bank, dates, amount="-15.49", *, name="Netflix", descriptor="NETFLIX.COM", **fields):
    """Card payments to one merchant, synced in one go like a bank's update."""
    records = [bank.record(descriptor, amount, date=day, merchant_name=name, account="card", **fields) for day in dates]
    bank.sync(*records)


def bill_of(user, name="Netflix") -> Bill:
    return Bill.objects.get(user=user, name=name)


def confirmed_bill(user, *, next_due: date, name="Internet", **fields) -> Bill:
    fields.setdefault("amount", Decimal("60.00"))
    fields.setdefault("cadence", Bill.Cadence.MONTHLY)
    fields.setdefault("due_day", next_due.day)
    return bills.bill_create(user=user, name=name, next_due=next_due, **fields)


# Found in the payments -------------------------------------------------------------------------------


@time_machine.travel(MAY_1)
def test_a_repeating_payment_is_suggested_once_however_often_detection_runs(bank):
    charge(bank, MONTHLY_27TH)
    bill = bill_of(bank.user)
    assert (bill.status, bill.source) == (Bill.Status.SUGGESTED, Bill.Source.DETECTED)
    assert (bill.cadence, bill.amount, bill.currency) == (Bill.Cadence.MONTHLY, Decimal("15.49"), "USD")
    assert (bill.due_day, bill.next_due, bill.last_paid_on) == (27, date(2026, 5, 27), date(2026, 4, 27))
    assert bills.bills_detect(user=bank.user) == 0
    bank.add("TRADER JOE'S #552", "-40.00", date=date(2026, 4, 30), merchant_name="Trader Joe's")
    assert Bill.objects.filter(user=bank.user).count() == 1


@time_machine.travel(MAY_1)
def test_three_payments_at_least_make_a_bill(bank):
    charge(bank, MONTHLY_27TH[:2])
    assert not Bill.objects.filter(user=bank.user).exists()
    charge(bank, MONTHLY_27TH[2:3])
    assert bill_of(bank.user).next_due == date(2026, 4, 27)


@time_machine.travel(MAY_1)
def test_pending_payments_and_money_coming_in_are_no_bills(bank):
    charge(bank, MONTHLY_27TH, pending=True)
    bank.sync(*[bank.record("ACME CORP PAYROLL", "3000.00", date=day, merchant_name="Acme") for day in MONTHLY_27TH])
    assert not Bill.objects.filter(user=bank.user).exists()


@time_machine.travel(MAY_1)
def test_an_ignored_suggestion_stays_ignored(bank):
    charge(bank, MONTHLY_27TH[:3])
    bills.bill_ignore(user=bank.user, bill=bill_of(bank.user))
    charge(bank, MONTHLY_27TH[3:])
    bill = bill_of(bank.user)
    assert bill.status == Bill.Status.IGNORED
    assert Bill.objects.filter(user=bank.user).count() == 1
    assert bills_overview(user=bank.user).suggestions == []


@time_machine.travel(MAY_1)
def test_a_deleted_bill_found_in_the_payments_is_not_suggested_again(bank):
    charge(bank, MONTHLY_27TH)
    bill = bills.bill_confirm(user=bank.user, bill=bill_of(bank.user))
    bills.bill_delete(user=bank.user, bill=bill)
    bills.bills_detect(user=bank.user)
    overview = bills_overview(user=bank.user)
    assert (overview.bills, overview.suggestions, [b.name for b in overview.ignored]) == ([], [], ["Netflix"])


def test_a_payment_moves_a_confirmed_bill_to_its_next_due_date_and_a_missing_one_makes_it_late(bank):
    with time_machine.travel(MAY_1):
        charge(bank, MONTHLY_27TH)
        bills.bill_confirm(user=bank.user, bill=bill_of(bank.user))
    with time_machine.travel(datetime(2026, 5, 26, 12, tzinfo=UTC)):
        charge(bank, [date(2026, 5, 26)])  # a day early
        bill = bill_of(bank.user)
        assert (bill.last_paid_on, bill.next_due) == (date(2026, 5, 26), date(2026, 6, 27))
    on_time = bills_overview(user=bank.user, today=date(2026, 6, 30)).bills
    assert [row.late for row in on_time] == [False], "a payment may post a few days after the due date"
    assert [row.late for row in bills_overview(user=bank.user, today=date(2026, 7, 1)).bills] == [True]
    with time_machine.travel(datetime(2026, 7, 2, 12, tzinfo=UTC)):
        charge(bank, [date(2026, 7, 1)])
    assert [row.late for row in bills_overview(user=bank.user, today=date(2026, 7, 2)).bills] == [False]
    assert bill_of(bank.user).next_due == date(2026, 7, 27)


def test_a_suggestion_is_never_late(bank):
    with time_machine.travel(MAY_1):
        charge(bank, MONTHLY_27TH)
    assert bills_overview(user=bank.user, today=date(2026, 6, 20)).suggestions[0].is_late(date(2026, 6, 20)) is False


def test_a_price_rise_is_flagged_and_the_bill_follows_the_new_price(bank):
    with time_machine.travel(datetime(2026, 3, 1, 12, tzinfo=UTC)):
        charge(bank, [date(2025, 11, 27), date(2025, 12, 27), date(2026, 1, 27), date(2026, 2, 27)])
        bills.bill_confirm(user=bank.user, bill=bill_of(bank.user))
        assert not bill_of(bank.user).price_rose
    with time_machine.travel(datetime(2026, 3, 28, 12, tzinfo=UTC)):
        charge(bank, [date(2026, 3, 27)], amount="-17.99")
    bill = bill_of(bank.user)
    assert bill.price_rose
    assert (bill.previous_amount, bill.last_amount, bill.amount) == (
        Decimal("15.49"),
        Decimal("17.99"),
        Decimal("17.99"),
    )


def test_a_suggestion_whose_payments_stopped_goes_away_but_a_confirmed_bill_stays_late(bank):
    with time_machine.travel(MAY_1):
        charge(bank, MONTHLY_27TH)
        charge(bank, MONTHLY_27TH, amount="-11.99", name="Spotify", descriptor="SPOTIFY USA")
        bills.bill_confirm(user=bank.user, bill=bill_of(bank.user, "Spotify"))
    with time_machine.travel(datetime(2026, 7, 10, 12, tzinfo=UTC)):  # May and June never came
        bank.add("TRADER JOE'S #552", "-40.00", date=date(2026, 7, 9), merchant_name="Trader Joe's")
        overview = bills_overview(user=bank.user)
    assert overview.suggestions == []
    assert [(row.bill.name, row.late) for row in overview.bills] == [("Spotify", True)]


def test_an_amount_the_person_set_stays_and_a_price_rise_is_still_told(bank):
    with time_machine.travel(datetime(2026, 3, 1, 12, tzinfo=UTC)):
        charge(bank, [date(2025, 11, 27), date(2025, 12, 27), date(2026, 1, 27), date(2026, 2, 27)])
        bill = bill_of(bank.user)
        bills.bill_update(
            user=bank.user,
            bill=bill,
            name="Films",
            merchant="Netflix",
            amount=Decimal("16.00"),
            cadence="monthly",
            due_day=27,
        )
    with time_machine.travel(datetime(2026, 3, 28, 12, tzinfo=UTC)):
        charge(bank, [date(2026, 3, 27)], amount="-17.99")
    bill.refresh_from_db()
    assert (bill.name, bill.status, bill.amount, bill.price_rose) == (
        "Films",
        Bill.Status.CONFIRMED,
        Decimal("16.00"),
        True,
    )
    assert bill.next_due == date(2026, 4, 27)


# Added by hand ---------------------------------------------------------------------------------------


def test_a_bill_added_by_hand_sees_its_payments_by_its_name(bank):
    with time_machine.travel(datetime(2026, 3, 2, 12, tzinfo=UTC)):
        bill = bills.bill_create(
            user=bank.user, name="Gym", amount=Decimal("45.00"), cadence="monthly", due_day=5, account=None
        )
        assert (bill.status, bill.next_due, bill.merchant_key) == (Bill.Status.CONFIRMED, date(2026, 3, 5), "gym")
    with time_machine.travel(datetime(2026, 3, 6, 12, tzinfo=UTC)):
        bank.add("GYM MEMBERSHIP 0042", "-45.00", date=date(2026, 3, 5), merchant_name="Gym")
    bill.refresh_from_db()
    assert (bill.last_paid_on, bill.next_due) == (date(2026, 3, 5), date(2026, 4, 5))
    assert bill.amount == Decimal("45.00")


@time_machine.travel(datetime(2026, 3, 4, 12, tzinfo=UTC))
def test_a_bill_added_by_hand_knows_its_past_payments_at_once(bank):
    bank.sync(*[bank.record("CITY WATER", "-30.00", date=day, merchant_name="City Water") for day in MONTHLY_27TH[:2]])
    bank.add("CITY WATER", "-31.00", date=date(2026, 3, 3), merchant_name="City Water")  # paid early
    bill = bills.bill_create(
        user=bank.user, name="Water", merchant="City Water", amount=Decimal("30"), cadence="monthly", due_day=6
    )
    assert (bill.last_paid_on, bill.last_amount, bill.next_due) == (
        date(2026, 3, 3),
        Decimal("31.00"),
        date(2026, 4, 6),
    )


def test_a_due_day_the_month_lacks_is_its_last_day(bank):
    with time_machine.travel(datetime(2026, 2, 3, 12, tzinfo=UTC)):
        bill = bills.bill_create(user=bank.user, name="Rent", amount=Decimal("2100"), cadence="monthly", due_day=31)
    assert (bill.due_day, bill.next_due) == (31, date(2026, 2, 28))


@time_machine.travel(MAY_1)
def test_a_bill_added_by_hand_takes_the_place_of_the_suggestion_of_its_merchant(bank):
    charge(bank, MONTHLY_27TH)
    card = bank.accounts["card"]
    bill = bills.bill_create(
        user=bank.user,
        name="Films",
        merchant="Netflix",
        amount=Decimal("15.49"),
        cadence="monthly",
        due_day=27,
        account=card,
    )
    assert list(Bill.objects.filter(user=bank.user)) == [bill]
    with pytest.raises(ValidationError) as refused:
        bills.bill_create(user=bank.user, name="Netflix", amount=Decimal("9"), cadence="monthly", due_day=1)
    assert "merchant" in refused.value.error_dict


# Reminders -------------------------------------------------------------------------------------------


def reminder_titles(user) -> list[str]:
    return list(
        Notification.objects.filter(user=user, kind=Notification.Kind.BILL_REMINDER).values_list("title", flat=True)
    )


def run_reminders_at(moment: datetime) -> int:
    with time_machine.travel(moment, tick=False):
        return send_bill_reminders()


def test_reminders_go_out_on_the_morning_of_the_right_local_day_and_once(
    mailoutbox, django_capture_on_commit_callbacks
):
    tokyo = UserFactory(timezone="Asia/Tokyo")
    los_angeles = UserFactory(timezone="America/Los_Angeles")
    for person in (tokyo, los_angeles):
        confirmed_bill(person, next_due=date(2026, 3, 10))  # reminded 3 days before: on 7 March
    with django_capture_on_commit_callbacks(execute=True):
        assert run_reminders_at(datetime(2026, 3, 6, 22, 0, tzinfo=UTC)) == 0  # Tokyo: 7 March, 7:00
        assert run_reminders_at(datetime(2026, 3, 6, 23, 5, tzinfo=UTC)) == 1  # Tokyo: 7 March, 8:05
        assert (reminder_titles(tokyo), reminder_titles(los_angeles)) == (["A bill is due in 3 days"], [])
        assert run_reminders_at(datetime(2026, 3, 7, 0, 5, tzinfo=UTC)) == 0
        assert run_reminders_at(datetime(2026, 3, 7, 15, 5, tzinfo=UTC)) == 0  # Los Angeles: 7 March, 7:05
        assert run_reminders_at(datetime(2026, 3, 7, 16, 5, tzinfo=UTC)) == 1  # Los Angeles: 7 March, 8:05
        assert run_reminders_at(datetime(2026, 3, 7, 17, 5, tzinfo=UTC)) == 0
    assert (reminder_titles(tokyo), reminder_titles(los_angeles)) == (["A bill is due in 3 days"],) * 2
    assert BillReminder.objects.count() == 2
    assert sorted(email.to[0] for email in mailoutbox) == sorted([tokyo.email, los_angeles.email])
    assert all("/bills/" in email.body and "60" not in email.subject for email in mailoutbox)


def test_the_reminder_days_are_the_persons_choice_and_zero_means_on_the_day():
    early, on_the_day = UserFactory(bill_reminder_days=7), UserFactory(bill_reminder_days=0)
    for person in (early, on_the_day):
        confirmed_bill(person, next_due=date(2026, 3, 20))
    run_reminders_at(datetime(2026, 3, 13, 9, tzinfo=UTC))
    run_reminders_at(datetime(2026, 3, 19, 9, tzinfo=UTC))
    assert (reminder_titles(early), reminder_titles(on_the_day)) == (["A bill is due in 7 days"], [])
    run_reminders_at(datetime(2026, 3, 20, 9, tzinfo=UTC))
    assert reminder_titles(on_the_day) == ["A bill is due today"]


def test_ignored_bills_are_not_reminded_of_and_a_missed_morning_is_caught_up_before_the_due_date():
    person = UserFactory()
    bill = confirmed_bill(person, next_due=date(2026, 3, 10))
    ignored = confirmed_bill(person, next_due=date(2026, 3, 10), name="Not mine")
    bills.bill_ignore(user=person, bill=ignored)
    run_reminders_at(datetime(2026, 3, 8, 14, tzinfo=UTC))  # the 7th's runs did not happen
    assert reminder_titles(person) == ["A bill is due in 2 days"]
    assert [r.bill for r in BillReminder.objects.all()] == [bill]
    run_reminders_at(datetime(2026, 3, 11, 9, tzinfo=UTC))
    assert len(reminder_titles(person)) == 1, "nothing after the due date"


def test_a_cards_payment_due_date_is_reminded_of_once(bank):
    card = bank.accounts["card"]
    BankAccount.objects.filter(pk=card.pk).update(payment_due_date=date(2026, 3, 18), minimum_payment=Decimal("35"))
    run_reminders_at(datetime(2026, 3, 15, 9, tzinfo=UTC))
    run_reminders_at(datetime(2026, 3, 15, 10, tzinfo=UTC))
    assert reminder_titles(bank.user) == ["A card payment is due in 3 days"]
    assert bills_overview(user=bank.user, today=date(2026, 3, 15)).cards == [card]


@pytest.mark.skipif(db_connection.vendor != "postgresql", reason="runs at the same moment need PostgreSQL (CI runs it)")
@pytest.mark.django_db(transaction=True)
def test_two_reminder_runs_at_once_remind_once():
    person = UserFactory()
    confirmed_bill(person, next_due=date(2026, 3, 10))
    barrier, errors = threading.Barrier(2), []

    def run() -> None:
        try:
            with transaction.atomic():
                barrier.wait(timeout=10)  # both runs are inside their database transactions
                bills.bill_reminders_send(now=datetime(2026, 3, 7, 9, tzinfo=UTC))
        except Exception as error:  # surfaced by the assertion below
            errors.append(error)
        finally:
            db_connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert reminder_titles(person) == ["A bill is due in 3 days"]


# The Demo Bank ---------------------------------------------------------------------------------------


def test_a_demo_bank_link_suggests_its_bills_with_their_next_dates(django_capture_on_commit_callbacks):
    person = UserFactory()
    with time_machine.travel(datetime(2025, 6, 4, 12, tzinfo=UTC)), django_capture_on_commit_callbacks(execute=True):
        connection = connection_link_demo(user=person, institution_id=DemoBank.INSTITUTIONS[0][0])
    profile = _profile(connection.access_token)
    suggested = {bill.name: bill for bill in Bill.objects.filter(user=person, status=Bill.Status.SUGGESTED)}
    for (account, merchant), bill_day in zip(BILLS, profile.bill_days, strict=True):
        bill = suggested[merchant.name]
        posted_day = bill_day + (1 if account == CARD else 0)  # a card charge posts the next day
        last = Transaction.objects.filter(user=person, merchant=merchant.name, pending=False).latest("date").date
        assert (bill.cadence, bill.due_day) == (Bill.Cadence.MONTHLY, posted_day)
        assert bill.last_paid_on == last
        assert bill.next_due == months_later(last, 1, posted_day)
        assert date(2025, 6, 4) <= bill.next_due <= date(2025, 7, 4)
        if merchant.low == merchant.high:
            assert bill.amount == Decimal(merchant.low) / 100
