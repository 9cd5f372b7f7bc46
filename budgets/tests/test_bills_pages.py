"""The bills page and the bill forms, for the owner and for an outsider (who gets 404 everywhere)."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from django.utils.html import escape

from accounts.tests.factories import UserFactory
from banking.models import BankAccount
from budgets import bills
from budgets.forms.bills import DUE_DAY_ERROR
from budgets.models import Bill
from budgets.tests.test_bills import MAY_1, MONTHLY_27TH, bill_of, charge

pytestmark = pytest.mark.django_db
LATE = '<span class="badge badge--danger">Late</span>'


@pytest.fixture
def owner(client, bank):
    client.force_login(bank.user)
    return bank.user


@pytest.fixture
def outsider(client):
    person = UserFactory()
    client.force_login(person)
    return person


def page(client, url=None) -> str:
    response = client.get(url or reverse("bill_list"))
    assert response.status_code == 200
    return response.content.decode()


def shows(html: str, *texts: str) -> list[str]:
    """The texts the page does not show (an empty list when it shows them all)."""
    return [text for text in texts if text not in html]


def form_data(**fields) -> dict:
    data = {"name": "Gym", "amount": "45.00", "cadence": "monthly", "due_day": "5", "next_due": "", "account": ""}
    data.update(fields)
    return data


def test_with_no_bills_the_page_says_how_they_come(client, owner):
    html = page(client)
    assert "No bills yet" in html
    assert reverse("bill_create") in html


@time_machine.travel(MAY_1)
def test_a_suggestion_is_confirmed_from_the_page_and_links_to_its_transactions(client, owner, bank):
    charge(bank, MONTHLY_27TH)
    bill = bill_of(owner)
    html = page(client)
    assert "Found in your transactions" in html
    assert shows(html, "Netflix", "15.49", "Wed 27 May 2026") == []
    assert shows(html, reverse("bill_confirm", args=[bill.pk]), reverse("bill_ignore", args=[bill.pk])) == []
    assert escape(f"{reverse('transaction_list')}?q=Netflix") in html
    response = client.post(reverse("bill_confirm", args=[bill.pk]))
    assert response.url == reverse("bill_list")
    bill.refresh_from_db()
    assert bill.status == Bill.Status.CONFIRMED
    html = page(client)
    assert "Your bills" in html
    assert "Found in your transactions" not in html
    assert reverse("bill_edit", args=[bill.pk]) in html


@time_machine.travel(MAY_1)
def test_ignoring_a_suggestion_takes_it_off_the_page(client, owner, bank):
    charge(bank, MONTHLY_27TH)
    bill = bill_of(owner)
    client.post(reverse("bill_ignore", args=[bill.pk]))
    html = page(client)
    assert "Found in your transactions" not in html
    assert "Ignored (1)" in html


def test_late_bills_price_rises_and_card_payments_show_on_the_page(client, owner, bank):
    with time_machine.travel(datetime(2026, 3, 1, 12, tzinfo=UTC)):
        charge(bank, [date(2025, 11, 27), date(2025, 12, 27), date(2026, 1, 27), date(2026, 2, 27)])
        bills.bill_confirm(user=owner, bill=bill_of(owner))
    with time_machine.travel(datetime(2026, 3, 28, 12, tzinfo=UTC)):
        charge(bank, [date(2026, 3, 27)], amount="-17.99")
    card = bank.accounts["card"]
    BankAccount.objects.filter(pk=card.pk).update(payment_due_date=date(2026, 5, 10), minimum_payment=Decimal("35"))
    with time_machine.travel(datetime(2026, 4, 20, 12, tzinfo=UTC)):
        html = page(client)
    assert shows(html, "Price went up", "15.49", "17.99") == []
    assert LATE not in html
    assert shows(html, "Card payments due", "Rewards Card", "35.00", "Sun 10 May 2026") == []
    with time_machine.travel(datetime(2026, 5, 1, 12, tzinfo=UTC)):
        html = page(client)
    assert shows(html, LATE, "No payment seen for 27 Apr") == []


def test_adding_a_bill_by_hand(client, owner, bank):
    card = bank.accounts["card"]
    with time_machine.travel(datetime(2026, 3, 2, 12, tzinfo=UTC)):
        response = client.post(reverse("bill_create"), form_data(account=str(card.pk), merchant="Gold's Gym"))
        assert response.status_code == 302
        html = page(client)
    bill = Bill.objects.get(user=owner)
    assert (bill.name, bill.amount, bill.next_due, bill.account, bill.merchant_key) == (
        "Gym",
        Decimal("45.00"),
        date(2026, 3, 5),
        card,
        "golds gym",
    )
    assert shows(html, "Gym added to your bills", "Thu 5 Mar 2026") == []


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"amount": "0"}, "amount", "Enter the amount due: more than zero."),
        ({"amount": "-12.00"}, "amount", "Enter the amount due: more than zero."),
        ({"due_day": "32"}, "due_day", DUE_DAY_ERROR),
        ({"due_day": "0"}, "due_day", DUE_DAY_ERROR),
        ({"due_day": "", "next_due": ""}, "due_day", "Give the day of the month it is due, or its next due date."),
        ({"due_day": "15", "next_due": "2026-03-14"}, "next_due", "This date is not on the due day (15)."),
        ({"cadence": "weekly", "due_day": ""}, "next_due", "Give the date a bill paid every week or two is next due."),
    ],
)
def test_a_bill_that_cannot_be_is_refused_with_a_clear_error(client, owner, fields, field, message):
    response = client.post(reverse("bill_create"), form_data(**fields))
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert escape(message) in response.content.decode()
    assert not Bill.objects.exists()


def test_a_due_day_past_the_months_end_with_the_last_day_as_next_date_is_accepted(client, owner):
    response = client.post(reverse("bill_create"), form_data(due_day="31", next_due="2026-04-30"))
    assert response.status_code == 302
    assert Bill.objects.get(user=owner).due_day == 31


def test_a_second_bill_for_the_same_merchant_is_refused(client, owner):
    client.post(reverse("bill_create"), form_data())
    response = client.post(reverse("bill_create"), form_data(name="Gym again", merchant="gym"))
    assert response.status_code == 200
    assert "already has this merchant" in " ".join(response.context["form"].errors["merchant"])
    assert Bill.objects.filter(user=owner).count() == 1


def test_editing_and_deleting_a_bill(client, owner):
    client.post(reverse("bill_create"), form_data())
    bill = Bill.objects.get(user=owner)
    assert 'value="45.00"' in page(client, reverse("bill_edit", args=[bill.pk]))
    response = client.post(reverse("bill_edit", args=[bill.pk]), form_data(amount="49.00", due_day="6"))
    assert response.url == reverse("bill_list")
    bill.refresh_from_db()
    assert (bill.amount, bill.due_day) == (Decimal("49.00"), 6)
    assert "Delete “Gym”?" in page(client, reverse("bill_delete", args=[bill.pk]))
    client.post(reverse("bill_delete", args=[bill.pk]))
    html = page(client)
    assert shows(html, "Gym removed from your bills", "None confirmed yet", "Ignored (1)") == []


def test_another_persons_bill_is_a_404_on_every_url(client, bank, outsider):
    bill = bills.bill_create(user=bank.user, name="Rent", amount=Decimal("2100"), cadence="monthly", due_day=1)
    for name in ("bill_edit", "bill_delete"):
        assert client.get(reverse(name, args=[bill.pk])).status_code == 404
    for name in ("bill_edit", "bill_delete", "bill_confirm", "bill_ignore"):
        assert client.post(reverse(name, args=[bill.pk]), form_data()).status_code == 404
    bill.refresh_from_db()
    assert (bill.name, bill.status) == ("Rent", Bill.Status.CONFIRMED)
    assert "Rent" not in page(client)


def test_confirm_and_ignore_take_only_posts(client, owner):
    bill = bills.bill_create(user=owner, name="Rent", amount=Decimal("2100"), cadence="monthly", due_day=1)
    assert client.get(reverse("bill_confirm", args=[bill.pk])).status_code == 405
    assert client.get(reverse("bill_ignore", args=[bill.pk])).status_code == 405
