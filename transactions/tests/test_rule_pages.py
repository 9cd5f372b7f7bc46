"""The rules, learned rules and categories pages: as their owner, and as an outsider who gets 404."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from accounts.tests.factories import UserFactory
from transactions import services
from transactions.models import Category, Rule, Tag, Transaction

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(client, bank):
    client.force_login(bank.user)
    return bank.user


@pytest.fixture
def outsider():
    return UserFactory()


def category(user, code: str) -> Category:
    return Category.objects.get(user=user, code=code)


def rule_data(**fields) -> dict:
    """What the rule form posts: every field, checkboxes only when ticked."""
    data = {
        "match_field": "either",
        "match_operator": "contains",
        "match_value": "",
        "amount_min": "",
        "amount_max": "",
        "direction": "",
        "account": "",
        "set_category": "",
        "rename_merchant": "",
        "tag": "",
        "name": "",
        "is_active": "on",
        "action": "save",
    }
    data.update(fields)
    return {key: value for key, value in data.items() if value is not False}


def make_rule(user, **fields) -> Rule:
    values = {"match_value": "zorblax", "set_category": category(user, "FOOD_AND_DRINK_COFFEE")} | fields
    return services.rule_save(user=user, rule=Rule(**values))


def page(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


# Outsiders -------------------------------------------------------------------------------------------


def test_another_persons_rules_categories_and_transactions_are_404(client, owner, outsider, bank):
    theirs = make_rule(outsider)
    their_category = services.category_create(
        user=outsider, parent=category(outsider, "FOOD_AND_DRINK"), name="Secret snacks"
    )
    their_txn = Transaction.objects.create(
        user=outsider,
        account=bank.accounts["checking"],  # the account does not matter: the transaction is theirs
        provider_transaction_id="theirs-1",
        date="2026-11-01",
        amount="-3.00",
        currency="USD",
        description="THEIR COFFEE",
    )
    for name in ("rule_edit", "rule_apply", "rule_delete"):
        url = reverse(name, args=[theirs.pk])
        assert client.get(url).status_code == 404
        assert client.post(url, rule_data(match_value="mine now", set_category="")).status_code == 404
    edit = reverse("category_edit", args=[their_category.pk])
    assert client.get(edit).status_code == 404
    assert client.post(edit, {"name": "Mine"}).status_code == 404
    assert client.post(edit, {"delete": "yes"}).status_code == 404
    assert client.get(f"{edit}?delete").status_code == 404
    assert client.get(f"{reverse('category_create')}?parent={their_category.parent_id}").status_code == 404
    assert client.get(f"{reverse('rule_create')}?from={their_txn.pk}").status_code == 404
    assert client.get(f"{reverse('rule_create')}?from=abc").status_code == 404
    assert client.post(reverse("rule_reorder"), {"order": str(theirs.pk)}).status_code == 404

    theirs.refresh_from_db()
    their_category.refresh_from_db()
    assert (theirs.match_value, their_category.name) == ("zorblax", "Secret snacks")
    assert "Secret snacks" not in page(client.get(reverse("category_list")))
    assert "zorblax" not in page(client.get(reverse("rule_list")))


def test_the_rule_form_offers_only_the_persons_own_accounts_and_categories(client, owner, outsider):
    their_category = services.category_create(
        user=outsider, parent=category(outsider, "FOOD_AND_DRINK"), name="Secret snacks"
    )
    form = page(client.get(reverse("rule_create")))
    assert "Everyday Checking" in form
    assert "Secret snacks" not in form
    response = client.post(reverse("rule_create"), rule_data(match_value="x", set_category=their_category.pk))
    assert "Select a valid choice" in page(response)
    assert not Rule.objects.exists()


# Rules -----------------------------------------------------------------------------------------------


def test_a_rule_made_in_the_form_is_listed_in_plain_words(client, owner):
    coffee = category(owner, "FOOD_AND_DRINK_COFFEE")
    response = client.post(
        reverse("rule_create"),
        rule_data(
            match_value="starbucks",
            direction="out",
            amount_min="5",
            amount_max="50",
            set_category=coffee.pk,
            tag="work",
            stop_processing="on",
        ),
    )
    rule = Rule.objects.get(user=owner)
    assert response.url == f"{reverse('rule_list')}#rule-{rule.pk}"
    assert (rule.kind, rule.match_value, rule.direction, rule.set_category) == ("user", "starbucks", "out", coffee)
    assert rule.add_tag.name == "work"
    assert rule.stop_processing
    listing = page(client.get(reverse("rule_list")))
    assert "Rule saved" in listing
    assert escape("Description or merchant contains “starbucks” · money out · 5.00–50.00") in listing
    assert escape("Coffee, tag “work”, stop") in listing


def test_an_invalid_pattern_is_explained_and_nothing_is_saved(client, owner):
    for action in ("save", "save_apply", "preview"):
        response = client.post(
            reverse("rule_create"),
            rule_data(
                match_operator="regex",
                match_value="coffee(",
                set_category=category(owner, "FOOD_AND_DRINK_COFFEE").pk,
                tag="new tag",
                action=action,
            ),
        )
        assert "This pattern is not valid: missing ), unterminated subpattern" in page(response)
    assert not Rule.objects.exists()
    assert not Tag.objects.exists()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"match_value": "x"}, "Choose at least one action"),
        ({}, "This rule looks for nothing and does nothing"),
        ({"amount_min": "50", "amount_max": "5", "rename_merchant": "X"}, "must be at least the amount it starts"),
        ({"amount_min": "-5", "rename_merchant": "X"}, "greater than or equal to 0"),
    ],
)
def test_a_rule_that_cannot_work_is_refused(client, owner, fields, message):
    response = client.post(reverse("rule_create"), rule_data(**fields))
    assert message in page(response)
    assert not Rule.objects.exists()


@pytest.fixture
def kiosk(bank, owner):
    """Spending at a kiosk nobody knows: some of it matches "zorblax, money out, 5.00 to 50.00", some not."""
    groceries = category(owner, "FOOD_AND_DRINK_GROCERIES")
    txns = {
        "five": bank.add("ZORBLAX KIOSK 1", "-5.00"),
        "twelve": bank.add("ZORBLAX KIOSK 2", "-12.00"),
        "sixty": bank.add("ZORBLAX KIOSK 3", "-60.00"),
        "refund": bank.add("ZORBLAX REFUND", "8.00"),
        "other": bank.add("CORNER SHOP", "-20.00"),
        "mine": bank.add("ZORBLAX KIOSK 4", "-7.00"),
    }
    services.transaction_update(user=owner, transaction=txns["mine"], changes={"category": groceries})
    return txns


def kiosk_state(txns) -> dict:
    return {
        key: (
            t.category_id,
            t.rule_id,
            sorted(t.tags.values_list("name", flat=True)),
        )
        for key, t in ((key, Transaction.objects.get(pk=t.pk)) for key, t in txns.items())
    }


def test_the_preview_counts_what_save_and_apply_then_changes(client, owner, kiosk):
    coffee = category(owner, "FOOD_AND_DRINK_COFFEE")
    data = rule_data(
        match_value="zorblax", direction="out", amount_min="5", amount_max="50", set_category=coffee.pk, tag="work"
    )
    before = kiosk_state(kiosk)

    response = client.post(reverse("rule_create"), {**data, "action": "preview"})
    preview = response.context["preview"]
    shown = page(response)
    assert f"would change <strong>{preview['count']} transactions</strong>" in shown
    assert "ZORBLAX KIOSK 2" in shown
    assert "ZORBLAX KIOSK 3" not in shown, "60.00 is outside the range"
    assert "ZORBLAX REFUND" not in shown, "money in"
    assert kiosk_state(kiosk) == before, "a preview changes nothing"
    assert not Rule.objects.exists()
    assert not Tag.objects.exists(), "the new tag is not kept by a preview"

    response = client.post(reverse("rule_create"), {**data, "action": "save_apply"}, follow=True)
    assert f"Rule saved; {preview['count']} past transactions changed." in page(response)

    after = kiosk_state(kiosk)
    changed = {key for key in kiosk if after[key] != before[key]}
    assert changed == {"five", "twelve", "mine"}
    assert len(changed) == preview["count"]
    rule = Rule.objects.get(user=owner)
    assert after["five"] == (coffee.pk, rule.pk, ["work"])
    assert after["mine"][0] == before["mine"][0], "the category the person set stays"
    assert after["mine"][2] == ["work"]


def test_previewing_an_edited_rule_leaves_the_saved_rule_alone(client, owner, kiosk):
    rule = make_rule(owner, match_value="corner shop")
    assert services.rule_apply(user=owner, rule=rule) == 1
    response = client.post(
        reverse("rule_edit", args=[rule.pk]),
        rule_data(match_value="zorblax kiosk", set_category=rule.set_category_id, action="preview"),
    )
    shown = page(response)
    # Three kiosk outflows gain the category (the fourth is the person's own choice); the corner shop loses it.
    assert response.context["preview"]["count"] == 4
    assert "ZORBLAX KIOSK 2" in shown
    assert "CORNER SHOP" in shown
    assert "ZORBLAX KIOSK 4" not in shown
    rule.refresh_from_db()
    assert rule.match_value == "corner shop"
    assert Transaction.objects.get(pk=kiosk["other"].pk).rule == rule


def test_rule_apply_shows_the_preview_then_applies_it(client, owner, kiosk):
    rule = make_rule(owner, match_value="zorblax kiosk")
    url = reverse("rule_apply", args=[rule.pk])
    shown = page(client.get(url))
    assert "would change <strong>3 transactions</strong>" in shown
    assert "Change 3 transactions" in shown
    response = client.post(url, follow=True)
    assert "Rule applied; 3 past transactions changed." in page(response)
    assert Transaction.objects.filter(rule=rule).count() == 3
    assert "No past transaction would change" in page(client.get(url))


def test_a_rule_made_from_a_transaction_is_prefilled(client, owner, bank):
    txn = bank.add("BLUE BOTTLE #12 OAKLAND", "-6.50", merchant_name="Blue Bottle Coffee")
    response = client.get(f"{reverse('rule_create')}?from={txn.pk}")
    form = response.context["form"]
    assert form["match_value"].value() == txn.merchant
    assert form["direction"].value() == "out"
    assert form["set_category"].value() == txn.category_id
    assert escape(txn.merchant) in page(response)


def test_moving_rules_changes_their_order(client, owner):
    first, second, third = (make_rule(owner, match_value=text) for text in ("alpha", "bravo", "charlie"))
    rows = client.get(reverse("rule_list")).context["rows"]
    assert [row["rule"] for row in rows] == [first, second, third]
    assert rows[0]["up"] == ""
    assert rows[2]["down"] == ""
    move_third_up = rows[2]["up"]
    assert move_third_up == f"{first.pk},{third.pk},{second.pk}"

    response = client.post(reverse("rule_reorder"), {"order": move_third_up, "moved": third.pk})
    assert response.url == f"{reverse('rule_list')}#rule-{third.pk}"
    assert list(Rule.objects.filter(user=owner).order_by("position")) == [first, third, second]
    listing = page(client.get(reverse("rule_list")))
    assert listing.index("alpha") < listing.index("charlie") < listing.index("bravo")


def test_pausing_a_rule_in_the_form(client, owner):
    rule = make_rule(owner)
    client.post(
        reverse("rule_edit", args=[rule.pk]),
        rule_data(match_value="zorblax", set_category=rule.set_category_id, is_active=False),
    )
    rule.refresh_from_db()
    assert not rule.is_active
    assert "Paused" in page(client.get(reverse("rule_list")))


def test_deleting_a_rule_recategorizes_what_it_set(client, owner, kiosk):
    rule = make_rule(owner, match_value="zorblax kiosk")
    services.rule_apply(user=owner, rule=rule)
    url = reverse("rule_delete", args=[rule.pk])
    assert "Delete the rule" in page(client.get(url))
    response = client.post(url, follow=True)
    assert "Rule deleted; 3 transactions re-categorized without it." in page(response)
    assert not Rule.objects.filter(pk=rule.pk).exists()
    assert not Transaction.objects.filter(user=owner, category=rule.set_category).exists()


def test_empty_rules_page_explains_rules(client, owner):
    shown = page(client.get(reverse("rule_list")))
    assert "No rules yet" in shown
    assert "Nothing learned yet" in shown
    assert reverse("category_list") in shown
    assert reverse("transaction_list") in shown, "breadcrumb back to Transactions"


# Learned rules ---------------------------------------------------------------------------------------


@pytest.fixture
def learned(owner, bank) -> Rule:
    first = bank.add("BLUE BOTTLE #12 OAKLAND", "-6.50", merchant_name="Blue Bottle Coffee")
    bank.add("BLUE BOTTLE #40 SF", "-4.25", merchant_name="Blue Bottle Coffee")
    services.transaction_recategorize(
        user=owner, transaction=first, category=category(owner, "FOOD_AND_DRINK_COFFEE"), remember=True
    )
    return Rule.objects.get(user=owner, kind=Rule.Kind.LEARNED)


def test_learned_rules_are_listed_apart_and_can_change_category(client, owner, learned):
    listing = client.get(reverse("rule_list"))
    assert listing.context["rows"] == []
    assert "Blue Bottle Coffee" in page(listing)

    restaurant = category(owner, "FOOD_AND_DRINK_RESTAURANT")
    url = reverse("rule_edit", args=[learned.pk])
    assert "Blue Bottle Coffee" in page(client.get(url))
    response = client.post(url, {"set_category": restaurant.pk, "action": "save_apply"}, follow=True)
    assert escape(f"Blue Bottle Coffee now goes to {restaurant.name}; 1 past transaction changed.") in page(response)
    learned.refresh_from_db()
    assert learned.set_category == restaurant
    other = Transaction.objects.get(description="BLUE BOTTLE #40 SF")
    assert other.category == restaurant


def test_deleting_a_learned_rule(client, owner, learned):
    url = reverse("rule_delete", args=[learned.pk])
    assert "Forget Blue Bottle Coffee" in page(client.get(url))
    response = client.post(url, follow=True)
    assert "Rule deleted; 1 transaction re-categorized without it." in page(response)
    assert not Rule.objects.filter(user=owner).exists()
    assert "Nothing learned yet" in page(response)


# Categories ------------------------------------------------------------------------------------------


def test_categories_page_lists_primaries_with_their_categories(client, owner):
    shown = page(client.get(reverse("category_list")))
    food = category(owner, "FOOD_AND_DRINK")
    assert escape(food.name) in shown
    assert escape(category(owner, "FOOD_AND_DRINK_COFFEE").name) in shown
    assert f"{reverse('category_create')}?parent={food.pk}" in shown
    assert reverse("transaction_list") in shown


def test_adding_renaming_hiding_and_unhiding_a_category(client, owner):
    food = category(owner, "FOOD_AND_DRINK")
    assert client.get(f"{reverse('category_create')}?parent={food.pk}").context["form"]["parent"].value() == food.pk
    response = client.post(reverse("category_create"), {"parent": food.pk, "name": "  Team   lunches "})
    added = Category.objects.get(user=owner, name="Team lunches")
    assert (added.parent, added.code, added.color) == (food, "", food.color)
    assert response.url == f"{reverse('category_list')}#category-{added.pk}"
    assert "Team lunches" in page(client.get(reverse("category_list")))

    edit = reverse("category_edit", args=[added.pk])
    client.post(edit, {"name": "Team lunch"})
    assert "Team lunch" in page(client.get(reverse("rule_create")))

    response = client.post(edit, {"name": "Team lunch", "hidden": "on"}, follow=True)
    shown = page(response)
    assert "“Team lunch” is hidden" in shown
    assert "category-list__item--hidden" in shown
    assert "Unhide" in shown
    form = page(client.get(reverse("rule_create")))
    assert "Team lunch" not in form
    assert f'value="{added.pk}"' not in form

    response = client.post(edit, {"name": "Team lunch"}, follow=True)
    assert "“Team lunch” is shown again." in page(response)
    assert f'value="{added.pk}"' in page(client.get(reverse("rule_create")))


def test_a_hidden_primary_hides_its_categories_from_the_rule_form(client, owner):
    food = category(owner, "FOOD_AND_DRINK")
    client.post(reverse("category_edit", args=[food.pk]), {"name": food.name, "hidden": "on"})
    form = page(client.get(reverse("rule_create")))
    assert f'value="{category(owner, "FOOD_AND_DRINK_COFFEE").pk}"' not in form
    assert f'value="{category(owner, "TRANSPORTATION_TAXIS_AND_RIDE_SHARES").pk}"' in form


def test_deleting_an_own_category_moves_its_transactions_to_the_primary(client, owner, bank):
    food = category(owner, "FOOD_AND_DRINK")
    added = services.category_create(user=owner, parent=food, name="Team lunches")
    txn = bank.add("SALAD PLACE", "-14.00")
    services.transaction_update(user=owner, transaction=txn, changes={"category": added})

    edit = reverse("category_edit", args=[added.pk])
    assert "Delete…" in page(client.get(edit))
    assert escape(f"Its transactions move to {food.name}") in page(client.get(f"{edit}?delete"))
    response = client.post(edit, {"delete": "yes"}, follow=True)
    assert "“Team lunches” is deleted" in page(response)
    assert not Category.objects.filter(pk=added.pk).exists()
    txn.refresh_from_db()
    assert txn.category == food


def test_a_category_from_the_standard_list_cannot_be_deleted(client, owner):
    coffee = category(owner, "FOOD_AND_DRINK_COFFEE")
    edit = reverse("category_edit", args=[coffee.pk])
    assert "cannot be deleted" in page(client.get(edit))
    assert client.post(edit, {"delete": "yes"}).status_code == 404
    assert Category.objects.filter(pk=coffee.pk).exists()
