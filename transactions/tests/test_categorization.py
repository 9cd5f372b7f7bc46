"""The pipeline as a person meets it: every synced transaction arrives categorized and says why."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from accounts.tests.factories import UserFactory
from transactions.models import Category, Rule, Tag, Transaction
from transactions.services import rule_preview, rule_save
from transactions.taxonomy import DETAILED, PRIMARIES


def category(user, code: str) -> Category:
    return Category.objects.get(user=user, code=code)


def test_every_new_person_gets_their_own_copy_of_the_taxonomy(db):
    first, second = UserFactory(), UserFactory()
    assert Category.objects.filter(user=first, parent=None).count() == len(PRIMARIES) == 18
    assert Category.objects.filter(user=first).exclude(parent=None).count() == len(DETAILED)
    coffee = category(first, "FOOD_AND_DRINK_COFFEE")
    assert coffee.parent.code == "FOOD_AND_DRINK"
    assert coffee.color == coffee.parent.color
    assert category(second, "FOOD_AND_DRINK_COFFEE").pk != coffee.pk


def test_built_in_knowledge_names_the_merchant_and_says_why(bank):
    txn = bank.add("STARBUCKS STORE 05121", "-5.25")
    assert txn.category.code == "FOOD_AND_DRINK_COFFEE"
    assert txn.category_source == "builtin"
    assert "Starbucks" in txn.category_reason
    assert txn.merchant == "Starbucks"


def test_the_banks_category_comes_before_built_in_knowledge(bank):
    txn = bank.add("STARBUCKS STORE 05121", "-5.25", category_detailed="FOOD_AND_DRINK_RESTAURANT")
    assert txn.category.code == "FOOD_AND_DRINK_RESTAURANT"
    assert (txn.category_source, txn.category_reason) == ("provider", "Your bank categorized it as Restaurants & bars")


def test_an_older_bank_category_code_is_understood(bank):
    txn = bank.add("ACME CORP DIRECT DEP", "2500.00", category_primary="INCOME", category_detailed="INCOME_WAGES")
    assert txn.category.code == "INCOME_SALARY"
    assert txn.category_source == "provider"


def test_nothing_known_falls_back_to_other(bank):
    txn = bank.add("ZXQW 99812 REF 7781", "-12.00")
    assert txn.category.code == "OTHER_OTHER"
    assert txn.category_source == "default"
    assert txn.category_reason


def test_a_rule_comes_first_and_names_itself(bank):
    rule_save(
        user=bank.user,
        rule=Rule(
            name="Team lunches",
            match_value="chipotle",
            set_category=category(bank.user, "GENERAL_SERVICES_OTHER_GENERAL_SERVICES"),
        ),
    )
    txn = bank.add("CHIPOTLE 1873", "-14.20", category_detailed="FOOD_AND_DRINK_FAST_FOOD")
    assert txn.category.code == "GENERAL_SERVICES_OTHER_GENERAL_SERVICES"
    assert (txn.category_source, txn.category_reason) == ("rule", "Rule “Team lunches”")


def test_rules_run_in_order_and_stop_processing_ends_the_run(bank):
    user = bank.user
    work = Tag.objects.create(user=user, name="work")
    rule_save(
        user=user,
        rule=Rule(
            match_value="uber",
            set_category=category(user, "TRAVEL_OTHER_TRAVEL"),
            rename_merchant="Uber (work)",
            stop_processing=True,
        ),
    )
    rule_save(
        user=user,
        rule=Rule(match_value="trip", set_category=category(user, "TRANSPORTATION_PUBLIC_TRANSIT"), add_tag=work),
    )
    uber = bank.add("UBER *TRIP", "-23.10")
    assert uber.category.code == "TRAVEL_OTHER_TRAVEL"
    assert uber.merchant == "Uber (work)"
    assert not uber.tags.exists()  # the second rule never ran
    other_trip = bank.add("ROAD TRIP SNACKS", "-8.00")
    assert other_trip.category.code == "TRANSPORTATION_PUBLIC_TRANSIT"
    assert list(other_trip.tags.values_list("name", flat=True)) == ["work"]


def test_a_rules_amount_direction_and_account_conditions(bank):
    user = bank.user
    rule_save(
        user=user,
        rule=Rule(
            match_value="amzn",
            amount_min=Decimal("100"),
            direction=Rule.Direction.OUT,
            account=bank.accounts["card"],
            mark_excluded=True,
        ),
    )
    big = bank.add("AMZN Mktp US*2K4RT5", "-149.00", account="card")
    small = bank.add("AMZN Mktp US*2K4RT6", "-19.00", account="card")
    refund = bank.add("AMZN Mktp US*2K4RT7", "149.00", account="card")
    on_checking = bank.add("AMZN Mktp US*2K4RT8", "-149.00")
    assert [t.is_excluded for t in (big, small, refund, on_checking)] == [True, False, False, False]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"match_operator": Rule.Operator.REGEX, "match_value": "coffee("}, "not valid"),
        ({"match_value": "x", "amount_min": Decimal(50), "amount_max": Decimal(10)}, "below"),
        ({"match_value": ""}, "condition"),
    ],
)
def test_a_broken_rule_is_refused_with_a_clear_error_and_nothing_saved(bank, fields, message):
    rule = Rule(set_category=category(bank.user, "OTHER_OTHER"), **fields)
    with pytest.raises(ValidationError, match=message):
        rule_save(user=bank.user, rule=rule)
    with pytest.raises(ValidationError, match=message):
        rule_preview(user=bank.user, rule=rule)
    assert not Rule.objects.exists()


def test_a_rule_without_an_action_is_refused(bank):
    with pytest.raises(ValidationError, match="something to do"):
        rule_save(user=bank.user, rule=Rule(match_value="coffee"))


def test_a_rule_cannot_use_someone_elses_category(bank):
    stranger = UserFactory()
    with pytest.raises(ValidationError, match="your own"):
        rule_save(user=bank.user, rule=Rule(match_value="x", set_category=category(stranger, "OTHER_OTHER")))


def test_regex_rules_match_case_insensitively(bank):
    rule_save(
        user=bank.user,
        rule=Rule(
            match_operator=Rule.Operator.REGEX,
            match_value=r"^acme\b.*payroll",
            set_category=category(bank.user, "INCOME_SALARY"),
        ),
    )
    assert bank.add("ACME CORP PAYROLL PPD", "3100.00").category_source == "rule"
    assert bank.add("NOT ACME PAYROLL", "3100.00").category_source != "rule"


def test_transfers_between_own_accounts_are_paired_and_left_out_of_spending(bank):
    out = bank.add("ONLINE TRANSFER TO SAV ...2222", "-500.00", category_detailed="TRANSFER_OUT_SAVINGS")
    into = bank.add("ONLINE TRANSFER FROM CHK ...1111", "500.00", account="savings", date=date(2026, 11, 4))
    out.refresh_from_db()
    into.refresh_from_db()
    assert out.is_transfer
    assert into.is_transfer
    assert out.transfer_pair == into
    assert into.transfer_pair == out
    assert into.category.parent.code == "TRANSFER_IN"
    assert "Transfer between your accounts" in into.category_reason
    assert "Everyday Checking" in into.category_reason


def test_a_card_payment_is_a_transfer_on_both_sides(bank):
    paid = bank.add("PAYMENT TO CREDIT CARD ...3333", "-812.40", category_detailed="LOAN_PAYMENTS_CREDIT_CARD_PAYMENT")
    received = bank.add("PAYMENT THANK YOU", "812.40", account="card", date=date(2026, 11, 3))
    paid.refresh_from_db()
    assert paid.is_transfer
    assert received.is_transfer
    assert received.transfer_pair == paid


def test_a_purchase_and_an_unrelated_refund_of_the_same_amount_are_not_a_transfer(bank):
    coffee = bank.add("STARBUCKS STORE 05121", "-5.25")
    refund = bank.add("TARGET.COM REFUND", "5.25", account="card", category_detailed="GENERAL_MERCHANDISE_SUPERSTORES")
    coffee.refresh_from_db()
    assert not coffee.is_transfer
    assert not refund.is_transfer
    assert coffee.transfer_pair is None


def test_transfers_more_than_three_days_apart_are_not_paired(bank):
    bank.add("ONLINE TRANSFER TO SAV", "-300.00", category_detailed="TRANSFER_OUT_SAVINGS")
    later = bank.add("ONLINE TRANSFER FROM CHK", "300.00", account="savings", date=date(2026, 11, 9))
    assert later.transfer_pair is None


def test_a_large_sync_is_categorized_in_batches_not_one_transaction_at_a_time(bank, django_assert_max_num_queries):
    records = [bank.record(f"STARBUCKS STORE {n}", "-4.50") for n in range(2500)]
    with django_assert_max_num_queries(150):  # SQLite's bound-parameter limit splits the bulk writes most
        bank.sync(*records)
    assert Transaction.objects.filter(category__code="FOOD_AND_DRINK_COFFEE").count() == 2500


def test_one_sync_decides_the_same_descriptor_for_each_direction_and_each_amount_a_rule_looks_at(bank):
    pay_in, pay_back = (bank.record("ACME CORP PAYROLL PPD ID: 77", amount) for amount in ("2500.00", "-2500.00"))
    bank.sync(pay_in, pay_back)
    assert Transaction.objects.get(provider_transaction_id=pay_in.provider_transaction_id).category.code == (
        "INCOME_SALARY"
    )
    assert Transaction.objects.get(provider_transaction_id=pay_back.provider_transaction_id).category.code != (
        "INCOME_SALARY"
    )
    rule_save(user=bank.user, rule=Rule(match_value="amzn", amount_min=Decimal("100"), mark_excluded=True))
    big, small = (bank.record("AMZN Mktp US*2K4RT5", amount, account="card") for amount in ("-149.00", "-19.00"))
    bank.sync(big, small)
    excluded = dict(Transaction.objects.filter(description__startswith="AMZN").values_list("amount", "is_excluded"))
    assert excluded == {Decimal("-149.00"): True, Decimal("-19.00"): False}
