"""Unusual charges: each rule with the reason a person reads, no flag without enough history, dismissals kept,
and one notification for what is new and recent (none for the old charges of a first sync)."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
import time_machine

from accounts.models import Notification
from accounts.tests.factories import UserFactory
from budgets.models import UnusualCharge
from budgets.unusual import unusual_charge_dismiss, unusual_charges_find
from transactions.models import Transaction

NOV_20 = datetime(2026, 11, 20, 12, tzinfo=UTC)
GROCERIES = {"category_primary": "FOOD_AND_DRINK", "category_detailed": "FOOD_AND_DRINK_GROCERIES"}
ELECTRONICS = {"category_primary": "GENERAL_MERCHANDISE", "category_detailed": "GENERAL_MERCHANDISE_ELECTRONICS"}
# Eight weekly shops: the median is 40.50, and a charge needs to be about twice that to be far above it.
TRADER_JOES = ("40.00", "42.00", "38.00", "45.00", "41.00", "39.00", "44.00", "40.00")
FAR_ABOVE = "3.4x your usual at this merchant"  # 137.70 / 40.50

pytestmark = pytest.mark.usefixtures("_today")


@pytest.fixture
def _today():
    with time_machine.travel(NOV_20, tick=False):
        yield


def charge(bank, merchant: str, amount: str, day: date, *, account: str = "card", **fields):
    """A bank record of money out at `merchant` (groceries unless told)."""
    return bank.record(
        merchant.upper(), f"-{amount}", date=day, merchant_name=merchant, account=account, **{**GROCERIES, **fields}
    )


def usual(bank, merchant: str, amounts, *, start: date = date(2026, 6, 1), **fields) -> None:
    """Weekly charges at a merchant, synced at once."""
    bank.sync(*[charge(bank, merchant, a, start + timedelta(weeks=n), **fields) for n, a in enumerate(amounts)])


def txn_of(record) -> Transaction:
    return Transaction.objects.get(provider_transaction_id=record.provider_transaction_id)


def flags(record) -> list[tuple[str, str]]:
    return sorted(UnusualCharge.objects.filter(transaction=txn_of(record)).values_list("reason", "explanation"))


def unusual_notifications(user) -> list[tuple[str, str]]:
    return list(
        Notification.objects.filter(user=user, kind=Notification.Kind.UNUSUAL_SPENDING)
        .order_by("id")
        .values_list("title", "url")
    )


# Far above the usual amount --------------------------------------------------------------------------------


def test_a_charge_far_above_the_merchants_usual_is_flagged_with_the_ratio(bank):
    usual(bank, "Trader Joe's", TRADER_JOES)
    big = charge(bank, "Trader Joe's", "137.70", date(2026, 11, 18))
    bank.sync(big)
    assert flags(big) == [("amount", FAR_ABOVE)]


def test_a_first_sync_of_years_of_history_flags_only_the_last_years_charges(bank):
    shops = [charge(bank, "Trader Joe's", a, date(2024, 6, 1) + timedelta(weeks=n)) for n, a in enumerate(TRADER_JOES)]
    long_ago = charge(bank, "Trader Joe's", "137.70", date(2024, 8, 10))
    recent = [charge(bank, "Trader Joe's", a, date(2026, 6, 1) + timedelta(weeks=n)) for n, a in enumerate(TRADER_JOES)]
    this_year = charge(bank, "Trader Joe's", "137.70", date(2026, 11, 18))
    bank.sync(*shops, long_ago, *recent, this_year)
    assert flags(long_ago) == []
    assert flags(this_year) == [("amount", FAR_ABOVE)]


@pytest.mark.parametrize("amount", ["55.00", "80.00", "5.00"], ids=["normal", "high-but-usual", "smaller"])
def test_a_usual_or_smaller_than_usual_charge_is_not_flagged(bank, amount):
    usual(bank, "Trader Joe's", TRADER_JOES)
    other = charge(bank, "Trader Joe's", amount, date(2026, 11, 18))
    bank.sync(other)
    assert flags(other) == []


def test_with_little_history_at_the_merchant_the_category_decides(bank):
    usual(bank, "Trader Joe's", TRADER_JOES)
    usual(bank, "Safeway", ["35.00", "45.00", "40.00", "41.00"], start=date(2026, 6, 3))
    usual(bank, "Corner Market", ["30.00", "35.00"], start=date(2026, 9, 1))
    big = charge(bank, "Corner Market", "148.00", date(2026, 11, 18))
    bank.sync(big)
    assert flags(big) == [("amount", "3.7x your usual in Groceries")]  # 148 / the 14 shops' median of 40


def test_no_flag_without_enough_history(bank):
    usual(bank, "Corner Market", ["30.00", "35.00", "31.00", "33.00"])  # 4 at the merchant, 4 in the category
    big = charge(bank, "Corner Market", "180.00", date(2026, 11, 18))
    bank.sync(big)
    assert flags(big) == []


def test_a_fixed_price_that_rises_a_little_is_usual_and_doubling_it_is_not(bank):
    streaming = {"category_primary": "ENTERTAINMENT", "category_detailed": "ENTERTAINMENT_TV_AND_MOVIES"}
    usual(bank, "Netflix", ["15.49"] * 6, **streaming)  # every charge the same: no deviation at all
    rise = charge(bank, "Netflix", "17.99", date(2026, 11, 10), **streaming)
    jump = charge(bank, "Netflix", "40.00", date(2026, 11, 18), **streaming)
    bank.sync(rise, jump)
    assert flags(rise) == []
    assert flags(jump) == [("amount", "2.6x your usual at this merchant")]


def test_a_pending_charge_waits_until_it_posts(bank):
    usual(bank, "Trader Joe's", TRADER_JOES)
    big = charge(bank, "Trader Joe's", "137.70", date(2026, 11, 18), pending=True)
    bank.sync(big)
    assert flags(big) == []
    bank.modify(big, pending=False)
    assert flags(big) == [("amount", FAR_ABOVE)]


def test_money_in_is_never_unusual(bank):
    usual(bank, "Trader Joe's", TRADER_JOES)
    refund = bank.record("TRADER JOE'S REFUND", "500.00", date=date(2026, 11, 18), merchant_name="Trader Joe's")
    bank.sync(refund)
    assert flags(refund) == []


# A first charge from a new merchant ---------------------------------------------------------------------------


def test_a_first_large_charge_from_a_new_merchant_is_flagged(bank):
    bank.sync(charge(bank, "Safeway", "40.00", date(2026, 8, 1)))  # the card has months of history
    tv = charge(bank, "Best Buy", "250.00", date(2026, 11, 18), **ELECTRONICS)
    again = charge(bank, "Best Buy", "260.00", date(2026, 11, 19), **ELECTRONICS)
    bank.sync(tv, again)
    assert flags(tv) == [("new_merchant", "Your first charge from this merchant")]
    assert flags(again) == [], "only the first charge is new"


def test_a_new_merchant_below_the_persons_amount_is_not_flagged_unless_they_lower_it(bank):
    bank.sync(charge(bank, "Safeway", "40.00", date(2026, 8, 1)))
    small = charge(bank, "Best Buy", "150.00", date(2026, 11, 17), **ELECTRONICS)
    bank.sync(small)
    assert flags(small) == []
    bank.user.new_merchant_alert_amount = Decimal("100.00")
    bank.user.save()
    lowered = charge(bank, "Apple Store", "150.00", date(2026, 11, 18), **ELECTRONICS)
    bank.sync(lowered)
    assert flags(lowered) == [("new_merchant", "Your first charge from this merchant")]


def test_a_new_account_does_not_flag_every_merchant_in_its_first_sync(bank):
    first_weeks = [
        charge(bank, "Safeway", "40.00", date(2026, 10, 1)),
        charge(bank, "IKEA", "450.00", date(2026, 10, 5), **ELECTRONICS),
        charge(bank, "Best Buy", "250.00", date(2026, 11, 18), **ELECTRONICS),  # 48 days into the history
    ]
    bank.sync(*first_weeks)
    assert UnusualCharge.objects.filter(user=bank.user).count() == 0


def test_a_merchant_paid_more_than_a_year_ago_is_not_new(bank):
    bank.sync(charge(bank, "Best Buy", "120.00", date(2025, 9, 1), **ELECTRONICS))
    tv = charge(bank, "Best Buy", "250.00", date(2026, 11, 18), **ELECTRONICS)
    bank.sync(tv)
    assert flags(tv) == []


def test_a_charge_in_another_currency_than_the_persons_is_not_judged_against_their_amount(bank):
    bank.sync(charge(bank, "Safeway", "40.00", date(2026, 8, 1)))
    abroad = charge(bank, "Fnac", "250.00", date(2026, 11, 18), currency="EUR", **ELECTRONICS)
    bank.sync(abroad)
    assert flags(abroad) == []


# Charged twice ---------------------------------------------------------------------------------------------------


def test_the_same_charge_twice_on_one_day_flags_the_second(bank):
    first = charge(bank, "Uber", "23.40", date(2026, 11, 12))
    second = charge(bank, "Uber", "23.40", date(2026, 11, 12))
    bank.sync(first, second)
    assert flags(first) == []
    assert flags(second) == [("duplicate", "Charged twice: the same amount at the same merchant on 12 Nov")]
    flag = UnusualCharge.objects.get(transaction=txn_of(second))
    assert flag.other_transaction == txn_of(first)


def test_the_same_charge_a_day_apart_is_flagged_even_when_the_earlier_one_arrives_later(bank):
    later = charge(bank, "Uber", "23.40", date(2026, 11, 13))
    bank.sync(later)
    earlier = charge(bank, "Uber", "23.40", date(2026, 11, 12))
    bank.sync(earlier)
    assert flags(earlier) == []
    assert flags(later) == [("duplicate", "Charged twice: the same amount at the same merchant on 12 Nov")]


@pytest.mark.parametrize(
    ("second_day", "second_amount", "second_account"),
    [
        (date(2026, 11, 14), "23.40", "card"),
        (date(2026, 11, 12), "23.45", "card"),
        (date(2026, 11, 12), "23.40", "checking"),
    ],
    ids=["two-days-apart", "another-amount", "another-account"],
)
def test_no_duplicate_two_days_apart_for_another_amount_or_from_another_account(
    bank, second_day, second_amount, second_account
):
    first = charge(bank, "Uber", "23.40", date(2026, 11, 12))
    second = charge(bank, "Uber", second_amount, second_day, account=second_account)
    bank.sync(first, second)
    assert UnusualCharge.objects.filter(user=bank.user).count() == 0


def test_a_flag_that_no_longer_holds_is_withdrawn(bank):
    first = charge(bank, "Uber", "23.40", date(2026, 11, 12))
    second = charge(bank, "Uber", "23.40", date(2026, 11, 12))
    bank.sync(first, second)
    bank.sync(removed=(first.provider_transaction_id,))  # the bank reversed one of them
    assert flags(second) == []


def test_a_transaction_can_have_several_reasons(bank):
    bank.sync(charge(bank, "Safeway", "40.00", date(2026, 8, 1)))
    first = charge(bank, "Best Buy", "250.00", date(2026, 11, 18), **ELECTRONICS)
    second = charge(bank, "Best Buy", "250.00", date(2026, 11, 18), **ELECTRONICS)
    bank.sync(first, second)
    assert flags(first) == [("new_merchant", "Your first charge from this merchant")]
    assert flags(second) == [("duplicate", "Charged twice: the same amount at the same merchant on 18 Nov")]
    usual(bank, "Trader Joe's", TRADER_JOES)
    first_big = charge(bank, "Trader Joe's", "137.70", date(2026, 11, 19))
    second_big = charge(bank, "Trader Joe's", "137.70", date(2026, 11, 19))
    bank.sync(first_big, second_big)
    assert flags(second_big) == [
        ("amount", FAR_ABOVE),
        ("duplicate", "Charged twice: the same amount at the same merchant on 19 Nov"),
    ]


# Screening again, dismissing ------------------------------------------------------------------------------------


def test_screening_again_never_flags_twice(bank):
    usual(bank, "Trader Joe's", TRADER_JOES)
    big = charge(bank, "Trader Joe's", "137.70", date(2026, 11, 18))
    bank.sync(big)
    assert unusual_charges_find(user=bank.user, transaction_ids=[txn_of(big).pk]) == []
    bank.modify(big, description="TRADER JOE'S #552 SAN FRANCISCO")
    assert flags(big) == [("amount", FAR_ABOVE)]
    assert len(unusual_notifications(bank.user)) == 1


def test_a_dismissed_flag_is_remembered_through_later_syncs(bank):
    usual(bank, "Trader Joe's", TRADER_JOES)
    big = charge(bank, "Trader Joe's", "137.70", date(2026, 11, 18))
    bank.sync(big)
    flag = UnusualCharge.objects.get(transaction=txn_of(big))
    unusual_charge_dismiss(user=bank.user, unusual_charge=flag)
    corrected = bank.modify(big, amount=Decimal("-45.00"))  # the bank corrects it: a usual amount now
    bank.modify(corrected, amount=Decimal("-139.70"))  # and back again: far above usual, but dismissed
    flag.refresh_from_db()
    assert flag.dismissed_at is not None
    assert UnusualCharge.objects.filter(transaction=txn_of(big)).count() == 1
    assert len(unusual_notifications(bank.user)) == 1, "only the first flag was told"


def test_someone_else_cannot_dismiss_a_flag(bank):
    usual(bank, "Trader Joe's", TRADER_JOES)
    big = charge(bank, "Trader Joe's", "137.70", date(2026, 11, 18))
    bank.sync(big)
    flag = UnusualCharge.objects.get(transaction=txn_of(big))
    unusual_charge_dismiss(user=UserFactory(), unusual_charge=flag)
    flag.refresh_from_db()
    assert flag.dismissed_at is None


# Telling the person ---------------------------------------------------------------------------------------------


def test_a_recent_flag_is_told_once_with_a_link_to_the_charge(bank):
    usual(bank, "Trader Joe's", TRADER_JOES)
    big = charge(bank, "Trader Joe's", "137.70", date(2026, 11, 18))
    bank.sync(big)
    assert unusual_notifications(bank.user) == [("An unusual charge to look at", f"/transactions/{txn_of(big).pk}/")]


def test_several_flags_of_one_sync_are_told_in_one_notification(bank):
    usual(bank, "Trader Joe's", TRADER_JOES)
    big = charge(bank, "Trader Joe's", "137.70", date(2026, 11, 18))
    twice = [charge(bank, "Uber", "23.40", date(2026, 11, 19)) for _ in range(2)]
    bank.sync(big, *twice)
    assert unusual_notifications(bank.user) == [("2 unusual charges to look at", "/transactions/?unusual=on")]


def test_a_first_sync_of_a_year_flags_old_charges_without_a_burst_of_notifications(bank):
    start = date(2026, 6, 1)
    history = [charge(bank, "Trader Joe's", a, start + timedelta(weeks=n)) for n, a in enumerate(TRADER_JOES)]
    old_big = charge(bank, "Trader Joe's", "137.70", date(2026, 9, 1))
    old_twice = [charge(bank, "Uber", "23.40", date(2026, 10, 2)) for _ in range(2)]
    bank.sync(*history, old_big, *old_twice)
    assert flags(old_big) == [("amount", FAR_ABOVE)]
    assert flags(old_twice[1]) != []
    assert unusual_notifications(bank.user) == []


def test_the_email_goes_only_to_who_opted_in_and_names_no_amount_or_merchant(
    bank, mailoutbox, django_capture_on_commit_callbacks
):
    usual(bank, "Trader Joe's", TRADER_JOES)
    with django_capture_on_commit_callbacks(execute=True):
        bank.sync(charge(bank, "Trader Joe's", "137.70", date(2026, 11, 17)))
    assert len(unusual_notifications(bank.user)) == 1
    assert mailoutbox == [], "unusual-charge emails are off unless chosen"

    bank.user.email_unusual_spending = True
    bank.user.save()
    with django_capture_on_commit_callbacks(execute=True):
        bank.sync(charge(bank, "Trader Joe's", "142.00", date(2026, 11, 18)))
    (email,) = mailoutbox
    assert "An unusual charge to look at" in email.subject
    assert "/transactions/" in email.body
    text = email.subject + email.body
    assert not any(word in text for word in ("142", "$", "USD", "Trader", "TRADER", "3.5x")), text
