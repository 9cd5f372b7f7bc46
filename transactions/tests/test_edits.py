"""What the person sets is kept: through later syncs, rule runs and pending -> posted; and every change is on record."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.tests.factories import UserFactory
from banking.models import BankAccount
from banking.services import manual_account_create
from transactions.models import Category, Rule, Tag, Transaction
from transactions.services import (
    SplitInput,
    category_create,
    category_delete,
    manual_transaction_create,
    manual_transaction_delete,
    rule_apply,
    rule_delete,
    rule_preview,
    rule_save,
    transaction_category_reset,
    transaction_recategorize,
    transaction_reimbursement_set,
    transaction_split,
    transaction_update,
    transactions_bulk_update,
)


def category(user, code: str) -> Category:
    return Category.objects.get(user=user, code=code)


def history(txn: Transaction) -> list[tuple[str, str, str, str]]:
    return [(c.field, c.old_value, c.new_value, c.source) for c in txn.changes.order_by("pk")]


def test_an_edit_is_locked_against_a_later_sync_and_a_rule_run(bank):
    record = bank.record("CHIPOTLE 1873", "-14.20")
    bank.sync(record)
    txn = Transaction.objects.get()
    groceries = category(bank.user, "FOOD_AND_DRINK_GROCERIES")
    transaction_update(user=bank.user, transaction=txn, changes={"category": groceries, "merchant": "Chipotle lunch"})

    bank.modify(record, amount=Decimal("-15.70"), merchant_name="Chipotle Mexican Grill")
    rule = rule_save(
        user=bank.user, rule=Rule(match_value="chipotle", set_category=category(bank.user, "TRAVEL_OTHER_TRAVEL"))
    )
    assert rule_apply(user=bank.user, rule=rule) == 0

    txn.refresh_from_db()
    assert (txn.category, txn.category_source, txn.merchant) == (groceries, "user", "Chipotle lunch")
    assert txn.amount == Decimal("-15.70")  # the bank's fields still follow the bank
    assert txn.category_reason == "You chose this category"


def test_pending_to_posted_keeps_what_the_person_set(bank):
    pending = bank.add("SQ *BLUE BOTTLE COFFEE", "-6.50", pending=True, provider_transaction_id="p-1")
    transaction_update(
        user=bank.user,
        transaction=pending,
        changes={"category": category(bank.user, "FOOD_AND_DRINK_RESTAURANT"), "notes": "with Sam", "tags": ["Team"]},
    )
    bank.sync(
        bank.record(
            "SQ *BLUE BOTTLE COFFEE", "-7.80", provider_transaction_id="posted-1", pending_transaction_id="p-1"
        ),
        removed=("p-1",),
    )
    posted = Transaction.objects.get(provider_transaction_id="posted-1")
    assert posted.category.code == "FOOD_AND_DRINK_RESTAURANT"
    assert posted.category_source == "user"
    assert posted.notes == "with Sam"
    assert list(posted.tags.values_list("name", flat=True)) == ["Team"]
    assert "category" in posted.locked_fields


def test_every_change_writes_a_history_row_with_its_source(bank):
    record = bank.record("ZXQW 99812", "-12.00")
    bank.sync(record)
    txn = Transaction.objects.get()
    bank.modify(record, amount=Decimal("-13.00"))
    transaction_update(user=bank.user, transaction=txn, changes={"notes": "parking", "is_flagged": True})
    rule = rule_save(
        user=bank.user, rule=Rule(match_value="zxqw", set_category=category(bank.user, "TRANSPORTATION_PARKING"))
    )
    rule_apply(user=bank.user, rule=rule)
    assert history(txn) == [
        ("amount", "-12.00", "-13.00", "sync"),
        ("notes", "", "parking", "user"),
        ("is_flagged", "False", "True", "user"),
        ("category", "Other", "Parking", "rule"),
    ]
    assert txn.changes.filter(source="user").first().actor == bank.user


def test_rule_preview_counts_what_apply_changes_and_changes_nothing_itself(bank):
    user = bank.user
    for n in range(3):
        bank.add(f"PHILZ COFFEE {n}", "-5.00")
    bank.add("PHILZ COFFEE 9", "-5.00", category_detailed="FOOD_AND_DRINK_COFFEE")
    locked = bank.add("PHILZ COFFEE 7", "-5.00")
    transaction_update(user=user, transaction=locked, changes={"category": category(user, "FOOD_AND_DRINK_RESTAURANT")})
    bank.add("BLUE BOTTLE", "-5.00")
    rule = Rule(
        name="Philz is work",
        match_value="philz",
        set_category=category(user, "GENERAL_SERVICES_OTHER_GENERAL_SERVICES"),
    )

    preview = rule_preview(user=user, rule=rule)
    assert preview.transaction_count == 4
    assert {(c.field, c.new) for c in preview.changes} == {("Category", "Other services")}
    assert not Transaction.objects.filter(category_source="rule").exists()

    rule_save(user=user, rule=rule)
    assert rule_apply(user=user, rule=rule) == preview.transaction_count
    assert Transaction.objects.filter(category_source="rule").count() == 4
    assert rule_preview(user=user, rule=rule).transaction_count == 0


def test_editing_a_rule_previews_the_transactions_it_no_longer_matches(bank):
    user = bank.user
    rule = rule_save(user=user, rule=Rule(match_value="philz", set_category=category(user, "TRAVEL_OTHER_TRAVEL")))
    bank.add("PHILZ COFFEE", "-5.00")
    rule.match_value = "nothing like it"
    preview = rule_preview(user=user, rule=rule)
    assert [(c.field, c.old, c.new) for c in preview.changes] == [("Category", "Other travel", "Coffee")]


def test_deleting_a_rule_categorizes_its_transactions_again(bank):
    user = bank.user
    rule = rule_save(user=user, rule=Rule(match_value="philz", set_category=category(user, "TRAVEL_OTHER_TRAVEL")))
    txn = bank.add("PHILZ COFFEE", "-5.00")
    assert rule_delete(user=user, rule=rule) == 1
    txn.refresh_from_db()
    assert txn.category.code == "FOOD_AND_DRINK_COFFEE"
    assert txn.category_source == "builtin"


def test_a_correction_remembered_for_the_merchant_applies_to_the_past_and_to_new_syncs(bank):
    user = bank.user
    restaurant = {"merchant_name": "Nopa", "category_detailed": "FOOD_AND_DRINK_RESTAURANT"}
    first = bank.add("TST* NOPA", "-80.00", **restaurant)
    second = bank.add("TST* NOPA", "-62.00", **restaurant)
    kept = bank.add("TST* NOPA", "-30.00", **restaurant)
    transaction_update(
        user=user, transaction=kept, changes={"category": category(user, "ENTERTAINMENT_OTHER_ENTERTAINMENT")}
    )
    date_night = category_create(user=user, parent=category(user, "FOOD_AND_DRINK"), name="Date night")

    assert transaction_recategorize(user=user, transaction=first, category=date_night, remember=True) == 1

    learned = Rule.objects.get(kind=Rule.Kind.LEARNED)
    assert (learned.match_value, learned.set_category) == ("Nopa", date_night)
    second.refresh_from_db()
    assert (second.category, second.category_source) == (date_night, "learned")
    assert second.category_reason == "You put Nopa in Date night before"
    kept.refresh_from_db()
    assert kept.category.code == "ENTERTAINMENT_OTHER_ENTERTAINMENT"  # set by hand: left alone
    new = bank.add("TST* NOPA", "-45.00", **restaurant)
    assert (new.category, new.category_source) == (date_night, "learned")
    assert ("category", "Restaurants & bars", "Date night", "learned") in history(second)


def test_handing_a_category_back_lets_the_pipeline_decide_again(bank):
    txn = bank.add("STARBUCKS STORE 1", "-4.00")
    transaction_update(
        user=bank.user, transaction=txn, changes={"category": category(bank.user, "TRAVEL_OTHER_TRAVEL")}
    )
    transaction_category_reset(user=bank.user, transaction=txn)
    txn.refresh_from_db()
    assert txn.category.code == "FOOD_AND_DRINK_COFFEE"
    assert "category" not in txn.locked_fields


def test_a_split_must_add_up_and_a_bad_one_saves_nothing(bank):
    user = bank.user
    txn = bank.add("TARGET.COM *8812", "-100.00")
    food, home = category(user, "FOOD_AND_DRINK_GROCERIES"), category(user, "HOME_IMPROVEMENT_FURNITURE")
    with pytest.raises(ValidationError, match=r"-10\.00 left to assign"):
        transaction_split(
            user=user, transaction=txn, lines=[SplitInput(food, Decimal("-60")), SplitInput(home, Decimal("-30"))]
        )
    with pytest.raises(ValidationError, match="same sign"):
        transaction_split(
            user=user, transaction=txn, lines=[SplitInput(food, Decimal("-110")), SplitInput(home, Decimal("10"))]
        )
    assert not txn.splits.exists()
    transaction_split(
        user=user, transaction=txn, lines=[SplitInput(food, Decimal("-60")), SplitInput(home, Decimal("-40"), "lamp")]
    )
    assert [(s.category, s.amount) for s in txn.splits.all()] == [(food, Decimal("-60")), (home, Decimal("-40"))]
    assert history(txn)[-1] == ("splits", "", "Groceries -60.00; Furniture & home goods -40.00", "user")
    transaction_split(user=user, transaction=txn, lines=[])
    assert not txn.splits.exists()


def test_reimbursement_links_the_inflow_to_the_expense(bank):
    dinner = bank.add("TST* ZUNI CAFE", "-120.00")
    venmo = bank.add("VENMO CASHOUT", "60.00")
    transaction_reimbursement_set(user=bank.user, transaction=dinner, expected=True, reimbursed_by=None)
    dinner.refresh_from_db()
    assert dinner.reimbursement == "expected"
    transaction_reimbursement_set(user=bank.user, transaction=dinner, expected=True, reimbursed_by=venmo)
    dinner.refresh_from_db()
    assert (dinner.reimbursement, dinner.reimbursed_by) == ("reimbursed", venmo)
    with pytest.raises(ValidationError):
        transaction_reimbursement_set(user=bank.user, transaction=venmo, expected=True, reimbursed_by=None)


def test_another_persons_transaction_cannot_be_edited(bank):
    txn = bank.add("STARBUCKS", "-4.00")
    stranger = UserFactory()
    with pytest.raises(ValidationError):
        transaction_update(user=stranger, transaction=txn, changes={"notes": "mine"})
    assert transactions_bulk_update(user=stranger, transaction_ids=[txn.pk], tag="x") == 0
    txn.refresh_from_db()
    assert txn.notes == ""
    assert not txn.tags.exists()


def test_bulk_recategorize_and_tag(bank):
    a, b = bank.add("PHILZ 1", "-4.00"), bank.add("PHILZ 2", "-4.00")
    coffee = category(bank.user, "FOOD_AND_DRINK_COFFEE")
    assert transactions_bulk_update(user=bank.user, transaction_ids=[a.pk, b.pk], category=coffee, tag="Cafés") == 2
    for txn in (a, b):
        txn.refresh_from_db()
        assert txn.category == coffee
        assert [t.name for t in txn.tags.all()] == ["Cafés"]


def test_a_manual_cash_transaction_is_categorized_and_can_be_deleted(bank):
    cash = manual_account_create(user=bank.user, name="Cash", currency="USD")
    txn = manual_transaction_create(
        user=bank.user,
        account=cash,
        date=date(2026, 11, 20),
        amount=Decimal("-3.50"),
        description="Coffee cart",
    )
    assert txn.category.code == "FOOD_AND_DRINK_COFFEE"
    assert txn.is_manual
    manual_transaction_delete(user=bank.user, transaction=txn)
    txn.refresh_from_db()
    assert txn.deleted_at is not None
    synced = bank.add("STARBUCKS", "-4.00")
    with pytest.raises(ValidationError, match="by hand"):
        manual_transaction_delete(user=bank.user, transaction=synced)


def test_deleting_an_own_category_moves_its_transactions_to_the_primary(bank):
    user = bank.user
    coffee_shops = category_create(user=user, parent=category(user, "FOOD_AND_DRINK"), name="Coffee shops")
    txn = bank.add("PHILZ", "-4.00")
    transaction_update(user=user, transaction=txn, changes={"category": coffee_shops})
    category_delete(user=user, category=coffee_shops)
    txn.refresh_from_db()
    assert txn.category.code == "FOOD_AND_DRINK"
    with pytest.raises(ValidationError):
        category_delete(user=user, category=category(user, "FOOD_AND_DRINK_COFFEE"))


def test_choosing_a_transfer_category_makes_it_a_transfer_and_choosing_another_undoes_it(bank):
    user = bank.user
    txn = bank.add("ZXQW 99812", "-250.00")
    transaction_update(user=user, transaction=txn, changes={"category": category(user, "TRANSFER_OUT_SAVINGS")})
    txn.refresh_from_db()
    assert txn.is_transfer
    transaction_update(
        user=user, transaction=txn, changes={"category": category(user, "GENERAL_SERVICES_CONSULTING_AND_LEGAL")}
    )
    txn.refresh_from_db()
    assert not txn.is_transfer


def test_a_preview_costs_the_same_queries_for_few_or_many_transactions(bank):
    user = bank.user
    work = Tag.objects.create(user=user, name="work")
    rule = Rule(match_value="philz", add_tag=work, set_category=category(user, "TRAVEL_OTHER_TRAVEL"))
    counts = []
    for total in (3, 30):
        bank.sync(*[bank.record(f"PHILZ COFFEE {n}", "-5.00") for n in range(total - Transaction.objects.count())])
        with CaptureQueriesContext(connection) as queries:
            preview = rule_preview(user=user, rule=rule)
        assert preview.transaction_count == total
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_a_new_manual_account_is_made_only_together_with_its_first_transaction(bank):
    with pytest.raises(ValidationError, match="two decimals"):
        manual_transaction_create(
            user=bank.user,
            account=None,
            date=date(2026, 11, 20),
            amount=Decimal("-3.505"),
            description="Coffee cart",
            new_account_name="Cash",
            new_account_currency="USD",
        )
    assert not BankAccount.objects.filter(user=bank.user, connection=None).exists()
    txn = manual_transaction_create(
        user=bank.user,
        account=None,
        date=date(2026, 11, 20),
        amount=Decimal("-3.50"),
        description="Coffee cart",
        new_account_name="Cash",
        new_account_currency="USD",
    )
    assert (txn.account.name, txn.account.is_manual) == ("Cash", True)


def test_a_merchant_renamed_by_hand_is_learned_under_the_name_its_transactions_arrive_with(bank):
    """Nopa renamed "Date night spot" on one transaction: "apply to all" reaches the other Nopa lines, and new ones."""
    user = bank.user
    restaurant = {"merchant_name": "Nopa", "category_detailed": "FOOD_AND_DRINK_RESTAURANT"}
    first = bank.add("TST* NOPA", "-80.00", **restaurant)
    second = bank.add("TST* NOPA", "-62.00", **restaurant)
    transaction_update(user=user, transaction=first, changes={"merchant": "Date night spot"})
    date_night = category_create(user=user, parent=category(user, "FOOD_AND_DRINK"), name="Date night")

    assert transaction_recategorize(user=user, transaction=first, category=date_night, remember=True) == 1

    assert Rule.objects.get(kind=Rule.Kind.LEARNED).match_value == "Nopa"
    second.refresh_from_db()
    assert second.category == date_night
    new = bank.add("TST* NOPA", "-45.00", **restaurant)
    assert (new.category, new.category_source) == (date_night, "learned")
